package org.vfiomigtest.explore;

import java.util.List;
import java.util.Optional;

/**
 * What the explorer hands the jqwik property for one run, and what jqwik hands back: the
 * exploration (device and budget), the seed and tries, and the falsified samples. jqwik creates
 * the property's instance itself, so this is the one static hand-over; one run at a time.
 *
 * @param exploration the device and the step budget
 * @param seed        jqwik's random seed
 * @param tries       jqwik's number of tries (an upper bound: each try runs at least one step)
 */
record ExploreBinding(Exploration exploration, long seed, int tries, Samples samples) {

    /** The falsified sequences jqwik reports: as first found, and shrunk. */
    static final class Samples {
        volatile List<Action> original;
        volatile List<Action> shrunk;
        volatile int shrinkingSteps;

        Optional<List<Action>> minimal() {
            return Optional.ofNullable(shrunk != null ? shrunk : original);
        }
    }

    private static volatile ExploreBinding current;

    static ExploreBinding current() {
        ExploreBinding b = current;
        if (b == null) {
            throw new IllegalStateException("the explore property runs only from Explorer (no device bound)");
        }
        return b;
    }

    static void bind(ExploreBinding b) {
        current = b;
    }

    static void unbind() {
        current = null;
    }
}
