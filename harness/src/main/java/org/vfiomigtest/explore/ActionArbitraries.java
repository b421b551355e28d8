package org.vfiomigtest.explore;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;
import org.vfiomigtest.migration.DataPath;
import org.vfiomigtest.migration.DeviceState;
import org.vfiomigtest.migration.MigrationField;

/**
 * The jqwik generators of {@link Action}s. Each kind's values are listed simplest first, since
 * jqwik shrinks a value towards the start of its list; a sequence shrinks by dropping actions.
 */
final class ActionArbitraries {
    /** The longest sequence one try runs. */
    static final int MAX_LENGTH = 24;

    private ActionArbitraries() {
    }

    /** Sequences of 1 to {@link #MAX_LENGTH} actions. */
    static Arbitrary<List<Action>> sequences() {
        return action().list().ofMinSize(1).ofMaxSize(MAX_LENGTH);
    }

    @SuppressWarnings("unchecked")
    static Arbitrary<Action> action() {
        return Arbitraries.frequencyOf(
                Tuple.of(40, sets()),
                Tuple.of(20, Arbitraries.of(MigrationField.values()).map(f -> (Action) new Action.ReadField(f))),
                Tuple.of(8, writes()),
                Tuple.of(6, Arbitraries.of(misaligned())),
                Tuple.of(14, saves()),
                Tuple.of(8, Arbitraries.just((Action) new Action.Reset())));
    }

    /** Every value of the four defined bits (valid and invalid), and two with reserved bits set. */
    private static Arbitrary<Action> sets() {
        List<Action> states = new ArrayList<>();
        for (int raw = 0; raw < 16; raw++) {
            states.add(new Action.SetState(DeviceState.of(raw)));
        }
        states.add(new Action.SetState(DeviceState.of(0x11)));
        states.add(new Action.SetState(DeviceState.of(0x13)));
        return Arbitraries.of(states);
    }

    private static Arbitrary<Action> writes() {
        var fields = Arbitraries.of(MigrationField.RESERVED, MigrationField.PENDING_BYTES, MigrationField.DATA_OFFSET,
                MigrationField.DATA_SIZE);
        var values = Arbitraries.of(0L, 0x40L, 0xffffffffL);
        return fields.flatMap(f -> values.map(v -> (Action) new Action.WriteField(f, v)));
    }

    /** Accesses inside a field, at another width or offset than the field's own. */
    private static List<Action> misaligned() {
        return Arrays.asList(
                new Action.Misaligned(MigrationField.DEVICE_STATE, 0, 2),
                new Action.Misaligned(MigrationField.RESERVED, 2, 2),
                new Action.Misaligned(MigrationField.PENDING_BYTES, 0, 4),
                new Action.Misaligned(MigrationField.DATA_OFFSET, 4, 4),
                new Action.Misaligned(MigrationField.DATA_SIZE, 1, 1));
    }

    private static Arbitrary<Action> saves() {
        var segments = Arbitraries.of(1, 2, 0);
        var pieces = Arbitraries.of(Integer.MAX_VALUE, 512);
        var paths = Arbitraries.of(DataPath.AUTO, DataPath.PREAD);
        return segments.flatMap(n -> pieces.flatMap(p -> paths.map(path ->
                (Action) new Action.Save(n == 0 ? null : n, p, path))));
    }
}
