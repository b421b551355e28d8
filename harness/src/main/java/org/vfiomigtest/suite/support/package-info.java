/**
 * The conformance suite's fixture. Annotate a test {@link Conformance}; take a
 * {@link DeviceUnderTest} (or its {@link org.vfiomigtest.migration.MigrationRegion},
 * {@link SampleDriver}, ...) as a parameter; {@link DeviceExtension} opens, resets and closes it
 * and restores the sample driver. {@link NeedsNdma}, {@link WithoutNdma} and
 * {@link ResumeTarget} choose devices; {@link DeviceTests} makes self-contained dynamic tests;
 * {@link Situation} names the places to test from; {@link SpecAssertions} judges results with
 * the {@link org.vfiomigtest.migration.SpecModel} oracle.
 *
 * <p>System properties: {@code migtest.mdevs} / {@code migtest.device} (the devices),
 * {@code migtest.bug} (a sample-driver bug switch on for every test), {@code migtest.train}
 * (host class-cache training: every device test aborts).
 */
package org.vfiomigtest.suite.support;
