package org.vfiomigtest.suite.support;

import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.vfiomigtest.migration.AccessTrace;
import org.vfiomigtest.migration.DeviceState;
import org.vfiomigtest.migration.MigrationRegion;
import org.vfiomigtest.migration.SpecModel;
import org.vfiomigtest.migration.TransitionResult;
import org.vfiomigtest.suite.support.DeviceCandidates.Candidate;
import org.vfiomigtest.sys.Errno;
import org.vfiomigtest.vfio.AttachedDevice;
import org.vfiomigtest.vfio.Device;

/**
 * One opened device of a test: the VFIO device, its migration region (every access recorded in
 * {@link #trace()}), the {@link SpecModel} for it, and the sample driver's controls when it is a
 * migtest_mdev instance. The fixture ({@link DeviceExtension}) opens, resets and closes it; tests
 * use the helpers below to put it into a known situation.
 *
 * <p>Set-up helpers ({@code enter...}) throw an {@link AssertionError} starting with "set-up:"
 * when the device does not get there: a refused valid transition is a finding, not a skip.
 */
public final class DeviceUnderTest implements AutoCloseable {
    private final Candidate candidate;
    private final AccessTrace trace;
    private final SampleDriver sample;
    private AttachedDevice attached;
    private MigrationRegion migration;

    private DeviceUnderTest(Candidate candidate, AccessTrace trace, SampleDriver sample) {
        this.candidate = candidate;
        this.trace = trace;
        this.sample = sample;
    }

    /**
     * Opens {@code candidate} (container, group, type1v2 IOMMU, device fd) and finds its migration
     * region; aborts the test when the device has none.
     */
    public static DeviceUnderTest open(Candidate candidate) {
        var dut = new DeviceUnderTest(candidate, new AccessTrace(),
                SampleDriver.find(candidate.name()).orElse(null));
        dut.openDevice();
        return dut;
    }

    private void openDevice() {
        attached = AttachedDevice.open(candidate.sysfs(), false);
        Optional<MigrationRegion> region = MigrationRegion.find(attached.device(), trace);
        if (region.isEmpty()) {
            attached.close();
            attached = null;
            Assumptions.abort(candidate + " has no VFIO_REGION_SUBTYPE_MIGRATION region: the device does not "
                    + "offer v1 migration, nothing to test");
        }
        migration = region.get();
        migration.listen(AllureSteps.INSTANCE);
    }

    /* ---- what it is ---- */

    public Candidate candidate() {
        return candidate;
    }

    /** The VFIO name (mdev UUID, PCI address). */
    public String name() {
        return candidate.name();
    }

    public AttachedDevice attached() {
        return attached;
    }

    public Device device() {
        return attached.device();
    }

    /** The migration region; its accesses go to {@link #trace()}. */
    public MigrationRegion migration() {
        return migration;
    }

    /** Every migration-region access of this test (cleared by {@link #restart()}). */
    public AccessTrace trace() {
        return trace;
    }

    /** The oracle for this device (with or without the NDMA capability). */
    public SpecModel model() {
        return SpecModel.of(migration);
    }

    /** The sample driver's debugfs controls, if the device is a migtest_mdev instance. */
    public Optional<SampleDriver> sampleDriver() {
        return Optional.ofNullable(sample);
    }

    /** The sample driver's controls; aborts the test (skip with reason) on any other device. */
    public SampleDriver requireSampleDriver() {
        if (sample == null) {
            Assumptions.abort(candidate + " is not a migtest_mdev instance (no " + SampleDriver.DEBUGFS.resolve(name())
                    + "): this test needs the sample driver's debugfs controls");
        }
        return sample;
    }

    /** Aborts the test (skip with reason) when the migration region lacks VFIO_REGION_INFO_CAP_MIG_NDMA. */
    public void requireNdma() {
        Assumptions.assumeTrue(migration.hasNdma(), () -> candidate
                + ": the migration region lacks VFIO_REGION_INFO_CAP_MIG_NDMA, the NDMA bit is not supported");
    }

    /* ---- life cycle ---- */

    /** VFIO_DEVICE_RESET (a protocol operation: a report step). */
    public void reset() {
        migration.operation("reset (VFIO_DEVICE_RESET)", () -> device().reset());
    }

    /** Closes and opens the device again (same trace): what a fresh open shows, knob changes applied. */
    public void reopen() {
        closeDevice();
        openDevice();
    }

    /**
     * A clean start for one dynamic test: injections off (sample driver), trace cleared,
     * VFIO_DEVICE_RESET. Bug switches stay as the fixture set them.
     */
    public void restart() {
        if (sample != null) {
            sample.clearInjections();
        }
        trace.clear();
        reset();
    }

    /* ---- device_state ---- */

    public DeviceState state() {
        return migration.deviceState();
    }

    /** Writes {@code target} and reads device_state back; refusals are in the result. */
    public TransitionResult attempt(DeviceState target) {
        return migration.attemptTransition(target);
    }

    /**
     * Resets, then moves to {@code target} by one write from RUNNING (or, if the driver refuses
     * that, through STOP).
     *
     * @throws AssertionError "set-up: ..." if device_state does not read {@code target} after that
     */
    public void enter(DeviceState target) {
        reset();
        if (state().equals(target)) {
            return;
        }
        TransitionResult direct = attempt(target);
        if (direct.ok() && direct.after().equals(target)) {
            return;
        }
        reset();
        TransitionResult stop = attempt(DeviceState.STOP);
        TransitionResult viaStop = attempt(target);
        if (!viaStop.ok() || !viaStop.after().equals(target)) {
            throw new AssertionError("set-up: cannot enter " + target + " on " + candidate + ": " + direct
                    + "; then after reset " + stop + "; " + viaStop);
        }
    }

    /**
     * Enters {@code from}, then makes a write of {@code from} itself (a transition with no work,
     * so no other check of the driver gets in the way) fail into ERROR through the sample
     * driver's {@code inject_transition} (aborts on other devices).
     *
     * @throws AssertionError "set-up: ..." if device_state does not read ERROR after that
     */
    public void enterError(DeviceState from) {
        SampleDriver s = requireSampleDriver();
        enter(from);
        s.injectTransition(from, from, Errno.EIO, true, 1);
        TransitionResult r = attempt(from);
        s.clearInjections();
        if (!r.after().isError()) {
            throw new AssertionError("set-up: an injected EIO landing in ERROR did not give ERROR: " + r);
        }
    }

    /** {@link #enterError(DeviceState)} from RUNNING. */
    public void enterError() {
        enterError(DeviceState.RUNNING);
    }

    /**
     * Enters {@code saving} (RUNNING|SAVING or SAVING, NDMA allowed) and stops in the middle of
     * the SAVING protocol: pending_bytes read, and, if non-zero, data_offset and data_size read
     * and half of the segment (at least one byte) collected, through the mmap when a sparse
     * area covers it (so the set-up does not depend on the read(2) data path).
     *
     * @throws AssertionError "set-up: ..." if an access of the protocol fails
     */
    public void enterMidSave(DeviceState saving) {
        enter(saving);
        try {
            if (migration.pendingBytes() == 0) {
                return;
            }
            long offset = migration.dataOffset();
            long size = migration.dataSize();
            int half = (int) Math.max(1, Math.min(size / 2, 1 << 16));
            if (size == 0) {
                return;
            }
            if (migration.areaCovering(offset, half).isPresent()) {
                migration.readMapped(offset, half);
            } else {
                migration.read(offset, new byte[half]);
            }
        } catch (RuntimeException e) {
            throw new AssertionError("set-up: mid-save in " + saving + " on " + candidate + " failed: " + e.getMessage(),
                    e);
        }
    }

    /**
     * Enters RESUMING and stops in the middle of the RESUMING protocol: data_offset read and 64
     * bytes of zeros written there (through the mmap when a sparse area covers it), data_size
     * not yet written.
     *
     * @throws AssertionError "set-up: ..." if an access of the protocol fails
     */
    public void enterMidResume() {
        enter(DeviceState.RESUMING);
        try {
            long offset = migration.dataOffset();
            byte[] zeros = new byte[64];
            if (migration.areaCovering(offset, zeros.length).isPresent()) {
                migration.writeMapped(offset, zeros);
            } else {
                migration.write(offset, zeros);
            }
        } catch (RuntimeException e) {
            throw new AssertionError("set-up: mid-resume on " + candidate + " failed: " + e.getMessage(), e);
        }
    }

    /* ---- close ---- */

    private void closeDevice() {
        try (AttachedDevice a = attached; MigrationRegion m = migration) {
            attached = null;
            migration = null;
        }
    }

    @Override
    public void close() {
        if (attached != null) {
            closeDevice();
        }
    }

    @Override
    public String toString() {
        return "DeviceUnderTest[" + candidate + (sample != null ? ", migtest_mdev" : "") + "]";
    }
}
