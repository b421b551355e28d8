package org.vfiomigtest.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.vfiomigtest.suite.support.DeviceTests.deviceTest;
import static org.vfiomigtest.suite.support.SpecAssertions.assertConforms;
import static org.vfiomigtest.suite.support.SpecAssertions.failIfAny;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.vfiomigtest.migration.DeviceState;
import org.vfiomigtest.migration.DeviceState.Bit;
import org.vfiomigtest.migration.MigtestUapi;
import org.vfiomigtest.migration.SpecModel;
import org.vfiomigtest.migration.SpecModel.Expectation;
import org.vfiomigtest.migration.SpecModel.Violation;
import org.vfiomigtest.rules.SpecRule;
import org.vfiomigtest.suite.support.Conformance;
import org.vfiomigtest.suite.support.DeviceUnderTest;
import org.vfiomigtest.suite.support.NeedsNdma;

/**
 * The 16×16 device_state transition matrix on the live driver, expectations from
 * {@link SpecModel}. Rows are the states a device can be in: the supported ones (NDMA ones only
 * with the capability) and ERROR (entered through the sample driver's injection); the other
 * invalid values cannot be entered, and DS-03/04/05 check that they are never reached. Columns
 * are all 16 values of the defined bits.
 */
@Conformance
@DisplayName("device_state transitions")
class TransitionMatrixTest {

    @TestFactory
    @SpecRule({"DS-06", "DS-03", "DS-04", "DS-09", "ERR-01", "ERR-02"})
    @DisplayName("DS-06 16x16 matrix: valid targets reached before write(2) returns, invalid ones refused")
    Stream<DynamicTest> ds06_transitionMatrix(DeviceUnderTest dut) {
        SpecModel model = dut.model();
        List<DeviceState> rows = new ArrayList<>(model.supportedStates());
        rows.add(DeviceState.ERROR);
        return rows.stream().map(from -> row(dut, from, DeviceState.all()));
    }

    @TestFactory
    @SpecRule("DS-10")
    @DisplayName("DS-10 writes changing several bits at once reach a valid target")
    Stream<DynamicTest> ds10_multiBitWrites(DeviceUnderTest dut) {
        SpecModel model = dut.model();
        return model.supportedStates().stream().map(from -> row(dut, from, model.supportedStates().stream()
                .filter(to -> Integer.bitCount((from.raw() ^ to.raw()) & MigtestUapi.DEVICE_STATE_MASK) > 1)
                .toList()));
    }

    @TestFactory
    @NeedsNdma
    @SpecRule("NDMA-01")
    @DisplayName("NDMA-01 with VFIO_REGION_INFO_CAP_MIG_NDMA, every valid state with NDMA is accepted")
    Stream<DynamicTest> ndma01_capabilityMeansNdmaAccepted(DeviceUnderTest dut) {
        SpecModel model = dut.model();
        List<DynamicTest> tests = new ArrayList<>();
        for (DeviceState from : List.of(DeviceState.RUNNING, DeviceState.STOP)) {
            for (DeviceState to : model.supportedStates()) {
                if (to.has(Bit.NDMA)) {
                    Expectation e = model.expect(from, to);
                    tests.add(deviceTest(from + " -> " + to, dut, () -> {
                        assertEquals(SpecModel.Outcome.ACCEPT, e.outcome(), "the model's expectation: " + e);
                        dut.enter(from);
                        assertConforms(model, dut.attempt(to));
                    }));
                }
            }
        }
        return tests.stream();
    }

    /**
     * One row of the matrix: for each target, enter {@code from} afresh (reset first), write the
     * target, judge by the model; every cell runs, the violations of all cells are reported together.
     */
    private static DynamicTest row(DeviceUnderTest dut, DeviceState from, List<DeviceState> targets) {
        return deviceTest("from " + from + " to " + targets.size() + " targets", dut, () -> {
            SpecModel model = dut.model();
            List<String> found = new ArrayList<>();
            for (DeviceState to : targets) {
                if (from.isError()) {
                    dut.enterError();
                } else {
                    dut.enter(from);
                }
                Expectation e = model.expect(from, to);
                for (Violation v : e.violations(dut.attempt(to))) {
                    found.add("to " + to + " (expected " + e.outcome() + "): " + v);
                }
            }
            failIfAny(found.size() + " of " + targets.size() + " transitions from " + from + " depart from the spec",
                    found);
        });
    }
}
