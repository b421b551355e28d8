package org.vfiomigtest.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vfiomigtest.report.Json;

/** {@code migtest rules [--json]}. */
class RulesCommandTest {

    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

    private int run(String... args) {
        return RulesCommand.run(List.of(args), new PrintStream(outBytes, true, StandardCharsets.UTF_8),
                new PrintStream(errBytes, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return outBytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void jsonListsEveryRuleInOrderWithItsTests() {
        assertEquals(0, run("--json"));
        RuleCatalog catalog = RuleCatalog.load();
        var coverage = RuleCoverage.scanPackage(catalog, RuleCoverage.SUITE_PACKAGE);
        assertEquals(Json.write(RulesCommand.toJson(catalog, coverage)) + System.lineSeparator(), out());
        String json = out();
        assertTrue(json.startsWith("[{\"id\":\"" + catalog.all().get(0).id() + "\",\"kind\":"), json);
        for (Rule r : catalog.all()) {
            assertTrue(json.contains("{\"id\":\"" + r.id() + "\",\"kind\":\"" + r.kind().label + "\",\"side\":\""
                    + r.side().label + "\""), r.id());
        }
        assertTrue(json.contains("all combinations of (RESUMING | SAVING) are invalid.\",\"tests\":["), "quotes are printed");
        assertTrue(json.contains("\"tests\":["));
    }

    @Test
    void jsonCarriesTheTestsOfARule() {
        RuleCatalog catalog = RuleCatalog.load();
        var coverage = RuleCoverage.scan(catalog, List.of(CoverageFixtures.Good.class));
        var doc = RulesCommand.toJson(catalog, coverage);
        var ds01 = doc.stream().filter(m -> m.get("id").equals("DS-01")).findFirst().orElseThrow();
        assertEquals(List.of("id", "kind", "side", "summary", "quote", "tests"), List.copyOf(ds01.keySet()));
        assertEquals(List.of("CoverageFixtures$Good#ds01_defaultIsRunning"), ds01.get("tests"));
        assertEquals("must", ds01.get("kind"));
        assertEquals("driver", ds01.get("side"));
    }

    @Test
    void textTableGroupsByAreaAndCounts() {
        assertEquals(0, run());
        String text = out();
        assertTrue(text.startsWith("ID       KIND     SIDE   TESTS  SUMMARY"), text.substring(0, Math.min(200, text.length())));
        assertTrue(text.contains("\n== REG: region layout\n"));
        assertTrue(text.contains("== DS: device_state bitfield"));
        assertTrue(text.lines().anyMatch(l -> l.startsWith("DS-01    must     driver ")), "row for DS-01");
        assertTrue(text.contains(RuleCatalog.load().size() + " rules, "), "footer");
    }

    @Test
    void helpAndUsageErrors() {
        assertEquals(0, run("--help"));
        assertTrue(out().startsWith("usage: migtest rules [--json]"));
        assertEquals(2, run("--yaml"));
        assertTrue(errBytes.toString(StandardCharsets.UTF_8).contains("unknown argument '--yaml'"));
    }

    @Test
    void wrapSplitsAtSpaces() {
        assertEquals(List.of("aaa bbb", "ccc"), RulesCommand.wrap("aaa bbb ccc", 7));
        assertEquals(List.of("toolongword"), RulesCommand.wrap("toolongword", 4));
    }
}
