package org.vfiomigtest.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.vfiomigtest.vm.Accel;
import org.vfiomigtest.vm.GuestContract.Debug;

/** Options of {@code migtest run}. */
final class RunOptions {
    static final String HELP = """
            usage: migtest run [options]

            Boots a QEMU test VM with the guest kernel, loads the VFIO stack and the
            driver, creates mdev instances and runs the conformance suite in the guest.
            KTAP on stdout, progress on stderr, results under --out.

            kernel:
              --kernel FILE         your own kernel image (bzImage); needs --modules
              --modules DIR         its 'make modules_install INSTALL_MOD_PATH=DIR' tree
              --kernel-build DIR    its build tree, to build the driver against
                                    (default: DIR/lib/modules/<release>/build)
            driver:
              --driver FILE.ko      load this module instead of building kmod/
              --driver-src DIR      build the driver from DIR (a patched kmod/) instead
              --no-driver           load no driver (VFIO stack only)
              --driver-cycles N     first load and unload the driver N times, creating and
                                    removing an instance of each --mdev type each time
              --mdev TYPE           create an instance of mdev type TYPE
                                    (can be used multiple times; default: %s)
              --bug NAME            turn the sample driver's bug switch NAME on in the
                                    device under test (see kmod/README.md); the run
                                    should then fail
            direct mode (no VM: this machine's kernel and devices):
              --direct              run the suite here, on --device
              --device PATH         the device's sysfs directory: an mdev
                                    (/sys/bus/mdev/devices/UUID) or a PCI device bound
                                    to a vfio driver (can be used multiple times)
            run:
              --scenario FILE       run this scenario file (YAML, docs/scenarios.md) instead of
                                    the suite (can be used multiple times); a bad file
                                    fails before any VM boots, naming file:line:column
              --tags EXPR           JUnit tag expression selecting tests (e.g. 'vfio & !slow')
              --rule ID             only the tests declaring catalog rule ID (@SpecRule, see
                                    migtest rules); can be used multiple times
              --shard I/N           run shard I of N (by test class; N shards run every
                                    class exactly once; merge with migtest report)
              --accel auto|kvm|tcg  accelerator (default auto: KVM if /dev/kvm opens and the
                                    guest shows life within 10 s, else TCG)
              --timeout S           kill the VM after S seconds (default 900), exit 125
              --memory MIB          guest memory (default 2048)
              --qemu FILE           the QEMU binary (default qemu-system-x86_64 on PATH)
              --out DIR             results directory (default target/migtest/<timestamp>)
              --cache DIR           image/module/JVM cache (default ~/.cache/vfio-migtest)
              --dry-run             print the QEMU command line and exit
              -v, --verbose         echo the guest console on stderr
              --guest-debug WHAT    test only: make the guest hang, panic or warn

            exit: 0 all passed; 1 a test failed or the kernel oopsed/warned/panicked;
                  2 usage; 125 the infrastructure failed (git bisect run skips it)
            """;
    static final List<String> DEFAULT_MDEVS = List.of("migtest-ndma", "migtest-ndma", "migtest-basic");

    Path kernel;
    Path modules;
    Path kernelBuild;
    Path driver;
    Path driverSrc;
    boolean noDriver;
    int driverCycles;
    final List<String> mdevTypes = new ArrayList<>();
    String tags;
    final List<String> rules = new ArrayList<>();
    String bug;
    String shard;
    Accel accel = Accel.AUTO;
    Duration timeout = Duration.ofSeconds(900);
    int memoryMiB = 2048;
    Path out;
    Path cache;
    Path qemu;
    boolean direct;
    final List<Path> scenarios = new ArrayList<>();
    /** migtest bench: run this class in the guest instead of the suite. */
    String guestClass;
    /** migtest bench: more system properties ({@code -Dname=value}) for the guest JVM. */
    final List<String> guestProperties = new ArrayList<>();
    /** migtest replay: one scenario, each step's result on stdout. */
    boolean replay;
    final List<Path> devices = new ArrayList<>();
    boolean dryRun;
    boolean verbose;
    Debug debug = Debug.NONE;
    /** migtest selftest: the suite, then every bug switch of the sample driver. */
    boolean selftest;
    /** With selftest: print {switch: [failing tests]} as JSON on stdout. */
    boolean json;
    /** migtest explore: the model-based explorer runs in the guest instead of the suite. */
    Explore explore;

    /** migtest explore's own options: the random seed, the step budget, the bug switches explored in turn. */
    record Explore(long seed, long steps, List<String> bugs) {
    }

    static final String EXPLORE_HELP = """
            usage: migtest explore --seed S --steps N [--bug NAME[,NAME...]] [run options]

            Drives random sequences of migration-region actions (device_state writes,
            field reads and writes, misaligned accesses, saves, resets) against the
            device in the guest and checks each outcome against a reference model of
            the spec. On a mismatch, the sequence is shrunk (QuickTheories) and written as
            the scenario file explore-S.yaml in --out (explore-S-NAME.yaml with several
            switches), which 'migtest replay FILE' reproduces.

              --seed S       the random seed: the same seed and steps give the same run (default 1)
              --steps N      actions to run while exploring, per configuration (default 2000;
                             the steps run while shrinking are counted apart)
              --bug LIST     explore with each of these sample-driver bug switches on,
                             one after the other in the same boot (comma-separated)
            Every other option is run's (migtest run --help), e.g. --out DIR, -v.

            exit: 0 no mismatch; 1 a mismatch (scenario written); 2 usage; 125 infrastructure
            """;

    /** Options of explore: its own, then run's. */
    static RunOptions parseExplore(List<String> args) throws UsageException {
        long seed = 1;
        long steps = 2000;
        List<String> bugs = List.of();
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--seed" -> seed = number(args, ++i, a);
                case "--steps" -> steps = positive(args, ++i, a);
                case "--bug" -> bugs = List.of(value(args, ++i, a).split(","));
                default -> rest.add(a);
            }
        }
        for (String b : bugs) {
            if (!org.vfiomigtest.scenario.SampleDriverNames.BUGS.contains(b.strip())) {
                throw new UsageException("--bug: no sample-driver switch '" + b + "' (kmod/README.md lists them)");
            }
        }
        RunOptions o = parse(rest);
        if (o.tags != null || !o.scenarios.isEmpty() || o.direct || o.noDriver) {
            throw new UsageException("explore runs the explorer: no --tags, --scenario, --direct or --no-driver");
        }
        o.explore = new Explore(seed, steps, bugs.stream().map(String::strip).toList());
        return o;
    }

    private static long number(List<String> args, int i, String opt) throws UsageException {
        String v = value(args, i, opt);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new UsageException(opt + " takes a whole number, not '" + v + "'");
        }
    }

    static RunOptions parse(List<String> args) throws UsageException {
        return parse(args, false);
    }

    /** Options of run, or of selftest (which adds --json). */
    static RunOptions parse(List<String> args, boolean selftest) throws UsageException {
        var o = new RunOptions();
        o.selftest = selftest;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (selftest && a.equals("--json")) {
                o.json = true;
                continue;
            }
            switch (a) {
                case "--kernel" -> o.kernel = path(args, ++i, a);
                case "--modules" -> o.modules = path(args, ++i, a);
                case "--kernel-build" -> o.kernelBuild = path(args, ++i, a);
                case "--driver" -> o.driver = path(args, ++i, a);
                case "--driver-src" -> o.driverSrc = path(args, ++i, a);
                case "--no-driver" -> o.noDriver = true;
                case "--driver-cycles" -> o.driverCycles = (int) positive(args, ++i, a);
                case "--mdev" -> o.mdevTypes.add(value(args, ++i, a));
                case "--tags" -> o.tags = value(args, ++i, a);
                case "--rule" -> o.rules.add(value(args, ++i, a));
                case "--bug" -> o.bug = value(args, ++i, a);
                case "--shard" -> {
                    o.shard = value(args, ++i, a);
                    if (!o.shard.matches("[1-9]\\d*/[1-9]\\d*")
                            || Integer.parseInt(o.shard.split("/")[0]) > Integer.parseInt(o.shard.split("/")[1])) {
                        throw new UsageException("--shard takes I/N with 1 <= I <= N, not '" + o.shard + "'");
                    }
                }
                case "--accel" -> {
                    try {
                        o.accel = Accel.parse(value(args, ++i, a));
                    } catch (IllegalArgumentException e) {
                        throw new UsageException(e.getMessage());
                    }
                }
                case "--timeout" -> o.timeout = Duration.ofSeconds(positive(args, ++i, a));
                case "--memory" -> o.memoryMiB = (int) positive(args, ++i, a);
                case "--out" -> o.out = path(args, ++i, a);
                case "--cache" -> o.cache = path(args, ++i, a);
                case "--qemu" -> o.qemu = path(args, ++i, a);
                case "--direct" -> o.direct = true;
                case "--scenario" -> o.scenarios.add(path(args, ++i, a));
                case "--device" -> o.devices.add(path(args, ++i, a));
                case "--dry-run" -> o.dryRun = true;
                case "-v", "--verbose" -> o.verbose = true;
                case "--guest-debug" -> o.debug = debug(value(args, ++i, a));
                default -> throw new UsageException("unknown option '" + a + "'");
            }
        }
        if ((o.kernel == null) != (o.modules == null)) {
            throw new UsageException("--kernel and --modules go together");
        }
        if (o.kernelBuild != null && o.kernel == null) {
            throw new UsageException("--kernel-build needs --kernel and --modules");
        }
        if (selftest && (o.noDriver || o.bug != null)) {
            throw new UsageException("selftest needs the sample driver and sets the bug switches itself");
        }
        int drivers = (o.driver != null ? 1 : 0) + (o.driverSrc != null ? 1 : 0) + (o.noDriver ? 1 : 0);
        if (drivers > 1) {
            throw new UsageException("--driver, --driver-src and --no-driver exclude each other");
        }
        if (!o.scenarios.isEmpty()) {
            if (o.tags != null || !o.rules.isEmpty() || o.selftest) {
                throw new UsageException("--scenario runs the given files: no --tags, no --rule, no selftest");
            }
            o.tags = "scenario";
        }
        if (o.direct) {
            if (o.devices.isEmpty()) {
                throw new UsageException("--direct needs --device PATH");
            }
            if (o.kernel != null || o.driver != null || o.driverSrc != null || !o.mdevTypes.isEmpty()
                    || o.debug != Debug.NONE || o.selftest) {
                throw new UsageException("--direct tests this machine's devices: no kernel, driver, mdev, "
                        + "guest-debug or selftest options");
            }
            return o;
        }
        if (!o.devices.isEmpty()) {
            throw new UsageException("--device goes with --direct");
        }
        if (o.mdevTypes.isEmpty() && !o.noDriver) {
            o.mdevTypes.addAll(DEFAULT_MDEVS);
        }
        return o;
    }

    private static String value(List<String> args, int i, String opt) throws UsageException {
        if (i >= args.size()) {
            throw new UsageException(opt + " needs a value");
        }
        return args.get(i);
    }

    private static Path path(List<String> args, int i, String opt) throws UsageException {
        return Path.of(value(args, i, opt)).toAbsolutePath().normalize();
    }

    private static long positive(List<String> args, int i, String opt) throws UsageException {
        String v = value(args, i, opt);
        try {
            long n = Long.parseLong(v);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException(opt + " takes a positive whole number, not '" + v + "'");
    }

    private static Debug debug(String v) throws UsageException {
        try {
            return Debug.valueOf(v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--guest-debug takes none, hang, panic or warn, not '" + v + "'");
        }
    }
}
