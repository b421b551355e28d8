package org.vfiomigtest.scenario;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.vfiomigtest.migration.DeviceState;

/** The expectations a step or a scenario's {@code expect:} section can carry. */
public final class Expect {
    private Expect() {
    }

    /**
     * How a system call must end: success ({@link #OK}), a given errno, or any errno
     * ({@code errno: any}).
     */
    public record Outcome(boolean ok, ErrnoName errno) {
        public static final Outcome OK = new Outcome(true, null);
        public static final Outcome ANY_ERROR = new Outcome(false, null);

        public static Outcome error(ErrnoName e) {
            return new Outcome(false, e);
        }

        /** True if an access that ended with {@code errnoNumber} (0: success) is what was expected. */
        public boolean matches(int errnoNumber) {
            if (ok) {
                return errnoNumber == 0;
            }
            return errnoNumber != 0 && (errno == null || errno.number() == errnoNumber);
        }

        @Override
        public String toString() {
            return ok ? "success" : errno == null ? "an error" : errno.name();
        }
    }

    /** One or more acceptable device_state values. */
    public record States(List<DeviceState> any) {
        public boolean matches(DeviceState s) {
            return any.contains(s);
        }

        @Override
        public String toString() {
            return any.stream().map(DeviceState::toString).collect(Collectors.joining(" or "));
        }
    }

    /**
     * What a value read must be. {@code value} is a literal or {@code $NAME} of a value saved
     * earlier with {@code as:}; {@code min}/{@code max} bound it (unsigned, literals or
     * {@code $NAME}); {@code nonzero}/{@code zero}
     * are shorthands. Empty fields mean "no condition".
     */
    public record Value(String value, String min, String max, Boolean zero) {
        public static final Value NONE = new Value(null, null, null, null);

        public boolean isEmpty() {
            return value == null && min == null && max == null && zero == null;
        }

        /** The failed conditions, empty if {@code actual} satisfies every one. */
        public String check(long actual, Map<String, Long> vars) {
            StringBuilder sb = new StringBuilder();
            if (value != null) {
                long want = resolve(value, vars);
                if (want != actual) {
                    sb.append("expected ").append(show(want)).append(value.startsWith("$") ? " (" + value + ")" : "");
                }
            }
            if (zero != null && zero != (actual == 0)) {
                sb.append(sb.length() == 0 ? "" : ", ").append(zero ? "expected zero" : "expected non-zero");
            }
            if (min != null && Long.compareUnsigned(actual, resolve(min, vars)) < 0) {
                sb.append(sb.length() == 0 ? "" : ", ").append("expected at least ").append(show(resolve(min, vars)));
            }
            if (max != null && Long.compareUnsigned(actual, resolve(max, vars)) > 0) {
                sb.append(sb.length() == 0 ? "" : ", ").append("expected at most ").append(show(resolve(max, vars)));
            }
            return sb.toString();
        }

        static long resolve(String value, Map<String, Long> vars) {
            if (value.startsWith("$")) {
                Long v = vars.get(value.substring(1));
                if (v == null) {
                    throw new IllegalStateException(value + " was never saved (as: " + value.substring(1) + ")");
                }
                return v;
            }
            return YamlNode.parseNumber(value);
        }

        static String show(long v) {
            return v >= 0 && v < 10 ? Long.toString(v) : v + " (0x" + Long.toHexString(v) + ")";
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            if (value != null) {
                sb.append("= ").append(value);
            }
            if (zero != null) {
                sb.append(sb.length() == 0 ? "" : ", ").append(zero ? "zero" : "non-zero");
            }
            if (min != null) {
                sb.append(sb.length() == 0 ? "" : ", ").append(">= ").append(min);
            }
            if (max != null) {
                sb.append(sb.length() == 0 ? "" : ", ").append("<= ").append(max);
            }
            return sb.toString();
        }
    }

    /** What the DMA engine, the interrupts and COUNTER must do during an {@code observe} window. */
    public enum Activity {
        /** At least one transfer / interrupt / COUNTER advance within the window. */
        ACTIVE,
        /** Nothing at all within the window. */
        QUIET,
        /** Not checked. */
        ANY
    }
}
