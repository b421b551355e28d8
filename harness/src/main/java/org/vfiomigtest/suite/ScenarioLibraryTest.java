package org.vfiomigtest.suite;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.opentest4j.TestAbortedException;
import org.vfiomigtest.scenario.Scenario;
import org.vfiomigtest.scenario.ScenarioDevice;
import org.vfiomigtest.scenario.ScenarioFile;
import org.vfiomigtest.scenario.ScenarioLibrary;
import org.vfiomigtest.scenario.ScenarioRunner;
import org.vfiomigtest.scenario.Step;
import org.vfiomigtest.suite.support.DeviceExtension;
import org.vfiomigtest.suite.support.DeviceTests;
import org.vfiomigtest.suite.support.DeviceUnderTest;
import org.vfiomigtest.suite.support.DutScenarioDevice;

/**
 * The scenario library: every built-in scenario file ({@code org/vfiomigtest/scenarios/*.yaml} in
 * migtest.jar), or the files of {@code -Dmigtest.scenarios=FILE,FILE}, as one dynamic test each,
 * with the file (and its {@code name:} line) as the test source and each step an Allure step.
 * With {@code -Dmigtest.scenarios} every step's result is also printed, one line each.
 */
@Scenario
@ExtendWith(DeviceExtension.class)
@DisplayName("scenarios")
class ScenarioLibraryTest {

    @TestFactory
    @DisplayName("scenario files")
    Stream<DynamicTest> scenarios(DeviceUnderTest dut) {
        boolean replay = !ScenarioLibrary.filesFromProperty().isEmpty();
        ScenarioRunner.Listener listener = replay ? ScenarioLibraryTest::print : (sf, i, s, took, failure) -> { };
        ScenarioDevice device = new DutScenarioDevice(dut);
        return ScenarioLibrary.selected().stream().map(sf -> DynamicTest.dynamicTest(sf.name(), sf.source(),
                () -> run(sf, dut, device, listener)));
    }

    private static void run(ScenarioFile sf, DeviceUnderTest dut, ScenarioDevice device,
            ScenarioRunner.Listener listener) throws Throwable {
        Duration timeout = sf.timeout();
        try {
            assertTimeoutPreemptively(timeout, () -> {
                dut.restart();
                ScenarioRunner.run(sf, device, listener);
            }, () -> sf.where() + ": " + sf.name() + ": no result within " + timeout
                    + " (a device access or reset hangs?)");
        } catch (TestAbortedException e) {
            throw e;
        } catch (Throwable t) {
            DeviceTests.attachTrace("access trace of " + dut.name() + ": " + sf.file(), dut.trace());
            throw t;
        }
    }

    /** One line per step: {@code migtest-scenario: FILE:LINE:COL ok|FAIL STEP (N ms)}. */
    private static void print(ScenarioFile sf, int index, Step step, Duration took, Throwable failure) {
        System.out.println("migtest-scenario: " + step.where() + " " + (failure == null ? "ok" : "FAIL") + " "
                + step.describe() + " (" + took.toMillis() + " ms)"
                + (failure == null ? "" : "\nmigtest-scenario:   " + failure.getMessage()));
        System.out.flush();
    }
}
