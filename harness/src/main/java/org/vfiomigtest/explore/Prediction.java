package org.vfiomigtest.explore;

import org.vfiomigtest.migration.SpecModel;

/**
 * What the reference model expects of one action: how it must end, bounds on a value read, and
 * for {@code set} the spec model's {@link SpecModel.Expectation}. {@code rule} is the catalog id
 * of the rule that decides ({@code migtest rules}).
 *
 * @param outcome    how the action's accesses must end
 * @param rule       the deciding rule's id
 * @param why        the reason, for messages
 * @param value      the exact value a read must return, or null
 * @param min        lower bound (unsigned) of a value read or a segment's data_offset, or null
 * @param max        upper bound (unsigned) of a value read or a segment's data_offset, or null
 * @param transition for {@code set}: the spec model's expectation, else null
 * @param save       for {@code save}: the bounds every segment must keep, else null
 */
public record Prediction(Expected outcome, String rule, String why, Long value, Long min, Long max,
        SpecModel.Expectation transition, SegmentBounds save) {

    /** How an action must end. */
    public enum Expected {
        /** Every access succeeds. */
        OK,
        /** Some access fails with an errno. */
        ERROR,
        /** The spec lets the driver choose: success or an errno. */
        EITHER,
        /** The spec leaves the result undefined: nothing is checked. */
        ANY
    }

    /**
     * What a segment prepared while SAVING must keep: data_offset in {@code [minOffset, regionSize)},
     * data_offset + data_size within the region, and, with {@code nonEmpty} (device !RUNNING, so
     * pending_bytes non-zero means data is there), data_size non-zero.
     */
    public record SegmentBounds(long minOffset, long regionSize, boolean nonEmpty) {
    }

    static Prediction of(Expected outcome, String rule, String why) {
        return new Prediction(outcome, rule, why, null, null, null, null, null);
    }

    static Prediction value(long value, String rule, String why) {
        return new Prediction(Expected.OK, rule, why, value, null, null, null, null);
    }

    static Prediction range(long min, long max, String rule, String why) {
        return new Prediction(Expected.OK, rule, why, null, min, max, null, null);
    }

    /** True if a value read is constrained. */
    boolean constrainsValue() {
        return value != null || min != null || max != null;
    }
}
