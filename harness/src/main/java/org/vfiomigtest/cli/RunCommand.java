package org.vfiomigtest.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.Map;
import org.vfiomigtest.report.AllureReport;
import org.vfiomigtest.report.ConsoleAttachments;
import org.vfiomigtest.report.KtapSummary;
import org.vfiomigtest.report.KtapTail;
import org.vfiomigtest.report.SelfTestReport;
import org.vfiomigtest.scenario.ScenarioException;
import org.vfiomigtest.scenario.ScenarioFile;
import org.vfiomigtest.scenario.ScenarioLibrary;
import org.vfiomigtest.report.Summary;
import org.vfiomigtest.report.Verdict;
import org.vfiomigtest.vm.Accel;
import org.vfiomigtest.vm.ConsoleScanner;
import org.vfiomigtest.vm.DriverBuilder;
import org.vfiomigtest.vm.GuestContract;
import org.vfiomigtest.vm.GuestImage;
import org.vfiomigtest.vm.GuestJvm;
import org.vfiomigtest.vm.HostCommand;
import org.vfiomigtest.vm.Prerequisites;
import org.vfiomigtest.vm.TestVm;

/**
 * {@code migtest run}: set-up, image, module, boot, tests; then the verdict
 * from the guest's results and the kernel's console.
 */
final class RunCommand {
    static final String GUEST_MAIN = "org.vfiomigtest.guest.GuestMain";
    static final String EXPLORE_MAIN = "org.vfiomigtest.explore.ExploreMain";
    /** Prefix of ExploreMain's console lines (org.vfiomigtest.explore.ExploreMain.TAG). */
    private static final String EXPLORE_LINE = "migtest-explore: ";
    private static final int MAX_FAILURES_LISTED = 20;
    private static final String SCENARIO_STEP = "migtest-scenario: ";
    private static final String CONSOLE_FILE = "console.log";

    private final RunOptions opts;
    private final Path repoRoot;
    private final PrintStream out;
    private final Progress progress;
    /** What the report's environment says about the driver. */
    private String driverId = "none";

    RunCommand(RunOptions opts, Path repoRoot, PrintStream out, PrintStream err) {
        this.opts = opts;
        this.repoRoot = repoRoot;
        this.out = out;
        this.progress = new Progress(err, opts.verbose);
    }

    int call() {
        return opts.direct ? direct() : inVm();
    }

    /** --direct: the suite in a JVM on this machine, against --device. */
    private int direct() {
        long t0 = System.nanoTime();
        try {
            progress.begin("setup");
            Path results = resultsDir();
            List<Path> classpath = guestClasspath();
            GuestJvm jvm = GuestJvm.select(Path.of("/usr/lib/jvm"));
            List<String> props = List.of("-D" + "migtest.device=" + String.join(",",
                    opts.devices.stream().map(Path::toString).toList()));
            List<String> cmd = jvm.command(null, classpath, guestProperties(props), GUEST_MAIN, guestArgs(results));
            progress.begin("tests");
            HostCommand.Result r;
            try (var tail = new KtapTail(results.resolve(GuestContract.KTAP_FILE), out).start()) {
                r = HostCommand.run(cmd, results, java.util.Map.of(), opts.timeout,
                        l -> progress.detail("| " + l));
            }
            progress.end();
            Files.writeString(results.resolve(GuestContract.EXIT_FILE), r.exitCode() + "\n");
            return verdict(results, TestVm.End.EXITED, -1, "direct", System.getProperty("os.version"));
        } catch (IOException | RuntimeException e) {
            progress.end();
            progress.info("error: " + e.getMessage());
            return ExitCode.INFRA.code;
        }
    }

    private int inVm() {
        long t0 = System.nanoTime();
        Path results = null;
        try {
            checkScenarios();
            progress.begin("setup");
            Prerequisites.ensure(progress::info);
            results = resultsDir();
            Path cache = opts.cache != null ? opts.cache : defaultCache();
            List<Path> classpath = guestClasspath();
            GuestJvm jvm = GuestJvm.select(Path.of("/usr/lib/jvm"));
            Path jvmCache = jvm.train(cache, classpath, GUEST_MAIN, progress::info);

            progress.begin("image");
            GuestImage image = GuestImage.build(repoRoot, cache,
                    new GuestImage.Source(opts.kernel, opts.modules, opts.kernelBuild), progress::detail);
            progress.detail("kernel " + image.release() + ", initramfs " + image.key());

            progress.begin("module");
            Path driver = driver(image, cache);

            progress.begin("boot");
            List<String> mdevs = mdevSpecs();
            var settings = new GuestContract.Settings(image, driver, List.of(), mdevs, opts.driverCycles,
                    jvm.command(jvmCache, classpath,
                            guestProperties(List.of("-Dmigtest.mdevs=" + String.join(",", mdevs),
                                    "-D" + GuestContract.READY_PROPERTY + "=" + GuestContract.READY_FILE,
                                    "-D" + GuestContract.MARKERS_PROPERTY + "=true")),
                            opts.explore != null ? EXPLORE_MAIN : GUEST_MAIN, guestArgs(results)),
                    opts.debug);
            GuestContract.writeEnv(results, settings);
            return boot(image, results, t0);
        } catch (BadInput e) {
            progress.end();
            progress.info(e.getMessage());
            return ExitCode.USAGE.code;
        } catch (IOException | RuntimeException e) {
            progress.end();
            progress.info("error: " + e.getMessage());
            progress.info("exit 125: the run could not test" + (results != null ? "; outputs in " + results : ""));
            return ExitCode.INFRA.code;
        }
    }

    private int boot(GuestImage image, Path results, long t0) throws IOException {
        TestVm vm = new TestVm()
                .withImage(image)
                .withResults(results)
                .withConsoleLog(results.resolve(CONSOLE_FILE))
                .withAccel(opts.accel)
                .withMemory(opts.memoryMiB)
                .withTimeout(opts.timeout)
                .withKernelParams(GuestContract.kernelParams(repoRoot, results, opts.debug));
        if (opts.qemu != null) {
            vm.withQemuBinary(opts.qemu);
        }
        if (opts.verbose) {
            vm.withConsoleConsumer(l -> System.err.println("  | " + l));
        }
        if (opts.replay) {
            // each scenario step's result, as the guest prints it
            echo(vm, SCENARIO_STEP);
        }
        if (opts.explore != null) {
            echo(vm, EXPLORE_LINE);
        }
        if (opts.dryRun) {
            out.println(vm.command(opts.accel == Accel.KVM ? Accel.KVM : Accel.TCG).toShellLine());
            return ExitCode.PASS.code;
        }
        TestVm.End end;
        long firstTestMs;
        // Ctrl-C: Commons Exec's shutdown hook kills QEMU; this one says so
        Thread interrupted = new Thread(() -> System.err.println(
                "migtest: interrupted; QEMU stopped; outputs kept in " + results));
        Runtime.getRuntime().addShutdownHook(interrupted);
        // with --json, stdout carries the JSON alone
        PrintStream ktapOut = opts.json ? System.err : out;
        try (vm; var tail = new KtapTail(results.resolve(GuestContract.KTAP_FILE), ktapOut)) {
            vm.start();
            Files.writeString(results.resolve("qemu-command.txt"), vm.command().toShellLine() + "\n");
            progress.detail("accel " + vm.accel().qemuName());
            boolean ready = vm.awaitMarker(GuestContract.READY);
            progress.begin("tests");
            if (ready) {
                tail.start();
            }
            end = vm.awaitEnd();
            long ft = vm.markerNanoTime(GuestContract.FIRST_TEST);
            // from the start of the run, so the figure includes set-up, image and module checks
            firstTestMs = ft < 0 ? -1 : (ft - t0) / 1_000_000;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(interrupted);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs: that is the point
            }
        }
        progress.end();
        return verdict(results, end, firstTestMs, vm.accel().qemuName(), image.release());
    }

    /** Prints the guest's console lines tagged {@code tag} on stdout, without the tag. */
    private void echo(TestVm vm, String tag) {
        vm.withConsoleConsumer(l -> {
            int at = l.indexOf(tag);
            if (at >= 0) {
                out.println(l.substring(at + tag.length()));
            }
        });
    }

    private int verdict(Path results, TestVm.End end, long firstTestMs, String accel, String kernel)
            throws IOException {
        Path ktapFile = results.resolve(GuestContract.KTAP_FILE);
        KtapSummary ktap = KtapSummary.parse(Files.isRegularFile(ktapFile) ? Files.readString(ktapFile) : "");
        Map<String, List<ConsoleScanner.Finding>> found = new java.util.LinkedHashMap<>();
        for (String f : List.of(CONSOLE_FILE, GuestContract.DMESG_FILE)) {
            Path p = results.resolve(f);
            List<ConsoleScanner.Finding> in = Files.isRegularFile(p)
                    ? ConsoleScanner.scan(Files.readString(p, StandardCharsets.ISO_8859_1)) : List.of();
            in.forEach(finding -> progress.info("kernel trouble in " + f + ": " + finding));
            found.put(f, in);
        }
        List<ConsoleScanner.Finding> findings = found.values().stream().flatMap(List::stream).toList();
        attachConsole(results, found.get(CONSOLE_FILE), found.get(GuestContract.DMESG_FILE));
        var outcome = Verdict.decide(end == TestVm.End.TIMED_OUT, GuestContract.readExit(results), ktap,
                findings.stream().map(f -> f.kind().name()).distinct().toList());
        if (opts.selftest && outcome.exitCode() != Verdict.INFRA) {
            outcome = selftestVerdict(results, outcome);
        }
        String qemu = qemuVersion();
        report(results, Map.of("kernel", kernel, "driver", driverId, "qemu", qemu, "accel", accel,
                "host", hostName()));
        new Summary(ktap, firstTestMs, progress.phases(), kernel, qemu, accel, outcome.exitCode())
                .write(results.resolve("summary.json"));
        ktap.failures().stream().limit(MAX_FAILURES_LISTED).forEach(f -> progress.info("FAILED " + f));
        if (ktap.failures().size() > MAX_FAILURES_LISTED) {
            progress.info("... and " + (ktap.failures().size() - MAX_FAILURES_LISTED) + " more in ktap.txt");
        }
        progress.info(outcome.reason() + " (exit " + outcome.exitCode() + "); results in " + results);
        (opts.json ? System.err : out).println(ktap.line());
        return outcome.exitCode();
    }

    /**
     * Console excerpts of the failed tests and the kernel findings into the Allure results
     * ({@link ConsoleAttachments}); dmesg's findings only when the console showed none (they are
     * the same lines), tied to no test. A failure here is reported, not fatal.
     */
    private void attachConsole(Path results, List<ConsoleScanner.Finding> console, List<ConsoleScanner.Finding> dmesg) {
        Path log = results.resolve(CONSOLE_FILE);
        List<ConsoleScanner.Finding> findings = !console.isEmpty() ? console
                : dmesg.stream().map(f -> new ConsoleScanner.Finding(f.kind(), 0, f.excerpt())).toList();
        try {
            String text = Files.isRegularFile(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
            int n = ConsoleAttachments.attach(results.resolve(AllureReport.RESULTS), text, findings);
            progress.detail("console excerpts: " + n + " Allure results");
        } catch (IOException e) {
            progress.info("warning: console excerpts not attached: " + e.getMessage());
        }
    }

    /** The Allure HTML report; a failure to render it is reported, not fatal. */
    private void report(Path results, Map<String, String> environment) {
        progress.begin("report");
        try {
            Path allure = AllureReport.commandLine(repoRoot.resolve("harness"));
            if (allure == null) {
                progress.info("no Allure command line under harness/target/allure (mvn package unpacks it): no HTML report");
                return;
            }
            Path resultsDir = results.resolve(AllureReport.RESULTS);
            AllureReport.describe(resultsDir, new java.util.TreeMap<>(environment));
            Path index = AllureReport.generate(allure, List.of(resultsDir), results.resolve(AllureReport.REPORT),
                    progress::detail);
            progress.detail("report " + index);
        } catch (IOException e) {
            progress.info("warning: the HTML report failed: " + e.getMessage());
        } finally {
            progress.end();
        }
    }

    static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The self-test's say: every switch caught, or which were not. */
    private Verdict.Outcome selftestVerdict(Path results, Verdict.Outcome suite) throws IOException {
        if (!Files.isRegularFile(results.resolve(SelfTestReport.TSV))) {
            return new Verdict.Outcome(Verdict.INFRA, "the self-test left no " + SelfTestReport.TSV);
        }
        SelfTestReport st = SelfTestReport.read(results);
        if (opts.json) {
            out.print(Files.readString(results.resolve(SelfTestReport.JSON)));
        } else {
            st.caught().forEach(s -> out.println("caught: " + s));
            st.missed().forEach(s -> out.println("MISSED: " + s));
        }
        progress.info("self-test: " + st.line() + " (bug switches caught / missed)");
        if (!st.missed().isEmpty()) {
            return new Verdict.Outcome(Verdict.FAIL, "bug switches no test caught: " + String.join(", ", st.missed()));
        }
        if (suite.exitCode() != Verdict.PASS) {
            return suite;
        }
        return new Verdict.Outcome(Verdict.PASS, "the suite passed and every bug switch was caught");
    }

    private Path resultsDir() throws IOException {
        Path dir = opts.out != null ? opts.out
                : Path.of("target", "migtest", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")))
                        .toAbsolutePath();
        Files.createDirectories(dir);
        for (String stale : List.of(GuestContract.EXIT_FILE, GuestContract.KTAP_FILE, GuestContract.DMESG_FILE,
                "summary.json")) {
            Files.deleteIfExists(dir.resolve(stale));
        }
        return dir;
    }

    static Path defaultCache() {
        String env = System.getenv("MIGTEST_CACHE");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("vfio-migtest");
    }

    /** The class path the guest runs with: this JVM's own (migtest.jar and its libraries). */
    static List<Path> guestClasspath() {
        return Arrays.stream(System.getProperty("java.class.path").split(":"))
                .filter(s -> !s.isBlank())
                .map(s -> Path.of(s).toAbsolutePath().normalize())
                .filter(Files::isRegularFile)
                .toList();
    }

    private Path driver(GuestImage image, Path cache) throws IOException {
        if (opts.noDriver) {
            progress.detail("no driver");
            return null;
        }
        if (opts.driver != null) {
            if (!Files.isRegularFile(opts.driver)) {
                throw new IOException("--driver " + opts.driver + ": no such file");
            }
            driverId = opts.driver.getFileName() + " (prebuilt)";
            return opts.driver;
        }
        Path src = opts.driverSrc != null ? opts.driverSrc : repoRoot.resolve("kmod");
        Path ko = DriverBuilder.build(src, image.kdir(), cache, progress::info);
        driverId = ko.getFileName() + " from " + src + ", sources " + DriverBuilder.key(src, image.kdir());
        progress.detail("driver " + ko);
        return ko;
    }

    /** TYPE=UUID for each requested instance, with fresh UUIDs. */
    private List<String> mdevSpecs() {
        return opts.mdevTypes.stream().map(t -> t + "=" + UUID.randomUUID()).toList();
    }

    /** Every --scenario file parses, or the run stops before anything boots (exit 2). */
    private void checkScenarios() throws IOException {
        for (Path f : opts.scenarios) {
            if (!Files.isRegularFile(f)) {
                throw new BadInput(f + ": no such file");
            }
            try {
                ScenarioFile.parse(f);
            } catch (ScenarioException e) {
                throw new BadInput(e.getMessage());
            }
        }
    }

    /** Input the user must fix: exit 2, before anything boots. */
    static final class BadInput extends RuntimeException {
        BadInput(String message) {
            super(message);
        }
    }

    /** System properties of the suite's JVM (its fixture reads them): the devices, then options. */
    private List<String> guestProperties(List<String> devices) {
        List<String> props = new ArrayList<>(devices);
        if (!opts.scenarios.isEmpty()) {
            props.add("-D" + ScenarioLibrary.PROPERTY + "="
                    + String.join(",", opts.scenarios.stream().map(Path::toString).toList()));
        }
        if (opts.bug != null) {
            props.add("-Dmigtest.bug=" + opts.bug);
        }
        props.addAll(opts.guestProperties);
        return props;
    }

    private List<String> guestArgs(Path results) {
        List<String> args = new ArrayList<>(List.of("--results", results.toString()));
        if (opts.explore != null) {
            args.addAll(List.of("--seed", Long.toString(opts.explore.seed()), "--steps",
                    Long.toString(opts.explore.steps())));
            if (!opts.explore.bugs().isEmpty()) {
                args.addAll(List.of("--bug", String.join(",", opts.explore.bugs())));
            }
            return args;
        }
        if (opts.selftest) {
            args.add("--selftest");
        }
        if (opts.shard != null) {
            args.addAll(List.of("--shard", opts.shard));
        }
        if (opts.tags != null) {
            args.addAll(List.of("--tags", opts.tags));
        }
        if (!opts.rules.isEmpty()) {
            args.addAll(List.of("--rules", String.join(",", opts.rules)));
        }
        if (opts.guestClass != null) {
            args.addAll(List.of("--class", opts.guestClass));
        }
        return args;
    }

    static String qemuVersion() {
        try {
            var r = HostCommand.run(List.of("qemu-system-x86_64", "--version"), Path.of("/"), java.util.Map.of(),
                    java.time.Duration.ofSeconds(10), l -> { });
            return r.stdout().isEmpty() ? "unknown" : r.stdout().get(0);
        } catch (IOException e) {
            return "unknown";
        }
    }
}
