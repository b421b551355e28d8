package org.vfiomigtest.migration;

import static org.vfiomigtest.migration.MigtestUapi.DEVICE_STATE_MASK;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.vfiomigtest.migration.DeviceState.Bit;

/**
 * The oracle of the conformance suite: what a migration driver must (or should) do with
 * {@code device_state}, written from the text of {@code shared/spec/migration-region-spec.h.txt}
 * and from nothing else (never from a driver's transition table). Tests ask it what to expect and
 * hand it what they saw; it answers with the violated {@link Clause}s.
 *
 * <p>One model per device: the only device property the spec lets matter is whether the region
 * offers {@code VFIO_REGION_INFO_CAP_MIG_NDMA}.
 */
public final class SpecModel {

    /**
     * The sentences of the spec this model applies, each with its words. Tests map them to the
     * rule catalog's ids; messages quote them.
     */
    public enum Clause {
        /** device_state, bit 0. */
        DEFAULT("The default device_state must indicate the device in exclusively the RUNNING state, "
                + "with no other bits in this field set."),
        /** device_state, reset. */
        RESET("Devices supporting migration via this specification must support the VFIO_DEVICE_RESET "
                + "ioctl and any use of that ioctl must return the device migration state to the default value."),
        /** device_state rules. */
        SYNC("The kernel migration driver must fully transition the device to the new state value before "
                + "the write(2) operation returns to the user."),
        /** device_state rules. */
        MULTI_BIT("The user may change multiple bits of the bitfield in the same write operation, so long as "
                + "the resulting state is valid."),
        /** device_state rules. */
        NO_ASYNC("The kernel migration driver must not generate asynchronous device state transitions outside "
                + "of manipulation by the user or the VFIO_DEVICE_RESET ioctl as described below."),
        /** device_state rules. */
        FAIL_ERRNO("In the event of a device state transition failure, the kernel migration driver must "
                + "return a write(2) error with appropriate errno to the user."),
        /** device_state rules. */
        FAIL_STATE("Upon such an error, re-reading the device_state field must indicate the device migration "
                + "state as either the same state as prior to the failing write or, at the migration driver "
                + "discretion, indicate the device state as VFIO_DEVICE_STATE_ERROR."),
        /** device_state rules. */
        ERROR_RESET("To continue using a device that has entered VFIO_DEVICE_STATE_ERROR, the user must issue "
                + "a VFIO_DEVICE_RESET ioctl, which must transition the migration state to the default value "
                + "(defined below)."),
        /** Bits [31:4]. */
        RESERVED_BITS("Bits [31:4]: Reserved for future use, users should use read-modify-write operations to "
                + "the device_state field for manipulation of the above defined bits for optimal compatibility."),
        /** Valid combinations. */
        SAVING_RESUMING("RESUMING and SAVING are mutually exclusive, all combinations of (RESUMING | SAVING) "
                + "are invalid. [...] Other invalid combinations are reserved for future use and must not be "
                + "reachable."),
        /** Valid combinations. */
        ERROR_ENCODING("the specific combination (!NDMA | RESUMING | SAVING | !RUNNING) is reserved to "
                + "indicate the device error state VFIO_DEVICE_STATE_ERROR."),
        /** Valid combinations. */
        RESUMING_RUNNING("Combinations involving (RESUMING | RUNNING) are currently unsupported by this "
                + "revision of the uAPI."),
        /** Valid combinations. */
        SUPPORT_VALID("Migration drivers should attempt to support any transition between valid states."),
        /** Bit 2 (RESUMING). */
        RESUME_VALIDATE("If the user provided data is found to be incomplete, inconsistent, or otherwise "
                + "invalid, the migration driver must indicate a write(2) error and follow the previously "
                + "described protocol to return either the previous state or an error state."),
        /** Bit 3 (NDMA). */
        NDMA_CAP("Support for the NDMA bit is indicated through the presence of the "
                + "VFIO_REGION_INFO_CAP_MIG_NDMA capability as reported by VFIO_DEVICE_GET_REGION_INFO for the "
                + "associated device migration region."),
        /** Header comment of vfio_device_migration_info. */
        NATIVE_ACCESS("Field accesses for this structure are only supported using their native width and "
                + "alignment, accesses otherwise are undefined and the kernel migration driver should return "
                + "an error."),
        /** reserved field. */
        RESERVED_FIELD("reserved: Reads on this field return zero and writes are ignored.");

        private final String text;

        Clause(String text) {
            this.text = text;
        }

        /** The words of the spec. */
        public String text() {
            return text;
        }
    }

    /** What a conforming driver does with one device_state write. */
    public enum Outcome {
        /** write(2) succeeds and device_state reads the written value at once. */
        ACCEPT,
        /** write(2) fails with an errno and device_state reads the prior state or ERROR. */
        REFUSE,
        /** Either of the above; the spec leaves the choice to the driver. */
        EITHER
    }

    /** A departure from the spec: the clause and what was seen. */
    public record Violation(Clause clause, String message) {
        @Override
        public String toString() {
            return message + " (spec: \"" + clause.text() + "\")";
        }
    }

    /**
     * The expected outcome of writing {@code to} while the device is in {@code from}, and the
     * clause that decides it.
     */
    public record Expectation(DeviceState from, DeviceState to, Outcome outcome, Clause because, String reason) {

        /**
         * The clauses {@code result} breaks, empty when it conforms. Whatever the outcome, a write
         * that succeeds must have reached the written value (SYNC) and a refused one must have
         * an errno and leave the prior state or ERROR (FAIL_ERRNO, FAIL_STATE).
         */
        public List<Violation> violations(TransitionResult result) {
            List<Violation> v = new ArrayList<>();
            String write = "device_state write of " + to + " in " + from;
            if (!result.before().equals(from)) {
                v.add(new Violation(because, write + ": device_state read " + result.before()
                        + " before the write, not " + from));
            }
            if (result.ok()) {
                if (outcome == Outcome.REFUSE) {
                    v.add(new Violation(because, write + " was accepted (reads " + result.after()
                            + "); expected a write(2) error: " + reason));
                } else if (!result.after().equals(to)) {
                    v.add(new Violation(Clause.SYNC, write + " returned success but device_state reads "
                            + result.after() + " right after it"));
                }
                return v;
            }
            String failed = result.errno() != 0 ? "refused with " + result.errnoName().name()
                    : "failed without errno (" + result.note() + ")";
            if (outcome == Outcome.ACCEPT) {
                v.add(new Violation(because, write + " " + failed + "; expected it accepted: " + reason));
            }
            if (result.errno() == 0) {
                v.add(new Violation(Clause.FAIL_ERRNO, write + " " + failed));
            }
            if (!result.after().equals(from) && !result.after().isError()) {
                v.add(new Violation(Clause.FAIL_STATE, write + " " + failed + ", then device_state reads "
                        + result.after() + ", neither the prior state " + from + " nor ERROR"));
            }
            return v;
        }

        /** "RUNNING (0x1) -> SAVING (0x2): ACCEPT (SUPPORT_VALID)". */
        @Override
        public String toString() {
            return from + " -> " + to + ": " + outcome + " (" + because + ": " + reason + ")";
        }
    }

    private final boolean ndma;

    private SpecModel(boolean ndma) {
        this.ndma = ndma;
    }

    /** The model of a device whose migration region does ({@code true}) or does not offer the NDMA cap. */
    public static SpecModel of(boolean ndmaCapability) {
        return new SpecModel(ndmaCapability);
    }

    /** The model of the device behind {@code region}. */
    public static SpecModel of(MigrationRegion region) {
        return of(region.hasNdma());
    }

    /** True if the device offers VFIO_REGION_INFO_CAP_MIG_NDMA (the NDMA bit is supported). */
    public boolean ndma() {
        return ndma;
    }

    /* ---- states ---- */

    /**
     * "All combinations for the above defined device_state bits are considered valid" except
     * SAVING|RESUMING and RESUMING|RUNNING; a value with any of bits 31:4 set is none of the
     * defined combinations.
     */
    public static boolean valid(DeviceState s) {
        return s.reservedBits() == 0 && !(s.has(Bit.SAVING) && s.has(Bit.RESUMING))
                && !(s.has(Bit.RESUMING) && s.has(Bit.RUNNING));
    }

    /** VFIO_DEVICE_STATE_ERROR: the defined bits are exactly SAVING|RESUMING (bits 31:4 aside). */
    public static boolean isError(DeviceState s) {
        return (s.raw() & DEVICE_STATE_MASK) == DeviceState.ERROR.raw();
    }

    /** The state a user may request: valid, and NDMA only with the capability. */
    public boolean supported(DeviceState s) {
        return valid(s) && (ndma || !s.has(Bit.NDMA));
    }

    /**
     * The states device_state may ever read: the supported ones and ERROR ("Other invalid
     * combinations are reserved for future use and must not be reachable").
     */
    public boolean reachable(DeviceState s) {
        return supported(s) || s.equals(DeviceState.ERROR);
    }

    /** The supported states, in numeric order. */
    public List<DeviceState> supportedStates() {
        return DeviceState.all().stream().filter(this::supported).toList();
    }

    /** Exactly RUNNING: after open ("The default device_state must indicate ... exclusively RUNNING"). */
    public DeviceState defaultState() {
        return DeviceState.RUNNING;
    }

    /** VFIO_DEVICE_RESET from any state, ERROR included, returns to the default state. */
    public DeviceState afterReset(DeviceState any) {
        return defaultState();
    }

    /* ---- transitions ---- */

    /** What writing {@code to} in {@code from} must do; the first applicable clause decides. */
    public Expectation expect(DeviceState from, DeviceState to) {
        if (to.reservedBits() != from.reservedBits()) {
            return new Expectation(from, to, Outcome.REFUSE, Clause.RESERVED_BITS,
                    "bits 31:4 are reserved, a value with them changed is not a state of this revision"
                            + " and must not be reachable");
        }
        DeviceState defined = DeviceState.of(to.raw() & DEVICE_STATE_MASK);
        if (defined.has(Bit.SAVING) && defined.has(Bit.RESUMING)) {
            return new Expectation(from, to, Outcome.REFUSE, Clause.SAVING_RESUMING, isError(to)
                    ? "SAVING|RESUMING is the ERROR encoding, entered only by a failure, never by a write"
                    : "SAVING and RESUMING are mutually exclusive");
        }
        if (defined.has(Bit.RESUMING) && defined.has(Bit.RUNNING)) {
            return new Expectation(from, to, Outcome.REFUSE, Clause.RESUMING_RUNNING,
                    "RESUMING|RUNNING is unsupported by this revision");
        }
        if (defined.has(Bit.NDMA) && !ndma) {
            return new Expectation(from, to, Outcome.EITHER, Clause.NDMA_CAP,
                    "the region lacks VFIO_REGION_INFO_CAP_MIG_NDMA; the spec does not say how an unsupported "
                            + "NDMA bit is answered");
        }
        if (isError(from)) {
            return new Expectation(from, to, Outcome.EITHER, Clause.ERROR_RESET,
                    "leaving ERROR takes a VFIO_DEVICE_RESET; a write may be refused");
        }
        if (from.has(Bit.RESUMING) && !to.has(Bit.RESUMING)) {
            return new Expectation(from, to, Outcome.EITHER, Clause.RESUME_VALIDATE,
                    "clearing RESUMING ends the resume session and the driver validates the data written "
                            + "so far; it may refuse it");
        }
        int changed = Integer.bitCount((from.raw() ^ to.raw()) & DEVICE_STATE_MASK);
        return new Expectation(from, to, Outcome.ACCEPT, changed > 1 ? Clause.MULTI_BIT : Clause.SUPPORT_VALID,
                changed > 1 ? changed + " bits change in one write to a valid state"
                        : "a transition between valid states");
    }

    /* ---- fields ---- */

    /**
     * True if the value of {@code field} is defined in {@code state}: device_state and reserved
     * always; pending_bytes only while SAVING ("undefined when !SAVING"); data_offset and
     * data_size only while SAVING or RESUMING. ERROR sets both bits but opens no session, so
     * only device_state and reserved are defined there.
     */
    public static boolean defined(MigrationField field, DeviceState state) {
        boolean error = isError(state);
        return switch (field) {
            case DEVICE_STATE, RESERVED -> true;
            case PENDING_BYTES -> !error && state.has(Bit.SAVING);
            case DATA_OFFSET, DATA_SIZE -> !error && (state.has(Bit.SAVING) || state.has(Bit.RESUMING));
        };
    }

    /**
     * True if the user writes {@code field} in {@code state}: device_state always; reserved
     * always (ignored); data_size while RESUMING ("the user writes this field with the length of
     * the data segment"). pending_bytes and data_offset are read only.
     */
    public static boolean userWritable(MigrationField field, DeviceState state) {
        return switch (field) {
            case DEVICE_STATE, RESERVED -> true;
            case PENDING_BYTES, DATA_OFFSET -> false;
            case DATA_SIZE -> !isError(state) && state.has(Bit.RESUMING);
        };
    }

    /** The field at {@code offset} accessed with {@code width}, if that is its native access. */
    public static Optional<MigrationField> nativeAccess(long offset, int width) {
        return MigrationField.at(offset).filter(f -> f.width() == width);
    }

    @Override
    public String toString() {
        return "SpecModel[" + (ndma ? "with" : "without") + " NDMA]";
    }
}
