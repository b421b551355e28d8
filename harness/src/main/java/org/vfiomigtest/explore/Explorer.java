package org.vfiomigtest.explore;

import java.util.List;
import java.util.Optional;
import org.quicktheories.QuickTheory;
import org.quicktheories.api.AsString;
import org.quicktheories.core.Configuration;
import org.quicktheories.core.NoGuidance;
import org.quicktheories.core.Reporter;
import org.quicktheories.core.Strategy;
import org.vfiomigtest.scenario.ScenarioDevice;

/**
 * One exploration: QuickTheories checks the property "the driver agrees with the model on every
 * action of the sequence" ({@link Exploration#check}) over {@link ActionGenerators#sequences()}
 * from the given seed, until {@code steps} actions ran or one disagreed with the model, then
 * shrinks the failing sequence (re-running each candidate on the device). The smallest failing
 * sequence is run once more on its own, to record what every action did.
 *
 * <p>Everything random comes from QuickTheories' generator seeded with {@code seed} (no time
 * limit, no coverage guidance, no system properties read), so the same seed and steps give the
 * same run against a device that behaves the same.
 */
public final class Explorer {
    /**
     * Shrink candidates QuickTheories tries after the first mismatch, each a run of at most
     * {@link ActionGenerators#MAX_LENGTH} actions (candidates it generated before are not run again).
     */
    static final int SHRINK_CYCLES = 1000;

    /**
     * What an exploration found.
     *
     * @param explored       actions run while exploring
     * @param sequences      sequences started while exploring
     * @param exploreMillis  time spent exploring
     * @param shrinkSteps    actions run while shrinking and recording
     * @param shrinkRuns     candidate sequences run while shrinking
     * @param originalLength length of the first failing sequence (0 if none)
     * @param finding        the recorded minimal failing sequence, its last action the mismatch
     * @param unreproduced   a failure QuickTheories reported but that the minimal sequence did not repeat
     * @param millis         time in all (exploring, shrinking and recording)
     */
    public record Result(long explored, int sequences, long exploreMillis, long shrinkSteps, int shrinkRuns,
            int originalLength, Optional<List<Exploration.Executed>> finding, String unreproduced, long millis) {

        /** Time spent after exploring: shrinking and recording. */
        public long shrinkMillis() {
            return millis - exploreMillis;
        }
    }

    private Explorer() {
    }

    public static Result explore(ScenarioDevice dev, long seed, long steps) {
        long t0 = System.nanoTime();
        var exploration = new Exploration(dev, steps);
        var falsified = new Falsified();
        // examples: an upper bound (a sequence runs at least one action, or is all skipped slots);
        // the budget ends the search: the assumption below fails once it is spent, and with one
        // generate attempt QuickTheories then stops (values exhausted)
        Strategy strategy = new Strategy(Configuration.defaultPRNG(seed), (int) Math.min(Integer.MAX_VALUE,
                steps * 4), -1, SHRINK_CYCLES, 1, falsified, prng -> new NoGuidance());
        QuickTheory.qt(() -> strategy)
                .forAll(ActionGenerators.sequences())
                .assuming(actions -> !exploration.spent())
                .checkAssert(exploration::check);
        Optional<List<Exploration.Executed>> finding = Optional.empty();
        String unreproduced = "";
        if (falsified.smallest != null) {
            if (!(falsified.cause instanceof Exploration.ModelMismatch)) {
                unreproduced = "the sequence " + falsified.smallest + " failed with " + falsified.cause;
            } else {
                try {
                    exploration.record(falsified.smallest);
                    unreproduced = "the shrunk sequence " + falsified.smallest + " passed when run alone";
                } catch (Exploration.ModelMismatch m) {
                    finding = Optional.of(m.executed());
                }
            }
        }
        return new Result(exploration.explored(), exploration.exploringSequences(), exploration.exploringMillis(),
                exploration.shrinkSteps(), exploration.sequences() - exploration.exploringSequences(),
                falsified.original == null ? 0 : falsified.original.size(), finding, unreproduced,
                (System.nanoTime() - t0) / 1_000_000);
    }

    /**
     * QuickTheories' report of a falsified property, kept as values: the smallest failing sequence
     * and its failure, and the first one found (the last of the others: they come smallest first).
     */
    private static final class Falsified implements Reporter {
        List<Action> smallest;
        List<Action> original;
        Throwable cause;

        @Override
        public void falisification(long seed, int examplesUsed, Object smallest, Throwable cause,
                List<Object> others, AsString<Object> toString) {
            this.cause = cause;
            falisification(seed, examplesUsed, smallest, others, toString);
        }

        @Override
        @SuppressWarnings("unchecked")
        public void falisification(long seed, int examplesUsed, Object smallest, List<Object> others,
                AsString<Object> toString) {
            this.smallest = (List<Action>) smallest;
            this.original = (List<Action>) (others.isEmpty() ? smallest : others.get(others.size() - 1));
        }

        @Override
        public void valuesExhausted(int examplesUsed) {
            // the step budget is spent: the search ends without a failure
        }
    }
}
