package org.vfiomigtest.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.vfiomigtest.bench.Samples;
import org.vfiomigtest.bench.StreamBench;
import org.vfiomigtest.report.Json;
import org.vfiomigtest.vm.HostCommand;

/**
 * {@code migtest bench}: time to verdict and stream throughput, measured
 * side by side. One boot runs {@link StreamBench} (fixture overhead, save
 * stream through JNA pread, mmap and a C pread reader); then warm runs give
 * the boot-to-first-test time and the full suite's (conformance, scenarios,
 * self-test) wall time. A benchmark, not a test: no figure fails it; it
 * exits 1 only when a measurement could not be taken.
 */
final class BenchCommand {
    static final String HELP = """
            usage: migtest bench [--json] [--reps N] [--size MIB] [--suite-reps N] [--no-suite]
                                 [--out DIR] [-v] [run options: --accel, --cache, --kernel ...]

            Measures, on this machine, with N repetitions each (median, min, max):
              - per-test fixture overhead: open (container, group, device, migration
                region), VFIO_DEVICE_RESET, close;
              - save-stream throughput for MIB MiB of device memory (default 64) through
                (a) the harness's JNA pread path, (b) its mmap path, (c) the C reader
                kmod/tools/migtest_smoke -s, in one boot; and the ratios a/c, b/c;
              - warm boot-to-first-test (N runs of 'migtest run --tags vfio');
              - the full suite's wall time: 'migtest selftest' (conformance, scenarios,
                self-test), --suite-reps times (default 1; --no-suite skips it).
            A table on stdout, or with --json one JSON object; every run's outputs and
            bench.json under --out (default target/migtest-bench/<timestamp>).
            docs/performance.md explains the method and this machine's figures.
            """;

    private final List<String> args;
    private final Path repoRoot;
    private final PrintStream out;
    private final PrintStream err;
    private boolean json;
    private boolean verbose;
    private int reps = 3;
    private int sizeMiB = 64;
    private int suiteReps = 1;
    private Path outDir;
    private final List<String> runArgs = new ArrayList<>();

    BenchCommand(List<String> args, Path repoRoot, PrintStream out, PrintStream err) {
        this.args = args;
        this.repoRoot = repoRoot;
        this.out = out;
        this.err = err;
    }

    int call() throws UsageException {
        parse();
        RunOptions.parse(runArgs); // bad run options fail now, not after the first boot
        try {
            Files.createDirectories(outDir);
            Map<String, Object> result = new LinkedHashMap<>();
            Path reader = buildReader();
            boolean complete = stream(reader, result);
            complete &= firstTest(result);
            if (suiteReps > 0) {
                complete &= suite(result);
            }
            ratios(result);
            Files.writeString(outDir.resolve("bench.json"), Json.write(result) + "\n");
            if (json) {
                out.println(Json.write(result));
            } else {
                table(result);
            }
            err.println("migtest: bench results in " + outDir.resolve("bench.json"));
            return complete ? ExitCode.PASS.code : ExitCode.FAIL.code;
        } catch (IOException e) {
            err.println("migtest: bench: " + e.getMessage());
            return ExitCode.INFRA.code;
        }
    }

    private void parse() throws UsageException {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--json" -> json = true;
                case "--reps" -> reps = number(i++, a);
                case "--size" -> sizeMiB = number(i++, a);
                case "--suite-reps" -> suiteReps = number(i++, a);
                case "--no-suite" -> suiteReps = 0;
                case "--out" -> outDir = Path.of(value(i++, a)).toAbsolutePath();
                case "-v", "--verbose" -> {
                    verbose = true;
                    runArgs.add(a);
                }
                case "--tags", "--scenario", "--shard", "--bug", "--direct", "--dry-run", "--guest-debug" ->
                    throw new UsageException("migtest bench chooses what it runs; '" + a + "' is not for it");
                default -> runArgs.add(a);
            }
        }
        if (sizeMiB > 64 || Integer.bitCount(sizeMiB) != 1) {
            throw new UsageException("--size takes a power of 2 up to 64 (MiB; the sample driver's mem_size)");
        }
        if (outDir == null) {
            outDir = Path.of("target", "migtest-bench",
                    LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))).toAbsolutePath();
        }
    }

    private String value(int i, String option) throws UsageException {
        if (i + 1 >= args.size()) {
            throw new UsageException(option + " needs a value");
        }
        return args.get(i + 1);
    }

    private int number(int i, String option) throws UsageException {
        String v = value(i, option);
        try {
            int n = Integer.parseInt(v);
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException(option + " takes a positive number, not '" + v + "'");
        }
    }

    /** kmod/tools/migtest_smoke, built here (static: the guest runs it from the shared host root). */
    private Path buildReader() throws IOException {
        Path tools = repoRoot.resolve("kmod/tools");
        var r = HostCommand.run(List.of("make", "-s", "-C", tools.toString(), "migtest_smoke"), tools, Map.of(),
                Duration.ofMinutes(2), l -> { });
        if (r.exitCode() != 0) {
            throw new IOException("make -C " + tools + " migtest_smoke failed: " + String.join("\n", r.stdout()));
        }
        return tools.resolve("migtest_smoke");
    }

    /** One boot of StreamBench; its bench.json joins the result. */
    private boolean stream(Path reader, Map<String, Object> result) throws UsageException, IOException {
        Path dir = outDir.resolve("stream");
        RunOptions o = runOptions(dir);
        o.guestClass = StreamBench.class.getName();
        o.guestProperties.addAll(List.of("-D" + StreamBench.SIZE_PROPERTY + "=" + sizeMiB,
                "-D" + StreamBench.REPS_PROPERTY + "=" + reps,
                "-D" + StreamBench.READER_PROPERTY + "=" + reader,
                "-D" + StreamBench.OUT_PROPERTY + "=" + dir));
        progress("stream throughput and fixture overhead: one boot, " + reps + " repetitions, " + sizeMiB + " MiB");
        int code = run(o);
        Path file = dir.resolve(StreamBench.RESULT_FILE);
        if (code != 0 || !Files.isRegularFile(file)) {
            err.println("migtest: bench: the stream boot failed (exit " + code + "); see " + dir);
            return false;
        }
        Map<String, Object> guest = readJson(file);
        result.putAll(guest);
        double overhead = median(guest, "open_ms") + median(guest, "reset_ms") + median(guest, "close_ms");
        result.put("per_test_overhead_ms", Samples.round(overhead));
        return true;
    }

    /** Warm runs of the smallest selection: boot to first test, as summary.json has it. */
    private boolean firstTest(Map<String, Object> result) throws UsageException, IOException {
        List<Long> ms = new ArrayList<>();
        for (int i = 1; i <= reps; i++) {
            progress("boot to first test, warm run " + i + " of " + reps);
            Path dir = outDir.resolve("first-test-" + i);
            RunOptions o = runOptions(dir);
            o.tags = "vfio";
            if (run(o) != 0) {
                err.println("migtest: bench: warm run " + i + " failed; see " + dir);
                return false;
            }
            ms.add(((Number) readJson(dir.resolve("summary.json")).get("first_test_ms")).longValue());
        }
        result.put("first_test_ms", Math.round(Samples.of("ms", ms).median()));
        result.put("first_test", Samples.of("ms", ms).toMap());
        return true;
    }

    /** migtest selftest, timed whole (boot to verdict) and by its tests phase. */
    private boolean suite(Map<String, Object> result) throws UsageException, IOException {
        List<Long> wall = new ArrayList<>();
        List<Long> tests = new ArrayList<>();
        boolean ok = true;
        for (int i = 1; i <= suiteReps; i++) {
            progress("full suite (conformance, scenarios, self-test), run " + i + " of " + suiteReps);
            Path dir = outDir.resolve("suite-" + i);
            RunOptions o = runOptions(dir);
            o.selftest = true;
            long t0 = System.nanoTime();
            int code = run(o);
            wall.add((System.nanoTime() - t0) / 1_000_000);
            if (code != 0) {
                err.println("migtest: bench: the suite run " + i + " exited " + code + "; see " + dir);
                ok = false;
            }
            Map<?, ?> phases = (Map<?, ?>) readJson(dir.resolve("summary.json")).get("phases_ms");
            tests.add(((Number) phases.get("tests")).longValue());
        }
        result.put("suite_ms", Math.round(Samples.of("ms", wall).median()));
        result.put("suite", Samples.of("ms", wall).toMap());
        result.put("suite_tests_phase", Samples.of("ms", tests).toMap());
        return ok;
    }

    private static void ratios(Map<String, Object> result) {
        double c = median(result, "c_pread_mib_s");
        if (!Double.isNaN(c) && c > 0) {
            result.put("jna_vs_c", Samples.round(median(result, "jna_pread_mib_s") / c));
            result.put("mmap_vs_c", Samples.round(median(result, "mmap_mib_s") / c));
        }
    }

    private static double median(Map<String, Object> m, String key) {
        return m.get(key) instanceof Map<?, ?> s ? Samples.fromMap(s).median() : Double.NaN;
    }

    private RunOptions runOptions(Path dir) throws UsageException {
        RunOptions o = RunOptions.parse(runArgs);
        o.out = dir;
        return o;
    }

    /** A run, its KTAP and progress shown only with -v. */
    private int run(RunOptions o) {
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        return new RunCommand(o, repoRoot, verbose ? err : quiet, verbose ? err : quiet).call();
    }

    private void progress(String what) {
        err.println("migtest: bench: " + what);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readJson(Path file) throws IOException {
        Object o = new Load(LoadSettings.builder().build()).loadFromString(Files.readString(file));
        if (!(o instanceof Map)) {
            throw new IOException(file + ": not a JSON object");
        }
        return (Map<String, Object>) o;
    }

    private void table(Map<String, Object> r) {
        out.println("measurement                        median      min      max   unit   (n)");
        row(r, "fixture: open", "open_ms");
        row(r, "fixture: VFIO_DEVICE_RESET", "reset_ms");
        row(r, "fixture: close", "close_ms");
        row(r, "save stream, JNA pread (a)", "jna_pread_mib_s");
        row(r, "save stream, mmap (b)", "mmap_mib_s");
        row(r, "save stream, C pread (c)", "c_pread_mib_s");
        row(r, "warm boot to first test", "first_test");
        row(r, "full suite incl. self-test, wall", "suite");
        row(r, "full suite, tests phase", "suite_tests_phase");
        out.printf(Locale.ROOT, "ratios: a/c %s, b/c %s; per-test overhead %s ms; %s MiB stream%n",
                r.getOrDefault("jna_vs_c", "?"), r.getOrDefault("mmap_vs_c", "?"),
                r.getOrDefault("per_test_overhead_ms", "?"), r.getOrDefault("size_mib", "?"));
    }

    private void row(Map<String, Object> r, String label, String key) {
        if (!(r.get(key) instanceof Map<?, ?> m)) {
            out.printf(Locale.ROOT, "%-32s %10s%n", label, "not measured");
            return;
        }
        Samples s = Samples.fromMap(m);
        out.printf(Locale.ROOT, "%-32s %9.2f %8.2f %8.2f   %-6s (%d)%n", label, s.median(), s.min(), s.max(), s.unit(),
                s.values().size());
    }
}
