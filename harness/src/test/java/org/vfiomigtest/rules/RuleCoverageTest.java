package org.vfiomigtest.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@link RuleCoverage} on fixtures, and the catalog check on the conformance suite
 * ({@value RuleCoverage#SUITE_PACKAGE}): no test names an unknown rule or disagrees with its
 * id, and (tag {@code coverage}, red until the suite is complete) every rule has a test.
 */
class RuleCoverageTest {

    private final RuleCatalog catalog = RuleCatalog.load();

    @Test
    void mapsRulesToTestMethodsOfEveryKind() {
        var r = RuleCoverage.scan(catalog, List.of(CoverageFixtures.Good.class));
        assertEquals(List.of("CoverageFixtures$Good#ds01_defaultIsRunning"), r.tests("DS-01"));
        assertEquals(List.of("CoverageFixtures$Good#rst04_resetFromEveryState"), r.tests("RST-04"));
        assertEquals(List.of("CoverageFixtures$Good#rst04_resetFromEveryState"), r.tests("RST-02"));
        assertEquals(List.of("CoverageFixtures$Good#ds03_savingResumingInvalid"), r.tests("DS-03"));
        assertEquals(List.of("CoverageFixtures$Good$Inner#pb04_streamEndsOnlyWhileStopped"), r.tests("PB-04"));
        assertEquals(List.of("CoverageFixtures$Good#untracedInfrastructureCheck"), r.untraced());
        assertEquals(List.of(), r.problems());
        assertTrue(r.unknownIds().isEmpty());
        assertEquals(catalog.size(), r.testsByRule().size(), "every catalog rule is listed");
        assertEquals(5, r.coveredCount());
        assertTrue(r.uncovered().contains("DS-02"));
        assertEquals(catalog.all().get(0).id(), r.testsByRule().keySet().iterator().next(), "catalog order");
    }

    @Test
    void reportsUnknownIdsAndNameDisagreements() {
        var r = RuleCoverage.scan(catalog, List.of(CoverageFixtures.Bad.class));
        assertEquals(List.of("CoverageFixtures$Bad#xx01_unknownRule"), r.unknownIds().get("XX-01"));
        assertEquals(1, r.unknownIds().size());
        assertEquals(List.of(
                "CoverageFixtures$Bad#ds011_tokenMustEndAtUnderscore: method name should start with 'ds01_' (primary @SpecRule id DS-01)",
                "CoverageFixtures$Bad#ds01_displayNameWithoutLeadingId: @DisplayName \"default is RUNNING (DS-01)\" should start with \"DS-01 \" (primary @SpecRule id)",
                "CoverageFixtures$Bad#ds01_notATest: @SpecRule on a method that is not @Test, @TestFactory or @ParameterizedTest",
                "CoverageFixtures$Bad#defaultIsRunning: method name should start with 'ds01_' (primary @SpecRule id DS-01)",
                "CoverageFixtures$Bad#noIds: @SpecRule names no rule id").stream().sorted().toList(),
                r.problems().stream().sorted().toList());
        assertEquals(List.of("CoverageFixtures$Bad#defaultIsRunning", "CoverageFixtures$Bad#ds011_tokenMustEndAtUnderscore",
                "CoverageFixtures$Bad#ds01_displayNameWithoutLeadingId", "CoverageFixtures$Bad#xx01_unknownRule"), r.tests("DS-01"));
    }

    @Test
    void inheritedTestsCountForTheConcreteClassOnly() {
        var r = RuleCoverage.scan(catalog, List.of(CoverageFixtures.AbstractBase.class, CoverageFixtures.Concrete.class));
        assertEquals(List.of("CoverageFixtures$Concrete#run03_inheritedByConcreteSubclass"), r.tests("RUN-03"));
    }

    @Test
    void packageScanFindsNestedAndTopLevelClasses() {
        var r = RuleCoverage.scanPackage(catalog, "org.vfiomigtest.rules");
        assertTrue(r.tests("DS-03").contains("CoverageFixtures$Good#ds03_savingResumingInvalid"), r.tests("DS-03").toString());
        assertTrue(r.tests("PB-04").contains("CoverageFixtures$Good$Inner#pb04_streamEndsOnlyWhileStopped"),
                r.tests("PB-04").toString());
        assertEquals(List.of("CoverageFixtures$Concrete#run03_inheritedByConcreteSubclass"), r.tests("RUN-03"));
    }

    @Test
    void suiteNamesOnlyKnownRulesAndAgreesWithThem() {
        var r = RuleCoverage.scanPackage(catalog, RuleCoverage.SUITE_PACKAGE);
        var errors = new ArrayList<String>();
        r.unknownIds().forEach((id, tests) -> errors.add("unknown rule id " + id + " in @SpecRule of " + tests));
        errors.addAll(r.problems());
        assertTrue(errors.isEmpty(), "conformance suite vs rule catalog:\n  " + String.join("\n  ", errors));
    }

    @Test
    @Tag("coverage")
    void everyRuleHasAConformanceTest() {
        var r = RuleCoverage.scanPackage(catalog, RuleCoverage.SUITE_PACKAGE);
        String missing = r.uncovered().stream()
                .map(id -> id + " (" + catalog.get(id).kind() + ", " + catalog.get(id).side() + ": " + catalog.get(id).summary() + ")")
                .collect(Collectors.joining("\n  "));
        assertTrue(r.uncovered().isEmpty(), r.uncovered().size() + " of " + catalog.size()
                + " rules have no test in " + RuleCoverage.SUITE_PACKAGE + ":\n  " + missing);
        assertTrue(r.unknownIds().isEmpty(), "tests name unknown rules: " + r.unknownIds());
    }
}
