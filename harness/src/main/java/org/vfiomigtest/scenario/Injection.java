package org.vfiomigtest.scenario;

import org.vfiomigtest.migration.DeviceState;

/**
 * A fault armed in the sample driver through its debugfs controls ({@code kmod/README.md},
 * "debugfs controls"). {@link #control()} is the file, {@link #line()} what is written to it.
 */
public sealed interface Injection {

    String control();

    String line();

    /** {@code inject_transition}: device_state writes FROM -> TO fail with ERRNO (null state: any). */
    record Transition(DeviceState from, DeviceState to, ErrnoName errno, boolean landInError, int count)
            implements Injection {
        @Override
        public String control() {
            return "inject_transition";
        }

        @Override
        public String line() {
            return state(from) + " " + state(to) + " " + errno.number() + " " + (landInError ? "error" : "prior")
                    + " " + count;
        }
    }

    /** {@code inject_field}: reads or writes of a field ({@code data}: the data window) fail with ERRNO. */
    record Field(String field, boolean write, ErrnoName errno, int count) implements Injection {
        @Override
        public String control() {
            return "inject_field";
        }

        @Override
        public String line() {
            return field + " " + (write ? "write" : "read") + " " + errno.number() + " " + count;
        }
    }

    /** {@code inject_resume}: every clearing of RESUMING fails validation with ERRNO. */
    record Resume(ErrnoName errno, boolean landInError) implements Injection {
        @Override
        public String control() {
            return "inject_resume";
        }

        @Override
        public String line() {
            return errno.number() + " " + (landInError ? "error" : "prior");
        }
    }

    /** {@code delay_transition}: sleep inside matching device_state writes. */
    record Delay(DeviceState from, DeviceState to, int millis) implements Injection {
        @Override
        public String control() {
            return "delay_transition";
        }

        @Override
        public String line() {
            return state(from) + " " + state(to) + " " + millis;
        }
    }

    /** Every injection off. */
    record Off() implements Injection {
        @Override
        public String control() {
            return "";
        }

        @Override
        public String line() {
            return "off";
        }
    }

    private static String state(DeviceState s) {
        return s == null ? "any" : "0x" + Integer.toHexString(s.raw());
    }
}
