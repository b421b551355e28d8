package org.vfiomigtest.scenario;

import java.nio.file.Path;
import java.util.Optional;
import org.vfiomigtest.migration.AccessTrace;
import org.vfiomigtest.migration.MigrationRegion;
import org.vfiomigtest.vfio.AttachedDevice;

/**
 * The device a {@link ScenarioRunner} drives: an opened VFIO device with its migration region.
 * The suite adapts its fixture's device to this, so the runner depends on no test framework.
 * After {@link #reopen} every accessor returns the new objects.
 */
public interface ScenarioDevice {

    /** The VFIO name (mdev UUID). */
    String name();

    /** The migration region of the open device; its accesses go to {@link #trace()}. */
    MigrationRegion migration();

    /** Container, group and device of the open device (BARs, IRQs, DMA mappings). */
    AttachedDevice attached();

    AccessTrace trace();

    /** VFIO_DEVICE_RESET. */
    void reset();

    /** The sample driver's debugfs directory of this instance, empty for any other device. */
    Optional<Path> controls();

    /** Closes the device, runs {@code whileClosed} (knob writes need it closed), opens it again. */
    void reopen(Runnable whileClosed);
}
