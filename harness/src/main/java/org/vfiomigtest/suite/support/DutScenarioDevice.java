package org.vfiomigtest.suite.support;

import java.nio.file.Path;
import java.util.Optional;
import org.vfiomigtest.migration.AccessTrace;
import org.vfiomigtest.migration.MigrationRegion;
import org.vfiomigtest.scenario.ScenarioDevice;
import org.vfiomigtest.vfio.AttachedDevice;

/** A {@link DeviceUnderTest} as the scenario runner and the explorer see it. */
public final class DutScenarioDevice implements ScenarioDevice {
    private final DeviceUnderTest dut;

    public DutScenarioDevice(DeviceUnderTest dut) {
        this.dut = dut;
    }

    @Override
    public String name() {
        return dut.name();
    }

    @Override
    public MigrationRegion migration() {
        return dut.migration();
    }

    @Override
    public AttachedDevice attached() {
        return dut.attached();
    }

    @Override
    public AccessTrace trace() {
        return dut.trace();
    }

    @Override
    public void reset() {
        dut.reset();
    }

    @Override
    public Optional<Path> controls() {
        return dut.sampleDriver().map(SampleDriver::dir);
    }

    @Override
    public void reopen(Runnable whileClosed) {
        dut.close();
        try {
            whileClosed.run();
        } finally {
            dut.reopen();
        }
    }
}
