package org.vfiomigtest.suite.support;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.vfiomigtest.migration.DeviceState;
import org.vfiomigtest.migration.SpecModel;

/**
 * A named place to put the device before a check: a supported state, the middle of a SAVING or
 * RESUMING protocol iteration, or ERROR. Tests that must hold "in every situation" (reads at
 * any time, reset from anywhere) make one dynamic test per situation.
 *
 * @param name  for the dynamic test's name
 * @param state the device_state the device is in afterwards
 * @param enter puts a device there (it may abort, e.g. ERROR without the sample driver)
 */
public record Situation(String name, DeviceState state, Consumer<DeviceUnderTest> enter) {

    /** Every supported state of {@code model}, entered by one write from RUNNING. */
    public static List<Situation> states(SpecModel model) {
        List<Situation> out = new ArrayList<>();
        for (DeviceState s : model.supportedStates()) {
            out.add(new Situation(s.toString(), s, d -> d.enter(s)));
        }
        return out;
    }

    /**
     * {@link #states}, then mid-save in RUNNING|SAVING and in SAVING, mid-resume, and ERROR
     * (entered through the sample driver's injection; aborted on other devices).
     */
    public static List<Situation> all(SpecModel model) {
        List<Situation> out = new ArrayList<>(states(model));
        out.add(new Situation("mid-save in " + DeviceState.PRE_COPY, DeviceState.PRE_COPY,
                d -> d.enterMidSave(DeviceState.PRE_COPY)));
        out.add(new Situation("mid-save in " + DeviceState.STOP_COPY, DeviceState.STOP_COPY,
                d -> d.enterMidSave(DeviceState.STOP_COPY)));
        out.add(new Situation("mid-resume in " + DeviceState.RESUMING, DeviceState.RESUMING,
                DeviceUnderTest::enterMidResume));
        out.add(new Situation("ERROR (injected failure)", DeviceState.ERROR, DeviceUnderTest::enterError));
        return out;
    }

    /** Puts {@code dut} into this situation. */
    public void enter(DeviceUnderTest dut) {
        enter.accept(dut);
    }

    @Override
    public String toString() {
        return name;
    }
}
