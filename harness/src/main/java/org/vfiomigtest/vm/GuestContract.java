package org.vfiomigtest.vm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Everything the host and the guest agree on, in one place (the other side
 * is vm-images/guest-init and org.vfiomigtest.guest.GuestMain).
 *
 * <p>In: kernel parameters {@code migtest_init}, {@code migtest_out},
 * {@code migtest_debug} (undotted, so the kernel hands them to init as
 * environment), and {@code guest.env} in the results directory, a bash file
 * (a class path does not fit the 2 KiB kernel command line). Out: the
 * results directory, mounted in the guest at the same absolute path, with
 * {@code guest-exit}, {@code ktap.txt}, {@code junit/}, {@code allure-results/}
 * and {@code dmesg.txt}; console markers below.
 */
public final class GuestContract {
    /** Printed by guest-init when the driver is loaded and the command starts. */
    public static final String READY = "migtest-guest: guest-ready";
    /** Printed by GuestMain when the first test starts. */
    public static final String FIRST_TEST = "migtest-guest: first-test";
    /** System property naming the file guest-init creates once the devices are ready (the JVM starts before). */
    public static final String READY_PROPERTY = "migtest.ready";
    /** That file, in the guest. */
    public static final String READY_FILE = "/run/migtest-ready";
    /**
     * GuestMain writes "{@value} start UUID NAME" and "{@value} stop UUID" into the kernel log
     * (so onto the console, in order with the kernel's own lines) around each test, UUID being
     * the test's Allure result: the host cuts the console by test with them.
     */
    public static final String TEST_MARKER = "migtest-test:";
    /** System property turning those markers on (in the VM only: never in a host's kernel log). */
    public static final String MARKERS_PROPERTY = "migtest.markers";
    /** guest-init prefixes every console line of the guest command with this. */
    public static final String COMMAND_TAG = "migtest-cmd| ";
    public static final String ENV_FILE = "guest.env";
    public static final String EXIT_FILE = "guest-exit";
    public static final String KTAP_FILE = "ktap.txt";
    public static final String DMESG_FILE = "dmesg.txt";

    /** Test-only guest misbehaviour, to prove the host notices it. */
    public enum Debug { NONE, HANG, PANIC, WARN }

    /** What the guest is asked to do. */
    public record Settings(GuestImage image, Path driver, List<String> driverParams, List<String> mdevs,
            int driverCycles, List<String> command, Debug debug) {
        public Settings {
            driverParams = List.copyOf(driverParams);
            mdevs = List.copyOf(mdevs);
            command = List.copyOf(command);
        }
    }

    private GuestContract() {
    }

    public static Map<String, String> kernelParams(Path repoRoot, Path results, Debug debug) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("migtest_init", repoRoot.resolve("vm-images/guest-init").toString());
        p.put("migtest_out", results.toString());
        if (debug != Debug.NONE) {
            p.put("migtest_debug", debug.name().toLowerCase(java.util.Locale.ROOT));
        }
        for (String v : p.values()) {
            if (v.matches(".*\\s.*")) {
                throw new IllegalArgumentException("paths with white space cannot cross the kernel command line: " + v);
            }
        }
        return p;
    }

    /** Writes guest.env for guest-init to source. */
    public static void writeEnv(Path results, Settings s) throws IOException {
        var sb = new StringBuilder("# written by the migtest host launcher; sourced by vm-images/guest-init\n");
        sb.append("MIGTEST_MODULES=").append(array(s.image().guestModules().stream().map(Path::toString).toList()))
                .append('\n');
        sb.append("MIGTEST_DRIVER=").append(quote(s.driver() == null ? "" : s.driver().toString())).append('\n');
        sb.append("MIGTEST_DRIVER_PARAMS=").append(array(s.driverParams())).append('\n');
        sb.append("MIGTEST_MDEVS=").append(array(s.mdevs())).append('\n');
        sb.append("MIGTEST_DRIVER_CYCLES=").append(s.driverCycles()).append('\n');
        sb.append("MIGTEST_COMMAND=").append(array(s.command())).append('\n');
        Files.writeString(results.resolve(ENV_FILE), sb, StandardCharsets.UTF_8);
    }

    /** The guest command's exit code, if the guest got that far. */
    public static OptionalInt readExit(Path results) throws IOException {
        Path f = results.resolve(EXIT_FILE);
        if (!Files.isRegularFile(f)) {
            return OptionalInt.empty();
        }
        String s = Files.readString(f).strip();
        return s.matches("\\d+") ? OptionalInt.of(Integer.parseInt(s)) : OptionalInt.empty();
    }

    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    static String array(List<String> items) {
        var sb = new StringBuilder("(");
        for (String i : items) {
            if (sb.length() > 1) {
                sb.append(' ');
            }
            sb.append(quote(i));
        }
        return sb.append(')').toString();
    }
}
