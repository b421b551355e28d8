package org.vfiomigtest.explore;

import java.util.List;
import org.vfiomigtest.migration.SaveSession.Segment;
import org.vfiomigtest.migration.TransitionResult;
import org.vfiomigtest.scenario.ErrnoName;

/**
 * What one action did on the device.
 *
 * @param errno    0 when every access succeeded, else the errno of the failing one
 * @param value    the value read (reads)
 * @param transition for a {@code set}: device_state before, the write's errno, device_state after
 * @param segments the segments a {@code save} prepared, in order (data_offset and data_size)
 * @param ended    a {@code save} read pending_bytes 0
 * @param note     where a failing access was, or what else went wrong
 */
public record Observation(int errno, long value, TransitionResult transition, List<Segment> segments,
        boolean ended, String note) {

    public Observation {
        segments = List.copyOf(segments);
    }

    static Observation of(int errno, long value, String note) {
        return new Observation(errno, value, null, List.of(), false, note);
    }

    /** Every access succeeded with its full length. */
    boolean ok() {
        return errno == 0 && note.isEmpty();
    }

    /** "success", or "EINVAL (22) at data_size of segment 2". */
    String outcome() {
        if (ok()) {
            return "success";
        }
        return errno == 0 ? note : ErrnoName.describe(errno) + (note.isEmpty() ? "" : " at " + note);
    }
}
