package org.vfiomigtest.explore;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;
import org.vfiomigtest.migration.DataPath;
import org.vfiomigtest.migration.DeviceState;
import org.vfiomigtest.migration.MigrationField;

/**
 * The QuickTheories generators of {@link Action} sequences.
 *
 * <p>QuickTheories shrinks the random draws behind a value, each towards its shrink target: a
 * list's length towards its minimum (which drops actions from the end), a pick towards its first
 * entry. It cannot drop a draw from the middle, so a sequence is made of slots, each holding an
 * action and a keep draw whose shrink target is "skip": shrinking a keep draw to 0 drops that
 * action from anywhere in the sequence, while the draws of the slots after it stay where they
 * were. Each slot draws its action even when skipped, for the same reason. Each kind's values are
 * listed simplest first.
 */
final class ActionGenerators {
    /** The most slots (so the longest sequence) one try runs. */
    static final int MAX_LENGTH = 24;
    /** A slot's keep draw: 0 skips its action, 1 to this keeps it (random: 1 skip in KEEP + 1). */
    private static final int KEEP = 7;

    private ActionGenerators() {
    }

    /** Sequences of up to {@link #MAX_LENGTH} actions (at least one slot; all may be skipped). */
    static Gen<List<Action>> sequences() {
        Gen<Optional<Action>> slot = Generate.range(0, KEEP).zip(action(),
                (keep, a) -> keep == 0 ? Optional.<Action>empty() : Optional.of(a));
        return SourceDSL.lists().of(slot).ofSizeBetween(1, MAX_LENGTH)
                .map(slots -> slots.stream().flatMap(Optional::stream).toList())
                .describedAs(actions -> actions.stream().map(Action::describe).toList().toString());
    }

    static Gen<Action> action() {
        return Generate.frequency(List.of(
                Pair.of(40, sets()),
                Pair.of(20, Generate.enumValues(MigrationField.class).map(f -> (Action) new Action.ReadField(f))),
                Pair.of(8, writes()),
                Pair.of(6, Generate.pick(misaligned())),
                Pair.of(14, saves()),
                Pair.of(8, Generate.constant((Action) new Action.Reset()))));
    }

    /** Every value of the four defined bits (valid and invalid), and two with reserved bits set. */
    private static Gen<Action> sets() {
        List<Action> states = new ArrayList<>();
        for (int raw = 0; raw < 16; raw++) {
            states.add(new Action.SetState(DeviceState.of(raw)));
        }
        states.add(new Action.SetState(DeviceState.of(0x11)));
        states.add(new Action.SetState(DeviceState.of(0x13)));
        return Generate.pick(states);
    }

    private static Gen<Action> writes() {
        var fields = Generate.pick(List.of(MigrationField.RESERVED, MigrationField.PENDING_BYTES,
                MigrationField.DATA_OFFSET, MigrationField.DATA_SIZE));
        var values = Generate.pick(List.of(0L, 0x40L, 0xffffffffL));
        return fields.zip(values, (f, v) -> (Action) new Action.WriteField(f, v));
    }

    /** Accesses inside a field, at another width or offset than the field's own. */
    private static List<Action> misaligned() {
        return List.of(
                new Action.Misaligned(MigrationField.DEVICE_STATE, 0, 2),
                new Action.Misaligned(MigrationField.RESERVED, 2, 2),
                new Action.Misaligned(MigrationField.PENDING_BYTES, 0, 4),
                new Action.Misaligned(MigrationField.DATA_OFFSET, 4, 4),
                new Action.Misaligned(MigrationField.DATA_SIZE, 1, 1));
    }

    private static Gen<Action> saves() {
        var segments = Generate.pick(List.of(1, 2, 0));
        var pieces = Generate.pick(List.of(Integer.MAX_VALUE, 512));
        var paths = Generate.pick(List.of(DataPath.AUTO, DataPath.PREAD));
        return segments.zip(pieces, paths, (n, p, path) -> (Action) new Action.Save(n == 0 ? null : n, p, path));
    }
}
