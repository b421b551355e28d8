package org.vfiomigtest.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.vfiomigtest.suite.support.DeviceTests.deviceTest;
import static org.vfiomigtest.suite.support.SpecAssertions.assertConforms;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.vfiomigtest.migration.DeviceState;
import org.vfiomigtest.migration.DeviceState.Bit;
import org.vfiomigtest.migration.MigrationRegion;
import org.vfiomigtest.migration.SpecModel;
import org.vfiomigtest.migration.TransitionResult;
import org.vfiomigtest.rules.SpecRule;
import org.vfiomigtest.suite.support.Conformance;
import org.vfiomigtest.suite.support.DeviceUnderTest;
import org.vfiomigtest.suite.support.Situation;
import org.vfiomigtest.sys.SyscallException;

/**
 * device_state as a register: its default, what it reads back, when a write takes effect, that
 * nothing changes it behind the user's back, and that it answers in every situation.
 */
@Conformance
@DisplayName("device_state")
class DeviceStateTest {

    /** How long DS-11 watches a state for changes nobody asked for. */
    private static final long WATCH_MILLIS = 100;

    @Test
    @SpecRule("DS-01")
    @DisplayName("DS-01 a newly opened device reads exactly RUNNING, even if the last user left it stopped")
    void ds01_defaultStateIsExactlyRunning(DeviceUnderTest dut) {
        dut.enter(DeviceState.STOP);
        dut.reopen();
        assertEquals(dut.model().defaultState(), dut.state(),
                "device_state right after open: expected exactly RUNNING (0x1) with no other bit set (DS-01)");
    }

    @TestFactory
    @SpecRule("DS-02")
    @DisplayName("DS-02 device_state reads back each supported state written, on every read")
    Stream<DynamicTest> ds02_deviceStateReadsBackTheState(DeviceUnderTest dut) {
        return dut.model().supportedStates().stream().map(s -> deviceTest("write " + s + " in RUNNING", dut, () -> {
            TransitionResult r = dut.attempt(s);
            assertConforms(dut.model(), r);
            for (int i = 0; i < 3; i++) {
                assertEquals(s, dut.state(), "read " + (i + 2) + " of device_state after " + r + " (DS-02)");
            }
        }));
    }

    @TestFactory
    @SpecRule("DS-07")
    @DisplayName("DS-07 device_state can be read in every situation, mid-protocol and ERROR included")
    Stream<DynamicTest> ds07_deviceStateReadableAnytime(DeviceUnderTest dut) {
        return Situation.all(dut.model()).stream().map(sit -> deviceTest(sit.name(), dut, () -> {
            sit.enter(dut);
            DeviceState read;
            try {
                read = dut.state();
            } catch (SyscallException e) {
                throw new AssertionError("device_state read refused in " + sit + ": " + e.getMessage()
                        + "; the user may read it at any time (DS-07)", e);
            }
            assertEquals(sit.state(), read, "device_state read in " + sit + " (DS-07)");
        }));
    }

    @TestFactory
    @SpecRule("DS-08")
    @DisplayName("DS-08 device_state writes are answered in every situation, as the spec allows")
    Stream<DynamicTest> ds08_deviceStateWritableAnytime(DeviceUnderTest dut) {
        SpecModel model = dut.model();
        return Situation.all(model).stream().map(sit -> deviceTest(sit.name(), dut, () -> {
            for (DeviceState target : List.of(DeviceState.RUNNING, DeviceState.STOP)) {
                sit.enter(dut);
                assertConforms(model, dut.attempt(target));
            }
        }));
    }

    @TestFactory
    @SpecRule("DS-09")
    @DisplayName("DS-09 a transition is complete when write(2) returns: state and its data fields are there")
    Stream<DynamicTest> ds09_transitionCompleteWhenWriteReturns(DeviceUnderTest dut) {
        SpecModel model = dut.model();
        return Stream.of(DeviceState.RUNNING, DeviceState.STOP).map(from -> deviceTest("from " + from, dut, () -> {
            for (DeviceState to : model.supportedStates()) {
                if (to.equals(from) || model.expect(from, to).outcome() != SpecModel.Outcome.ACCEPT) {
                    continue;
                }
                dut.enter(from);
                MigrationRegion m = dut.migration();
                m.setDeviceState(to);
                assertEquals(to, m.deviceState(), "device_state read right after write(2) of " + to + " in " + from
                        + " returned (DS-09)");
                try {
                    if (to.has(Bit.SAVING)) {
                        m.pendingBytes();
                    }
                    if (to.has(Bit.SAVING) || to.has(Bit.RESUMING)) {
                        m.dataOffset();
                    }
                } catch (SyscallException e) {
                    fail("right after write(2) of " + to + " returned, the session fields it initializes are not "
                            + "ready: " + e.getMessage() + " (DS-09)", e);
                }
            }
        }));
    }

    @TestFactory
    @SpecRule("DS-11")
    @DisplayName("DS-11 device_state does not change by itself after a write (watched for 100 ms)")
    Stream<DynamicTest> ds11_noAsynchronousTransitions(DeviceUnderTest dut) {
        return dut.model().supportedStates().stream().map(s -> deviceTest("write " + s + " in STOP", dut, () -> {
            dut.enter(DeviceState.STOP);
            TransitionResult r = dut.attempt(s);
            assertConforms(dut.model(), r);
            long end = System.nanoTime() + WATCH_MILLIS * 1_000_000;
            int reads = 0;
            while (System.nanoTime() < end) {
                DeviceState now = dut.state();
                reads++;
                if (!now.equals(s)) {
                    fail("device_state changed by itself to " + now + " after " + reads + " reads following "
                            + r + "; no write or reset happened (DS-11)");
                }
                Thread.sleep(1);
            }
        }));
    }

    @Test
    @SpecRule("RUN-01")
    @DisplayName("RUN-01 the RUNNING bit clears and sets: RUNNING -> STOP -> RUNNING")
    void run01_runningBitImplemented(DeviceUnderTest dut) {
        SpecModel model = dut.model();
        assertConforms(model, dut.attempt(DeviceState.STOP));
        assertEquals(DeviceState.STOP, dut.state(), "after clearing RUNNING (RUN-01)");
        assertConforms(model, dut.attempt(DeviceState.RUNNING));
        assertEquals(DeviceState.RUNNING, dut.state(), "after setting RUNNING again (RUN-01)");
    }

    @Test
    @SpecRule("SAV-01")
    @DisplayName("SAV-01 the SAVING bit sets and clears, with and without RUNNING")
    void sav01_savingBitImplemented(DeviceUnderTest dut) {
        SpecModel model = dut.model();
        for (DeviceState base : List.of(DeviceState.RUNNING, DeviceState.STOP)) {
            dut.enter(base);
            DeviceState saving = base.with(Bit.SAVING);
            assertConforms(model, dut.attempt(saving));
            assertEquals(saving, dut.state(), "after setting SAVING in " + base + " (SAV-01)");
            assertConforms(model, dut.attempt(base));
            assertEquals(base, dut.state(), "after clearing SAVING again (SAV-01)");
        }
    }

    @Test
    @SpecRule("RES-01")
    @DisplayName("RES-01 the RESUMING bit sets from STOP; clearing it ends the (empty) session as the spec allows")
    void res01_resumingBitImplemented(DeviceUnderTest dut) {
        SpecModel model = dut.model();
        dut.enter(DeviceState.STOP);
        assertConforms(model, dut.attempt(DeviceState.RESUMING));
        assertEquals(DeviceState.RESUMING, dut.state(), "after setting RESUMING in STOP (RES-01)");
        assertConforms(model, dut.attempt(DeviceState.STOP));
    }
}
