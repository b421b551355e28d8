package org.vfiomigtest.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.vfiomigtest.it.Migtest.Run;
import org.vfiomigtest.vm.HostCommand;

/**
 * The README's main command, end to end: {@code harness/bin/migtest run}
 * boots the test VM and runs the suite in the guest. Also the ways a run
 * must end when the guest misbehaves (test-only --guest-debug switches), and
 * that no QEMU outlives any of them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MigtestRunIT {
    private static final Path HOME = Migtest.HOME;
    private static final Path ROOT = Migtest.ROOT;
    private static final Path OUT = Migtest.OUT;
    private static Run migtest(String name, String... args) throws IOException {
        return Migtest.command(name, "run", args);
    }

    private static long summaryNumber(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\":(-?\\d+)").matcher(json);
        assertTrue(m.find(), key + " missing in " + json);
        return Long.parseLong(m.group(1));
    }

    /** QEMU processes started for this results directory. */
    private static List<String> qemuLeft(Path out) {
        return ProcessHandle.allProcesses()
                .map(p -> p.info().commandLine().orElse(""))
                .filter(c -> c.contains("qemu-system") && c.contains(out.toString()))
                .toList();
    }

    @Test
    @Order(1)
    void runPassesWithKtapSummaryLineAndSummaryJson() throws IOException {
        Run r = migtest("run");
        assertEquals(0, r.exit(), "migtest run exit status; see " + r.out().resolve("console.log"));
        assertEquals("KTAP version 1", r.stdout().get(0));
        String last = r.stdout().get(r.stdout().size() - 1);
        assertTrue(last.matches("\\d+ passed, 0 failed, \\d+ skipped"), last);
        String s = r.summary();
        assertTrue(summaryNumber(s, "passed") > 0, s);
        assertEquals(0, summaryNumber(s, "failed"), s);
        for (String f : List.of("console.log", "dmesg.txt", "ktap.txt", "junit/TEST-junit-jupiter.xml")) {
            assertTrue(Files.isRegularFile(r.out().resolve(f)), f + " missing in " + r.out());
        }
        assertTrue(Files.isDirectory(r.out().resolve("allure-results")));
        assertTrue(Files.isRegularFile(r.out().resolve("allure-report/index.html")), "no HTML report");
        assertEquals(List.of(), qemuLeft(r.out()));
        reportRendersInChromium(r.out(), summaryNumber(s, "passed") + summaryNumber(s, "skipped"));
    }

    /**
     * The HTML report, opened in headless Chromium, shows the right count and the page of a device
     * test with its protocol steps and access trace (ci/check-report).
     */
    private static void reportRendersInChromium(Path out, long tests) throws IOException {
        Assumptions.assumeTrue(HostCommand.which("chromium") != null,
                "chromium is not installed (apt-get install -y chromium): report rendering not checked");
        var r = HostCommand.run(List.of(ROOT.resolve("ci/check-report").toString(),
                out.resolve("allure-report").toString(), Long.toString(tests), "--test", "MMAP-01",
                "reset (VFIO_DEVICE_RESET)", "set device_state", "read pending_bytes", "read segment 1",
                "access trace of"), ROOT, Map.of(), Duration.ofMinutes(5), System.err::println);
        r.stdout().forEach(System.out::println);
        assertEquals(0, r.exitCode(), "ci/check-report on " + out.resolve("allure-report"));
    }

    @Test
    @Order(2)
    void warmRunRebuildsNothingAndReportsTimeToFirstTest() throws IOException {
        // the whole suite ran in the first test: here only the time to the first test matters
        Run r = migtest("warm", "--tags", "vfio");
        assertEquals(0, r.exit());
        String log = String.join("\n", r.stderr());
        for (String rebuild : List.of("packing initramfs", "downloading", "building driver", "training")) {
            assertFalse(log.contains(rebuild), "a warm run must not be " + rebuild + ":\n" + log);
        }
        long firstTest = summaryNumber(r.summary(), "first_test_ms");
        System.err.println("warm run: first test after " + firstTest + " ms");
        assertTrue(firstTest > 0 && firstTest < 60_000, "first_test_ms=" + firstTest);
    }

    @Test
    @Order(3)
    void selftestCatchesEveryBugSwitchWithATestOfItsRule() throws IOException {
        Path out = OUT.resolve("selftest");
        // the suite with every switch off passed in the first test: --tags keeps this run's own
        // clean pass short; the per-switch runs take each switch's tests regardless of --tags
        List<String> argv = List.of(HOME.resolve("bin/migtest").toString(), "selftest", "--json", "--tags",
                "vfio", "--out", out.toString());
        var r = HostCommand.run(argv, ROOT, Map.of(), Duration.ofMinutes(30),
                line -> System.err.println("[selftest] " + line));
        String json = String.join("\n", r.stdout());
        System.out.println("[selftest] " + json);
        assertEquals(0, r.exitCode(), "selftest exit status; " + json);
        assertTrue(json.startsWith("{") && json.endsWith("}"), "--json prints one JSON object: " + json);
        assertFalse(json.contains("[]"), "every switch has failing tests: " + json);
        assertEquals(List.of(), qemuLeft(out));
    }

    @Test
    @Order(4)
    void guestHangEndsAtTheTimeoutWith125AndNoQemuLeft() throws IOException {
        Run r = migtest("hang", "--no-driver", "--guest-debug", "hang", "--timeout", "30");
        assertEquals(125, r.exit());
        assertTrue(String.join("\n", r.stderr()).contains("--timeout"));
        assertTrue(Files.readString(r.out().resolve("console.log")).contains("hanging on purpose"));
        assertEquals(List.of(), qemuLeft(r.out()));
    }

    @Test
    @Order(5)
    void kernelPanicExitsOne() throws IOException {
        Run r = migtest("panic", "--no-driver", "--guest-debug", "panic");
        assertEquals(1, r.exit());
        assertTrue(String.join("\n", r.stderr()).contains("Kernel panic"));
        assertEquals(List.of(), qemuLeft(r.out()));
    }

    @Test
    @Order(6)
    void warningInDmesgFailsTheRun() throws IOException {
        Run r = migtest("warn", "--no-driver", "--guest-debug", "warn", "--tags", "vfio");
        assertEquals(1, r.exit());
        assertTrue(Files.readString(r.out().resolve("dmesg.txt")).contains("WARNING:"));
        // the report shows it as a failed result of its own
        try (var s = Files.list(r.out().resolve("allure-results"))) {
            assertTrue(s.filter(p -> p.toString().endsWith("-result.json")).anyMatch(p -> {
                try {
                    String j = Files.readString(p);
                    return j.contains("\"fullName\":\"kernel.WARNING\"") && j.contains("\"status\":\"failed\"");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }), "a failed kernel.WARNING result in " + r.out().resolve("allure-results"));
        }
        assertEquals(List.of(), qemuLeft(r.out()));
    }

    @Test
    @Order(7)
    void interruptKillsQemu() throws IOException, InterruptedException {
        Path out = OUT.resolve("sigint");
        Process p = new ProcessBuilder(HOME.resolve("bin/migtest").toString(), "run", "--no-driver",
                "--guest-debug", "hang", "--out", out.toString())
                .directory(ROOT.toFile()).redirectErrorStream(true)
                .redirectOutput(OUT.resolve("sigint.log").toFile()).start();
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (qemuLeft(out).isEmpty() && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertFalse(qemuLeft(out).isEmpty(), "QEMU never started; see " + OUT.resolve("sigint.log"));
        new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "migtest did not end on SIGINT");
        Thread.sleep(500);
        assertEquals(List.of(), qemuLeft(out));
    }

    @Test
    @Order(8)
    void driverLoadsAndUnloadsTenTimesWithoutKernelTrouble() throws IOException {
        Run r = migtest("driver-cycles", "--driver-cycles", "10", "--tags", "vfio");
        assertEquals(0, r.exit(), "a warning, oops or taint during the cycles fails the run");
        String console = Files.readString(r.out().resolve("console.log"));
        assertTrue(console.contains("driver-cycles: 10 x"), "the cycles ran");
        assertEquals(List.of(), qemuLeft(r.out()));
    }
}
