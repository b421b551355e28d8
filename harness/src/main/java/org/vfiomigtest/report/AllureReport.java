package org.vfiomigtest.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.vfiomigtest.vm.HostCommand;

/**
 * The HTML report: Allure 2's command line (unpacked by the build into
 * harness/target/allure) renders one or more allure-results directories into
 * a single self-contained index.html. Also writes what Allure shows beside
 * the tests: environment.properties and categories.json.
 */
public final class AllureReport {
    public static final String RESULTS = "allure-results";
    public static final String REPORT = "allure-report";

    /** Failed = an assertion about the driver; broken = an exception in the harness. */
    static final String CATEGORIES = """
            [
              {"name": "Kernel oops, panic or warning", "messageRegex": ".*(Oops|BUG:|WARNING:|Kernel panic|Call Trace|kernel taint).*",
               "matchedStatuses": ["failed", "broken"]},
              {"name": "Driver defect: a spec rule is violated", "matchedStatuses": ["failed"]},
              {"name": "Harness broken", "matchedStatuses": ["broken"]}
            ]
            """;

    private AllureReport() {
    }

    /** bin/allure under harness/target/allure, or null when the build did not unpack it. */
    public static Path commandLine(Path harnessHome) throws IOException {
        Path dir = harnessHome.resolve("target/allure");
        if (!Files.isDirectory(dir)) {
            return null;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.resolve("bin/allure")).filter(Files::isExecutable).findFirst().orElse(null);
        }
    }

    /** environment.properties and categories.json into an allure-results directory. */
    public static void describe(Path results, Map<String, String> environment) throws IOException {
        Files.createDirectories(results);
        var sb = new StringBuilder();
        environment.forEach((k, v) -> sb.append(k).append(" = ").append(v.replace("\n", " ")).append('\n'));
        Files.writeString(results.resolve("environment.properties"), sb);
        Files.writeString(results.resolve("categories.json"), CATEGORIES);
    }

    /** Renders {@code resultsDirs} into {@code reportDir}/index.html; returns that file. */
    public static Path generate(Path allure, List<Path> resultsDirs, Path reportDir, Consumer<String> log)
            throws IOException {
        List<String> argv = new ArrayList<>(List.of(allure.toString(), "generate", "--single-file", "--clean",
                "-o", reportDir.toString()));
        resultsDirs.forEach(d -> argv.add(d.toString()));
        var r = HostCommand.run(argv, reportDir.getParent(), Map.of(), Duration.ofMinutes(5), log);
        Path index = reportDir.resolve("index.html");
        if (r.exitCode() != 0 || !Files.isRegularFile(index)) {
            r.stdout().forEach(log);
            throw new IOException("allure generate failed (exit " + r.exitCode() + ")");
        }
        return index;
    }
}
