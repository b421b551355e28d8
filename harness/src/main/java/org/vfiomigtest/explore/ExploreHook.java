package org.vfiomigtest.explore;

import java.util.List;
import net.jqwik.api.AfterFailureMode;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.FalsifiedSample;
import net.jqwik.api.lifecycle.PropertyAttributes;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Sets the explore property's seed and tries from {@link ExploreBinding} (jqwik's attributes may
 * be changed around a property), makes generation purely random from that seed (no edge cases, no
 * replay of a stored failure), and hands the falsified samples back.
 */
public final class ExploreHook implements AroundPropertyHook {

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        ExploreBinding b = ExploreBinding.current();
        PropertyAttributes a = context.attributes();
        a.setSeed(Long.toString(b.seed()));
        a.setTries(b.tries());
        a.setGeneration(GenerationMode.RANDOMIZED);
        a.setEdgeCases(EdgeCasesMode.NONE);
        a.setAfterFailure(AfterFailureMode.RANDOM_SEED);
        a.setShrinking(ShrinkingMode.FULL);
        a.setWhenFixedSeed(net.jqwik.api.FixedSeedMode.ALLOW);
        PropertyExecutionResult r = property.execute();
        r.originalSample().map(ExploreHook::actions).ifPresent(s -> b.samples().original = s);
        r.shrunkSample().ifPresent(s -> {
            b.samples().shrunk = actions(s);
            b.samples().shrinkingSteps = s.countShrinkingSteps();
        });
        return r;
    }

    @SuppressWarnings("unchecked")
    private static List<Action> actions(FalsifiedSample s) {
        return (List<Action>) s.parameters().get(0);
    }

    @Override
    public int aroundPropertyProximity() {
        // closer than jqwik's own defaults hook, so these attributes win
        return 10;
    }
}
