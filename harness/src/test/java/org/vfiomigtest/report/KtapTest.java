package org.vfiomigtest.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.StringWriter;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.vfiomigtest.report.KtapWriter.Line;
import org.vfiomigtest.report.KtapWriter.Result;

class KtapTest {

    private static String twoClasses() {
        var out = new StringWriter();
        var w = new KtapWriter(out);
        w.begin(2);
        w.block("StateTest", List.of(
                Line.of("DS-01 default is RUNNING", Result.PASS, null, null),
                Line.of("DS-02 # not a comment", Result.FAIL, null, new AssertionError("expected 0x1\nbut 0x0")),
                Line.of("NDMA-01 sets NDMA", Result.SKIP, "no NDMA capability", null)), Result.FAIL, null);
        w.block("EmptyTest", List.of(), Result.PASS, null);
        return out.toString();
    }

    @Test
    void writesNestedKtapVersion1() {
        assertEquals("""
                KTAP version 1
                1..2
                    KTAP version 1
                    # Subtest: StateTest
                    1..3
                    ok 1 DS-01 default is RUNNING
                    not ok 2 DS-02 _ not a comment
                    # java.lang.AssertionError: expected 0x1
                    # but 0x0
                    ok 3 NDMA-01 sets NDMA # SKIP no NDMA capability
                not ok 1 StateTest
                    KTAP version 1
                    # Subtest: EmptyTest
                    1..0
                ok 2 EmptyTest
                """, twoClasses());
    }

    @Test
    void summaryCountsNestedResultsOnly() {
        KtapSummary s = KtapSummary.parse(twoClasses());
        assertEquals(1, s.passed());
        assertEquals(1, s.failed());
        assertEquals(1, s.skipped());
        assertEquals(2, s.topPlan());
        assertEquals(2, s.topResults());
        assertEquals(List.of("StateTest: DS-02 _ not a comment"), s.failures());
        assertEquals("1 passed, 1 failed, 1 skipped", s.line());
    }

    @Test
    void verdictPrefersKernelTroubleThenFailuresThenInfrastructure() {
        KtapSummary green = KtapSummary.parse("KTAP version 1\n1..1\n    1..1\n    ok 1 a\nok 1 C\n");
        KtapSummary red = KtapSummary.parse(twoClasses());
        KtapSummary none = KtapSummary.parse("");
        assertEquals(0, Verdict.decide(false, OptionalInt.of(0), green, List.of()).exitCode());
        assertEquals(1, Verdict.decide(false, OptionalInt.of(0), green, List.of("WARNING")).exitCode());
        assertEquals(1, Verdict.decide(true, OptionalInt.empty(), none, List.of("PANIC")).exitCode());
        assertEquals(1, Verdict.decide(false, OptionalInt.of(1), red, List.of()).exitCode());
        assertEquals(125, Verdict.decide(true, OptionalInt.empty(), none, List.of()).exitCode());
        assertEquals(125, Verdict.decide(false, OptionalInt.empty(), none, List.of()).exitCode());
        assertEquals(125, Verdict.decide(false, OptionalInt.of(3), none, List.of()).exitCode());
        assertEquals(125, Verdict.decide(false, OptionalInt.of(137), green, List.of()).exitCode());
        KtapSummary cut = KtapSummary.parse("KTAP version 1\n1..2\n    1..1\n    ok 1 a\nok 1 C\n");
        assertEquals(125, Verdict.decide(false, OptionalInt.of(0), cut, List.of()).exitCode());
    }

    @Test
    void jsonEscapesAndKeepsOrder() {
        var m = new java.util.LinkedHashMap<String, Object>();
        m.put("b", 1);
        m.put("a", List.of("x\"y", true));
        m.put("n", null);
        assertEquals("{\"b\":1,\"a\":[\"x\\\"y\",true],\"n\":null}", Json.write(m));
    }

    @Test
    void blocksEndingBeforeThePlanIsKnownAreWrittenAfterIt() {
        var out = new StringWriter();
        var w = new KtapWriter(out);
        w.block("VfioContainerTest", List.of(Line.of("smoke", Result.PASS, null, null)), Result.PASS, null);
        assertEquals("", out.toString());
        w.begin(2);
        w.block("StateTest", List.of(), Result.PASS, null);
        assertEquals("""
                KTAP version 1
                1..2
                    KTAP version 1
                    # Subtest: VfioContainerTest
                    1..1
                    ok 1 smoke
                ok 1 VfioContainerTest
                    KTAP version 1
                    # Subtest: StateTest
                    1..0
                ok 2 StateTest
                """, out.toString());
    }
}
