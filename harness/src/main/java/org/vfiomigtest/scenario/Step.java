package org.vfiomigtest.scenario;

import java.time.Duration;
import java.util.Locale;
import org.vfiomigtest.migration.DataPath;
import org.vfiomigtest.migration.DeviceState;
import org.vfiomigtest.migration.MigrationField;
import org.vfiomigtest.scenario.Expect.Activity;
import org.vfiomigtest.scenario.Expect.Outcome;
import org.vfiomigtest.scenario.Expect.States;
import org.vfiomigtest.scenario.Expect.Value;

/**
 * One step of a scenario, with where it is written. {@link #describe()} is the step's name in the
 * report and in {@code migtest replay}'s output. docs/scenarios.md documents every kind.
 */
public sealed interface Step {

    Where where();

    /** The step's kind as written ({@code set}, {@code save}, ...). */
    String kind();

    /** One line: "set RUNNING|SAVING", "save 3 segments into stream". */
    String describe();

    /** The regions a {@code read}/{@code write} can address. */
    enum Space {
        /** The migration region: its fields and, with {@code field: data}, the data window. */
        MIGRATION,
        /** BAR0 registers of the sample device. */
        BAR0,
        /** BAR2, device memory of the sample device. */
        BAR2,
        /** PCI config space. */
        CONFIG;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Where an access goes: a migration field (offset added to the field's), the data window
     * (offset relative to the last data_offset read), or a raw offset of a region.
     */
    record Target(Space space, MigrationField field, boolean data, long offset) {
        String describe() {
            if (data) {
                return "data window" + (offset == 0 ? "" : " +" + offset);
            }
            if (field != null) {
                return field.cName() + (offset == 0 ? "" : " +" + offset);
            }
            return space.label() + " 0x" + Long.toHexString(offset);
        }
    }

    /** {@code set}: write device_state; by default it must succeed and read back the value. */
    record SetState(Where where, DeviceState state, Outcome outcome, States then) implements Step {
        @Override
        public String kind() {
            return "set";
        }

        @Override
        public String describe() {
            return "set " + state.name() + (outcome.ok() ? "" : ", expect " + outcome)
                    + (then == null ? "" : ", then " + then);
        }
    }

    /** {@code expect_state}: device_state must read one of the states. */
    record ExpectState(Where where, States states) implements Step {
        @Override
        public String kind() {
            return "expect_state";
        }

        @Override
        public String describe() {
            return "expect device_state " + states;
        }
    }

    /** {@code read}: one access of {@code width} bytes (or {@code length} bytes of data). */
    record Read(Where where, Target target, int width, String length, Outcome outcome, Value value, String as)
            implements Step {
        @Override
        public String kind() {
            return "read";
        }

        @Override
        public String describe() {
            return "read " + target.describe() + (length != null ? " " + length + " bytes" : " w" + width)
                    + (outcome.ok() ? "" : ", expect " + outcome) + (value.isEmpty() ? "" : ", expect " + value)
                    + (as == null ? "" : ", as " + as);
        }
    }

    /** {@code write}: one access of {@code width} bytes, or {@code length} bytes of {@code fill}. */
    record Write(Where where, Target target, int width, long value, Integer length, Outcome outcome)
            implements Step {
        @Override
        public String kind() {
            return "write";
        }

        @Override
        public String describe() {
            return "write " + target.describe() + (length != null ? " " + length + " bytes of 0x"
                    + Long.toHexString(value & 0xff) : " w" + width + " 0x" + Long.toHexString(value))
                    + (outcome.ok() ? "" : ", expect " + outcome);
        }
    }

    /**
     * {@code save}: the SAVING protocol (pending_bytes, data_offset, data_size, data, re-read
     * pending_bytes) for {@code segments} segments, or until pending_bytes reads zero (null),
     * appending them to the stream {@code into}.
     */
    record Save(Where where, Integer segments, String into, int piece, DataPath path, Outcome outcome, Boolean end)
            implements Step {
        @Override
        public String kind() {
            return "save";
        }

        @Override
        public String describe() {
            return "save " + (segments == null ? "until pending_bytes reads 0" : segments + " segment"
                    + (segments == 1 ? "" : "s")) + " into " + into + (piece == Integer.MAX_VALUE ? ""
                    : " in pieces of " + piece + " bytes") + (outcome.ok() ? "" : ", expect " + outcome)
                    + (end == null ? "" : end ? ", then pending_bytes 0" : ", then pending_bytes non-zero");
        }
    }

    /** {@code resume}: the RESUMING protocol for segments {@code from..from+count-1} of a stream. */
    record Resume(Where where, String stream, int from, Integer count, int piece, DataPath path, long sizeDelta,
            boolean checkSizes, Outcome outcome, Integer at) implements Step {
        @Override
        public String kind() {
            return "resume";
        }

        @Override
        public String describe() {
            return "resume " + stream + (from == 0 && count == null ? "" : " segments " + from + ".."
                    + (count == null ? "end" : Integer.toString(from + count - 1)))
                    + (sizeDelta == 0 ? "" : ", data_size " + (sizeDelta > 0 ? "+" : "") + sizeDelta)
                    + (outcome.ok() ? "" : ", expect " + outcome + (at == null ? "" : " at segment " + at));
        }
    }

    /** {@code corrupt}: invert one byte of a segment (and with {@code reseal} recompute its crcs). */
    record Corrupt(Where where, String stream, SegmentRef segment, int at, boolean reseal) implements Step {
        @Override
        public String kind() {
            return "corrupt";
        }

        @Override
        public String describe() {
            return "corrupt byte " + at + " of " + segment + " of " + stream + (reseal ? ", crcs recomputed" : "");
        }
    }

    /** {@code drop}: leave a segment out. */
    record Drop(Where where, String stream, SegmentRef segment) implements Step {
        @Override
        public String kind() {
            return "drop";
        }

        @Override
        public String describe() {
            return "drop " + segment + " of " + stream;
        }
    }

    /** {@code reorder}: swap two segments. */
    record Reorder(Where where, String stream, SegmentRef segment, SegmentRef with) implements Step {
        @Override
        public String kind() {
            return "reorder";
        }

        @Override
        public String describe() {
            return "swap " + segment + " with " + with + " of " + stream;
        }
    }

    /** {@code duplicate}: send a segment twice in a row. */
    record Duplicate(Where where, String stream, SegmentRef segment) implements Step {
        @Override
        public String kind() {
            return "duplicate";
        }

        @Override
        public String describe() {
            return "duplicate " + segment + " of " + stream;
        }
    }

    /** {@code inject}: arm (or with {@code off} disarm) a sample-driver fault. */
    record Inject(Where where, Injection injection) implements Step {
        @Override
        public String kind() {
            return "inject";
        }

        @Override
        public String describe() {
            return injection instanceof Injection.Off ? "inject off"
                    : "inject " + injection.control() + " '" + injection.line() + "'";
        }
    }

    /** {@code bug}: turn a sample-driver bug switch on or off. */
    record Bug(Where where, String name, boolean on) implements Step {
        @Override
        public String kind() {
            return "bug";
        }

        @Override
        public String describe() {
            return "bug " + name + (on ? " on" : " off");
        }
    }

    /** {@code reset}: VFIO_DEVICE_RESET. */
    record Reset(Where where, Outcome outcome) implements Step {
        @Override
        public String kind() {
            return "reset";
        }

        @Override
        public String describe() {
            return "VFIO_DEVICE_RESET" + (outcome.ok() ? "" : ", expect " + outcome);
        }
    }

    /** {@code dma}: start (a buffer mapped, MSI eventfd assigned, engine programmed) or stop the engine. */
    record Dma(Where where, boolean start, int periodUs, int length, boolean irq) implements Step {
        @Override
        public String kind() {
            return "dma";
        }

        @Override
        public String describe() {
            return start ? "start DMA: " + length + " bytes every " + periodUs + " us" + (irq ? " with MSI" : "")
                    : "stop DMA";
        }
    }

    /** {@code observe}: watch DMA, interrupts and COUNTER for a while. */
    record Observe(Where where, Duration window, Activity dma, Activity irqs, Activity counter) implements Step {
        @Override
        public String kind() {
            return "observe";
        }

        @Override
        public String describe() {
            StringBuilder sb = new StringBuilder("observe " + window.toMillis() + " ms:");
            if (dma != Activity.ANY) {
                sb.append(" DMA ").append(dma.name().toLowerCase(Locale.ROOT));
            }
            if (irqs != Activity.ANY) {
                sb.append(" interrupts ").append(irqs.name().toLowerCase(Locale.ROOT));
            }
            if (counter != Activity.ANY) {
                sb.append(" COUNTER ").append(counter == Activity.ACTIVE ? "advancing" : "frozen");
            }
            return sb.toString();
        }
    }

    /** {@code interrupts}: interrupts signalled since DMA start or the previous interrupts step. */
    record Interrupts(Where where, Value count) implements Step {
        @Override
        public String kind() {
            return "interrupts";
        }

        @Override
        public String describe() {
            return "interrupts since the last count " + count;
        }
    }

    /** {@code wait}: sleep. */
    record Wait(Where where, Duration duration) implements Step {
        @Override
        public String kind() {
            return "wait";
        }

        @Override
        public String describe() {
            return "wait " + duration.toMillis() + " ms";
        }
    }
}
