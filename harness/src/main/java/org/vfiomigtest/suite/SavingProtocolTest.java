package org.vfiomigtest.suite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.vfiomigtest.suite.support.DeviceTests.deviceTest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.vfiomigtest.migration.DataPath;
import org.vfiomigtest.migration.DeviceState;
import org.vfiomigtest.migration.MigrationRegion;
import org.vfiomigtest.migration.MigrationStream;
import org.vfiomigtest.migration.SaveSession;
import org.vfiomigtest.rules.SpecRule;
import org.vfiomigtest.suite.Migrations.ResumeOutcome;
import org.vfiomigtest.suite.support.Conformance;
import org.vfiomigtest.suite.support.DeviceUnderTest;
import org.vfiomigtest.suite.support.ResumeTarget;
import org.vfiomigtest.sys.SyscallException;

/**
 * The SAVING protocol, steps a) to e), and the SAVING bit: what pending_bytes, data_offset and
 * data_size promise along a whole save, read the way the spec lets a user read them (in pieces,
 * by pread or mmap, with repeated pending_bytes reads), checked by resuming the stream into a
 * second instance where the spec's promise is about the data.
 */
@Conformance
@DataFlow
@DisplayName("SAVING protocol")
class SavingProtocolTest {
    /** Pieces for split reads: not a divisor of a page, so pieces straddle everything. */
    static final int PIECE = 1000;

    @Test
    @SpecRule("PS-01")
    @DisplayName("PS-01 whenever pending_bytes reads non-zero, data_offset and data_size present a segment")
    void ps01_pendingNonZeroMeansSegmentAvailable(DeviceUnderTest dut) {
        Migrations.traceStart(dut);
        MigrationRegion m = dut.migration();
        for (DeviceState phase : List.of(DeviceState.PRE_COPY, DeviceState.STOP_COPY)) {
            Migrations.transition(dut, phase, "enter " + phase);
            int n = 0;
            for (long pending = m.pendingBytes(); pending != 0; pending = m.pendingBytes(), n++) {
                if (n == Migrations.MAX_SEGMENTS) {
                    fail("in " + phase + ", pending_bytes still non-zero after " + n + " segments (PS-01, PS-02)");
                }
                long offset = m.dataOffset();
                long size = m.dataSize();
                if (size <= 0) {
                    fail("in " + phase + ", segment " + n + ": pending_bytes read " + pending + " but data_size "
                            + "reads " + size + " after data_offset " + offset + ": no data was available (PS-01)");
                }
                m.read(offset, new byte[(int) Math.min(size, 1 << 20)]);
            }
            if (phase == DeviceState.PRE_COPY) {
                continue;
            }
            assertTrue(n > 0, "stop-and-copy produced no segment: pending_bytes read zero at once although the "
                    + "stopped device state was never collected (PS-01)");
        }
    }

    @Test
    @SpecRule("PS-02")
    @DisplayName("PS-02 once pending_bytes reads zero while !RUNNING the stream is over and stays over")
    void ps02_zeroWhileStoppedEndsStream(DeviceUnderTest dut) throws InterruptedException {
        Migrations.traceStart(dut);
        SaveSession save = Migrations.saver(dut, DataPath.AUTO, Integer.MAX_VALUE);
        Migrations.transition(dut, DeviceState.STOP_COPY, "enter stop-and-copy");
        MigrationStream s = Migrations.drain(save, MigrationStream.empty(), "stop-and-copy");
        for (int i = 0; i < 5; i++) {
            Thread.sleep(10);
            long p = dut.migration().pendingBytes();
            assertEquals(0, p, "pending_bytes read " + (i + 2) + " after the stream ended with zero while !RUNNING "
                    + "(after " + s + "): the device generated new migration data (PS-02)");
        }
    }

    @Test
    @SpecRule("PS-03")
    @DisplayName("PS-03 reading pending_bytes three times per iteration loses no data: the stream still resumes")
    void ps03_repeatedPendingReadsLoseNothing(DeviceUnderTest dut, @ResumeTarget DeviceUnderTest target) {
        Migrations.traceStart(dut, target);
        SimulatedDevice src = SimulatedDevice.of(dut);
        src.fill(3);
        MigrationStream s = collect(dut, 3, "PS-03");
        Migrations.Snapshot before = Migrations.snapshot(src);
        ResumeOutcome o = Migrations.resume(target, s, DeviceState.STOP);
        assertTrue(o.firstError().isEmpty() && o.accepted(), "the stream collected with pending_bytes read three "
                + "times before each data_offset (" + s + ") does not resume: " + o + " (PS-03)");
        Migrations.assertSameState(before, SimulatedDevice.of(target), "PS-03");
    }

    /**
     * A whole save (pre-copy, then stop-and-copy, then STOP) reading pending_bytes
     * {@code pendingReads} times in each step a).
     */
    static MigrationStream collect(DeviceUnderTest dut, int pendingReads, String rule) {
        MigrationRegion m = dut.migration();
        List<byte[]> segs = new ArrayList<>();
        for (DeviceState phase : List.of(DeviceState.PRE_COPY, DeviceState.STOP_COPY)) {
            Migrations.transition(dut, phase, "enter " + phase);
            while (true) {
                long pending = 0;
                for (int i = 0; i < pendingReads; i++) {
                    pending |= m.pendingBytes();
                }
                if (pending == 0) {
                    break;
                }
                if (segs.size() == Migrations.MAX_SEGMENTS) {
                    fail("pending_bytes still non-zero after " + segs.size() + " segments (" + rule + ")");
                }
                long offset = m.dataOffset();
                long size = m.dataSize();
                byte[] seg = new byte[(int) size];
                if (size > 0) {
                    m.read(offset, seg);
                }
                segs.add(seg);
            }
        }
        Migrations.transition(dut, DeviceState.STOP, "end the save session");
        return MigrationStream.of(segs);
    }

    @Test
    @SpecRule("PS-04")
    @DisplayName("PS-04 reading data_offset after a non-zero pending_bytes puts a segment inside the region")
    void ps04_dataOffsetReadPreparesSegment(DeviceUnderTest dut) {
        Migrations.traceStart(dut);
        MigrationRegion m = dut.migration();
        long regionSize = m.info().size();
        Migrations.transition(dut, DeviceState.STOP_COPY, "enter stop-and-copy");
        for (int n = 0; m.pendingBytes() != 0; n++) {
            if (n == Migrations.MAX_SEGMENTS) {
                fail("pending_bytes still non-zero after " + n + " segments (PS-02)");
            }
            long offset = m.dataOffset();
            long size = m.dataSize();
            assertTrue(size > 0, "segment " + n + ": data_offset read after a non-zero pending_bytes, but data_size "
                    + "reads " + size + ": no segment was made available (PS-04)");
            assertTrue(offset >= 32 && offset <= regionSize && size <= regionSize - offset, "segment " + n
                    + ": data_offset " + offset + " + data_size " + size + " is not inside the data section of the "
                    + regionSize + "-byte region (PS-04)");
            byte[] seg = new byte[(int) size];
            assertEquals(size, m.read(offset, seg), "pread of the " + size + "-byte segment at data_offset (PS-04)");
        }
    }

    @Test
    @SpecRule("PS-05")
    @DisplayName("PS-05 a segment committed by data_offset but not collected is re-offered or the stream is refused")
    void ps05_dataOffsetReadCommitsUser(DeviceUnderTest dut, @ResumeTarget DeviceUnderTest target) {
        Migrations.traceStart(dut, target);
        SimulatedDevice src = SimulatedDevice.of(dut);
        src.fill(5);
        MigrationRegion m = dut.migration();
        List<byte[]> segs = new ArrayList<>();
        Migrations.transition(dut, DeviceState.PRE_COPY, "start pre-copy");
        boolean skipped = false;
        for (int n = 0; m.pendingBytes() != 0; n++) {
            if (n == Migrations.MAX_SEGMENTS) {
                fail("pending_bytes still non-zero after " + n + " segments (PS-02)");
            }
            long offset = m.dataOffset();
            long size = m.dataSize();
            if (n == 1) {
                skipped = true;         // committed by the data_offset read, never collected
                continue;
            }
            byte[] seg = new byte[(int) size];
            m.read(offset, seg);
            segs.add(seg);
        }
        assumeTrue(skipped, "pre-copy offered a single segment: nothing to leave uncollected");
        Migrations.transition(dut, DeviceState.STOP_COPY, "enter stop-and-copy");
        MigrationStream s = Migrations.drain(Migrations.saver(dut, DataPath.AUTO, Integer.MAX_VALUE),
                MigrationStream.of(segs), "stop-and-copy");
        Migrations.transition(dut, DeviceState.STOP, "end the save session");
        Migrations.Snapshot before = Migrations.snapshot(src);
        ResumeOutcome o = Migrations.resume(target, s, DeviceState.STOP);
        if (o.firstError().isEmpty() && o.accepted()) {
            // tolerated: the driver must then have offered the data again
            Migrations.assertSameState(before, SimulatedDevice.of(target), "PS-05: the stream missing the segment "
                    + "committed by data_offset and never collected was accepted, so it must still be complete");
        }
    }

    @Test
    @SpecRule("PS-06")
    @DisplayName("PS-06 data_size is the extent of the segment: data_size bytes at data_offset read in full")
    void ps06_dataSizeGivesExtent(DeviceUnderTest dut) {
        Migrations.traceStart(dut);
        MigrationRegion m = dut.migration();
        long regionSize = m.info().size();
        Migrations.transition(dut, DeviceState.STOP_COPY, "enter stop-and-copy");
        for (int n = 0; m.pendingBytes() != 0; n++) {
            if (n == Migrations.MAX_SEGMENTS) {
                fail("pending_bytes still non-zero after " + n + " segments (PS-02)");
            }
            long offset = m.dataOffset();
            long size = m.dataSize();
            assertTrue(size > 0 && size <= regionSize - offset, "segment " + n + ": data_size " + size
                    + " at data_offset " + offset + " does not fit the " + regionSize + "-byte region (PS-06)");
            byte[] seg = new byte[(int) size];
            int got;
            try {
                got = m.read(offset, seg);
            } catch (SyscallException e) {
                throw new AssertionError("segment " + n + ": reading the data_size (" + size + ") bytes at data_offset "
                        + offset + " failed: " + e.getMessage() + " (PS-06)", e);
            }
            assertEquals(size, got, "segment " + n + ": bytes read of the data_size extent (PS-06)");
        }
    }

    @Test
    @SpecRule("PS-07")
    @DisplayName("PS-07 a segment collected by pread and by mmap of the sparse area is the same; the stream resumes")
    void ps07_collectedWithRegionAccessMethods(DeviceUnderTest dut, @ResumeTarget DeviceUnderTest target) {
        Migrations.traceStart(dut, target);
        SimulatedDevice src = SimulatedDevice.of(dut);
        src.fill(7);
        MigrationRegion m = dut.migration();
        List<byte[]> segs = new ArrayList<>();
        for (DeviceState phase : List.of(DeviceState.PRE_COPY, DeviceState.STOP_COPY)) {
            Migrations.transition(dut, phase, "enter " + phase);
            while (m.pendingBytes() != 0) {
                if (segs.size() == Migrations.MAX_SEGMENTS) {
                    fail("pending_bytes still non-zero after " + segs.size() + " segments (PS-02)");
                }
                long offset = m.dataOffset();
                int size = (int) m.dataSize();
                byte[] seg = new byte[size];
                assertEquals(size, m.read(offset, seg), "pread of segment " + segs.size() + " (PS-07)");
                if (size > 0 && m.areaCovering(offset, size).isPresent()) {
                    byte[] mapped = m.readMapped(offset, size);
                    int i = segs.size();
                    assertArrayEquals(seg, mapped, () -> "segment " + i + " (" + size + " bytes at " + offset
                            + "): mmap of the sparse area shows other bytes than pread (PS-07)");
                }
                segs.add(seg);
            }
        }
        Migrations.transition(dut, DeviceState.STOP, "end the save session");
        Migrations.Snapshot before = Migrations.snapshot(src);
        Migrations.resumeOk(target, MigrationStream.of(segs), "PS-07");
        Migrations.assertSameState(before, SimulatedDevice.of(target), "PS-07");
    }

    @TestFactory
    @SpecRule("PS-08")
    @DisplayName("PS-08 each segment can be collected in 1000-byte pieces, by pread and by mmap; the stream resumes")
    Stream<DynamicTest> ps08_segmentReadInPieces(DeviceUnderTest dut, @ResumeTarget DeviceUnderTest target) {
        return Stream.of(DataPath.PREAD, DataPath.MMAP).map(path -> deviceTest(path + " in pieces", dut, () -> {
            if (path == DataPath.MMAP) {
                assumeTrue(!dut.migration().sparseAreas().isEmpty() && dut.migration().info().mmappable(),
                        "capability absent: the migration region offers no sparse mmap area, no mmap path to test");
            }
            SimulatedDevice src = SimulatedDevice.of(dut);
            src.fill(8);
            MigrationStream s;
            try {
                s = Migrations.saveAll(dut, Migrations.saver(dut, path, PIECE));
            } catch (SyscallException e) {
                throw new AssertionError("collecting segments by " + path + " in " + PIECE + "-byte pieces failed: "
                        + e.getMessage() + "; the user must not be required to collect a segment in a single "
                        + "operation (PS-08)", e);
            }
            Migrations.Snapshot before = Migrations.snapshot(src);
            Migrations.resumeOk(target, s, "PS-08");
            Migrations.assertSameState(before, SimulatedDevice.of(target), "PS-08");
        }));
    }

    @Test
    @SpecRule("PS-09")
    @DisplayName("PS-09 re-reading pending_bytes acknowledges the segment: the next data_offset brings a new one")
    void ps09_pendingReadAcknowledgesSegment(DeviceUnderTest dut) {
        Migrations.traceStart(dut);
        MigrationRegion m = dut.migration();
        byte[] previous = null;
        int n = 0;
        for (DeviceState phase : List.of(DeviceState.PRE_COPY, DeviceState.STOP_COPY)) {
            Migrations.transition(dut, phase, "enter " + phase);
            while (m.pendingBytes() != 0) {
                if (++n > Migrations.MAX_SEGMENTS) {
                    fail("pending_bytes still non-zero after " + Migrations.MAX_SEGMENTS + " segments (PS-09)");
                }
                long offset = m.dataOffset();
                byte[] seg = new byte[(int) m.dataSize()];
                m.read(offset, seg);
                if (previous != null && seg.length > 0 && Arrays.equals(previous, seg)) {
                    fail("segment " + n + " in " + phase + " is byte for byte the segment collected before it ("
                            + seg.length + " bytes): re-reading pending_bytes did not acknowledge it (PS-09)");
                }
                previous = seg;
            }
        }
    }

    @Test
    @SpecRule("PS-10")
    @DisplayName("PS-10 one pending_bytes read per iteration, straight back to step b): the stream resumes")
    void ps10_nextIterationFromStepB(DeviceUnderTest dut, @ResumeTarget DeviceUnderTest target) {
        Migrations.traceStart(dut, target);
        SimulatedDevice src = SimulatedDevice.of(dut);
        src.fill(10);
        MigrationStream s = Migrations.saveAll(dut);
        Migrations.Snapshot before = Migrations.snapshot(src);
        Migrations.resumeOk(target, s, "PS-10");
        Migrations.assertSameState(before, SimulatedDevice.of(target), "PS-10");
    }

    @Test
    @SpecRule("SAV-02")
    @DisplayName("SAV-02 setting SAVING starts a new stream: after an abandoned session, a new one resumes alone")
    void sav02_savingStartsNewStream(DeviceUnderTest dut, @ResumeTarget DeviceUnderTest target) {
        Migrations.traceStart(dut, target);
        SimulatedDevice src = SimulatedDevice.of(dut);
        src.fill(2);
        MigrationRegion m = dut.migration();
        Migrations.transition(dut, DeviceState.PRE_COPY, "start a first pre-copy");
        assertTrue(m.pendingBytes() != 0, "pending_bytes right after setting SAVING on a device with data: zero, "
                + "the data window was not initialized for a stream (SAV-02)");
        SaveSession save = Migrations.saver(dut, DataPath.AUTO, Integer.MAX_VALUE);
        save.readSegment();
        save.pendingBytes();
        save.readSegment();
        Migrations.transition(dut, DeviceState.RUNNING, "abandon the first session");
        src.writeMemory(0, new byte[4096]);
        MigrationStream s = Migrations.saveAll(dut);
        Migrations.Snapshot before = Migrations.snapshot(src);
        Migrations.resumeOk(target, s, "SAV-02");
        Migrations.assertSameState(before, SimulatedDevice.of(target), "SAV-02");
    }

    @Test
    @SpecRule("SAV-03")
    @DisplayName("SAV-03 memory written during pre-copy reaches the target; dirty logging shows it while RUNNING")
    void sav03_precopyCarriesDirtiedMemory(DeviceUnderTest dut, @ResumeTarget DeviceUnderTest target) {
        Migrations.traceStart(dut, target);
        SimulatedDevice src = SimulatedDevice.of(dut);
        src.fill(4);
        SaveSession save = Migrations.saver(dut, DataPath.AUTO, Integer.MAX_VALUE);
        Migrations.transition(dut, DeviceState.PRE_COPY, "start pre-copy");
        MigrationStream s = Migrations.drain(save, MigrationStream.empty(), "pre-copy");
        byte[] page = new byte[4096];
        Arrays.fill(page, (byte) 0x3c);
        src.writeMemory(0x5000, page);
        boolean tracked = save.pendingBytes() != 0;
        s = Migrations.drain(save, s, "pre-copy after the write");
        Migrations.transition(dut, DeviceState.STOP_COPY, "enter stop-and-copy");
        s = Migrations.drain(save, s, "stop-and-copy");
        Migrations.transition(dut, DeviceState.STOP, "end the save session");
        Migrations.Snapshot before = Migrations.snapshot(src);
        Migrations.resumeOk(target, s, "SAV-03");
        Migrations.assertSameState(before, SimulatedDevice.of(target), "SAV-03: a page written after pre-copy "
                + "had drained must still reach the target");
        assumeTrue(tracked, "pending_bytes stayed zero while RUNNING after device memory was written: the driver "
                + "does not log dirty memory during pre-copy (SAV-03 says it may); the data came in stop-and-copy");
    }

    @TestFactory
    @SpecRule("SAV-04")
    @DisplayName("SAV-04 clearing SAVING mid-segment or at the end ends the stream; the next session is whole")
    Stream<DynamicTest> sav04_clearingSavingEndsStream(DeviceUnderTest dut, @ResumeTarget DeviceUnderTest target) {
        record Case(String name, DeviceState saving, boolean atEnd) {
        }
        return Stream.of(new Case("mid-segment in pre-copy", DeviceState.PRE_COPY, false),
                new Case("mid-segment in stop-and-copy", DeviceState.STOP_COPY, false),
                new Case("after the end of the stream", DeviceState.STOP_COPY, true))
                .map(c -> deviceTest(c.name(), dut, () -> {
                    SimulatedDevice src = SimulatedDevice.of(dut);
                    src.fill(40);
                    Migrations.transition(dut, c.saving(), "enter " + c.saving());
                    SaveSession save = Migrations.saver(dut, DataPath.AUTO, Integer.MAX_VALUE);
                    if (c.atEnd()) {
                        Migrations.drain(save, MigrationStream.empty(), "stop-and-copy");
                    } else {
                        save.pendingBytes();
                        long offset = dut.migration().dataOffset();
                        dut.migration().read(offset, new byte[16]);
                    }
                    DeviceState cleared = c.saving().without(DeviceState.Bit.SAVING);
                    Migrations.transition(dut, cleared, "clear SAVING " + c.name() + " (SAV-04)");
                    if (!cleared.equals(DeviceState.RUNNING)) {
                        Migrations.transition(dut, DeviceState.RUNNING, "run again");
                    }
                    MigrationStream s = Migrations.saveAll(dut);
                    Migrations.Snapshot before = Migrations.snapshot(src);
                    Migrations.resumeOk(target, s, "SAV-04: the session after one ended " + c.name());
                    Migrations.assertSameState(before, SimulatedDevice.of(target), "SAV-04");
                }));
    }
}
