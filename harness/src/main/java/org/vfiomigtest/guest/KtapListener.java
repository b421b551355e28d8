package org.vfiomigtest.guest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.vfiomigtest.report.KtapWriter;
import org.vfiomigtest.report.KtapWriter.Line;
import org.vfiomigtest.report.KtapWriter.Result;

/**
 * Turns JUnit Platform events into KTAP: one block per test class, one
 * result line per test (static or dynamic). A class whose set-up or
 * tear-down fails gets an extra failing line, so no failure goes uncounted.
 * One listener may follow several test plans executed one after the other;
 * the caller writes the top-level plan ({@link KtapWriter#begin}) once it
 * knows the classes of all of them ({@link #classCount}).
 */
final class KtapListener implements TestExecutionListener {
    private final KtapWriter ktap;
    private final Runnable onFirstTest;
    private final Map<String, List<Line>> linesByClass = new LinkedHashMap<>();
    private TestPlan plan;
    private boolean started;

    KtapListener(KtapWriter ktap, Runnable onFirstTest) {
        this.ktap = ktap;
        this.onFirstTest = onFirstTest;
    }

    /** The number of top-level test classes in a plan: the KTAP results its execution writes. */
    static int classCount(TestPlan testPlan) {
        return (int) testPlan.getRoots().stream()
                .flatMap(root -> testPlan.getChildren(root).stream())
                .filter(id -> isClass(testPlan, id))
                .count();
    }

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        plan = testPlan;
    }

    @Override
    public void executionStarted(TestIdentifier id) {
        if (id.isTest() && !started) {
            started = true;
            onFirstTest.run();
        }
        if (isClass(id)) {
            linesByClass.put(id.getUniqueId(), new ArrayList<>());
        }
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
        if (id.isTest()) {
            addLine(id, Line.of(id.getDisplayName(), Result.SKIP, reason, null));
            return;
        }
        List<Line> lines = new ArrayList<>();
        for (TestIdentifier t : plan.getDescendants(id)) {
            if (t.isTest()) {
                lines.add(Line.of(t.getDisplayName(), Result.SKIP, reason, null));
            }
        }
        if (isClass(id)) {
            ktap.block(className(id), lines, Result.SKIP, reason);
        } else {
            classOf(id).map(linesByClass::get).ifPresent(l -> l.addAll(lines));
        }
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        Throwable failure = result.getThrowable().orElse(null);
        Result r = switch (result.getStatus()) {
            case SUCCESSFUL -> Result.PASS;
            case ABORTED -> Result.SKIP;
            case FAILED -> Result.FAIL;
        };
        String reason = r == Result.SKIP && failure != null ? failure.getMessage() : null;
        if (id.isTest()) {
            addLine(id, Line.of(id.getDisplayName(), r, reason, r == Result.FAIL ? failure : null));
            return;
        }
        if (r != Result.PASS && !isClass(id) && id.isContainer()) {
            // a failing or aborted container (e.g. a @TestFactory that threw)
            addLine(id, Line.of(id.getDisplayName(), r, reason, failure));
        }
        if (isClass(id)) {
            List<Line> lines = linesByClass.remove(id.getUniqueId());
            if (r != Result.PASS) {
                lines.add(Line.of(r == Result.FAIL ? "class set-up/tear-down" : "class",
                        r, reason, failure));
            }
            boolean anyFail = lines.stream().anyMatch(l -> l.result() == Result.FAIL);
            boolean allSkip = !lines.isEmpty() && lines.stream().allMatch(l -> l.result() == Result.SKIP);
            Result own = anyFail ? Result.FAIL : allSkip ? Result.SKIP : Result.PASS;
            ktap.block(className(id), lines, own, allSkip ? "all tests skipped" : null);
        }
    }

    private void addLine(TestIdentifier id, Line line) {
        classOf(id).map(linesByClass::get).ifPresent(l -> l.add(line));
    }

    private Optional<String> classOf(TestIdentifier id) {
        Optional<TestIdentifier> cur = Optional.of(id);
        while (cur.isPresent() && !isClass(cur.get())) {
            cur = plan.getParent(cur.get());
        }
        return cur.map(TestIdentifier::getUniqueId);
    }

    private boolean isClass(TestIdentifier id) {
        return isClass(plan, id);
    }

    /** A top-level test class (a nested class reports inside its outer class's block). */
    private static boolean isClass(TestPlan plan, TestIdentifier id) {
        return id.isContainer()
                && id.getSource().filter(ClassSource.class::isInstance).isPresent()
                && plan.getParent(id).map(p -> p.getParentIdObject().isEmpty()).orElse(false);
    }

    private static String className(TestIdentifier id) {
        return id.getSource()
                .map(s -> ((ClassSource) s).getJavaClass().getSimpleName())
                .orElse(id.getDisplayName());
    }
}
