package org.vfiomigtest.suite;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Tag {@code dataflow}: the tests that move migration data or watch the device work (SAVING and
 * RESUMING protocols, the data fields, mmap, RUNNING and NDMA through the DMA engine). Select
 * them with {@code migtest run --tags 'conformance & dataflow'}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Tag("dataflow")
@interface DataFlow {
}
