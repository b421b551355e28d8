package org.vfiomigtest.suite.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a parameter ({@link DeviceUnderTest}, {@link org.vfiomigtest.migration.MigrationRegion},
 * {@link org.vfiomigtest.vfio.AttachedDevice}, {@link SampleDriver},
 * {@link org.vfiomigtest.migration.AccessTrace}) as the second device: another instance of the
 * same type as the device under test, opened and reset alongside it, to resume into. The test
 * is aborted when the run has no such instance.
 *
 * <pre>{@code
 * @Test @Conformance @SpecRule("RES-02")
 * void res02_...(DeviceUnderTest source, @ResumeTarget DeviceUnderTest target) { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface ResumeTarget {
}
