package org.vfiomigtest.migration;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.vfiomigtest.sys.CProbe;

/**
 * {@link MigtestUapi}, {@link MigrationField} and the {@link DeviceState} macros agree with
 * Part 1 of {@code kmod/include/migtest_uapi.h} and the 6.1 {@code struct vfio_device_migration_info}.
 */
class MigtestUapiAbiTest {
    /** Raw device_state values beyond 0..15: reserved bits set, all ones, the sign bit. */
    private static final long[] WITH_RESERVED = {0x10, 0x13, 0x16, 0x1e, 0xf5, 0x80000000L, 0x80000006L, 0xffffffffL};

    @Test
    @DisplayName("every MigtestUapi constant matches its MIGTEST_ macro")
    void constantsMatch() throws Exception {
        var probe = new CProbe().include("migtest_uapi.h");
        for (Field f : MigtestUapi.class.getFields()) {
            if (f.getType() == int.class && Modifier.isStatic(f.getModifiers())) {
                probe.expect("MIGTEST_" + f.getName(), f.getInt(null));
            }
        }
        assertTrue(probe.size() >= 14, "expected the MigtestUapi constants to be found by reflection");
        probe.verify();
    }

    @Test
    @DisplayName("MigrationField offsets and widths match vfio_device_migration_info and MIGTEST_MIG_OFF_*")
    void fieldsMatch() throws Exception {
        var probe = new CProbe().include("linux/vfio.h").include("migtest_uapi.h");
        for (MigrationField f : MigrationField.values()) {
            probe.expect("offsetof(struct vfio_device_migration_info, " + f.cName() + ")", f.offset());
            probe.expect("MIGTEST_MIG_OFF_" + f.name(), f.offset());
            probe.expect("sizeof(((struct vfio_device_migration_info *)0)->" + f.cName() + ")", f.width());
        }
        probe.verify();
    }

    @Test
    @DisplayName("VALID, IS_ERROR and SET_ERROR equal the C macros on all 16 states and with reserved bits")
    void macrosMatch() throws Exception {
        var probe = new CProbe().include("migtest_uapi.h");
        LongStream.concat(IntStream.rangeClosed(0, 15).asLongStream(), LongStream.of(WITH_RESERVED)).forEach(v -> {
            int raw = (int) v;
            String arg = "((__u32)0x" + Long.toHexString(v) + "u)";
            probe.expect("MIGTEST_DEVICE_STATE_VALID" + arg, DeviceState.valid(raw) ? 1 : 0);
            probe.expect("MIGTEST_DEVICE_STATE_IS_ERROR" + arg, DeviceState.isError(raw) ? 1 : 0);
            probe.expect("(__u32)MIGTEST_DEVICE_STATE_SET_ERROR" + arg,
                    Integer.toUnsignedLong(DeviceState.setError(raw)));
        });
        probe.verify();
    }
}
