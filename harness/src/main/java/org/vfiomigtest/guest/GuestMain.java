package org.vfiomigtest.guest;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.vfiomigtest.sys.NativeBindings;
import org.vfiomigtest.vm.GuestContract;

/**
 * The guest side of a run: executes the conformance suite (package
 * {@code org.vfiomigtest.suite}, shipped in migtest.jar) on the JUnit
 * Platform and writes KTAP, JUnit XML and Allure results into the results
 * directory, which the host sees at the same path.
 *
 * <p>Usage: {@code GuestMain --results DIR [--tags EXPR] [--rules ID,...] [--shard I/N] [--class NAME]
 * [--selftest]}. With
 * {@code --selftest}, the suite run is followed by the mutation check
 * ({@link SelfTest}). Exit status: 0 all tests passed or were skipped (and,
 * with --selftest, every bug switch was caught), 1 a test failed or a switch
 * went uncaught, 2 bad arguments, 3 no test was found.
 */
public final class GuestMain {
    static final String SUITE_PACKAGE = "org.vfiomigtest.suite";

    private GuestMain() {
    }

    public static void main(String[] args) throws IOException {
        System.out.println("migtest-guest: jvm-main (" + uptime() + "s)");
        preloadNativeBindings();
        Path results = null;
        String tags = null;
        boolean selftest = false;
        Shard shard = null;
        String testClass = null;
        List<String> rules = List.of();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--results" -> results = Path.of(args[++i]);
                case "--tags" -> tags = args[++i];
                case "--rules" -> rules = List.of(args[++i].split(","));
                case "--selftest" -> selftest = true;
                case "--shard" -> shard = Shard.parse(args[++i]);
                case "--class" -> testClass = args[++i];
                default -> {
                    System.err.println("GuestMain: unknown argument " + args[i]);
                    System.exit(2);
                }
            }
        }
        if (results == null) {
            System.err.println("GuestMain: --results DIR is required");
            System.exit(2);
        }
        int status = run(results, new SuiteRun.Selection(tags, rules, shard), testClass);
        if (selftest && status != 3) {
            status = Math.max(status, selftest(results));
        }
        System.exit(status);
    }

    /** The mutation check; 0 when every bug switch was caught by a test of its rule. */
    static int selftest(Path results) throws IOException {
        if (!Files.isReadable(SelfTest.BUG_TABLE)) {
            System.out.println("migtest-selftest: no " + SelfTest.BUG_TABLE + ": the device is not the sample driver");
            return 1;
        }
        var outcomes = SelfTest.run(SelfTest.readBugTable(SelfTest.BUG_TABLE));
        SelfTest.write(results.resolve("selftest.json"), outcomes);
        return outcomes.stream().allMatch(SelfTest.Outcome::caught) ? 0 : 1;
    }

    /** Runs the suite, or only {@code testClass} (e.g. migtest bench's) when it is given. */
    static int run(Path results, SuiteRun.Selection selection, String testClass) throws IOException {
        // read by the Allure listener when its lifecycle is created
        System.setProperty("allure.results.directory", results.resolve("allure-results").toString());
        var markers = Boolean.getBoolean(GuestContract.MARKERS_PROPERTY) ? ConsoleMarkers.toKernelLog() : null;
        var outcome = new SuiteRun(results, selection, markers, GuestMain::firstTest, GuestMain::awaitDevices)
                .execute(testClass != null ? List.of(selectClass(testClass)) : SuiteIndex.selectors());
        if (outcome.testsFound() == 0) {
            return 3;
        }
        return outcome.failures() == 0 ? 0 : 1;
    }

    /**
     * guest-init starts this JVM before the driver is loaded, so that both
     * boot at once; it names a file ({@code -Dmigtest.ready}) that appears
     * once the devices are there. Without the property, nothing to wait for.
     */
    public static void awaitDevices() {
        String file = System.getProperty(GuestContract.READY_PROPERTY);
        if (file == null) {
            return;
        }
        Path ready = Path.of(file);
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(10);
        while (!Files.exists(ready)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(ready + " did not appear: the guest never got its devices ready");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for " + ready, e);
            }
        }
    }

    /** JNA's first load takes most of a second under TCG: done while the suite is discovered. */
    private static void preloadNativeBindings() {
        var preload = new Thread(NativeBindings::load, "migtest-jna-preload");
        preload.setDaemon(true);
        preload.start();
    }

    private static void firstTest() {
        System.out.println(GuestContract.FIRST_TEST + " (" + uptime() + "s)");
        System.out.flush();
    }

    /** Seconds since the guest booted, as guest-init prints them. */
    private static String uptime() {
        try {
            return Files.readString(Path.of("/proc/uptime")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }
}
