package org.vfiomigtest.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vfiomigtest.suite.support.DeviceTests.deviceTest;
import static org.vfiomigtest.suite.support.SpecAssertions.failIfAny;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.vfiomigtest.migration.DeviceState;
import org.vfiomigtest.migration.MigrationField;
import org.vfiomigtest.migration.MigrationRegion;
import org.vfiomigtest.migration.SpecModel;
import org.vfiomigtest.migration.SpecModel.Clause;
import org.vfiomigtest.migration.TransitionResult;
import org.vfiomigtest.rules.SpecRule;
import org.vfiomigtest.suite.support.Conformance;
import org.vfiomigtest.suite.support.DeviceUnderTest;
import org.vfiomigtest.suite.support.SampleDriver;
import org.vfiomigtest.suite.support.SpecAssertions;
import org.vfiomigtest.sys.Errno;

/**
 * Failing transitions and accesses, made to happen by the sample driver's injections (other
 * devices: aborted with the reason) or by requests the spec forbids: the errno reaches the user,
 * the state afterwards is the prior one or ERROR, ERROR reads as its encoding.
 */
@Conformance
@DisplayName("device_state failures")
class TransitionFailureTest {

    /** Errnos a driver might plausibly fail a transition with. */
    private static final List<Errno> ERRNOS = List.of(Errno.EIO, Errno.EBUSY, Errno.ENOMEM, Errno.EAGAIN,
            Errno.ENODEV);

    /** Transitions each doing real work in a typical driver (stop, start save, stop-copy, resume). */
    private static final List<DeviceState[]> TRANSITIONS = List.of(
            new DeviceState[] {DeviceState.RUNNING, DeviceState.STOP},
            new DeviceState[] {DeviceState.RUNNING, DeviceState.PRE_COPY},
            new DeviceState[] {DeviceState.PRE_COPY, DeviceState.STOP_COPY},
            new DeviceState[] {DeviceState.STOP, DeviceState.RESUMING},
            new DeviceState[] {DeviceState.STOP, DeviceState.RUNNING});

    @TestFactory
    @SpecRule("ERR-01")
    @DisplayName("ERR-01 a failing transition fails write(2) with the driver's errno")
    Stream<DynamicTest> err01_failedTransitionReturnsErrno(DeviceUnderTest dut, SampleDriver sample) {
        return TRANSITIONS.stream().map(t -> deviceTest(t[0] + " -> " + t[1], dut, () -> {
            List<String> found = new ArrayList<>();
            for (Errno errno : ERRNOS) {
                for (boolean toError : List.of(false, true)) {
                    dut.enter(t[0]);
                    sample.injectTransition(t[0], t[1], errno, toError, 1);
                    TransitionResult r = dut.attempt(t[1]);
                    String how = "injected " + errno + (toError ? " into ERROR" : " into the prior state");
                    if (r.ok()) {
                        found.add(how + ": write(2) succeeded: " + r);
                    } else if (r.errnoName() != errno) {
                        found.add(how + ": write(2) failed with " + (r.errno() == 0 ? r.note() : r.errnoName()));
                    }
                }
            }
            failIfAny("a failed transition must fail write(2) with its errno (ERR-01)", found);
        }));
    }

    @TestFactory
    @SpecRule("ERR-02")
    @DisplayName("ERR-02 after a failed transition device_state reads the prior state or ERROR")
    Stream<DynamicTest> err02_failureLeavesPriorStateOrError(DeviceUnderTest dut) {
        SpecModel model = dut.model();
        List<DynamicTest> tests = new ArrayList<>();
        for (DeviceState[] t : TRANSITIONS) {
            for (boolean toError : List.of(false, true)) {
                tests.add(deviceTest(t[0] + " -> " + t[1] + ": injected EIO" + (toError ? ", into ERROR" : ""), dut,
                        () -> {
                            SampleDriver sample = dut.requireSampleDriver();
                            dut.enter(t[0]);
                            sample.injectTransition(t[0], t[1], Errno.EIO, toError, 1);
                            TransitionResult r = dut.attempt(t[1]);
                            assertFalse(r.ok(), "the injected failure did not fail write(2): " + r);
                            priorOrError(r);
                        }));
            }
        }
        for (boolean prior : List.of(true, false)) {
            tests.add(deviceTest("RESUMING -> STOP with no data" + (prior ? " (resume_fail_prior)" : ""), dut, () -> {
                dut.sampleDriver().ifPresent(s -> s.resumeFailPrior(prior));
                dut.enter(DeviceState.RESUMING);
                TransitionResult r = dut.attempt(DeviceState.STOP);
                Assumptions.assumeFalse(r.ok(), () -> "the driver accepted an empty resume (" + r
                        + "), nothing failed");
                priorOrError(r);
            }));
        }
        for (DeviceState from : List.of(DeviceState.RUNNING, DeviceState.STOP)) {
            tests.add(deviceTest("invalid targets in " + from, dut, () -> {
                for (DeviceState to : List.of(DeviceState.ERROR, DeviceState.of(0x5), DeviceState.of(0x11))) {
                    dut.enter(from);
                    TransitionResult r = dut.attempt(to);
                    assertFalse(r.ok(), "an invalid target was accepted: " + r + "; " + model.expect(from, to));
                    priorOrError(r);
                }
            }));
        }
        return tests.stream();
    }

    @TestFactory
    @SpecRule("ERR-03")
    @DisplayName("ERR-03 ERROR reads exactly SAVING|RESUMING, with RUNNING and NDMA clear")
    Stream<DynamicTest> err03_errorStateEncoding(DeviceUnderTest dut) {
        return dut.model().supportedStates().stream().map(from -> deviceTest("failure in " + from, dut, () -> {
            SampleDriver sample = dut.requireSampleDriver();
            dut.enter(from);
            sample.injectTransition(from, null, Errno.EIO, true, 1);
            TransitionResult r = dut.attempt(from.equals(DeviceState.STOP) ? DeviceState.RUNNING : DeviceState.STOP);
            assertEquals(DeviceState.ERROR, r.after(), "device_state after a failure the driver reports as ERROR: "
                    + r + "; ERROR is !NDMA|RESUMING|SAVING|!RUNNING = 0x6 (ERR-03)");
        }));
    }

    @TestFactory
    @SpecRule("ERR-05")
    @DisplayName("ERR-05 an error on a field access fails exactly that read(2) or write(2), with its errno")
    Stream<DynamicTest> err05_fieldErrorsFaultTheAccess(DeviceUnderTest dut, SampleDriver sample) {
        List<DynamicTest> tests = new ArrayList<>();
        tests.add(fieldFault(dut, sample, MigrationField.DEVICE_STATE, false, DeviceState.RUNNING,
                m -> m.deviceState()));
        tests.add(fieldFault(dut, sample, MigrationField.DEVICE_STATE, true, DeviceState.RUNNING,
                m -> m.setDeviceState(DeviceState.STOP)));
        tests.add(fieldFault(dut, sample, MigrationField.RESERVED, false, DeviceState.RUNNING,
                m -> m.read(MigrationField.RESERVED)));
        tests.add(fieldFault(dut, sample, MigrationField.RESERVED, true, DeviceState.RUNNING,
                m -> m.write(MigrationField.RESERVED, 0)));
        tests.add(fieldFault(dut, sample, MigrationField.PENDING_BYTES, false, DeviceState.STOP_COPY,
                MigrationRegion::pendingBytes));
        tests.add(fieldFault(dut, sample, MigrationField.DATA_OFFSET, false, DeviceState.STOP_COPY,
                MigrationRegion::dataOffset));
        tests.add(fieldFault(dut, sample, MigrationField.DATA_SIZE, false, DeviceState.STOP_COPY,
                MigrationRegion::dataSize));
        tests.add(fieldFault(dut, sample, MigrationField.DATA_OFFSET, false, DeviceState.RESUMING,
                MigrationRegion::dataOffset));
        return tests.stream();
    }

    /**
     * In {@code state}, one injected fault on {@code field}: {@code access} fails with it, the
     * state is unchanged, and the same access succeeds once the fault is spent.
     */
    private static DynamicTest fieldFault(DeviceUnderTest dut, SampleDriver sample, MigrationField field,
            boolean write, DeviceState state, Consumer<MigrationRegion> access) {
        String name = (write ? "write " : "read ") + field.cName() + " in " + state;
        return deviceTest(name, dut, () -> {
            dut.enter(state);
            sample.injectField(field, write, Errno.EFAULT, 1);
            MigrationRegion m = dut.migration();
            try {
                access.accept(m);
                throw new AssertionError(name + " succeeded despite an injected EFAULT (ERR-05)");
            } catch (org.vfiomigtest.sys.SyscallException e) {
                assertEquals(Errno.EFAULT, e.errno(), name + ": errno of the faulted access (ERR-05)");
            }
            assertEquals(state, dut.state(), "device_state after the faulted " + name + " (ERR-05)");
            access.accept(m);
        });
    }

    private static void priorOrError(TransitionResult r) {
        if (!r.after().equals(r.before()) && !r.after().isError()) {
            SpecAssertions.assertNoViolations(List.of(new SpecModel.Violation(Clause.FAIL_STATE,
                    r + ": device_state is neither the prior state nor ERROR (ERR-02)")));
        }
    }

    @Test
    @SpecRule("ERR-04")
    @DisplayName("ERR-04 a device failing into ERROR with DMA active stops: no DMA, no interrupt, no state advance")
    void err04_deviceFullyStoppedInError(DeviceUnderTest dut, SampleDriver driver) throws InterruptedException {
        SimulatedDevice dev = SimulatedDevice.of(dut);
        try (DmaEngine engine = DmaEngine.start(dev)) {
            engine.awaitActivity(2, "ERR-04", "set-up: RUNNING with the DMA engine started");
            // the next write from RUNNING fails into ERROR, without a reset on the way
            driver.injectTransition(DeviceState.RUNNING, null, Errno.EIO, true, 1);
            TransitionResult r = dut.attempt(DeviceState.STOP);
            assertFalse(r.ok(), "set-up: the injected failure was not reported: " + r);
            assertTrue(r.after().isError(), "set-up: the injected failure did not land in ERROR: " + r);
            engine.assertQuiet(true, true, true, "ERR-04", "in ERROR, entered from RUNNING with the DMA engine active");
        }
    }
}
