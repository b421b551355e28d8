package org.vfiomigtest.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.vfiomigtest.report.AllureReport;

/**
 * {@code migtest report [--out DIR] RUN_DIR...}: renders the Allure results
 * of one or more runs (shards, say) into one HTML report.
 */
final class ReportCommand {
    static final String HELP = """
            usage: migtest report [--out DIR] RUN_DIR...

            Renders the allure-results of the given run directories into one HTML
            report (a single index.html). Default --out: RUN_DIR/allure-report for
            one run, else ./allure-report.
            """;

    private ReportCommand() {
    }

    static int run(List<String> args, Path repoRoot, PrintStream out, PrintStream err) throws UsageException {
        Path reportDir = null;
        List<Path> runs = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--out")) {
                if (++i >= args.size()) {
                    throw new UsageException("--out needs a value");
                }
                reportDir = Path.of(args.get(i)).toAbsolutePath();
            } else if (args.get(i).startsWith("-")) {
                throw new UsageException("unknown option '" + args.get(i) + "'");
            } else {
                runs.add(Path.of(args.get(i)).toAbsolutePath());
            }
        }
        if (runs.isEmpty()) {
            throw new UsageException("migtest report needs at least one run directory");
        }
        List<Path> results = new ArrayList<>();
        for (Path r : runs) {
            Path a = r.resolve(AllureReport.RESULTS);
            if (!Files.isDirectory(a)) {
                throw new UsageException(r + " has no " + AllureReport.RESULTS + " directory: not a migtest run?");
            }
            results.add(a);
        }
        if (reportDir == null) {
            reportDir = runs.size() == 1 ? runs.get(0).resolve(AllureReport.REPORT)
                    : Path.of(AllureReport.REPORT).toAbsolutePath();
        }
        try {
            Path allure = AllureReport.commandLine(repoRoot.resolve("harness"));
            if (allure == null) {
                err.println("migtest: no Allure command line under harness/target/allure; run mvn -B package");
                return ExitCode.INFRA.code;
            }
            Files.createDirectories(reportDir.getParent());
            out.println(AllureReport.generate(allure, results, reportDir, err::println));
            return ExitCode.PASS.code;
        } catch (IOException e) {
            err.println("migtest: " + e.getMessage());
            return ExitCode.INFRA.code;
        }
    }
}
