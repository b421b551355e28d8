package org.vfiomigtest.guest;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.stream.Stream;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.reporting.legacy.xml.LegacyXmlReportGeneratingListener;
import org.vfiomigtest.report.JunitXml;
import org.vfiomigtest.report.KtapWriter;

/**
 * One execution of the suite in the guest, in two parts. Discovering the
 * whole suite takes seconds under TCG and would all come before the first
 * test; so the first class ({@link SuiteIndex}) is discovered alone and runs
 * while a second thread discovers the rest, which then runs after it. KTAP,
 * JUnit XML and the summary read as one execution.
 */
final class SuiteRun {
    private final Path results;
    private final Selection selection;
    private final TestExecutionListener markers;
    private final Runnable onFirstTest;
    private final Runnable awaitDevices;

    /** Which tests: a tag expression, catalog rule ids, a shard; each optional. */
    record Selection(String tags, List<String> rules, Shard shard) {
    }

    /**
     * @param markers     a listener that runs after the auto-registered Allure listener (so each
     *                    test's Allure result is current), or null
     * @param onFirstTest called when the first test starts
     * @param awaitDevices returns once the devices are there
     */
    SuiteRun(Path results, Selection selection, TestExecutionListener markers, Runnable onFirstTest,
            Runnable awaitDevices) {
        this.results = results;
        this.selection = selection;
        this.markers = markers != null ? markers : new TestExecutionListener() { };
        this.onFirstTest = onFirstTest;
        this.awaitDevices = awaitDevices;
    }

    Outcome execute(List<DiscoverySelector> classes) throws IOException {
        Path junit = Files.createDirectories(results.resolve("junit"));
        Path firstJunit = junit.resolve(".first");
        var rest = new FutureTask<>(() -> discover(classes.subList(Math.min(1, classes.size()), classes.size())));
        var discovery = new Thread(rest, "migtest-discovery");
        discovery.setDaemon(true);
        discovery.start();
        Discovered first = discover(classes.subList(0, Math.min(1, classes.size())));
        awaitDevices.run();

        Outcome outcome;
        // System.err stays open: the XML listener only borrows it for its own complaints
        var xmlOut = new PrintWriter(System.err, true);
        try (Writer ktapOut = Files.newBufferedWriter(results.resolve("ktap.txt"), StandardCharsets.UTF_8)) {
            var ktapWriter = new KtapWriter(ktapOut);
            var ktap = new KtapListener(ktapWriter, onFirstTest);
            outcome = first.run(ktap, new LegacyXmlReportGeneratingListener(firstJunit, xmlOut), markers);
            Discovered others = join(rest);
            ktapWriter.begin(KtapListener.classCount(first.plan()) + KtapListener.classCount(others.plan()));
            outcome = outcome.plus(others.run(ktap, new LegacyXmlReportGeneratingListener(junit, xmlOut), markers));
        }
        mergeJunit(firstJunit, junit);
        return outcome;
    }

    /** The counts of a finished execution. */
    record Outcome(long testsFound, long failures) {
        Outcome plus(Outcome o) {
            return new Outcome(testsFound + o.testsFound, failures + o.failures);
        }
    }

    /** A plan and the launcher that discovered it (and so executes it). */
    private record Discovered(Launcher launcher, TestPlan plan) {
        Outcome run(TestExecutionListener... listeners) {
            if (!plan.containsTests()) {
                return new Outcome(0, 0);
            }
            var summary = new SummaryGeneratingListener();
            var all = Stream.concat(Stream.of(summary), Stream.of(listeners)).toArray(TestExecutionListener[]::new);
            launcher.execute(plan, all);
            return new Outcome(summary.getSummary().getTestsFoundCount(), summary.getSummary().getTotalFailureCount());
        }
    }
    /**
     * A launcher with the listeners found on the class path (Allure's among them), but without
     * auto-registered discovery filters: the only one is Allure's test-plan filter, unused here,
     * whose set-up (a JSON mapper) costs a good part of a second under TCG.
     */
    private Discovered discover(List<DiscoverySelector> selectors) {
        Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
                .enablePostDiscoveryFilterAutoRegistration(false)
                .build());
        return new Discovered(launcher, launcher.discover(request(selectors)));
    }

    private LauncherDiscoveryRequest request(List<DiscoverySelector> selectors) {
        var builder = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectors)
                // the suite is Jupiter's; other engines on the class path need not look at it
                .filters(EngineFilter.includeEngines("junit-jupiter"))
                .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true");
        if (selection.tags() != null && !selection.tags().isBlank()) {
            builder.filters(TagFilter.includeTags(selection.tags()));
        }
        if (!selection.rules().isEmpty()) {
            builder.filters(SelfTest.byRule(selection.rules()));
        }
        if (selection.shard() != null) {
            builder.filters(selection.shard().filter());
        }
        return builder.build();
    }

    private static Discovered join(FutureTask<Discovered> task) {
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while discovering the suite", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("discovering the suite failed", e.getCause());
        }
    }

    /** The first part's JUnit XML goes in front of the rest's, one file per engine as usual. */
    private static void mergeJunit(Path firstJunit, Path junit) throws IOException {
        if (!Files.isDirectory(firstJunit)) {
            return;
        }
        try (Stream<Path> files = Files.list(firstJunit)) {
            for (Path part : files.toList()) {
                JunitXml.prepend(junit.resolve(part.getFileName()), part);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        Files.delete(firstJunit);
    }
}
