package org.vfiomigtest.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** {@code migtest}: the command line (harness/bin/migtest starts it). */
public final class Migtest {
    static final String HELP = """
            usage: migtest COMMAND [options]

            vfio-migtest: does a VFIO device driver honour the device-migration
            region protocol (v1, with the NDMA RFC)? Boots a test VM and runs the
            conformance suite against the device through /dev/vfio.

            commands:
              run        boot the test VM and run the suite (migtest run --help)
              replay     replay FILE [run options]: run one scenario file and print each
                         step's result (exit 1 when a step fails)
              explore    model-based exploration: random action sequences checked against a
                         model of the spec; a mismatch is shrunk and written as a scenario
                         file (migtest explore --help)
              selftest   the suite, then each bug switch of the sample driver: proves
                         every switch is caught by a test of the rule it breaks
                         (takes run's options, and --json)
              bench      time to first test, suite wall time and stream throughput
                         (JNA pread, mmap, C) side by side (migtest bench --help)
              report     render run directories' Allure results as one HTML report
              rules      the rule catalog with the tests covering each rule (--json)
              help       this text
            """;

    private Migtest() {
    }

    public static void main(String[] args) {
        System.exit(run(Arrays.asList(args), System.out, System.err));
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty() || List.of("help", "-h", "--help").contains(args.get(0))) {
            out.print(HELP);
            return args.isEmpty() ? ExitCode.USAGE.code : ExitCode.PASS.code;
        }
        List<String> rest = args.subList(1, args.size());
        try {
            switch (args.get(0)) {
                case "run" -> {
                    if (rest.contains("--help") || rest.contains("-h")) {
                        out.print(RunOptions.HELP.formatted(String.join(" ", RunOptions.DEFAULT_MDEVS)));
                        return ExitCode.PASS.code;
                    }
                    return new RunCommand(RunOptions.parse(rest), repoRoot(), out, err).call();
                }
                case "replay" -> {
                    if (rest.isEmpty() || rest.get(0).startsWith("-")) {
                        throw new UsageException("migtest replay needs a scenario FILE first");
                    }
                    List<String> runArgs = new java.util.ArrayList<>(List.of("--scenario", rest.get(0)));
                    runArgs.addAll(rest.subList(1, rest.size()));
                    RunOptions o = RunOptions.parse(runArgs);
                    o.replay = true;
                    return new RunCommand(o, repoRoot(), out, err).call();
                }
                case "explore" -> {
                    if (rest.contains("--help") || rest.contains("-h")) {
                        out.print(RunOptions.EXPLORE_HELP);
                        return ExitCode.PASS.code;
                    }
                    return new RunCommand(RunOptions.parseExplore(rest), repoRoot(), out, err).call();
                }
                case "bench" -> {
                    if (rest.contains("--help") || rest.contains("-h")) {
                        out.print(BenchCommand.HELP);
                        return ExitCode.PASS.code;
                    }
                    return new BenchCommand(rest, repoRoot(), out, err).call();
                }
                case "report" -> {
                    if (rest.contains("--help") || rest.contains("-h")) {
                        out.print(ReportCommand.HELP);
                        return ExitCode.PASS.code;
                    }
                    return ReportCommand.run(rest, repoRoot(), out, err);
                }
                case "rules" -> {
                    return org.vfiomigtest.rules.RulesCommand.run(rest, out, err);
                }
                case "selftest" -> {
                    if (rest.contains("--help") || rest.contains("-h")) {
                        out.print(HELP);
                        return ExitCode.PASS.code;
                    }
                    return new RunCommand(RunOptions.parse(rest, true), repoRoot(), out, err).call();
                }
                default -> throw new UsageException("unknown command '" + args.get(0) + "'");
            }
        } catch (UsageException e) {
            err.println("migtest: " + e.getMessage());
            err.println("migtest: see 'migtest --help'");
            return ExitCode.USAGE.code;
        }
    }

    /** The checkout: -Dmigtest.home (set by harness/bin/migtest) or found upwards from the working directory. */
    static Path repoRoot() throws UsageException {
        String home = System.getProperty("migtest.home");
        Path p = home != null ? Path.of(home) : Path.of("").toAbsolutePath();
        for (Path d = p.toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("vm-images/build-image"))) {
                return d;
            }
        }
        throw new UsageException("cannot find the vfio-migtest checkout (vm-images/build-image) from " + p);
    }
}
