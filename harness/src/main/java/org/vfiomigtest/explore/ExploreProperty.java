package org.vfiomigtest.explore;

import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * The property jqwik checks and shrinks: "the driver agrees with the reference model on every
 * action of the sequence". The explorer runs it through the JUnit Platform (jqwik is an engine
 * there) after binding the device and the settings with {@link ExploreBinding}; the seed and the
 * number of tries come from there through {@link ExploreHook}.
 */
class ExploreProperty {

    @Property
    @AddLifecycleHook(ExploreHook.class)
    void driverAgreesWithModel(@ForAll("sequences") List<Action> actions) {
        ExploreBinding.current().exploration().check(actions);
    }

    @Provide
    Arbitrary<List<Action>> sequences() {
        return ActionArbitraries.sequences();
    }
}
