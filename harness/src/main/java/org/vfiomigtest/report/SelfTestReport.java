package org.vfiomigtest.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The host's reading of a self-test: selftest.tsv (one line per bug switch:
 * name, caught or missed, tests run, tests failing) as the guest wrote it.
 */
public record SelfTestReport(List<String> caught, List<String> missed) {
    public static final String TSV = "selftest.tsv";
    public static final String JSON = "selftest.json";

    public static SelfTestReport read(Path results) throws IOException {
        List<String> caught = new ArrayList<>();
        List<String> missed = new ArrayList<>();
        for (String line : Files.readAllLines(results.resolve(TSV))) {
            String[] f = line.split("\t");
            if (f.length >= 2) {
                (f[1].equals("caught") ? caught : missed).add(f[0]);
            }
        }
        return new SelfTestReport(List.copyOf(caught), List.copyOf(missed));
    }

    /** "N passed, N failed": switches caught and missed. */
    public String line() {
        return caught.size() + " passed, " + missed.size() + " failed";
    }
}
