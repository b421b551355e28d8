package org.vfiomigtest.explore;

import org.vfiomigtest.migration.DataPath;
import org.vfiomigtest.migration.DeviceState;
import org.vfiomigtest.migration.MigrationField;

/**
 * One thing the explorer does to the device. Actions are generated without looking at the
 * device's state: the {@link ReferenceModel} predicts the outcome of every action in every state,
 * so any sub-sequence of a failing sequence is again a valid sequence (what shrinking needs).
 */
public sealed interface Action {

    /** One line, as the explorer prints a sequence. */
    String describe();

    /** Write {@code device_state} (all 32 bits): valid, invalid and reserved-bit values. */
    record SetState(DeviceState state) implements Action {
        @Override
        public String describe() {
            return "set " + state.name();
        }
    }

    /** Read a field at its native width and offset. */
    record ReadField(MigrationField field) implements Action {
        @Override
        public String describe() {
            return "read " + field.cName();
        }
    }

    /** Write a field other than device_state at its native width. */
    record WriteField(MigrationField field, long value) implements Action {
        @Override
        public String describe() {
            return "write " + field.cName() + " 0x" + Long.toHexString(value);
        }
    }

    /** Read {@code width} bytes at {@code field}'s offset plus {@code delta}: not the field's native access. */
    record Misaligned(MigrationField field, int delta, int width) implements Action {
        @Override
        public String describe() {
            return "read " + field.cName() + " +" + delta + " w" + width;
        }
    }

    /**
     * The SAVING protocol for up to {@code segments} segments, or until pending_bytes reads 0
     * ({@code null}), collecting data in pieces of at most {@code piece} bytes by {@code path}.
     */
    record Save(Integer segments, int piece, DataPath path) implements Action {
        @Override
        public String describe() {
            return "save " + (segments == null ? "all" : segments) + (piece == Integer.MAX_VALUE ? ""
                    : " in pieces of " + piece) + (path == DataPath.AUTO ? "" : " by " + path);
        }
    }

    /** VFIO_DEVICE_RESET. */
    record Reset() implements Action {
        @Override
        public String describe() {
            return "reset";
        }
    }
}
