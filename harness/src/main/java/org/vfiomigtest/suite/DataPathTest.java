package org.vfiomigtest.suite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.vfiomigtest.migration.DataPath;
import org.vfiomigtest.migration.DeviceState;
import org.vfiomigtest.migration.MigrationRegion;
import org.vfiomigtest.migration.MigrationStream;
import org.vfiomigtest.migration.ResumeSession;
import org.vfiomigtest.migration.TransitionResult;
import org.vfiomigtest.rules.SpecRule;
import org.vfiomigtest.suite.support.Conformance;
import org.vfiomigtest.suite.support.DeviceUnderTest;
import org.vfiomigtest.suite.support.ResumeTarget;
import org.vfiomigtest.sys.SyscallException;
import org.vfiomigtest.vfio.SparseArea;

/**
 * The data section's two paths, pread/pwrite and the sparse mmap, and how errors in the data
 * surface: on the region access nearest to them, and through the fields even when the data
 * itself went through an mmap.
 */
@Conformance
@DataFlow
@DisplayName("data path: mmap and pread, errors")
class DataPathTest {

    static void requireMmap(MigrationRegion m) {
        assumeTrue(m.info().mmappable() && !m.sparseAreas().isEmpty(), "capability absent: the migration region "
                + "offers no sparse mmap (flags 0x" + Integer.toHexString(m.info().flags()) + ", areas "
                + m.sparseAreas() + ")");
    }

    @Test
    @SpecRule("MMAP-01")
    @DisplayName("MMAP-01 the sparse areas cover data_offset/data_size; a save and a resume through mmap work")
    void mmap01_dataSectionMmappable(DeviceUnderTest dut, @ResumeTarget DeviceUnderTest target) {
        Migrations.traceStart(dut, target);
        MigrationRegion m = dut.migration();
        requireMmap(m);
        long size = m.info().size();
        for (SparseArea a : m.sparseAreas()) {
            assertTrue(a.offset() >= 32 && a.size() > 0 && a.size() <= size - a.offset(), "sparse area " + a
                    + " is not inside the data section of the " + size + "-byte region (MMAP-01)");
        }
        SimulatedDevice src = SimulatedDevice.of(dut);
        src.fill(301);
        Migrations.transition(dut, DeviceState.STOP_COPY, "enter stop-and-copy");
        long off = m.dataOffset();
        int len = (int) m.dataSize();
        assertTrue(m.areaCovering(off, len).isPresent(), "the first segment [" + off + ", +" + len + ") lies in no "
                + "sparse area " + m.sparseAreas() + ": data_offset does not direct the user into the mmap (MMAP-01)");
        byte[] viaPread = new byte[len];
        m.read(off, viaPread);
        assertArrayEquals(viaPread, m.readMapped(off, len), "segment bytes through mmap vs pread (MMAP-01)");
        dut.reset();
        src.fill(302);
        MigrationStream s = Migrations.saveAll(dut, Migrations.saver(dut, DataPath.MMAP, Integer.MAX_VALUE));
        Migrations.Snapshot before = Migrations.snapshot(src);
        target.enter(DeviceState.RESUMING);
        requireMmap(target.migration());
        Migrations.ResumeOutcome o = Migrations.resumeInto(target,
                new ResumeSession(target.migration(), DataPath.MMAP, Integer.MAX_VALUE), s, DeviceState.STOP);
        assertTrue(o.firstError().isEmpty() && o.accepted(), "a stream saved and resumed entirely through the mmap "
                + "of the data section: " + o + " (MMAP-01)");
        Migrations.assertSameState(before, SimulatedDevice.of(target), "MMAP-01");
    }

    @Test
    @SpecRule("MMAP-02")
    @DisplayName("MMAP-02 with mmap offered, a save and a resume through pread/pwrite alone work")
    void mmap02_readWriteWithoutMmap(DeviceUnderTest dut, @ResumeTarget DeviceUnderTest target) {
        Migrations.traceStart(dut, target);
        boolean offered = dut.migration().info().mmappable() && !dut.migration().sparseAreas().isEmpty();
        SimulatedDevice src = SimulatedDevice.of(dut);
        src.fill(303);
        MigrationStream s;
        try {
            s = Migrations.saveAll(dut, Migrations.saver(dut, DataPath.PREAD, Integer.MAX_VALUE));
        } catch (SyscallException e) {
            throw new AssertionError("collecting the stream with pread only failed: " + e.getMessage()
                    + (offered ? "; the driver offers mmap but must not require it" : "") + " (MMAP-02)", e);
        }
        Migrations.Snapshot before = Migrations.snapshot(src);
        target.enter(DeviceState.RESUMING);
        Migrations.ResumeOutcome o = Migrations.resumeInto(target,
                new ResumeSession(target.migration(), DataPath.PREAD, Integer.MAX_VALUE), s, DeviceState.STOP);
        assertTrue(o.firstError().isEmpty() && o.accepted(), "a stream resumed with pwrite only: " + o
                + (offered ? "; the driver offers mmap but must not require it" : "") + " (MMAP-02)");
        Migrations.assertSameState(before, SimulatedDevice.of(target), "MMAP-02");
    }

    /**
     * Writes {@code stream} through {@code path}, continuing past refused accesses, and returns
     * the index of the first segment whose steps failed (-1: none) and the clearing result.
     */
    record Faults(int firstFailingSegment, String error, TransitionResult clear) {
    }

    static Faults writeThrough(DeviceUnderTest target, MigrationStream stream, DataPath path) {
        target.enter(DeviceState.RESUMING);
        ResumeSession rs = new ResumeSession(target.migration(), path, Integer.MAX_VALUE);
        int first = -1;
        String error = "";
        for (int i = 0; i < stream.size() && first < 0; i++) {
            try {
                rs.writeSegment(stream.segment(i));
            } catch (SyscallException e) {
                first = i;
                error = e.getMessage();
            }
        }
        return new Faults(first, error, target.attempt(DeviceState.STOP));
    }

    @Test
    @SpecRule("ERR-05")
    @DisplayName("ERR-05 a corrupted segment faults a region access no earlier than its own, and at the latest the clear")
    void err05_errorOnNearestAccess(DeviceUnderTest dut, @ResumeTarget DeviceUnderTest target) {
        Migrations.traceStart(dut, target);
        SimulatedDevice.of(dut).fill(305);
        MigrationStream s = Migrations.saveAll(dut);
        assumeTrue(s.size() >= 3, "stream too short: " + s);
        int k = s.size() / 2;
        byte[] seg = s.segment(k);
        MigrationStream bad = s.withSegment(k, StreamFormat.flipped(seg, seg.length / 2));
        Faults f = writeThrough(target, bad, DataPath.PREAD);
        assertTrue(f.firstFailingSegment() < 0 || f.firstFailingSegment() >= k, "segment "
                + f.firstFailingSegment() + " was refused (" + f.error() + ") although only segment " + k
                + " is corrupted (ERR-05)");
        assertFalse(f.clear().ok(), "the stream with segment " + k + " corrupted: "
                + (f.firstFailingSegment() < 0 ? "no region access failed" : "segment " + f.firstFailingSegment()
                        + " failed with " + f.error()) + ", and clearing RESUMING succeeded: " + f.clear()
                + "; the error was never reported (ERR-05)");
        assertTrue(f.clear().errno() != 0, "clearing RESUMING failed without errno: " + f.clear() + " (ERR-05)");
    }

    @Test
    @SpecRule("ERR-06")
    @DisplayName("ERR-06 with the data written through mmap, a corrupted segment still fails a field access or the clear")
    void err06_fieldAccessReportsDespiteMmap(DeviceUnderTest dut, @ResumeTarget DeviceUnderTest target) {
        Migrations.traceStart(dut, target);
        requireMmap(dut.migration());
        SimulatedDevice.of(dut).fill(306);
        MigrationStream s = Migrations.saveAll(dut);
        assumeTrue(s.size() >= 3, "stream too short: " + s);
        int k = s.size() / 2;
        byte[] seg = s.segment(k);
        byte[] corrupted = StreamFormat.flipped(seg, seg.length / 2);
        assertFalse(Arrays.equals(seg, corrupted), "set-up: corruption");
        Faults f = writeThrough(target, s.withSegment(k, corrupted), DataPath.MMAP);
        assertFalse(f.clear().ok(), "segment " + k + " corrupted and written through the mmap: "
                + (f.firstFailingSegment() < 0 ? "no data_offset/data_size access failed" : "segment "
                        + f.firstFailingSegment() + ": " + f.error()) + ", and clearing RESUMING succeeded: "
                + f.clear() + "; a field access must report it (ERR-06)");
        assertTrue(f.clear().errno() != 0, "clearing RESUMING failed without errno: " + f.clear() + " (ERR-06)");
    }
}
