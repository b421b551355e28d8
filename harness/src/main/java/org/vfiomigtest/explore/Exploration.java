package org.vfiomigtest.explore;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.vfiomigtest.migration.SpecModel;
import org.vfiomigtest.scenario.ScenarioDevice;

/**
 * Runs action sequences against one device and the reference model side by side. Every sequence
 * starts from a fresh open of the device (bug switches stay as they are), so a sequence's result
 * depends on nothing run before it, which is what shrinking and replay rely on.
 *
 * <p>Steps are counted in two budgets: exploring (bounded by {@code steps}: a sequence is cut
 * where the budget ends, and once it is {@link #spent} further sequences run nothing) and, after
 * the first mismatch, shrinking (bounded by the shrink cycles the {@link Explorer} gives
 * QuickTheories, each running one candidate sequence).
 */
public final class Exploration {
    private final ScenarioDevice dev;
    private final ActionRunner runner;
    private final long budget;
    private long explored;
    private long shrinkSteps;
    private int sequences;
    private int exploringSequences;
    private boolean failed;
    private final long started = System.nanoTime();
    private long exploringNanos;

    /** One action as it ran: what the model expected, what the device did, and the mismatch if any. */
    public record Executed(Action action, Prediction prediction, Observation observation,
            java.util.Optional<Mismatch> mismatch, org.vfiomigtest.migration.DeviceState modelState) {
    }

    /** The device's model-visible failure: the sequence up to and including the mismatching action. */
    public static final class ModelMismatch extends AssertionError {
        private final transient List<Executed> executed;

        ModelMismatch(List<Executed> executed) {
            super("step " + executed.size() + " (" + executed.get(executed.size() - 1).action().describe() + "): "
                    + executed.get(executed.size() - 1).mismatch().orElseThrow());
            this.executed = List.copyOf(executed);
        }

        /** The actions run, the last one mismatching. */
        public List<Executed> executed() {
            return executed;
        }
    }

    public Exploration(ScenarioDevice dev, long steps) {
        this.dev = dev;
        this.runner = new ActionRunner(dev);
        this.budget = steps;
    }

    /**
     * The property: runs {@code actions} (cut to the remaining budget while exploring) from a
     * fresh open; throws {@link ModelMismatch} at the first action the model disagrees with.
     */
    public void check(List<Action> actions) {
        List<Action> todo = actions;
        if (!failed) {
            long left = budget - explored;
            if (left <= 0) {
                return;
            }
            todo = actions.subList(0, (int) Math.min(actions.size(), left));
            exploringSequences++;
        }
        sequences++;
        try {
            record(todo);
        } catch (RuntimeException | Error e) {
            // a mismatch, or an action that threw: either way QuickTheories shrinks from here on
            if (!failed) {
                failed = true;
                exploringNanos = System.nanoTime() - started;
            }
            throw e;
        }
    }

    /** Runs {@code actions} from a fresh open and returns what each did, or throws at the first mismatch. */
    public List<Executed> record(List<Action> actions) {
        dev.reopen(() -> { });
        var model = new ReferenceModel(SpecModel.of(dev.migration()), dev.migration().info().size());
        List<Executed> done = new ArrayList<>();
        for (Action a : actions) {
            var state = model.state();
            Prediction p = model.predict(a);
            Observation o = runner.run(a);
            count();
            Optional<Mismatch> m = model.check(a, p, o);
            done.add(new Executed(a, p, o, m, state));
            if (m.isPresent()) {
                throw new ModelMismatch(done);
            }
            model.advance(a, o);
        }
        return done;
    }

    /** The exploring budget is used up (and no mismatch was seen): nothing more to explore. */
    public boolean spent() {
        return !failed && explored >= budget;
    }

    private void count() {
        if (failed) {
            shrinkSteps++;
        } else {
            explored++;
        }
    }

    /** Steps run while exploring (until the first mismatch, or the budget). */
    public long explored() {
        return explored;
    }

    /** Steps run after the first mismatch: by shrinking, and by {@link #record} afterwards. */
    public long shrinkSteps() {
        return shrinkSteps;
    }

    /** Sequences started (exploring and shrinking). */
    public int sequences() {
        return sequences;
    }

    /** Sequences started while exploring. */
    public int exploringSequences() {
        return exploringSequences;
    }

    /** Time spent exploring: until the first failure, or until now. */
    public long exploringMillis() {
        return (failed ? exploringNanos : System.nanoTime() - started) / 1_000_000;
    }
}
