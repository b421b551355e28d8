package org.vfiomigtest.explore;

import java.util.ArrayList;
import java.util.List;
import org.vfiomigtest.migration.MigrationRegion;
import org.vfiomigtest.migration.SaveSession;
import org.vfiomigtest.migration.SaveSession.Segment;
import org.vfiomigtest.scenario.ScenarioDevice;
import org.vfiomigtest.sys.ShortTransferException;
import org.vfiomigtest.sys.SyscallException;

/**
 * Does one {@link Action} to the device through the migration client and reports what happened;
 * it judges nothing (the {@link ReferenceModel} does). A failing access ends the action and is
 * part of the observation.
 */
final class ActionRunner {
    private final ScenarioDevice dev;

    ActionRunner(ScenarioDevice dev) {
        this.dev = dev;
    }

    Observation run(Action a) {
        MigrationRegion m = dev.migration();
        if (a instanceof Action.SetState s) {
            return new Observation(0, 0, m.attemptTransition(s.state()), List.of(), false, "");
        }
        if (a instanceof Action.Save s) {
            return save(m, s);
        }
        String what = a.describe();
        try {
            long v = 0;
            if (a instanceof Action.ReadField r) {
                v = m.read(r.field());
            } else if (a instanceof Action.WriteField w) {
                m.write(w.field(), w.value());
            } else if (a instanceof Action.Misaligned x) {
                v = m.read(x.field().offset() + x.delta(), x.width());
            } else {
                dev.reset();
            }
            return Observation.of(0, v, "");
        } catch (SyscallException e) {
            return Observation.of(e.errnoNumber(), 0, what);
        } catch (ShortTransferException e) {
            return Observation.of(0, 0, what + ": short transfer of " + e.transferred() + " of " + e.requested()
                    + " bytes");
        }
    }

    /** The scenario runner's save loop: pending_bytes, then data_offset, data_size, data; repeat. */
    private static Observation save(MigrationRegion m, Action.Save s) {
        var session = new SaveSession(m, s.path(), s.piece(), ReferenceModel.MAX_SEGMENTS);
        int limit = s.segments() == null ? ReferenceModel.MAX_SEGMENTS : s.segments();
        long regionSize = m.info().size();
        List<Segment> segs = new ArrayList<>();
        String phase = "pending_bytes before segment 0";
        try {
            while (segs.size() < limit) {
                phase = "pending_bytes before segment " + segs.size();
                if (session.pendingBytes() == 0) {
                    return new Observation(0, 0, null, segs, true, "");
                }
                phase = "data_offset or data_size of segment " + segs.size();
                Segment seg = session.prepare();
                segs.add(seg);
                if (seg.offset() < 0 || seg.offset() >= regionSize
                        || Long.compareUnsigned(seg.size(), regionSize - seg.offset()) > 0) {
                    // out of bounds: the model judges it; collecting would only fail later
                    return new Observation(0, 0, null, segs, false, "");
                }
                phase = "data of segment " + (segs.size() - 1);
                session.collect(seg);
            }
            return new Observation(0, 0, null, segs, false, "");
        } catch (SyscallException e) {
            return new Observation(e.errnoNumber(), 0, null, segs, false, phase);
        } catch (ShortTransferException | IllegalStateException e) {
            return new Observation(0, 0, null, segs, false, phase + ": " + e.getMessage());
        }
    }
}
