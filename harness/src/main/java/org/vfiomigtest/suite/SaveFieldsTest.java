package org.vfiomigtest.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.vfiomigtest.migration.DataPath;
import org.vfiomigtest.migration.DeviceState;
import org.vfiomigtest.migration.MigrationField;
import org.vfiomigtest.migration.MigrationRegion;
import org.vfiomigtest.migration.MigrationStream;
import org.vfiomigtest.migration.SaveSession;
import org.vfiomigtest.rules.SpecRule;
import org.vfiomigtest.suite.Migrations.ResumeOutcome;
import org.vfiomigtest.suite.support.Conformance;
import org.vfiomigtest.suite.support.DeviceUnderTest;
import org.vfiomigtest.suite.support.ResumeTarget;
import org.vfiomigtest.sys.ShortTransferException;
import org.vfiomigtest.sys.SyscallException;

/**
 * pending_bytes, data_offset and data_size as fields: read-only ones refuse writes, the values
 * are inside the region and mean what the spec says, and where the spec calls a value undefined
 * the device answers with a value or an errno and nothing else happens.
 */
@Conformance
@DataFlow
@DisplayName("pending_bytes, data_offset, data_size")
class SaveFieldsTest {

    /** A place to probe a field from. */
    record Place(String name, DeviceState state, boolean midSave) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final List<Place> SESSIONS = List.of(
            new Place("mid-save in RUNNING|SAVING", DeviceState.PRE_COPY, true),
            new Place("mid-save in SAVING", DeviceState.STOP_COPY, true),
            new Place("RESUMING", DeviceState.RESUMING, false));

    static final List<Place> NO_SESSION = List.of(
            new Place("RUNNING", DeviceState.RUNNING, false),
            new Place("STOP", DeviceState.STOP, false));

    static void enter(DeviceUnderTest dut, Place p) {
        if (p.midSave()) {
            dut.enterMidSave(p.state());
        } else {
            dut.enter(p.state());
        }
    }

    /** Asserts that a native-width write of {@code field} fails with an errno and changes no state. */
    static void assertWriteRefused(DeviceUnderTest dut, MigrationField field, long value, Place where, String rule) {
        MigrationRegion m = dut.migration();
        DeviceState before = dut.state();
        try {
            m.write(field, value);
            fail("write of 0x" + Long.toHexString(value) + " to the read-only " + field.cName() + " in " + where
                    + " succeeded; a read-only field must refuse writes with an errno (" + rule + ")");
        } catch (SyscallException e) {
            // refused, as it must be
        }
        assertEquals(before, dut.state(), "device_state after the refused " + field.cName() + " write in " + where
                + " (" + rule + ")");
    }

    /** Reads or writes {@code field}: a value or an errno are both answers; a short transfer is not. */
    static String probe(MigrationRegion m, MigrationField field, boolean write, String rule) {
        try {
            if (write) {
                m.write(field, 0x1000);
                return "write accepted";
            }
            return "reads 0x" + Long.toHexString(m.read(field));
        } catch (SyscallException e) {
            return "refused with " + e.errno();
        } catch (ShortTransferException e) {
            throw new AssertionError(field.cName() + (write ? " write" : " read") + " answered with a short transfer, "
                    + "neither a value nor an errno (" + rule + ")", e);
        }
    }

    /** From any state without a session: the device still saves a complete stream. */
    static void assertStillSaves(DeviceUnderTest dut, String rule) {
        if (!dut.state().equals(DeviceState.RUNNING)) {
            Migrations.transition(dut, DeviceState.RUNNING, "run again (" + rule + ")");
        }
        MigrationStream s = Migrations.saveAll(dut);
        assertTrue(s.size() > 0, "a save after the probe produced no segment (" + rule + ")");
    }

    /* ---- pending_bytes ---- */

    @TestFactory
    @SpecRule("PB-01")
    @DisplayName("PB-01 writes to pending_bytes fail with an errno and leave device_state alone")
    Stream<DynamicTest> pb01_pendingBytesReadOnly(DeviceUnderTest dut) {
        return SESSIONS.stream().map(p -> deviceTest(p.name(), dut, () -> {
            enter(dut, p);
            assertWriteRefused(dut, MigrationField.PENDING_BYTES, 0, p, "PB-01");
            assertWriteRefused(dut, MigrationField.PENDING_BYTES, 0x10000, p, "PB-01");
        }));
    }

    @Test
    @SpecRule("PB-02")
    @DisplayName("PB-02 pending_bytes is non-zero while stop-and-copy data remains and zero once it is all read")
    void pb02_pendingEstimatesRemainingData(DeviceUnderTest dut) {
        Migrations.traceStart(dut);
        SimulatedDevice.of(dut).fill(22);
        MigrationRegion m = dut.migration();
        Migrations.transition(dut, DeviceState.STOP_COPY, "enter stop-and-copy");
        long first = m.pendingBytes();
        assertTrue(first > 0, "pending_bytes at the start of stop-and-copy of a device with 1 MiB of data: 0 (PB-02)");
        SaveSession save = Migrations.saver(dut, DataPath.AUTO, Integer.MAX_VALUE);
        long total = 0;
        for (int n = 0; n == 0 || m.pendingBytes() != 0; n++) {
            if (n == Migrations.MAX_SEGMENTS) {
                fail("pending_bytes still non-zero after " + n + " segments, " + total + " bytes; the estimate of "
                        + "remaining data never reaches zero (PB-02)");
            }
            total += save.readSegment().length;
        }
        assertEquals(0, m.pendingBytes(), "pending_bytes after the whole stop-and-copy stream (" + total + " bytes, "
                + "first estimate " + first + ") (PB-02)");
    }

    @Test
    @SpecRule("PB-03")
    @DisplayName("PB-03 a user re-reading the volatile pending_bytes while RUNNING collects data written meanwhile")
    void pb03_pendingVolatileWhileRunning(DeviceUnderTest dut, @ResumeTarget DeviceUnderTest target) {
        Migrations.traceStart(dut, target);
        SimulatedDevice src = SimulatedDevice.of(dut);
        src.fill(23);
        SaveSession save = Migrations.saver(dut, DataPath.AUTO, Integer.MAX_VALUE);
        Migrations.transition(dut, DeviceState.PRE_COPY, "start pre-copy");
        MigrationStream s = MigrationStream.empty();
        List<Long> seen = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            s = Migrations.drain(save, s, "pre-copy round " + round);
            byte[] page = new byte[4096];
            java.util.Arrays.fill(page, (byte) (0x70 + round));
            src.writeMemory((round + 1) * 0x11000L, page);
            seen.add(save.pendingBytes());
        }
        s = Migrations.drain(save, s, "pre-copy");
        Migrations.transition(dut, DeviceState.STOP_COPY, "enter stop-and-copy");
        s = Migrations.drain(save, s, "stop-and-copy");
        Migrations.transition(dut, DeviceState.STOP, "end the save session");
        Migrations.Snapshot before = Migrations.snapshot(src);
        Migrations.resumeOk(target, s, "PB-03");
        Migrations.assertSameState(before, SimulatedDevice.of(target), "PB-03: pages written while pre-copy ran "
                + "(pending_bytes then read " + seen + ") must reach the target");
    }

    @Test
    @SpecRule("PB-04")
    @DisplayName("PB-04 zero while RUNNING is not the end: the pre-copy part alone is refused, more data follows")
    void pb04_streamEndsOnlyWhenStopped(DeviceUnderTest dut, @ResumeTarget DeviceUnderTest target) {
        Migrations.traceStart(dut, target);
        SimulatedDevice src = SimulatedDevice.of(dut);
        src.fill(24);
        SaveSession save = Migrations.saver(dut, DataPath.AUTO, Integer.MAX_VALUE);
        Migrations.transition(dut, DeviceState.PRE_COPY, "start pre-copy");
        MigrationStream pre = Migrations.drain(save, MigrationStream.empty(), "pre-copy");
        Migrations.transition(dut, DeviceState.STOP_COPY, "enter stop-and-copy");
        assertTrue(save.pendingBytes() != 0, "pending_bytes right after RUNNING was cleared, following a pre-copy "
                + "that read zero: zero again, but the stopped device state was never sent (PB-04)");
        MigrationStream all = Migrations.drain(save, pre, "stop-and-copy");
        Migrations.transition(dut, DeviceState.STOP, "end the save session");
        Migrations.Snapshot before = Migrations.snapshot(src);
        ResumeOutcome o = Migrations.resume(target, pre, DeviceState.STOP);
        assertFalse(o.accepted(), "the pre-copy part alone (" + pre + "), ended by a zero pending_bytes while RUNNING, "
                + "was accepted as a complete stream: " + o + " (PB-04)");
        target.reset();
        Migrations.resumeOk(target, all, "PB-04");
        Migrations.assertSameState(before, SimulatedDevice.of(target), "PB-04");
    }

    @TestFactory
    @SpecRule("PB-05")
    @DisplayName("PB-05 RUNNING can be cleared while pending_bytes is non-zero; the stream then completes")
    Stream<DynamicTest> pb05_stopWithDataPending(DeviceUnderTest dut) {
        record Case(String name, boolean midSegment, DeviceState to) {
        }
        return Stream.of(new Case("fresh pre-copy -> SAVING", false, DeviceState.STOP_COPY),
                new Case("mid-segment pre-copy -> SAVING", true, DeviceState.STOP_COPY),
                new Case("fresh pre-copy -> STOP", false, DeviceState.STOP))
                .map(c -> deviceTest(c.name(), dut, () -> {
                    SimulatedDevice.of(dut).fill(25);
                    MigrationRegion m = dut.migration();
                    Migrations.transition(dut, DeviceState.PRE_COPY, "start pre-copy");
                    long pending = m.pendingBytes();
                    assertTrue(pending != 0, "set-up: pending_bytes is 0 at the start of pre-copy");
                    if (c.midSegment()) {
                        long offset = m.dataOffset();
                        m.read(offset, new byte[64]);
                    }
                    var r = dut.attempt(c.to());
                    assertTrue(r.ok() && r.after().equals(c.to()), "clearing RUNNING with pending_bytes " + pending
                            + " (" + c.name() + "): " + r + "; the driver must not require zero first (PB-05)");
                    if (c.to().equals(DeviceState.STOP_COPY)) {
                        Migrations.drain(Migrations.saver(dut, DataPath.AUTO, Integer.MAX_VALUE),
                                MigrationStream.empty(), "stop-and-copy after PB-05");
                    }
                }));
    }

    @Test
    @SpecRule("PB-06")
    @DisplayName("PB-06 a user acting only on zero/non-zero of pending_bytes gets a stream that resumes")
    void pb06_onlyZeroOrNonZeroMatters(DeviceUnderTest dut, @ResumeTarget DeviceUnderTest target) {
        Migrations.traceStart(dut, target);
        SimulatedDevice src = SimulatedDevice.of(dut);
        src.fill(26);
        MigrationRegion m = dut.migration();
        SaveSession save = Migrations.saver(dut, DataPath.AUTO, Integer.MAX_VALUE);
        Migrations.transition(dut, DeviceState.STOP_COPY, "enter stop-and-copy");
        long estimate = m.pendingBytes();
        MigrationStream s = MigrationStream.empty();
        while (estimate != 0) {
            if (s.size() == Migrations.MAX_SEGMENTS) {
                fail("pending_bytes still non-zero after " + s.size() + " segments (PB-06)");
            }
            s = s.append(save.readSegment());
            estimate = m.pendingBytes();
        }
        Migrations.transition(dut, DeviceState.STOP, "end the save session");
        Migrations.Snapshot before = Migrations.snapshot(src);
        Migrations.resumeOk(target, s, "PB-06");
        Migrations.assertSameState(before, SimulatedDevice.of(target), "PB-06");
    }

    @TestFactory
    @SpecRule("PB-07")
    @DisplayName("PB-07 pending_bytes without SAVING answers a value or an errno and disturbs nothing")
    Stream<DynamicTest> pb07_pendingUndefinedWithoutSaving(DeviceUnderTest dut) {
        List<Place> places = new ArrayList<>(NO_SESSION);
        places.add(new Place("RESUMING", DeviceState.RESUMING, false));
        return places.stream().map(p -> deviceTest(p.name(), dut, () -> {
            enter(dut, p);
            String answer = probe(dut.migration(), MigrationField.PENDING_BYTES, false, "PB-07");
            assertEquals(p.state(), dut.state(), "device_state after pending_bytes " + answer + " in " + p + " (PB-07)");
            if (p.state().equals(DeviceState.RESUMING)) {
                dut.reset();        // an empty resume is an incomplete stream: leave it by reset
            }
            assertStillSaves(dut, "PB-07");
        }));
    }

    /* ---- data_offset ---- */

    @TestFactory
    @SpecRule("DO-01")
    @DisplayName("DO-01 writes to data_offset fail with an errno and leave data_offset and device_state alone")
    Stream<DynamicTest> do01_dataOffsetReadOnly(DeviceUnderTest dut) {
        return SESSIONS.stream().map(p -> deviceTest(p.name(), dut, () -> {
            enter(dut, p);
            long before = dut.migration().dataOffset();
            assertWriteRefused(dut, MigrationField.DATA_OFFSET, before + 4096, p, "DO-01");
            assertWriteRefused(dut, MigrationField.DATA_OFFSET, 0, p, "DO-01");
            assertEquals(before, dut.migration().dataOffset(), "data_offset after the refused writes (DO-01)");
        }));
    }

    @TestFactory
    @SpecRule("DO-02")
    @DisplayName("DO-02 data_offset points inside the region, past the header, with room for the segment")
    Stream<DynamicTest> do02_dataOffsetInsideRegion(DeviceUnderTest dut) {
        return Stream.of(
                deviceTest("SAVING: every segment of a save", dut, () -> {
                    MigrationRegion m = dut.migration();
                    long size = m.info().size();
                    Migrations.transition(dut, DeviceState.STOP_COPY, "enter stop-and-copy");
                    for (int n = 0; m.pendingBytes() != 0; n++) {
                        if (n == Migrations.MAX_SEGMENTS) {
                            fail("pending_bytes still non-zero after " + n + " segments (PS-02)");
                        }
                        long off = m.dataOffset();
                        long len = m.dataSize();
                        assertTrue(off >= 32 && off < size && len <= size - off, "segment " + n + ": data_offset "
                                + off + " with data_size " + len + " is not inside the " + size + "-byte region "
                                + "after the 32-byte vfio_device_migration_info (DO-02)");
                        m.read(off, new byte[(int) len]);
                    }
                }),
                deviceTest("RESUMING: room for the largest saved segment", dut, () -> {
                    MigrationStream s = Migrations.saveAll(dut);
                    int largest = s.segments().stream().mapToInt(b -> b.length).max().orElse(0);
                    dut.enter(DeviceState.RESUMING);
                    MigrationRegion m = dut.migration();
                    long size = m.info().size();
                    long off = m.dataOffset();
                    assertTrue(off >= 32 && off < size && largest <= size - off, "RESUMING: data_offset " + off
                            + " leaves no room in the " + size + "-byte region for the largest saved segment ("
                            + largest + " bytes), or overlaps the header (DO-02)");
                }));
    }

    @TestFactory
    @SpecRule("DO-03")
    @DisplayName("DO-03 data_offset without SAVING or RESUMING answers a value or an errno and disturbs nothing")
    Stream<DynamicTest> do03_dataOffsetUndefinedWithoutSession(DeviceUnderTest dut) {
        return NO_SESSION.stream().map(p -> deviceTest(p.name(), dut, () -> {
            enter(dut, p);
            String answer = probe(dut.migration(), MigrationField.DATA_OFFSET, false, "DO-03");
            assertEquals(p.state(), dut.state(), "device_state after data_offset " + answer + " in " + p + " (DO-03)");
            assertStillSaves(dut, "DO-03");
        }));
    }

    /* ---- data_size ---- */

    @Test
    @SpecRule("DSZ-01")
    @DisplayName("DSZ-01 data_size while SAVING is the segment length: fits the region and resumes as is")
    void dsz01_savingDataSizeIsSegmentLength(DeviceUnderTest dut, @ResumeTarget DeviceUnderTest target) {
        Migrations.traceStart(dut, target);
        SimulatedDevice src = SimulatedDevice.of(dut);
        src.fill(31);
        MigrationRegion m = dut.migration();
        long size = m.info().size();
        List<byte[]> segs = new ArrayList<>();
        for (DeviceState phase : List.of(DeviceState.PRE_COPY, DeviceState.STOP_COPY)) {
            Migrations.transition(dut, phase, "enter " + phase);
            while (m.pendingBytes() != 0) {
                if (segs.size() == Migrations.MAX_SEGMENTS) {
                    fail("pending_bytes still non-zero after " + segs.size() + " segments (PS-02)");
                }
                long off = m.dataOffset();
                long len = m.dataSize();
                assertTrue(len > 0 && len <= size - off, "segment " + segs.size() + ": data_size " + len + " at "
                        + "data_offset " + off + " runs past the end of the " + size + "-byte region (DSZ-01)");
                byte[] seg = new byte[(int) len];
                assertEquals(len, m.read(off, seg), "bytes read of the " + len + "-byte segment (DSZ-01)");
                segs.add(seg);
            }
        }
        Migrations.transition(dut, DeviceState.STOP, "end the save session");
        Migrations.Snapshot before = Migrations.snapshot(src);
        Migrations.resumeOk(target, MigrationStream.of(segs), "DSZ-01");
        Migrations.assertSameState(before, SimulatedDevice.of(target), "DSZ-01");
    }

    @TestFactory
    @SpecRule("DSZ-02")
    @DisplayName("DSZ-02 the driver relies on data_size being the segment length: a wrong length is refused")
    Stream<DynamicTest> dsz02_resumingDataSizeIsLength(DeviceUnderTest dut, @ResumeTarget DeviceUnderTest target) {
        return Stream.of(-1, -4, 8).map(delta -> deviceTest("data_size = length " + (delta > 0 ? "+" : "") + delta,
                dut, () -> {
                    MigrationStream s = Migrations.saveAll(dut);
                    int k = Math.min(1, s.size() - 1);
                    target.enter(DeviceState.RESUMING);
                    MigrationRegion t = target.migration();
                    String error = "";
                    try {
                        for (int i = 0; i < s.size(); i++) {
                            byte[] seg = s.segment(i);
                            long off = t.dataOffset();
                            t.write(off, seg);
                            t.setDataSize(i == k ? seg.length + delta : seg.length);
                        }
                    } catch (SyscallException e) {
                        error = e.getMessage();
                    }
                    var clear = target.attempt(DeviceState.STOP);
                    assertFalse(clear.ok(), "segment " + k + " written with data_size " + delta + " off its length was "
                            + "accepted through the end of RESUMING (" + (error.isEmpty() ? "no error" : error)
                            + "; clearing: " + clear + ") (DSZ-02)");
                }));
    }

    @TestFactory
    @SpecRule("DSZ-03")
    @DisplayName("DSZ-03 data_size without SAVING or RESUMING answers a value or an errno and disturbs nothing")
    Stream<DynamicTest> dsz03_dataSizeUndefinedWithoutSession(DeviceUnderTest dut) {
        return NO_SESSION.stream().flatMap(p -> Stream.of(false, true).map(write -> deviceTest(
                p.name() + (write ? ", write" : ", read"), dut, () -> {
                    enter(dut, p);
                    String answer = probe(dut.migration(), MigrationField.DATA_SIZE, write, "DSZ-03");
                    assertEquals(p.state(), dut.state(), "device_state after data_size " + answer + " in " + p
                            + " (DSZ-03)");
                    assertStillSaves(dut, "DSZ-03");
                })));
    }
}
