package org.vfiomigtest.rules;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vfiomigtest.report.Json;

/**
 * {@code migtest rules [--json]}: the rule catalog with, per rule, the conformance tests
 * ({@value RuleCoverage#SUITE_PACKAGE}) that declare it. Exit status 0; 2 on a usage error; 1 if
 * the bundled catalog is malformed (the values of {@code cli.ExitCode} PASS, USAGE and FAIL,
 * spelled out here because this package must not depend on cli).
 * Coverage warnings go to {@code err}, so {@code --json} output on {@code out} stays clean.
 */
public final class RulesCommand {

    static final String HELP = """
            usage: migtest rules [--json]

            Print the rule catalog: every normative statement of the migration
            region spec (shared/spec/migration-region-spec.h.txt) with its id,
            kind (must, must-not, should, may), side (driver or user), the spec's
            words, and the conformance tests that check it.

            options:
              --json     print [{"id","kind","side","summary","quote","tests":[...]}]
              -h, --help this text
            """;

    private static final int OK = 0;
    private static final int FAIL = 1;
    private static final int USAGE = 2;
    private static final int WIDTH = 100;

    private RulesCommand() {
    }

    /** Runs {@code migtest rules} with the arguments after the command word. */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        boolean json = false;
        for (String a : args) {
            switch (a) {
                case "--json" -> json = true;
                case "-h", "--help" -> {
                    out.print(HELP);
                    return OK;
                }
                default -> {
                    err.println("migtest rules: unknown argument '" + a + "'");
                    err.println("migtest rules: see 'migtest rules --help'");
                    return USAGE;
                }
            }
        }
        RuleCatalog catalog;
        try {
            catalog = RuleCatalog.load();
        } catch (RuntimeException e) {
            err.println("migtest rules: broken rule catalog: " + e.getMessage());
            return FAIL;
        }
        RuleCoverage.Report coverage = RuleCoverage.scanPackage(catalog, RuleCoverage.SUITE_PACKAGE);
        if (json) {
            out.println(Json.write(toJson(catalog, coverage)));
        } else {
            printTable(catalog, coverage, out);
        }
        warn(coverage, err);
        return OK;
    }

    /** The JSON document: one object per rule, in catalog order. */
    static List<Map<String, Object>> toJson(RuleCatalog catalog, RuleCoverage.Report coverage) {
        var list = new ArrayList<Map<String, Object>>();
        for (Rule r : catalog.all()) {
            var m = new LinkedHashMap<String, Object>();
            m.put("id", r.id());
            m.put("kind", r.kind().label);
            m.put("side", r.side().label);
            m.put("summary", r.summary());
            m.put("quote", r.quote());
            m.put("tests", coverage.tests(r.id()));
            list.add(m);
        }
        return list;
    }

    static void printTable(RuleCatalog catalog, RuleCoverage.Report coverage, PrintStream out) {
        out.printf("%-8s %-8s %-6s %5s  %s%n", "ID", "KIND", "SIDE", "TESTS", "SUMMARY / quote / tests");
        String area = null;
        for (Rule r : catalog.all()) {
            if (!r.prefix().equals(area)) {
                area = r.prefix();
                out.println();
                out.println("== " + area + ": " + RuleCatalog.AREAS.get(area));
            }
            List<String> tests = coverage.tests(r.id());
            out.printf("%-8s %-8s %-6s %5d  %s%n", r.id(), r.kind().label, r.side().label, tests.size(), r.summary());
            for (String line : wrap("\"" + r.quote() + "\"", WIDTH - 10)) {
                out.println("          " + line);
            }
            for (String t : tests) {
                out.println("          test: " + t);
            }
        }
        out.println();
        out.printf("%d rules, %d with a test, %d without%n", catalog.size(), coverage.coveredCount(),
                coverage.uncovered().size());
    }

    private static void warn(RuleCoverage.Report coverage, PrintStream err) {
        coverage.unknownIds().forEach((id, tests) ->
                err.println("migtest rules: unknown rule id " + id + " in @SpecRule of " + String.join(", ", tests)));
        for (String p : coverage.problems()) {
            err.println("migtest rules: " + p);
        }
    }

    /** Splits {@code text} into lines of at most {@code width} characters at spaces. */
    static List<String> wrap(String text, int width) {
        var lines = new ArrayList<String>();
        var line = new StringBuilder();
        for (String word : text.split(" +")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }
}
