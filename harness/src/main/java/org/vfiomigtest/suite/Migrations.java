package org.vfiomigtest.suite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.vfiomigtest.migration.DataPath;
import org.vfiomigtest.migration.DeviceState;
import org.vfiomigtest.migration.MigrationStream;
import org.vfiomigtest.migration.ResumeSession;
import org.vfiomigtest.migration.SaveSession;
import org.vfiomigtest.migration.TransitionResult;
import org.vfiomigtest.suite.support.DeviceUnderTest;
import org.vfiomigtest.sys.ShortTransferException;
import org.vfiomigtest.sys.SyscallException;

/**
 * Whole migrations for the stream tests: save a device (pre-copy, then stop-and-copy until
 * pending_bytes reads zero while !RUNNING), resume a stream into a device, and compare the two.
 */
final class Migrations {
    /** Bound on segments of one save: a stream that never ends is a finding, not a hang. */
    static final int MAX_SEGMENTS = 1024;

    private Migrations() {
    }

    /**
     * Reads device_state of each device so its access trace is never empty: the fixture
     * attaches every opened device's trace to a failing test's report.
     */
    static void traceStart(DeviceUnderTest... devices) {
        for (DeviceUnderTest d : devices) {
            d.state();
        }
    }

    /** A save session on {@code dut} collecting whole segments by {@code path}. */
    static SaveSession saver(DeviceUnderTest dut, DataPath path, int pieceSize) {
        return new SaveSession(dut.migration(), path, pieceSize, MAX_SEGMENTS);
    }

    /**
     * From RUNNING: enter RUNNING|SAVING, drain pre-copy, clear RUNNING (stop-and-copy), drain to
     * the end of the stream, clear SAVING. The device ends in STOP.
     */
    static MigrationStream saveAll(DeviceUnderTest dut) {
        return saveAll(dut, saver(dut, DataPath.AUTO, Integer.MAX_VALUE));
    }

    /** {@link #saveAll(DeviceUnderTest)} with the given session. */
    static MigrationStream saveAll(DeviceUnderTest dut, SaveSession save) {
        transition(dut, DeviceState.PRE_COPY, "start pre-copy");
        MigrationStream s = drain(save, MigrationStream.empty(), "pre-copy");
        transition(dut, DeviceState.STOP_COPY, "enter stop-and-copy");
        s = drain(save, s, "stop-and-copy");
        transition(dut, DeviceState.STOP, "end the save session");
        return s;
    }

    /** {@link SaveSession#drain} with the bound turned into an assertion. */
    static MigrationStream drain(SaveSession save, MigrationStream s, String phase) {
        try {
            return save.drain(s);
        } catch (IllegalStateException e) {
            fail(phase + ": pending_bytes never read zero: " + e.getMessage()
                    + " (PS-02: the stream must end while !RUNNING)", e);
            return s;
        }
    }

    /** Writes {@code to}; fails "set-up: ..." unless accepted and read back. */
    static void transition(DeviceUnderTest dut, DeviceState to, String why) {
        TransitionResult r = dut.attempt(to);
        if (!r.ok() || !r.after().equals(to)) {
            fail("set-up (" + why + "): " + r);
        }
    }

    /** What writing a stream into a RESUMING device did. */
    record ResumeOutcome(int segmentsWritten, String firstError, TransitionResult clear) {
        /** True if the clearing write succeeded. */
        boolean accepted() {
            return clear.ok();
        }

        @Override
        public String toString() {
            return segmentsWritten + " segments written" + (firstError.isEmpty() ? "" : ", first error: " + firstError)
                    + "; clearing RESUMING: " + clear;
        }
    }

    /**
     * Resets {@code target}, enters RESUMING, writes {@code stream} segment by segment (stopping at
     * the first refused access, as a user would), then clears RESUMING towards {@code end}.
     */
    static ResumeOutcome resume(DeviceUnderTest target, MigrationStream stream, DeviceState end) {
        return resume(target, new ResumeSession(target.migration()), stream, end);
    }

    /** {@link #resume(DeviceUnderTest, MigrationStream, DeviceState)} with the given session. */
    static ResumeOutcome resume(DeviceUnderTest target, ResumeSession session, MigrationStream stream,
            DeviceState end) {
        target.enter(DeviceState.RESUMING);
        return resumeInto(target, session, stream, end);
    }

    /** Writes {@code stream} into {@code target}, already RESUMING, then clears RESUMING towards {@code end}. */
    static ResumeOutcome resumeInto(DeviceUnderTest target, ResumeSession session, MigrationStream stream,
            DeviceState end) {
        int written = 0;
        String error = "";
        for (int i = 0; i < stream.size(); i++) {
            try {
                session.writeSegment(stream.segment(i));
                written++;
            } catch (SyscallException | ShortTransferException | IllegalStateException e) {
                error = "segment " + i + " of " + stream + ": " + e.getMessage();
                break;
            }
        }
        return new ResumeOutcome(written, error, target.attempt(end));
    }

    /** Resumes {@code stream} into {@code target}; fails unless every step is accepted. */
    static void resumeOk(DeviceUnderTest target, MigrationStream stream, String rule) {
        ResumeOutcome o = resume(target, stream, DeviceState.STOP);
        if (!o.firstError().isEmpty() || !o.accepted() || !o.clear().after().equals(DeviceState.STOP)) {
            fail("resuming the unmodified stream " + stream + " saved from a compatible instance was not accepted: "
                    + o + " (" + rule + ")");
        }
    }

    /** Device memory and migrated registers of a stopped device. */
    record Snapshot(byte[] memory, Map<String, Long> registers) {
    }

    static Snapshot snapshot(SimulatedDevice d) {
        return new Snapshot(d.memory(), d.migratedRegisters());
    }

    /** Asserts that {@code target} holds exactly the state of {@code source}. */
    static void assertSameState(Snapshot source, SimulatedDevice target, String rule) {
        Map<String, Long> regs = target.migratedRegisters();
        List<String> diffs = new ArrayList<>();
        source.registers().forEach((name, v) -> {
            if (!v.equals(regs.get(name))) {
                diffs.add(name + " source 0x" + Long.toHexString(v) + " target 0x" + Long.toHexString(regs.get(name)));
            }
        });
        assertTrue(diffs.isEmpty(), "after the resume, BAR0 registers of the target differ from the stopped source: "
                + diffs + " (" + rule + ")");
        byte[] mem = target.memory();
        assertEquals(source.memory().length, mem.length, "BAR2 size of target vs source (" + rule + ")");
        int first = firstDifference(source.memory(), mem);
        assertArrayEquals(source.memory(), mem, () -> "after the resume, BAR2 of the target differs from the "
                + "stopped source, first at offset 0x" + Integer.toHexString(first) + " (" + rule + ")");
    }

    static int firstDifference(byte[] a, byte[] b) {
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            if (a[i] != b[i]) {
                return i;
            }
        }
        return a.length == b.length ? -1 : Math.min(a.length, b.length);
    }

}
