package org.vfiomigtest.explore;

/**
 * A departure of the driver from the reference model at one action.
 *
 * @param rule    the catalog id of the broken rule
 * @param message what was seen against what was expected
 * @param part    which part of the action disagreed
 * @param segment for {@link Part#SEGMENT}: the index of the segment within the {@code save}
 */
public record Mismatch(String rule, String message, Part part, int segment) {

    /** Which part of an action disagreed with the model. */
    public enum Part {
        /** device_state before a {@code set} was not the state the model holds. */
        BEFORE,
        /** Success or failure of the action, or the state a {@code set} left. */
        OUTCOME,
        /** The value a read returned. */
        VALUE,
        /** A segment's data_offset or data_size while SAVING. */
        SEGMENT,
        /** pending_bytes never read 0 while !RUNNING. */
        NO_END
    }

    static Mismatch of(String rule, String message, Part part) {
        return new Mismatch(rule, message, part, -1);
    }

    @Override
    public String toString() {
        return rule + ": " + message;
    }
}
