package org.vfiomigtest.report;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counts of a KTAP document as written by {@link KtapWriter}: the tests are
 * the nested (indented) result lines; the top level holds one line per class.
 */
public record KtapSummary(int passed, int failed, int skipped, List<String> failures, int topPlan, int topResults) {
    private static final Pattern RESULT = Pattern.compile("^( *)(ok|not ok) (\\d+) ([^#]*?)\\s*(# SKIP.*)?$");
    private static final Pattern PLAN = Pattern.compile("^1\\.\\.(\\d+)$");

    public static KtapSummary parse(String ktap) {
        int passed = 0;
        int failed = 0;
        int skipped = 0;
        int topPlan = -1;
        int topResults = 0;
        List<String> failures = new ArrayList<>();
        String currentClass = "";
        for (String line : ktap.split("\n")) {
            Matcher plan = PLAN.matcher(line);
            if (plan.matches()) {
                topPlan = Integer.parseInt(plan.group(1));
                continue;
            }
            if (line.startsWith("    # Subtest: ")) {
                currentClass = line.substring("    # Subtest: ".length()).strip();
                continue;
            }
            Matcher m = RESULT.matcher(line);
            if (!m.matches()) {
                continue;
            }
            if (m.group(1).isEmpty()) {
                topResults++;
            } else if (m.group(5) != null) {
                skipped++;
            } else if (m.group(2).equals("ok")) {
                passed++;
            } else {
                failed++;
                failures.add(currentClass + ": " + m.group(4));
            }
        }
        return new KtapSummary(passed, failed, skipped, List.copyOf(failures), topPlan, topResults);
    }

    public int total() {
        return passed + failed + skipped;
    }

    /** The closing line CI reads: "N passed, N failed, N skipped". */
    public String line() {
        return passed + " passed, " + failed + " failed, " + skipped + " skipped";
    }
}
