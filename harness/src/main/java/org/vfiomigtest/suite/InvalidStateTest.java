package org.vfiomigtest.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.vfiomigtest.suite.support.DeviceTests.deviceTest;
import static org.vfiomigtest.suite.support.SpecAssertions.assertConforms;
import static org.vfiomigtest.suite.support.SpecAssertions.assertNoViolations;
import static org.vfiomigtest.suite.support.SpecAssertions.failIfAny;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.vfiomigtest.migration.DeviceState;
import org.vfiomigtest.migration.DeviceState.Bit;
import org.vfiomigtest.migration.MigtestUapi;
import org.vfiomigtest.migration.SpecModel;
import org.vfiomigtest.migration.SpecModel.Outcome;
import org.vfiomigtest.migration.SpecModel.Violation;
import org.vfiomigtest.migration.TransitionResult;
import org.vfiomigtest.rules.SpecRule;
import org.vfiomigtest.suite.support.Conformance;
import org.vfiomigtest.suite.support.DeviceUnderTest;

/**
 * The device_state values that must never be reached: SAVING with RESUMING, RESUMING with
 * RUNNING, values with reserved bits 31:4 set; and the read-modify-write that keeps bits 31:4.
 * Every refused write is followed by a check that the state is the prior one or ERROR.
 */
@Conformance
@DisplayName("device_state invalid values")
class InvalidStateTest {

    /** The four SAVING|RESUMING combinations (0x6, 0x7, 0xe, 0xf). */
    private static final List<DeviceState> SAVING_RESUMING = DeviceState.all().stream()
            .filter(s -> s.has(Bit.SAVING) && s.has(Bit.RESUMING)).toList();
    /** The four RESUMING|RUNNING combinations (0x5, 0x7, 0xd, 0xf). */
    private static final List<DeviceState> RESUMING_RUNNING = DeviceState.all().stream()
            .filter(s -> s.has(Bit.RESUMING) && s.has(Bit.RUNNING)).toList();

    @TestFactory
    @SpecRule("DS-03")
    @DisplayName("DS-03 every SAVING|RESUMING combination is refused from every supported state")
    Stream<DynamicTest> ds03_savingWithResumingRefused(DeviceUnderTest dut) {
        return refusals(dut, SAVING_RESUMING);
    }

    @TestFactory
    @SpecRule("DS-04")
    @DisplayName("DS-04 every RESUMING|RUNNING combination is refused from every supported state")
    Stream<DynamicTest> ds04_resumingWithRunningRefused(DeviceUnderTest dut) {
        return refusals(dut, RESUMING_RUNNING);
    }

    @TestFactory
    @SpecRule("DS-05")
    @DisplayName("DS-05 values with reserved bits 31:4 set are refused and never read back")
    Stream<DynamicTest> ds05_reservedBitsNeverReachable(DeviceUnderTest dut) {
        SpecModel model = dut.model();
        List<Integer> reserved = new ArrayList<>();
        for (int bit = 4; bit < 32; bit++) {
            reserved.add(1 << bit);
        }
        reserved.add(~MigtestUapi.DEVICE_STATE_MASK);
        return model.supportedStates().stream().map(from -> deviceTest("from " + from, dut, () -> {
            List<Violation> found = new ArrayList<>();
            dut.enter(from);
            for (int bits : reserved) {
                if (!dut.state().equals(from)) {
                    dut.enter(from);
                }
                TransitionResult r = dut.attempt(from.withReservedBits(bits));
                found.addAll(model.expect(from, r.requested()).violations(r));
                if (r.after().reservedBits() != 0) {
                    found.add(new Violation(SpecModel.Clause.RESERVED_BITS, "device_state reads " + r.after()
                            + " with reserved bits set after " + r));
                }
            }
            assertNoViolations(found);
        }));
    }

    @Test
    @SpecRule("RSV-01")
    @DisplayName("RSV-01 read-modify-write of device_state changes the defined bits and keeps bits 31:4")
    void rsv01_readModifyWriteKeepsReservedBits(DeviceUnderTest dut) {
        SpecModel model = dut.model();
        for (DeviceState to : model.supportedStates()) {
            dut.reset();
            DeviceState read = dut.state();
            TransitionResult r = dut.attempt(to.withReservedBits(read.reservedBits()));
            assertConforms(model, r);
            assertEquals(read.reservedBits(), r.after().reservedBits(),
                    "bits 31:4 after a read-modify-write of " + r + " (RSV-01)");
        }
    }

    /** One dynamic test per supported source, writing each target afresh; the model expects refusals. */
    private static Stream<DynamicTest> refusals(DeviceUnderTest dut, List<DeviceState> targets) {
        SpecModel model = dut.model();
        return model.supportedStates().stream().map(from -> deviceTest("from " + from, dut, () -> {
            List<String> found = new ArrayList<>();
            for (DeviceState to : targets) {
                assertEquals(Outcome.REFUSE, model.expect(from, to).outcome(), "the model's expectation");
                dut.enter(from);
                TransitionResult r = dut.attempt(to);
                model.expect(from, to).violations(r).forEach(v -> found.add(v.toString()));
            }
            failIfAny("writes in " + from + " that must be refused", found);
        }));
    }
}
