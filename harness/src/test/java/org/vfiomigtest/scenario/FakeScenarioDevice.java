package org.vfiomigtest.scenario;

import java.nio.file.Path;
import java.util.Optional;
import org.vfiomigtest.migration.AccessTrace;
import org.vfiomigtest.migration.MigrationRegion;
import org.vfiomigtest.vfio.AttachedDevice;

/**
 * {@link FakeMigrationRegion} as a {@link ScenarioDevice} for host tests: no BARs, no sample-driver
 * controls; a reopen is a fresh open (exactly RUNNING, whatever the fake's reset bug does).
 */
public final class FakeScenarioDevice implements ScenarioDevice {
    public final FakeMigrationRegion fake = new FakeMigrationRegion();
    private final AccessTrace trace = new AccessTrace();
    private final MigrationRegion region = MigrationRegion.of(fake, trace);
    private int reopens;

    @Override
    public String name() {
        return "fake";
    }

    @Override
    public MigrationRegion migration() {
        return region;
    }

    @Override
    public AttachedDevice attached() {
        throw new UnsupportedOperationException("no BARs on the fake");
    }

    @Override
    public AccessTrace trace() {
        return trace;
    }

    @Override
    public void reset() {
        fake.reset();
    }

    @Override
    public Optional<Path> controls() {
        return Optional.empty();
    }

    @Override
    public void reopen(Runnable whileClosed) {
        whileClosed.run();
        reopens++;
        boolean keeps = fake.bugs.remove("reset_keeps_state");
        fake.reset();
        if (keeps) {
            fake.bugs.add("reset_keeps_state");
        }
    }

    /** How often the device was reopened. */
    public int reopens() {
        return reopens;
    }
}
