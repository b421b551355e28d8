package org.vfiomigtest.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.vfiomigtest.vm.DriverBuilder;
import org.vfiomigtest.vm.HostCommand;

/**
 * Bring-your-own driver and the nightly job, end to end and narrowed by rule to stay short:
 * a patched copy of kmod/ given by --driver-src is the module that is built, loaded and failed;
 * ci/nightly --shards 2 runs both shards and merges them, and the shards together run every test
 * of an unsharded run exactly once.
 */
class CiIT {
    private static final Path HOME = Path.of(System.getProperty("migtest.home", ".")).toAbsolutePath().normalize();
    private static final Path ROOT = HOME.getParent();
    private static final Path OUT = Path.of(System.getProperty("migtest.out", "target/migtest-it")).toAbsolutePath();
    /** Two rules whose test classes fall into different shards of two (DeviceStateTest, ReservedFieldTest). */
    private static final List<String> RULES = List.of("--rule", "DS-01", "--rule", "RSV-02");

    private static HostCommand.Result run(String name, List<String> argv) throws IOException {
        var r = HostCommand.run(argv, ROOT, Map.of(), Duration.ofMinutes(15),
                line -> System.err.println("[" + name + "] " + line));
        r.stdout().forEach(l -> System.out.println("[" + name + "] " + l));
        return r;
    }

    private static String property(Path file, String key) throws IOException {
        return Files.readAllLines(file).stream().filter(l -> l.startsWith(key + " = "))
                .map(l -> l.substring(key.length() + 3)).findFirst().orElse("");
    }

    @Test
    void driverSrcCopyWithABugWiredOnIsTheModuleTestedAndTheRunFails() throws IOException {
        Path copy = OUT.resolve("kmod-reserved-nonzero");
        if (Files.exists(copy)) {
            try (Stream<Path> s = Files.walk(copy)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        try (Stream<Path> s = Files.walk(ROOT.resolve("kmod"))) {
            for (Path p : s.toList()) {
                Path to = copy.resolve(ROOT.resolve("kmod").relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        // the switch reserved_nonzero (RSV-02) on for good, whatever debugfs says
        Path header = copy.resolve("migtest.h");
        String h = Files.readString(header);
        String stock = "return READ_ONCE(mt->bugs[id]);";
        assertTrue(h.contains(stock), "migtest_bug() changed: " + header);
        Files.writeString(header, h.replace(stock,
                "return id == MIGTEST_BUG_RESERVED_NONZERO || READ_ONCE(mt->bugs[id]);"));

        Path out = OUT.resolve("driver-src");
        List<String> argv = new ArrayList<>(List.of(HOME.resolve("bin/migtest").toString(), "run", "--out",
                out.toString(), "--driver-src", copy.toString(), "--rule", "RSV-02"));
        var r = run("driver-src", argv);
        assertEquals(1, r.exitCode(), "the wired-on bug fails RSV-02: exit 1");
        String ktap = Files.readString(out.resolve("ktap.txt"));
        assertTrue(ktap.contains("not ok") && ktap.contains("RSV-02"), ktap);

        // the module tested is the copy's: its sources' key, not kmod/'s
        String driver = property(out.resolve("allure-results/environment.properties"), "driver");
        Path kdir = Path.of("/usr/src/linux-headers-"
                + property(out.resolve("allure-results/environment.properties"), "kernel"));
        String key = DriverBuilder.key(copy, kdir);
        assertTrue(driver.contains(" from " + copy + ", sources " + key), driver);
        assertNotEquals(DriverBuilder.key(ROOT.resolve("kmod"), kdir), key);
        assertTrue(Files.readString(out.resolve("guest.env")).contains("/modules/" + key + "/"),
                "guest-init loads the copy's module");

        // the report of a failed device test: protocol steps, its access trace, its console
        String failed = "";
        try (Stream<Path> s = Files.list(out.resolve("allure-results"))) {
            for (Path p : s.filter(p -> p.toString().endsWith("-result.json")).toList()) {
                String j = Files.readString(p);
                if (j.contains("\"status\":\"failed\"") && j.contains("RSV-02")) {
                    failed = j;
                }
            }
        }
        for (String t : List.of("\"name\":\"reset (VFIO_DEVICE_RESET) → ok\"", "\"name\":\"access trace of ",
                "\"name\":\"console during the test (console.log lines ")) {
            assertTrue(failed.contains(t), t + " missing in a failed RSV-02 result: " + failed);
        }
    }

    /** Test lines of a KTAP document: "Class: name", one per test, in order. */
    private static List<String> tests(Path ktap) throws IOException {
        List<String> tests = new ArrayList<>();
        String cls = "";
        for (String l : Files.readAllLines(ktap)) {
            String t = l.strip();
            if (t.startsWith("# Subtest: ")) {
                cls = t.substring("# Subtest: ".length());
            } else if (l.startsWith("    ") && t.matches("(not )?ok \\d+ .*")) {
                tests.add(cls + ": " + t.replaceFirst("(not )?ok \\d+ ", ""));
            }
        }
        return tests;
    }

    @Test
    void nightlyRunsBothShardsAndMergesThemAndTheShardsRunEveryTestOnce() throws IOException {
        Path out = OUT.resolve("nightly");
        List<String> argv = new ArrayList<>(List.of(ROOT.resolve("ci/nightly").toString(), "--no-install",
                "--no-selftest", "--shards", "2", "--out", out.toString()));
        argv.addAll(RULES);
        var r = run("nightly", argv);
        assertEquals(0, r.exitCode(), "ci/nightly exit status");
        for (String run : List.of("run-1", "run-2")) {
            for (String f : List.of("console.log", "dmesg.txt", "ktap.txt", "summary.json",
                    "junit/TEST-junit-jupiter.xml", "allure-report/index.html")) {
                assertTrue(Files.isRegularFile(out.resolve(run).resolve(f)), "ci/nightly promises " + run + "/" + f);
            }
        }
        assertTrue(Files.isRegularFile(out.resolve("report/index.html")), "the merged report");

        List<String> one = tests(out.resolve("run-1/ktap.txt"));
        List<String> two = tests(out.resolve("run-2/ktap.txt"));
        assertTrue(!one.isEmpty() && !two.isEmpty(), "both shards ran tests: " + one + " / " + two);
        Set<String> both = new HashSet<>(one);
        both.retainAll(two);
        assertEquals(Set.of(), both, "no test in both shards");

        Path whole = OUT.resolve("unsharded");
        List<String> ref = new ArrayList<>(List.of(HOME.resolve("bin/migtest").toString(), "run", "--out",
                whole.toString()));
        ref.addAll(RULES);
        assertEquals(0, run("unsharded", ref).exitCode());
        List<String> union = new ArrayList<>(one);
        union.addAll(two);
        List<String> all = tests(whole.resolve("ktap.txt"));
        assertEquals(new HashSet<>(all).size(), all.size(), "test names are unique: " + all);
        assertEquals(all.size(), union.size(), "every test exactly once: " + union + " vs " + all);
        assertEquals(new HashSet<>(all), new HashSet<>(union));
    }
}
