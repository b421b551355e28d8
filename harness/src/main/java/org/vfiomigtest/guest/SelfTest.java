package org.vfiomigtest.guest;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.platform.engine.FilterResult;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.PostDiscoveryFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.vfiomigtest.report.Json;
import org.vfiomigtest.rules.SpecRule;

/**
 * The mutation check: proves every check can fail. For each bug switch of
 * the sample driver (its debugfs bug_table: name, rule ids, help), runs the
 * tests of the rules that switch breaks with the switch on in the device
 * under test ({@code migtest.bug}, read by the suite's fixture before each
 * test) and records which fail. A switch that no test of its rule catches
 * fails the self-test. Writes {@code selftest.json}.
 */
final class SelfTest {
    static final Path BUG_TABLE = Path.of("/sys/kernel/debug/migtest_mdev/bug_table");
    static final String BUG_PROPERTY = "migtest.bug";
    /** name, caught|missed, tests run, tests failing: what the host decides by. */
    static final String TSV = org.vfiomigtest.report.SelfTestReport.TSV;

    /** One bug switch: its name, the catalog rules it breaks, what it does. */
    record Switch(String name, List<String> rules, String help) {
    }

    /** What one switch's run found. */
    record Outcome(Switch bug, int testsRun, List<String> failing) {
        boolean caught() {
            return !failing.isEmpty();
        }
    }

    private SelfTest() {
    }

    static List<Switch> readBugTable(Path table) throws IOException {
        List<Switch> switches = new ArrayList<>();
        for (String line : Files.readAllLines(table)) {
            String[] f = line.split("\t", 3);
            if (f.length == 3 && !line.isBlank()) {
                switches.add(new Switch(f[0].strip(), Arrays.stream(f[1].split("[,\\s]+"))
                        .filter(s -> !s.isBlank()).toList(), f[2].strip()));
            }
        }
        return switches;
    }

    /** Runs every switch's tests with the switch on; returns the outcomes in table order. */
    static List<Outcome> run(List<Switch> switches) {
        List<Outcome> outcomes = new ArrayList<>();
        for (Switch s : switches) {
            System.setProperty(BUG_PROPERTY, s.name());
            try {
                var failures = new FailureCollector();
                LauncherFactory.create().execute(request(s.rules()), failures);
                outcomes.add(new Outcome(s, failures.tests, failures.failing));
            } finally {
                System.clearProperty(BUG_PROPERTY);
            }
            Outcome o = outcomes.get(outcomes.size() - 1);
            System.out.println("migtest-selftest: " + s.name() + " (" + String.join(",", s.rules()) + "): "
                    + (o.caught() ? "caught by " + o.failing().size() + " of " + o.testsRun() + " tests"
                            : o.testsRun() == 0 ? "NOT CAUGHT: no test of these rules ran"
                                    : "NOT CAUGHT by any of " + o.testsRun() + " tests"));
        }
        return outcomes;
    }

    /** The suite, narrowed to the tests that declare one of {@code rules}; no Allure results for these runs. */
    static LauncherDiscoveryRequest request(List<String> rules) {
        return LauncherDiscoveryRequestBuilder.request()
                .selectors(org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage(
                        GuestMain.SUITE_PACKAGE))
                .filters(byRule(rules))
                .configurationParameter("junit.platform.execution.listeners.deactivate", "io.qameta.allure.*")
                .build();
    }

    static PostDiscoveryFilter byRule(List<String> rules) {
        return descriptor -> {
            if (!(descriptor.getSource().orElse(null) instanceof MethodSource ms)) {
                return FilterResult.included("not a method");
            }
            SpecRule r = specRule(ms);
            boolean match = r != null && Arrays.stream(r.value()).anyMatch(rules::contains);
            return match ? FilterResult.included("declares " + rules) : FilterResult.excluded("other rules");
        };
    }

    private static SpecRule specRule(MethodSource ms) {
        try {
            Method m = ms.getJavaMethod();
            return m.getAnnotation(SpecRule.class);
        } catch (RuntimeException e) {
            return null;
        }
    }

    static void write(Path file, List<Outcome> outcomes) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        for (Outcome o : outcomes) {
            json.put(o.bug().name(), o.failing());
        }
        Files.writeString(file, Json.write(json) + "\n");
        Map<String, Object> detail = new LinkedHashMap<>();
        for (Outcome o : outcomes) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("rules", o.bug().rules());
            d.put("help", o.bug().help());
            d.put("tests_run", o.testsRun());
            d.put("failing", o.failing());
            detail.put(o.bug().name(), d);
        }
        Files.writeString(file.resolveSibling("selftest-detail.json"), Json.write(detail) + "\n");
        var tsv = new StringBuilder();
        for (Outcome o : outcomes) {
            tsv.append(o.bug().name()).append('\t').append(o.caught() ? "caught" : "missed").append('\t')
                    .append(o.testsRun()).append('\t').append(o.failing().size()).append('\n');
        }
        Files.writeString(file.resolveSibling(TSV), tsv);
    }

    /** Collects the failing tests (class: display name) of one run. */
    private static final class FailureCollector implements TestExecutionListener {
        final List<String> failing = new ArrayList<>();
        int tests;

        @Override
        public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            if (id.isTest()) {
                tests++;
            }
            // a test, or a @TestFactory whose factory itself failed
            boolean method = id.getSource().filter(MethodSource.class::isInstance).isPresent();
            if (result.getStatus() == TestExecutionResult.Status.FAILED && (id.isTest() || method)) {
                String cls = id.getSource().filter(MethodSource.class::isInstance)
                        .map(s -> ((MethodSource) s).getClassName().replaceAll(".*\\.", "") + ": ").orElse("");
                failing.add(cls + id.getDisplayName());
            }
        }
    }
}
