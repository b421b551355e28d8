package org.vfiomigtest.migration;

import static org.vfiomigtest.migration.MigtestUapi.DEVICE_STATE_ERROR;
import static org.vfiomigtest.migration.MigtestUapi.DEVICE_STATE_MASK;
import static org.vfiomigtest.migration.MigtestUapi.DEVICE_STATE_RESUMING;
import static org.vfiomigtest.migration.MigtestUapi.DEVICE_STATE_RUNNING;
import static org.vfiomigtest.migration.MigtestUapi.DEVICE_STATE_SAVING;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.stream.IntStream;

/**
 * A raw {@code device_state} value (all 32 bits, reserved ones included) with the RFC's bits and
 * macros. {@link #valid}, {@link #isError(int)} and {@link #setError(int)} are the RFC's
 * {@code VFIO_DEVICE_STATE_VALID}, {@code _IS_ERROR} and {@code _SET_ERROR}, transcribed
 * operator by operator; the ABI test evaluates the C macros for comparison.
 *
 * <p>Names: the set bits in bit order joined by {@code |} ("RUNNING|SAVING"), reserved bits as
 * hex ("RUNNING|0x10"), and "STOP" for 0.
 */
public record DeviceState(int raw) {

    /** The defined bits of {@code device_state}. */
    public enum Bit {
        RUNNING(DEVICE_STATE_RUNNING),
        SAVING(DEVICE_STATE_SAVING),
        RESUMING(DEVICE_STATE_RESUMING),
        NDMA(MigtestUapi.DEVICE_STATE_NDMA);

        private final int mask;

        Bit(int mask) {
            this.mask = mask;
        }

        public int mask() {
            return mask;
        }
    }

    /** 0: stopped (!RUNNING), no migration session. */
    public static final DeviceState STOP = new DeviceState(0);
    /** RUNNING: the default state, after reset. */
    public static final DeviceState RUNNING = new DeviceState(DEVICE_STATE_RUNNING);
    /** RUNNING|SAVING: pre-copy. */
    public static final DeviceState PRE_COPY = new DeviceState(DEVICE_STATE_RUNNING | DEVICE_STATE_SAVING);
    /** SAVING: stop-and-copy. */
    public static final DeviceState STOP_COPY = new DeviceState(DEVICE_STATE_SAVING);
    /** RESUMING. */
    public static final DeviceState RESUMING = new DeviceState(DEVICE_STATE_RESUMING);
    /** SAVING|RESUMING: VFIO_DEVICE_STATE_ERROR. */
    public static final DeviceState ERROR = new DeviceState(DEVICE_STATE_ERROR);

    public static DeviceState of(int raw) {
        return new DeviceState(raw);
    }

    /** The 16 combinations of the defined bits, 0 to 15, no reserved bits. */
    public static List<DeviceState> all() {
        return IntStream.rangeClosed(0, DEVICE_STATE_MASK).mapToObj(DeviceState::new).toList();
    }

    /** {@code VFIO_DEVICE_STATE_VALID(state)} of the RFC. */
    public static boolean valid(int state) {
        return !((state & DEVICE_STATE_SAVING) != 0 && (state & DEVICE_STATE_RESUMING) != 0)
                && !((state & DEVICE_STATE_RESUMING) != 0 && (state & DEVICE_STATE_RUNNING) != 0);
    }

    /** {@code VFIO_DEVICE_STATE_IS_ERROR(state)} of the RFC. */
    public static boolean isError(int state) {
        return (state & DEVICE_STATE_MASK) == DEVICE_STATE_ERROR;
    }

    /** {@code VFIO_DEVICE_STATE_SET_ERROR(state)} of the RFC: reserved bits kept. */
    public static int setError(int state) {
        return (state & ~DEVICE_STATE_MASK) | DEVICE_STATE_ERROR;
    }

    public boolean isValid() {
        return valid(raw);
    }

    public boolean isError() {
        return isError(raw);
    }

    /** This state with the defined bits replaced by ERROR. */
    public DeviceState withError() {
        return new DeviceState(setError(raw));
    }

    public boolean has(Bit bit) {
        return (raw & bit.mask) != 0;
    }

    public DeviceState with(Bit... bits) {
        int v = raw;
        for (Bit b : bits) {
            v |= b.mask;
        }
        return new DeviceState(v);
    }

    public DeviceState without(Bit... bits) {
        int v = raw;
        for (Bit b : bits) {
            v &= ~b.mask;
        }
        return new DeviceState(v);
    }

    /** Bits 31:4, reserved by the RFC. */
    public int reservedBits() {
        return raw & ~DEVICE_STATE_MASK;
    }

    /** This state with bits 31:4 set to {@code reserved} (its defined bits are ignored). */
    public DeviceState withReservedBits(int reserved) {
        return new DeviceState((raw & DEVICE_STATE_MASK) | (reserved & ~DEVICE_STATE_MASK));
    }

    /** The name, e.g. "RUNNING|SAVING", "STOP", "SAVING|0x100". */
    public String name() {
        if (raw == 0) {
            return "STOP";
        }
        var j = new StringJoiner("|");
        for (Bit b : Bit.values()) {
            if (has(b)) {
                j.add(b.name());
            }
        }
        if (reservedBits() != 0) {
            j.add("0x" + Integer.toHexString(reservedBits()));
        }
        return j.toString();
    }

    /**
     * Parses a name: bit names joined by {@code |} (any case, any order), "STOP" (0), "ERROR"
     * (SAVING|RESUMING), or numbers (decimal or {@code 0x} hex), e.g. "RUNNING|SAVING", "0x6".
     */
    public static DeviceState parse(String text) {
        int v = 0;
        List<String> unknown = new ArrayList<>();
        for (String token : text.split("\\|", -1)) {
            String t = token.trim().toUpperCase(Locale.ROOT);
            switch (t) {
                case "STOP" -> { }
                case "ERROR" -> v |= DEVICE_STATE_ERROR;
                default -> {
                    Integer bits = bitsOf(t);
                    if (bits == null) {
                        unknown.add(token);
                    } else {
                        v |= bits;
                    }
                }
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("device_state \"" + text + "\": unknown part(s) " + unknown
                    + "; expected RUNNING, SAVING, RESUMING, NDMA, STOP, ERROR or a number, joined by |");
        }
        return new DeviceState(v);
    }

    private static Integer bitsOf(String t) {
        for (Bit b : Bit.values()) {
            if (b.name().equals(t)) {
                return b.mask;
            }
        }
        try {
            return t.startsWith("0X") ? Integer.parseUnsignedInt(t.substring(2), 16) : Integer.parseUnsignedInt(t);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** "RUNNING|SAVING (0x3)". */
    @Override
    public String toString() {
        return name() + " (0x" + Integer.toHexString(raw) + ")";
    }
}
