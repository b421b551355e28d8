package org.vfiomigtest.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.vfiomigtest.suite.support.DeviceTests.deviceTest;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.vfiomigtest.migration.DeviceState;
import org.vfiomigtest.migration.MigrationField;
import org.vfiomigtest.migration.MigrationRegion;
import org.vfiomigtest.migration.SpecModel;
import org.vfiomigtest.rules.SpecRule;
import org.vfiomigtest.suite.support.Conformance;
import org.vfiomigtest.suite.support.DeviceUnderTest;
import org.vfiomigtest.sys.ShortTransferException;
import org.vfiomigtest.sys.SyscallException;
import org.vfiomigtest.vfio.RegionInfo;

/**
 * Width and alignment of the header fields: "Field accesses for this structure are only
 * supported using their native width and alignment, accesses otherwise are undefined and the
 * kernel migration driver should return an error." Each access is made where the field is
 * defined (pending_bytes while SAVING, data_size written while RESUMING, ...), so a refusal
 * can only come from the width or offset.
 */
@Conformance
@DisplayName("field width and alignment")
class FieldAccessTest {

    /** sizeof(struct vfio_device_migration_info): u32, u32, three u64 (the 6.1 layout). */
    private static final int INFO_SIZE = 32;
    /** Register widths {@code pread}/{@code pwrite} can make here. */
    private static final int[] WIDTHS = {1, 2, 4, 8};

    /** One kind of access: a field, read or written, in a state where the spec defines it. */
    private record Access(MigrationField field, boolean write, DeviceState state) {
        String name() {
            return (write ? "write " : "read ") + field.cName() + " in " + state.name();
        }
    }

    /** Every field read where defined, and written where the user writes it. */
    private static List<Access> accesses() {
        List<Access> out = new ArrayList<>();
        for (MigrationField f : MigrationField.values()) {
            for (DeviceState s : List.of(DeviceState.RUNNING, DeviceState.STOP_COPY, DeviceState.RESUMING)) {
                if (SpecModel.defined(f, s) && (s.equals(DeviceState.RUNNING) || !SpecModel.defined(f, DeviceState.RUNNING))) {
                    out.add(new Access(f, false, s));
                }
            }
        }
        out.add(new Access(MigrationField.DEVICE_STATE, true, DeviceState.RUNNING));
        out.add(new Access(MigrationField.RESERVED, true, DeviceState.RUNNING));
        out.add(new Access(MigrationField.DATA_SIZE, true, DeviceState.RESUMING));
        return out;
    }

    @Test
    @SpecRule("REG-01")
    @DisplayName("REG-01 vfio_device_migration_info sits at offset 0: device_state at 0, reserved at 4, the rest after")
    void reg01_migrationInfoAtRegionStart(DeviceUnderTest dut) {
        MigrationRegion m = dut.migration();
        RegionInfo info = m.info();
        assertTrue(info.readable() && info.writable(), "migration region flags 0x" + Integer.toHexString(info.flags())
                + ": the header must be readable and writable (REG-01)");
        assertTrue(info.size() >= INFO_SIZE, "migration region of " + info.size() + " bytes cannot hold the "
                + INFO_SIZE + "-byte vfio_device_migration_info (REG-01)");
        assertEquals(Integer.toUnsignedLong(dut.model().defaultState().raw()), m.read(0, 4),
                "u32 at region offset 0 after reset: device_state, the default state (REG-01)");
        m.write(0, 4, DeviceState.PRE_COPY.raw());
        assertEquals(DeviceState.PRE_COPY, dut.state(), "device_state after writing the u32 at offset 0 (REG-01)");
        assertEquals(0L, m.read(4, 4), "u32 at offset 4: reserved (REG-01)");
        m.read(8, 8);
        long dataOffset = m.read(16, 8);
        m.read(24, 8);
        assertTrue(dataOffset >= INFO_SIZE && dataOffset < info.size(), "u64 at offset 16 (data_offset) while "
                + "SAVING is 0x" + Long.toHexString(dataOffset) + ", not past the header inside the region (REG-01)");
    }

    @TestFactory
    @SpecRule("ACC-01")
    @DisplayName("ACC-01 every field answers at its native width and alignment where it is defined")
    Stream<DynamicTest> acc01_nativeAccessSucceeds(DeviceUnderTest dut) {
        return accesses().stream().map(a -> deviceTest(a.name(), dut, () -> {
            dut.enter(a.state());
            MigrationRegion m = dut.migration();
            try {
                if (a.write()) {
                    m.write(a.field(), harmless(dut, a, a.field().offset()));
                } else {
                    m.read(a.field());
                }
            } catch (SyscallException | ShortTransferException e) {
                fail(a.name() + " at native width " + a.field().width() + " failed: " + e.getMessage() + " (ACC-01)", e);
            }
        }));
    }

    @TestFactory
    @SpecRule("ACC-02")
    @DisplayName("ACC-02 every other width or offset inside a field fails, without side effect")
    Stream<DynamicTest> acc02_otherWidthOrOffsetFails(DeviceUnderTest dut) {
        return accesses().stream().map(a -> deviceTest(a.name(), dut, () -> {
            dut.enter(a.state());
            MigrationRegion m = dut.migration();
            List<String> accepted = new ArrayList<>();
            MigrationField f = a.field();
            for (long off = f.offset(); off < f.offset() + f.width(); off++) {
                for (int w : WIDTHS) {
                    if (off == f.offset() && w == f.width()) {
                        continue;
                    }
                    String what = a.name() + " as " + w + " bytes at offset " + off;
                    try {
                        if (a.write()) {
                            m.write(off, w, harmless(dut, a, off));
                        } else {
                            m.read(off, w);
                        }
                        accepted.add(what + ": succeeded");
                    } catch (ShortTransferException e) {
                        accepted.add(what + ": transferred " + e.transferred() + " bytes, no error");
                    } catch (SyscallException e) {
                        // refused, as it should be
                    }
                    assertEquals(a.state(), dut.state(), "device_state after " + what + " (ACC-02)");
                }
            }
            if (!accepted.isEmpty()) {
                fail("accesses other than native width and alignment should fail (ACC-02):\n"
                        + String.join("\n", accepted));
            }
        }));
    }

    /**
     * A value that changes nothing if a driver wrongly accepts the write: device_state's own
     * bytes at that offset, zero elsewhere (reserved ignores it, data_size 0 is no data).
     */
    private static long harmless(DeviceUnderTest dut, Access a, long offset) {
        if (a.field() != MigrationField.DEVICE_STATE) {
            return 0;
        }
        long state = Integer.toUnsignedLong(dut.state().raw());
        return state >>> (8 * (offset - a.field().offset()));
    }
}
