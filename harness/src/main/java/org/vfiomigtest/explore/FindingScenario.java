package org.vfiomigtest.explore;

import java.util.ArrayList;
import java.util.List;
import org.vfiomigtest.explore.Exploration.Executed;
import org.vfiomigtest.explore.Mismatch.Part;
import org.vfiomigtest.explore.Prediction.Expected;
import org.vfiomigtest.migration.MigrationField;
import org.vfiomigtest.scenario.DeviceOptions;
import org.vfiomigtest.scenario.ErrnoName;
import org.vfiomigtest.scenario.Expect.Outcome;
import org.vfiomigtest.scenario.Expect.States;
import org.vfiomigtest.scenario.Expect.Value;
import org.vfiomigtest.scenario.ScenarioFile;
import org.vfiomigtest.scenario.ScenarioWriter;
import org.vfiomigtest.scenario.Step;
import org.vfiomigtest.scenario.Step.Space;
import org.vfiomigtest.scenario.Step.Target;
import org.vfiomigtest.scenario.Where;

/**
 * Turns a recorded failing sequence into a scenario file that {@code migtest replay} runs. The
 * actions before the last expect exactly what the device did (it conformed, and the driver is
 * deterministic from a fresh open); the last expects what the model predicted, so the scenario
 * fails where the explorer saw the mismatch. The device section reopens the device (the explorer
 * starts every sequence from a fresh open) with the same bug switches and NDMA capability.
 */
public final class FindingScenario {
    private static final Where HERE = new Where("explore", 0, 0);
    private static final String STREAM = "stream";

    private FindingScenario() {
    }

    /** The scenario file's text. */
    public static String write(String name, String description, List<Executed> executed, boolean ndma,
            List<String> bugs) {
        Executed last = executed.get(executed.size() - 1);
        Mismatch m = last.mismatch().orElseThrow(() -> new IllegalArgumentException("the last action conformed"));
        List<Step> steps = steps(executed);
        var device = new DeviceOptions(ndma, null, null, null, null, List.copyOf(bugs), List.of(), true);
        var expect = new ScenarioFile.Final(HERE, new States(List.of(last.modelState())), null, null);
        return ScenarioWriter.write(name, description + "\n" + m, List.of(m.rule()), device, steps, expect);
    }

    /** The steps of a recorded sequence, the last one failing like the mismatch. */
    static List<Step> steps(List<Executed> executed) {
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < executed.size(); i++) {
            Executed e = executed.get(i);
            if (e.mismatch().isPresent()) {
                steps.addAll(failing(e, e.mismatch().get()));
            } else {
                steps.add(step(e, e.observation().ok()));
            }
        }
        return steps;
    }

    private static List<Step> failing(Executed e, Mismatch m) {
        if (m.part() == Part.BEFORE) {
            return List.of(new Step.ExpectState(HERE, new States(List.of(e.modelState()))));
        }
        if (m.part() == Part.SEGMENT) {
            return segment((Action.Save) e.action(), e, m.segment());
        }
        if (m.part() == Part.NO_END) {
            // all segments, as the action asked: the runner fails when pending_bytes never reads 0
            Action.Save s = (Action.Save) e.action();
            return List.of(new Step.Save(HERE, null, STREAM, s.piece(), s.path(), Outcome.OK, null));
        }
        boolean seenOk = e.observation().ok();
        Expected p = e.prediction().outcome();
        boolean wrongSide = (p == Expected.ERROR && seenOk) || (p == Expected.OK && !seenOk);
        return List.of(step(e, wrongSide != seenOk));
    }

    /** The step of {@code e} expecting success ({@code ok}) or the errno seen (any errno if none). */
    private static Step step(Executed e, boolean ok) {
        Outcome outcome = ok ? Outcome.OK : e.observation().errno() != 0
                ? Outcome.error(ErrnoName.of(e.observation().errno())) : Outcome.ANY_ERROR;
        Action a = e.action();
        if (a instanceof Action.SetState s) {
            return new Step.SetState(HERE, s.state(), outcome, null);
        }
        if (a instanceof Action.ReadField r) {
            return new Step.Read(HERE, field(r.field(), 0), r.field().width(), null, outcome,
                    ok ? value(e.prediction()) : Value.NONE, null);
        }
        if (a instanceof Action.Misaligned x) {
            return new Step.Read(HERE, field(x.field(), x.delta()), x.width(), null, outcome, Value.NONE, null);
        }
        if (a instanceof Action.WriteField w) {
            return new Step.Write(HERE, field(w.field(), 0), w.field().width(), w.value(), null, outcome);
        }
        if (a instanceof Action.Save s) {
            Observation o = e.observation();
            // what the device did: all segments until pending_bytes read 0, or the number asked for
            Integer segments = !o.ok() ? s.segments() : o.ended() ? null : Integer.valueOf(o.segments().size());
            return new Step.Save(HERE, segments, STREAM, s.piece(), s.path(), outcome, null);
        }
        return new Step.Reset(HERE, outcome);
    }

    /**
     * A segment the model rejected: the segments before it saved, then its pending_bytes,
     * data_offset and data_size read one by one with the model's bounds.
     */
    private static List<Step> segment(Action.Save s, Executed e, int index) {
        List<Step> steps = new ArrayList<>();
        if (index > 0) {
            steps.add(new Step.Save(HERE, index, STREAM, s.piece(), s.path(), Outcome.OK, null));
        }
        Prediction.SegmentBounds b = e.prediction().save();
        long offset = e.observation().segments().get(index).offset();
        steps.add(read(MigrationField.PENDING_BYTES, new Value(null, null, null, false)));
        steps.add(read(MigrationField.DATA_OFFSET, new Value(null, Long.toString(b.minOffset()),
                Long.toString(b.regionSize() - 1), null)));
        long room = offset >= 0 && offset < b.regionSize() ? b.regionSize() - offset : 0;
        steps.add(read(MigrationField.DATA_SIZE, new Value(null, null, Long.toString(room),
                b.nonEmpty() ? Boolean.FALSE : null)));
        return steps;
    }

    private static Step read(MigrationField f, Value v) {
        return new Step.Read(HERE, field(f, 0), f.width(), null, Outcome.OK, v, null);
    }

    private static Target field(MigrationField f, int delta) {
        return new Target(Space.MIGRATION, f, false, delta);
    }

    private static Value value(Prediction p) {
        if (p.value() != null) {
            return new Value("0x" + Long.toHexString(p.value()), null, null, null);
        }
        if (p.min() != null || p.max() != null) {
            return new Value(null, p.min() == null ? null : Long.toString(p.min()),
                    p.max() == null ? null : Long.toString(p.max()), null);
        }
        return Value.NONE;
    }
}
