package org.vfiomigtest.scenario;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * A test that runs scenario files against the live device: tag {@code scenario}
 * ({@code migtest run --tags scenario}) and the shared {@code migtest-device} lock (one device,
 * one VM: never two device tests at once).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Tag("scenario")
@ResourceLock("migtest-device")
public @interface Scenario {
}
