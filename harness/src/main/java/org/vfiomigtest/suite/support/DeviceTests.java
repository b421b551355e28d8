package org.vfiomigtest.suite.support;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.qameta.allure.Allure;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.function.Executable;
import org.vfiomigtest.migration.AccessTrace;

/**
 * Dynamic device tests ({@code @TestFactory}): the fixture's before/after run once per factory,
 * so each dynamic test made here restarts the device itself ({@link DeviceUnderTest#restart()}:
 * injections off, trace cleared, VFIO_DEVICE_RESET), runs under its own preemptive timeout, and
 * attaches its access trace to the report when it touched the migration region.
 *
 * <pre>{@code
 * @TestFactory @Conformance @SpecRule("DS-11")
 * Stream<DynamicTest> ds11_...(DeviceUnderTest dut) {
 *     return dut.model().supportedStates().stream().map(s -> DeviceTests.deviceTest(s.name(), dut, () -> {
 *         dut.enter(s);
 *         ...
 *     }));
 * }
 * }</pre>
 */
public final class DeviceTests {
    /** Default bound of one dynamic test (TCG guests are slow; a hang is what this catches). */
    public static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** At most this many trace lines go into a report attachment (the last ones). */
    static final int TRACE_LINES = 400;

    private DeviceTests() {
    }

    /** A dynamic test of {@code dut} bounded by {@link #TIMEOUT}. */
    public static DynamicTest deviceTest(String name, DeviceUnderTest dut, Executable body) {
        return deviceTest(name, dut, TIMEOUT, body);
    }

    /** A dynamic test of {@code dut} bounded by {@code timeout}. */
    public static DynamicTest deviceTest(String name, DeviceUnderTest dut, Duration timeout, Executable body) {
        return DynamicTest.dynamicTest(name, () -> run(name, dut, timeout, body));
    }

    private static void run(String name, DeviceUnderTest dut, Duration timeout, Executable body) {
        try {
            assertTimeoutPreemptively(timeout, () -> {
                dut.restart();
                body.execute();
            }, () -> name + ": no result within " + timeout + " (a device access or reset hangs?)");
        } finally {
            if (!dut.trace().entries().isEmpty()) {
                attachTrace("access trace of " + dut.name() + ": " + name, dut.trace());
            }
        }
    }

    /**
     * Attaches the last {@value #TRACE_LINES} lines of {@code trace} to the current Allure test
     * as text; returns the text ("" for an empty trace).
     */
    public static String attachTrace(String title, AccessTrace trace) {
        List<String> lines = trace.render().lines().toList();
        int from = Math.max(0, lines.size() - TRACE_LINES);
        String text = (from > 0 ? "(" + from + " earlier accesses left out)\n" : "")
                + String.join("\n", lines.subList(from, lines.size())) + "\n";
        Allure.addAttachment(title, "text/plain", text, ".txt");
        return text;
    }
}
