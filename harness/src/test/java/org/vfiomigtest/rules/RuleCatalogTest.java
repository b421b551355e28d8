package org.vfiomigtest.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

/** The bundled rules.txt is well formed; the parser names the line of every format error. */
class RuleCatalogTest {

    private final RuleCatalog catalog = RuleCatalog.load();

    @Test
    void bundledCatalogParsesOnce() {
        assertSame(catalog, RuleCatalog.load());
        assertTrue(catalog.size() >= 50, "expected every normative statement, found only " + catalog.size() + " rules");
    }

    @Test
    void idsAreUniqueAndWellFormed() {
        var seen = new HashSet<String>();
        for (Rule r : catalog.all()) {
            assertTrue(Rule.ID.matcher(r.id()).matches(), r.id() + " is not AREA-NN");
            assertTrue(RuleCatalog.AREAS.containsKey(r.prefix()), r.id() + ": unknown area " + r.prefix());
            assertTrue(seen.add(r.id()), "duplicate id " + r.id());
        }
    }

    @Test
    void areasAppearTogetherInDeclaredOrderWithAscendingNumbers() {
        var numbers = new LinkedHashMap<String, List<Integer>>();
        String previous = null;
        for (Rule r : catalog.all()) {
            Matcher m = Rule.ID.matcher(r.id());
            assertTrue(m.matches());
            String area = m.group(1);
            if (!area.equals(previous)) {
                assertFalse(numbers.containsKey(area), "area " + area + " is split: " + r.id() + " comes after another area");
                numbers.put(area, new ArrayList<>());
                previous = area;
            }
            List<Integer> ns = numbers.get(area);
            int n = Integer.parseInt(m.group(2));
            assertTrue(n >= 1 && (ns.isEmpty() || n > ns.get(ns.size() - 1)),
                    r.id() + " is out of order after " + area + "-" + (ns.isEmpty() ? "none" : ns.get(ns.size() - 1)));
            ns.add(n);
        }
        assertEquals(new ArrayList<>(RuleCatalog.AREAS.keySet()), new ArrayList<>(numbers.keySet()),
                "every area has rules, in the order of RuleCatalog.AREAS");
    }

    @Test
    void everyRuleHasValidKindSideAndShortSummary() {
        for (Rule r : catalog.all()) {
            assertTrue(List.of(Rule.Kind.values()).contains(r.kind()), r.id());
            assertTrue(List.of(Rule.Side.values()).contains(r.side()), r.id());
            int words = r.summary().split("\\s+").length;
            assertTrue(words >= 3 && words <= 8, r.id() + ": summary should be 3-8 words: " + r.summary());
            assertFalse(r.quote().isBlank(), r.id());
        }
    }

    @Test
    void catalogHoldsBothSidesAndAllKinds() {
        var kinds = new HashSet<Rule.Kind>();
        var sides = new HashSet<Rule.Side>();
        catalog.all().forEach(r -> {
            kinds.add(r.kind());
            sides.add(r.side());
        });
        assertEquals(Rule.Kind.values().length, kinds.size(), "kinds used: " + kinds);
        assertEquals(Rule.Side.values().length, sides.size(), "sides used: " + sides);
    }

    @Test
    void lookupById() {
        Rule ds01 = catalog.get("DS-01");
        assertEquals(Rule.Kind.MUST, ds01.kind());
        assertEquals(Rule.Side.DRIVER, ds01.side());
        assertEquals("ds01", ds01.methodToken());
        assertEquals("DS", ds01.prefix());
        assertTrue(catalog.find("DS-99").isEmpty());
        assertFalse(catalog.contains("ds-01"));
        var e = assertThrows(IllegalArgumentException.class, () -> catalog.get("XX-01"));
        assertTrue(e.getMessage().contains("XX-01"), e.getMessage());
    }

    @Test
    void quoteKeepsPipesAndFieldsAreTrimmed() {
        RuleCatalog c = RuleCatalog.parse("t", List.of(
                "# comment",
                "",
                "  DS-03 |must| driver |  a b c  | all combinations of (RESUMING | SAVING) are invalid.  "));
        Rule r = c.get("DS-03");
        assertEquals("a b c", r.summary());
        assertEquals("all combinations of (RESUMING | SAVING) are invalid.", r.quote());
    }

    @Test
    void parseErrorsNameTheLine() {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("DS-01 | must | driver | only four fields", "expected 5 fields");
        cases.put("DS-1 | must | driver | s | q", "is not AREA-NN");
        cases.put("ds-01 | must | driver | s | q", "is not AREA-NN");
        cases.put("ZZ-01 | must | driver | s | q", "unknown area prefix 'ZZ'");
        cases.put("DS-01 | shall | driver | s | q", "kind 'shall'");
        cases.put("DS-01 | must | kernel | s | q", "side 'kernel'");
        cases.put("DS-01 | must | driver |  | q", "summary is empty");
        cases.put("DS-01 | must | driver | s | ", "quote is empty");
        for (var c : cases.entrySet()) {
            var e = assertThrows(RuleCatalog.FormatException.class,
                    () -> RuleCatalog.parse("rules.txt", List.of("# header", "", c.getKey())), c.getKey());
            assertEquals(3, e.line());
            assertTrue(e.getMessage().startsWith("rules.txt:3: "), e.getMessage());
            assertTrue(e.getMessage().contains(c.getValue()), e.getMessage());
        }
    }

    @Test
    void duplicateIdNamesBothLines() {
        var e = assertThrows(RuleCatalog.FormatException.class, () -> RuleCatalog.parse("rules.txt", List.of(
                "DS-01 | must | driver | s | q",
                "DS-02 | must | driver | s | q",
                "DS-01 | may | user | s | q")));
        assertEquals("rules.txt:3: duplicate id DS-01 (first at line 1)", e.getMessage());
    }
}
