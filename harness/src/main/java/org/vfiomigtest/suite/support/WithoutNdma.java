package org.vfiomigtest.suite.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The test is about a device without the NDMA capability ("capability absent" paths): the
 * fixture picks the first device whose migration region lacks VFIO_REGION_INFO_CAP_MIG_NDMA
 * (default run: the migtest-basic instance) and aborts the test if there is none.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface WithoutNdma {
}
