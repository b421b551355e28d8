package org.vfiomigtest.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Evaluates C integer expressions against real headers: writes a small C program, compiles it
 * with the system gcc, runs it and parses what it prints. Used by the ABI tests to compare the
 * Java mirrors with {@code linux/vfio.h} (Linux 6.1 uapi) and {@code kmod/include/migtest_uapi.h}.
 */
public final class CProbe {
    private final List<String> headers = new ArrayList<>(List.of("stddef.h", "stdio.h"));
    private final Map<String, Long> expected = new LinkedHashMap<>();

    /** Includes {@code <header>} ({@code -I} the kmod include directory is always on). */
    public CProbe include(String header) {
        headers.add(header);
        return this;
    }

    /** Expects the C expression {@code expr}, cast to {@code long long}, to equal {@code value}. */
    public CProbe expect(String expr, long value) {
        expected.put(expr, value);
        return this;
    }

    /**
     * Compiles and runs the probe, then asserts every expectation, naming each mismatch. Skips
     * (Assumptions) only when gcc is absent.
     */
    public void verify() throws IOException, InterruptedException {
        assumeGcc();
        Path dir = Files.createTempDirectory("migtest-abi");
        Path src = dir.resolve("probe.c");
        Files.writeString(src, program(), StandardCharsets.UTF_8);
        run(dir, "gcc", "-std=gnu11", "-Wall", "-Werror", "-I", kmodInclude().toString(), "-o",
                dir.resolve("probe").toString(), src.toString());
        String out = run(dir, dir.resolve("probe").toString());
        Map<String, Long> actual = parse(out);
        List<String> mismatches = new ArrayList<>();
        expected.forEach((expr, java) -> {
            Long c = actual.get(expr);
            if (c == null || c.longValue() != java) {
                mismatches.add(expr + ": C says " + c + ", Java says " + java);
            }
        });
        assertEquals(List.of(), mismatches, "Java mirror differs from the C headers (" + expected.size()
                + " values checked)");
    }

    /** The number of expectations so far. */
    public int size() {
        return expected.size();
    }

    private String program() {
        var sb = new StringBuilder();
        headers.forEach(h -> sb.append("#include <").append(h).append(">\n"));
        sb.append("int main(void)\n{\n");
        int i = 0;
        for (String expr : expected.keySet()) {
            sb.append("\tprintf(\"%d %lld\\n\", ").append(i++).append(", (long long)(").append(expr).append("));\n");
        }
        return sb.append("\treturn 0;\n}\n").toString();
    }

    private Map<String, Long> parse(String out) {
        List<String> exprs = new ArrayList<>(expected.keySet());
        Map<String, Long> values = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.trim().split(" ");
            values.put(exprs.get(Integer.parseInt(parts[0])), Long.parseLong(parts[1]));
        }
        return values;
    }

    private static String run(Path dir, String... argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", argv) + " did not finish in 60 s");
        }
        if (p.exitValue() != 0) {
            fail(String.join(" ", argv) + " exited " + p.exitValue() + ":\n" + out);
        }
        return out;
    }

    /** Aborts the test (skip) when gcc is not on PATH. */
    public static void assumeGcc() {
        Assumptions.assumeTrue(gccPresent(), "gcc not found on PATH: cannot compile the ABI probe "
                + "(install the Debian gcc package to run this test)");
    }

    private static boolean gccPresent() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String d : path.split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, "gcc"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code kmod/include}: from the system property {@code migtest.home} if set, else the working
     * directory, walking up to the first directory holding {@code kmod/include/migtest_uapi.h}.
     */
    public static Path kmodInclude() {
        String home = System.getProperty("migtest.home");
        Path start = Path.of(home != null ? home : System.getProperty("user.dir")).toAbsolutePath();
        for (Path d = start; d != null; d = d.getParent()) {
            Path include = d.resolve("kmod/include");
            if (Files.isRegularFile(include.resolve("migtest_uapi.h"))) {
                return include;
            }
        }
        return fail("kmod/include/migtest_uapi.h not found in " + start + " or above; set -Dmigtest.home");
    }
}
