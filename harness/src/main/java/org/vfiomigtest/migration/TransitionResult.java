package org.vfiomigtest.migration;

import org.vfiomigtest.sys.Errno;

/**
 * What one {@code device_state} write did: the state read before it, the value written, the
 * errno of {@code write(2)} (0: it succeeded) and the state read right after it returned.
 * {@link MigrationRegion#attemptTransition} makes one; {@link SpecModel.Expectation#violations}
 * judges it.
 *
 * @param note set when the write failed without errno (a short transfer), else empty
 */
public record TransitionResult(DeviceState before, DeviceState requested, int errno, String note,
        DeviceState after) {

    public TransitionResult {
        note = note == null ? "" : note;
    }

    /** A write that succeeded. */
    public static TransitionResult accepted(DeviceState before, DeviceState requested, DeviceState after) {
        return new TransitionResult(before, requested, 0, "", after);
    }

    /** A write refused with {@code errno}. */
    public static TransitionResult refused(DeviceState before, DeviceState requested, Errno errno,
            DeviceState after) {
        return new TransitionResult(before, requested, errno.number(), "", after);
    }

    /** True if {@code write(2)} returned the full length with no errno. */
    public boolean ok() {
        return errno == 0 && note.isEmpty();
    }

    /** The symbolic errno, {@link Errno#UNKNOWN} for an unlisted number or none. */
    public Errno errnoName() {
        return Errno.of(errno);
    }

    /** "ok, reads SAVING (0x2)", "EINVAL (...), reads RUNNING (0x1)". */
    public String outcome() {
        return (ok() ? "ok" : errno != 0 ? Errno.describe(errno) : note) + ", reads " + after;
    }

    /** "RUNNING (0x1) -> SAVING (0x2): ok, reads SAVING (0x2)". */
    @Override
    public String toString() {
        return before + " -> " + requested + ": " + outcome();
    }
}
