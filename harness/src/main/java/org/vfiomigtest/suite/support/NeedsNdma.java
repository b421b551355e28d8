package org.vfiomigtest.suite.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The test needs the NDMA bit: the fixture picks the first device whose migration region
 * carries VFIO_REGION_INFO_CAP_MIG_NDMA and aborts the test (skip with reason) if none does.
 * (Without it the fixture still prefers such a device, but takes any.)
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface NeedsNdma {
}
