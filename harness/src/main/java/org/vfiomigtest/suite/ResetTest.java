package org.vfiomigtest.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vfiomigtest.suite.support.DeviceTests.deviceTest;
import static org.vfiomigtest.suite.support.SpecAssertions.assertConforms;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.vfiomigtest.migration.DeviceState;
import org.vfiomigtest.migration.SpecModel;
import org.vfiomigtest.migration.TransitionResult;
import org.vfiomigtest.rules.SpecRule;
import org.vfiomigtest.suite.support.Conformance;
import org.vfiomigtest.suite.support.DeviceUnderTest;
import org.vfiomigtest.suite.support.SampleDriver;
import org.vfiomigtest.suite.support.Situation;
import org.vfiomigtest.sys.SyscallException;

/** VFIO_DEVICE_RESET: supported, and back to exactly RUNNING from anywhere, ERROR included. */
@Conformance
@DisplayName("VFIO_DEVICE_RESET")
class ResetTest {

    @Test
    @SpecRule("RST-03")
    @DisplayName("RST-03 the device reports VFIO_DEVICE_FLAGS_RESET and VFIO_DEVICE_RESET succeeds")
    void rst03_resetIsSupported(DeviceUnderTest dut) {
        assertTrue(dut.device().getInfo().supportsReset(),
                "VFIO_DEVICE_GET_INFO of " + dut.name() + " lacks VFIO_DEVICE_FLAGS_RESET (RST-03)");
        for (DeviceState s : List.of(DeviceState.RUNNING, DeviceState.STOP)) {
            dut.enter(s);
            try {
                dut.reset();
            } catch (SyscallException e) {
                throw new AssertionError("VFIO_DEVICE_RESET in " + s + " failed: " + e.getMessage() + " (RST-03)", e);
            }
        }
    }

    @TestFactory
    @SpecRule("RST-04")
    @DisplayName("RST-04 VFIO_DEVICE_RESET from every situation (mid-save, mid-resume, ERROR) gives exactly RUNNING")
    Stream<DynamicTest> rst04_resetFromAnywhereRestoresRunning(DeviceUnderTest dut) {
        SpecModel model = dut.model();
        return Situation.all(model).stream().map(sit -> deviceTest(sit.name(), dut, () -> {
            sit.enter(dut);
            dut.reset();
            assertEquals(model.afterReset(sit.state()), dut.state(),
                    "device_state after VFIO_DEVICE_RESET in " + sit + " (RST-04)");
        }));
    }

    @TestFactory
    @SpecRule("RST-02")
    @DisplayName("RST-02 VFIO_DEVICE_RESET in ERROR gives exactly RUNNING, however ERROR was entered")
    Stream<DynamicTest> rst02_resetFromErrorRestoresRunning(DeviceUnderTest dut) {
        SpecModel model = dut.model();
        List<DynamicTest> tests = new ArrayList<>();
        for (DeviceState from : model.supportedStates()) {
            tests.add(deviceTest("ERROR from an injected failure in " + from, dut, () -> {
                dut.enterError(from);
                dut.reset();
                assertEquals(model.afterReset(DeviceState.ERROR), dut.state(),
                        "device_state after VFIO_DEVICE_RESET in ERROR (entered from " + from + ") (RST-02)");
            }));
        }
        tests.add(deviceTest("ERROR from a failed resume (no data)", dut, () -> {
            dut.sampleDriver().ifPresent(s -> s.resumeFailPrior(false));
            dut.enter(DeviceState.RESUMING);
            TransitionResult r = dut.attempt(DeviceState.STOP);
            Assumptions.assumeTrue(r.after().isError(), () -> "the driver did not enter ERROR on an empty resume: "
                    + r + "; nothing to reset from");
            dut.reset();
            assertEquals(model.afterReset(DeviceState.ERROR), dut.state(),
                    "device_state after VFIO_DEVICE_RESET in ERROR (failed resume) (RST-02)");
        }));
        return tests.stream();
    }

    @Test
    @SpecRule("RST-01")
    @DisplayName("RST-01 after ERROR, VFIO_DEVICE_RESET makes the device usable again: a save can start")
    void rst01_resetLeavesErrorForGood(DeviceUnderTest dut, SampleDriver sample) {
        SpecModel model = dut.model();
        dut.enterError();
        for (DeviceState s : model.supportedStates()) {
            TransitionResult r = dut.attempt(s);
            assertConforms(model, r);
            if (!r.after().isError()) {
                dut.enterError();
            }
        }
        dut.reset();
        for (DeviceState s : List.of(DeviceState.PRE_COPY, DeviceState.STOP_COPY, DeviceState.RUNNING)) {
            TransitionResult r = dut.attempt(s);
            assertTrue(r.ok() && r.after().equals(s),
                    "after ERROR and VFIO_DEVICE_RESET the device should work again, but " + r + " (RST-01)");
        }
    }
}
