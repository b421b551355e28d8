package org.vfiomigtest.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.vfiomigtest.suite.support.DeviceTests.deviceTest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.vfiomigtest.migration.DataPath;
import org.vfiomigtest.migration.DeviceState;
import org.vfiomigtest.migration.MigrationRegion;
import org.vfiomigtest.migration.MigrationStream;
import org.vfiomigtest.migration.ResumeSession;
import org.vfiomigtest.migration.SaveSession;
import org.vfiomigtest.migration.TransitionResult;
import org.vfiomigtest.rules.SpecRule;
import org.vfiomigtest.suite.Migrations.ResumeOutcome;
import org.vfiomigtest.suite.support.Conformance;
import org.vfiomigtest.suite.support.DeviceUnderTest;
import org.vfiomigtest.suite.support.ResumeTarget;
import org.vfiomigtest.suite.support.SampleDriver;
import org.vfiomigtest.sys.SyscallException;

/**
 * The RESUMING protocol, steps a) to d), the RESUMING bit and the segments: a stream saved from
 * one instance goes into a second one (device memory and registers compared), and damaged
 * streams (corrupted, truncated, reordered, duplicated, resized, mixed, incompatible) must be
 * refused by the write that clears RESUMING, leaving RESUMING or ERROR. The user-side rules are
 * shown by the driver relying on them: breaking them gets the stream refused.
 */
@Conformance
@DataFlow
@DisplayName("RESUMING protocol")
class ResumingProtocolTest {

    /** A damaged variant of a saved stream. */
    record Damage(String name, UnaryOperator<MigrationStream> apply) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** A filled source saved whole; the source is left in STOP. */
    static MigrationStream savedStream(DeviceUnderTest source, long seed) {
        SimulatedDevice.of(source).fill(seed);
        return Migrations.saveAll(source);
    }

    /** The payload midpoint of segment {@code i}: a byte inside the data, not the framing. */
    static MigrationStream flipMiddle(MigrationStream s, int i) {
        byte[] seg = s.segment(i);
        return s.withSegment(i, StreamFormat.flipped(seg, Math.max(0, seg.length / 2)));
    }

    /** Asserts that clearing RESUMING after {@code stream} (a damaged one) fails with an errno. */
    static ResumeOutcome assertRefused(DeviceUnderTest target, MigrationStream stream, String what, String rule) {
        ResumeOutcome o = Migrations.resume(target, stream, DeviceState.STOP);
        if (o.accepted()) {
            fail(what + " (" + StreamFormat.describe(stream) + ") was accepted: " + o
                    + "; clearing RESUMING must fail with a write(2) error (" + rule + ")");
        }
        assertTrue(o.clear().errno() != 0, "clearing RESUMING after " + what + " failed without errno: " + o.clear()
                + " (" + rule + ")");
        return o;
    }

    /** The damaged variants every driver must refuse (positions, not segment types). */
    static List<Damage> damages(MigrationStream s) {
        int n = s.size();
        List<Damage> d = new ArrayList<>();
        d.add(new Damage("first segment corrupted", x -> flipMiddle(x, 0)));
        d.add(new Damage("second segment corrupted", x -> flipMiddle(x, Math.min(1, n - 1))));
        d.add(new Damage("second-to-last segment corrupted", x -> flipMiddle(x, Math.max(0, n - 2))));
        d.add(new Damage("last segment corrupted", x -> flipMiddle(x, n - 1)));
        d.add(new Damage("truncated: last segment missing", x -> x.truncated(n - 1)));
        d.add(new Damage("truncated: first segment only", x -> x.truncated(1)));
        d.add(new Damage("a middle segment missing", x -> x.withoutSegment(n / 2)));
        d.add(new Damage("second and third segments swapped", x -> x.withSwapped(1, 2)));
        d.add(new Damage("second segment duplicated", x -> x.withDuplicate(1)));
        d.add(new Damage("last segment duplicated", x -> x.withDuplicate(n - 1)));
        return d;
    }

    /* ---- the RESUMING protocol ---- */

    @Test
    @SpecRule("PR-01")
    @DisplayName("PR-01 each segment stored at the data_offset read before it fits there and is taken")
    void pr01_dataOffsetGivesStoreLocation(DeviceUnderTest dut, @ResumeTarget DeviceUnderTest target) {
        Migrations.traceStart(dut, target);
        MigrationStream s = savedStream(dut, 101);
        Migrations.Snapshot before = Migrations.snapshot(SimulatedDevice.of(dut));
        target.enter(DeviceState.RESUMING);
        MigrationRegion t = target.migration();
        long size = t.info().size();
        for (int i = 0; i < s.size(); i++) {
            byte[] seg = s.segment(i);
            long off = t.dataOffset();
            assertTrue(off >= 32 && off < size && seg.length <= size - off, "RESUMING, segment " + i + " ("
                    + seg.length + " bytes): data_offset " + off + " leaves no room in the " + size + "-byte region (PR-01)");
            try {
                assertEquals(seg.length, t.write(off, seg), "pwrite of segment " + i + " at data_offset (PR-01)");
                t.setDataSize(seg.length);
            } catch (SyscallException e) {
                throw new AssertionError("segment " + i + " of an unmodified stream, stored at data_offset " + off
                        + ", refused: " + e.getMessage() + " (PR-01)", e);
            }
        }
        TransitionResult r = target.attempt(DeviceState.STOP);
        assertTrue(r.ok(), "clearing RESUMING after the unmodified stream: " + r + " (PR-01)");
        Migrations.assertSameState(before, SimulatedDevice.of(target), "PR-01");
    }

    @Test
    @SpecRule("PR-02")
    @DisplayName("PR-02 the driver relies on segments starting at data_offset: one stored 512 bytes further is refused")
    void pr02_segmentWrittenAtDataOffset(DeviceUnderTest dut, @ResumeTarget DeviceUnderTest target) {
        Migrations.traceStart(dut, target);
        MigrationStream s = savedStream(dut, 102);
        int k = Math.min(1, s.size() - 1);
        target.enter(DeviceState.RESUMING);
        MigrationRegion t = target.migration();
        String error = "";
        try {
            for (int i = 0; i < s.size(); i++) {
                byte[] seg = s.segment(i);
                long off = t.dataOffset();
                if (i == k) {
                    long shift = Math.min(512, t.info().size() - off - seg.length);
                    assumeTrue(shift > 0, "no room to store segment " + k + " off data_offset inside the region");
                    t.write(off, new byte[seg.length]);
                    t.write(off + shift, seg);
                } else {
                    t.write(off, seg);
                }
                t.setDataSize(seg.length);
            }
        } catch (SyscallException e) {
            error = e.getMessage();
        }
        TransitionResult r = target.attempt(DeviceState.STOP);
        assertFalse(r.ok(), "segment " + k + " stored 512 bytes after data_offset was accepted through the end of "
                + "RESUMING (" + (error.isEmpty() ? "no error" : error) + "; clearing: " + r + ") (PR-02)");
    }

    @TestFactory
    @SpecRule("PR-03")
    @DisplayName("PR-03 the driver relies on saved segment sizes: a split or merged segment is refused")
    Stream<DynamicTest> pr03_segmentSizesPreserved(DeviceUnderTest dut, @ResumeTarget DeviceUnderTest target) {
        return Stream.of(
                new Damage("second segment split in two iterations", x -> {
                    byte[] seg = x.segment(1);
                    int half = seg.length / 2;
                    List<byte[]> l = new ArrayList<>(x.segments());
                    l.set(1, Arrays.copyOfRange(seg, 0, half));
                    l.add(2, Arrays.copyOfRange(seg, half, seg.length));
                    return MigrationStream.of(l);
                }),
                new Damage("first and second segments merged in one iteration", x -> {
                    byte[] a = x.segment(0);
                    byte[] b = x.segment(1);
                    byte[] ab = Arrays.copyOf(a, a.length + b.length);
                    System.arraycopy(b, 0, ab, a.length, b.length);
                    return x.withSegment(0, ab).withoutSegment(1);
                }))
                .map(d -> deviceTest(d.name(), dut, () -> {
                    MigrationStream s = savedStream(dut, 103);
                    assumeTrue(s.size() >= 3, "the stream has fewer than 3 segments: " + s);
                    assertRefused(target, d.apply().apply(s), "the stream with the " + d, "PR-03");
                }));
    }

    @Test
    @SpecRule("PR-04")
    @DisplayName("PR-04 the driver relies on data_size after each segment: a segment without it is refused")
    void pr04_dataSizeAfterEachSegment(DeviceUnderTest dut, @ResumeTarget DeviceUnderTest target) {
        Migrations.traceStart(dut, target);
        MigrationStream s = savedStream(dut, 104);
        int k = Math.min(1, s.size() - 1);
        target.enter(DeviceState.RESUMING);
        MigrationRegion t = target.migration();
        String error = "";
        try {
            for (int i = 0; i < s.size(); i++) {
                byte[] seg = s.segment(i);
                t.write(t.dataOffset(), seg);
                if (i != k) {
                    t.setDataSize(seg.length);
                }
            }
        } catch (SyscallException e) {
            error = e.getMessage();
        }
        TransitionResult r = target.attempt(DeviceState.STOP);
        assertFalse(r.ok(), "segment " + k + " written without its data_size (the next one overwrote it) was accepted "
                + "through the end of RESUMING (" + (error.isEmpty() ? "no error" : error) + "; clearing: " + r
                + ") (PR-04)");
    }

    @Test
    @SpecRule("PR-05")
    @DisplayName("PR-05 the data_size write ends the iteration: the window can be scribbled on right after it")
    void pr05_dataSizeWriteEndsIteration(DeviceUnderTest dut, @ResumeTarget DeviceUnderTest target) {
        Migrations.traceStart(dut, target);
        MigrationStream s = savedStream(dut, 105);
        Migrations.Snapshot before = Migrations.snapshot(SimulatedDevice.of(dut));
        target.enter(DeviceState.RESUMING);
        MigrationRegion t = target.migration();
        String error = "";
        try {
            for (int i = 0; i < s.size(); i++) {
                byte[] seg = s.segment(i);
                long off = t.dataOffset();
                t.write(off, seg);
                t.setDataSize(seg.length);
                byte[] scribble = new byte[seg.length];
                Arrays.fill(scribble, (byte) 0xa5);
                t.write(off, scribble);
            }
        } catch (SyscallException e) {
            error = e.getMessage();
        }
        TransitionResult r = target.attempt(DeviceState.STOP);
        if (error.isEmpty() && r.ok()) {
            Migrations.assertSameState(before, SimulatedDevice.of(target), "PR-05: each segment was scribbled over "
                    + "right after its data_size write; the driver accepted the stream, so it must have taken every "
                    + "segment at that write");
            return;
        }
        Migrations.resumeOk(target, s, "PR-05: the same stream without scribbling");
        assumeTrue(false, "the driver does not end the iteration at the data_size write (the spec says it may): "
                + "scribbling the window right after it gave " + (error.isEmpty() ? "" : error + "; ") + r);
    }

    @TestFactory
    @SpecRule("PR-06")
    @DisplayName("PR-06 the driver relies on the user writing the stream to its end: truncated streams are refused")
    Stream<DynamicTest> pr06_iterationsUntilComplete(DeviceUnderTest dut, @ResumeTarget DeviceUnderTest target) {
        return Stream.of(1, 2, -2, -1).map(cut -> deviceTest(cut > 0 ? "first " + cut + " segment(s) only"
                : "last " + -cut + " segment(s) missing", dut, () -> {
                    MigrationStream s = savedStream(dut, 106);
                    int keep = cut > 0 ? cut : s.size() + cut;
                    assumeTrue(keep > 0 && keep < s.size(), "stream " + s + " too short to cut");
                    assertRefused(target, s.truncated(keep), "the stream truncated to " + keep + " of " + s.size()
                            + " segments", "PR-06");
                }));
    }

    /* ---- the RESUMING bit ---- */

    @TestFactory
    @SpecRule("RES-02")
    @DisplayName("RES-02 a stream saved from a compatible instance is accepted, RESUMING cleared to STOP or RUNNING")
    Stream<DynamicTest> res02_compatibleStreamAccepted(DeviceUnderTest dut, @ResumeTarget DeviceUnderTest target) {
        return Stream.of(DeviceState.STOP, DeviceState.RUNNING).map(end -> deviceTest("clear to " + end, dut, () -> {
            MigrationStream s = savedStream(dut, 107);
            ResumeOutcome o = Migrations.resume(target, s, end);
            assertTrue(o.firstError().isEmpty(), "a data_size write of the unmodified stream was refused: " + o
                    + " (RES-02)");
            assertTrue(o.accepted() && o.clear().after().equals(end), "clearing RESUMING to " + end + " after the "
                    + "unmodified stream: " + o + " (RES-02)");
        }));
    }

    @Test
    @SpecRule("RES-03")
    @DisplayName("RES-03 a target with its own memory and registers holds exactly the source's state after resume")
    void res03_resumeReplacesPriorState(DeviceUnderTest dut, @ResumeTarget DeviceUnderTest target) {
        Migrations.traceStart(dut, target);
        MigrationStream s = savedStream(dut, 108);
        Migrations.Snapshot before = Migrations.snapshot(SimulatedDevice.of(dut));
        SimulatedDevice t = SimulatedDevice.of(target);
        t.fill(999);
        byte[] ones = new byte[4096];
        Arrays.fill(ones, (byte) 0xff);
        for (long off = 0x3000; off < t.memSize(); off += 0x4000) {
            t.writeMemory(off, ones);       // the pages the source left zero
        }
        Migrations.transition(target, DeviceState.RESUMING, "enter RESUMING without a reset");
        ResumeOutcome o = Migrations.resumeInto(target, new ResumeSession(target.migration()), s, DeviceState.STOP);
        assertTrue(o.firstError().isEmpty() && o.accepted(), "resume into a used target: " + o + " (RES-03)");
        Migrations.assertSameState(before, t, "RES-03: none of the target's prior state may survive");
    }

    @Test
    @SpecRule("RES-04")
    @DisplayName("RES-04 after RESUMING is cleared, BAR2 and every migrated BAR0 register equal the stopped source")
    void res04_clearingInstallsState(DeviceUnderTest dut, @ResumeTarget DeviceUnderTest target) {
        Migrations.traceStart(dut, target);
        SimulatedDevice src = SimulatedDevice.of(dut);
        src.fill(109);
        src.writeMemory(src.memSize() - 4096, new byte[] {1, 2, 3, 4});
        MigrationStream s = Migrations.saveAll(dut);
        Migrations.Snapshot before = Migrations.snapshot(src);
        Migrations.resumeOk(target, s, "RES-04");
        Migrations.assertSameState(before, SimulatedDevice.of(target), "RES-04");
    }

    @Test
    @SpecRule("RES-05")
    @DisplayName("RES-05 a framing-valid stream whose state disagrees with its own END checksum is refused")
    void res05_clearingValidatesState(DeviceUnderTest dut, @ResumeTarget DeviceUnderTest target) {
        Migrations.traceStart(dut, target);
        dut.requireSampleDriver();
        MigrationStream s = savedStream(dut, 110);
        int mem = StreamFormat.indexOf(s, StreamFormat.SEG_MEM);
        assumeTrue(mem >= 0, "no MEM segment in " + StreamFormat.describe(s));
        MigrationStream bad = s.withSegment(mem, StreamFormat.payloadEditedAndResealed(s.segment(mem), 100));
        assertRefused(target, bad, "a stream with one MEM byte changed and its segment checksums recomputed "
                + "(inconsistent with END)", "RES-05");
    }

    @TestFactory
    @SpecRule("RES-06")
    @DisplayName("RES-06 corrupted, truncated, reordered and duplicated streams fail the write clearing RESUMING")
    Stream<DynamicTest> res06_invalidStreamRefused(DeviceUnderTest dut, @ResumeTarget DeviceUnderTest target) {
        MigrationStream shape = MigrationStream.of(List.of(new byte[1], new byte[1], new byte[1], new byte[1]));
        return damages(shape).stream().map(d -> deviceTest(d.name(), dut, () -> {
            MigrationStream s = savedStream(dut, 111);
            assumeTrue(s.size() >= 4, "the stream has fewer than 4 segments: " + s);
            Damage real = damages(s).stream().filter(x -> x.name().equals(d.name())).findFirst().orElseThrow();
            assertRefused(target, real.apply().apply(s), "the stream with the " + d, "RES-06");
        }));
    }

    @Test
    @SpecRule("RES-06")
    @DisplayName("RES-06 a stream from an instance with other device memory size fails the write clearing RESUMING")
    void res06_incompatibleStreamRefused(DeviceUnderTest dut, @ResumeTarget DeviceUnderTest target,
            @ResumeTarget SampleDriver targetDriver) {
        Migrations.traceStart(dut, target);
        MigrationStream s = savedStream(dut, 112);
        long size = SimulatedDevice.of(target).memSize();
        target.close();
        targetDriver.memSize(size * 2);
        target.reopen();
        assertEquals(size * 2, SimulatedDevice.of(target).memSize(), "set-up: target BAR2 size after mem_size knob");
        assertRefused(target, s, "a stream of a device with " + size + " bytes of memory, into one with " + size * 2,
                "RES-06");
    }

    @TestFactory
    @SpecRule("RES-07")
    @DisplayName("RES-07 after a refused stream, device_state reads RESUMING or ERROR")
    Stream<DynamicTest> res07_refusedStreamLeavesResumingOrError(DeviceUnderTest dut,
            @ResumeTarget DeviceUnderTest target) {
        List<DynamicTest> tests = new ArrayList<>();
        for (boolean prior : List.of(false, true)) {
            for (String what : List.of("corrupted", "truncated", "reordered")) {
                String name = what + (prior ? ", sample driver set to stay in RESUMING" : "");
                tests.add(deviceTest(name, dut, () -> {
                    if (prior) {
                        target.requireSampleDriver().resumeFailPrior(true);
                    } else {
                        target.sampleDriver().ifPresent(d -> d.resumeFailPrior(false));
                    }
                    MigrationStream s = savedStream(dut, 113);
                    MigrationStream bad = switch (what) {
                        case "corrupted" -> flipMiddle(s, Math.min(1, s.size() - 1));
                        case "truncated" -> s.truncated(s.size() - 1);
                        default -> s.withSwapped(1, 2);
                    };
                    ResumeOutcome o = assertRefused(target, bad, "the " + what + " stream", "RES-07");
                    DeviceState after = o.clear().after();
                    assertTrue(after.equals(DeviceState.RESUMING) || after.isError(), "after the refused " + what
                            + " stream, device_state reads " + after + ", neither the prior RESUMING nor ERROR: "
                            + o + " (RES-07)");
                }));
            }
        }
        return tests.stream();
    }

    /* ---- segments ---- */

    @Test
    @SpecRule("SEG-01")
    @DisplayName("SEG-01 the driver relies on segments being non-fungible: one from another session is refused")
    void seg01_segmentsNotInterchangeable(DeviceUnderTest dut, @ResumeTarget DeviceUnderTest target) {
        Migrations.traceStart(dut, target);
        MigrationStream a = savedStream(dut, 114);
        dut.reset();
        MigrationStream b = savedStream(dut, 115);
        assumeTrue(a.size() == b.size() && a.size() >= 3, "the two sessions differ in shape: " + a + " vs " + b);
        int k = a.size() / 2;
        assumeTrue(a.segment(k).length == b.segment(k).length && !Arrays.equals(a.segment(k), b.segment(k)),
                "segment " + k + " of the two sessions differs in size or is identical");
        assertRefused(target, a.withSegment(k, b.segment(k)), "session A with its segment " + k
                + " taken from session B (same size and place, other device contents)", "SEG-01");
    }

    @TestFactory
    @SpecRule("SEG-02")
    @DisplayName("SEG-02 the driver relies on saved order: reordered streams are refused")
    Stream<DynamicTest> seg02_savedOrderKept(DeviceUnderTest dut, @ResumeTarget DeviceUnderTest target) {
        return Stream.of(
                new Damage("last segment first", x -> {
                    List<byte[]> l = new ArrayList<>(x.segments());
                    l.add(0, l.remove(l.size() - 1));
                    return MigrationStream.of(l);
                }),
                new Damage("first segment last", x -> {
                    List<byte[]> l = new ArrayList<>(x.segments());
                    l.add(l.remove(0));
                    return MigrationStream.of(l);
                }),
                new Damage("last two segments swapped", x -> x.withSwapped(x.size() - 2, x.size() - 1)),
                new Damage("middle segments reversed", x -> {
                    List<byte[]> l = new ArrayList<>(x.segments());
                    java.util.Collections.reverse(l.subList(1, l.size() - 1));
                    return MigrationStream.of(l);
                }))
                .map(d -> deviceTest(d.name(), dut, () -> {
                    MigrationStream s = savedStream(dut, 116);
                    assumeTrue(s.size() >= 4, "the stream has fewer than 4 segments: " + s);
                    assertRefused(target, d.apply().apply(s), "the stream with the " + d, "SEG-02");
                }));
    }

    @TestFactory
    @SpecRule("SEG-03")
    @DisplayName("SEG-03 order holds across device_state changes: pre-copy then stop-and-copy segments, in that order")
    Stream<DynamicTest> seg03_orderAcrossStateChanges(DeviceUnderTest dut, @ResumeTarget DeviceUnderTest target) {
        return Stream.of(false, true).map(swapPhases -> deviceTest(swapPhases
                ? "stop-and-copy segments written before the pre-copy ones: refused"
                : "in saved order, NDMA toggled mid-stream when supported: accepted", dut, () -> {
                    SimulatedDevice src = SimulatedDevice.of(dut);
                    src.fill(117);
                    SaveSession save = Migrations.saver(dut, DataPath.AUTO, Integer.MAX_VALUE);
                    Migrations.transition(dut, DeviceState.PRE_COPY, "start pre-copy");
                    MigrationStream pre = Migrations.drain(save, MigrationStream.empty(), "pre-copy");
                    Migrations.transition(dut, DeviceState.STOP_COPY, "enter stop-and-copy");
                    MigrationStream all = Migrations.drain(save, pre, "stop-and-copy");
                    Migrations.transition(dut, DeviceState.STOP, "end the save session");
                    Migrations.Snapshot before = Migrations.snapshot(src);
                    int split = pre.size();
                    assumeTrue(split > 0 && split < all.size(), "no pre-copy or no stop-and-copy part: " + all);
                    if (swapPhases) {
                        List<byte[]> l = new ArrayList<>(all.segments().subList(split, all.size()));
                        l.addAll(pre.segments());
                        assertRefused(target, MigrationStream.of(l), "the stream with its stop-and-copy part first",
                                "SEG-03");
                        return;
                    }
                    target.enter(DeviceState.RESUMING);
                    ResumeSession rs = new ResumeSession(target.migration());
                    boolean ndma = target.migration().hasNdma();
                    for (int i = 0; i < all.size(); i++) {
                        if (ndma && i == split) {
                            Migrations.transition(target, DeviceState.RESUMING.with(DeviceState.Bit.NDMA),
                                    "set NDMA mid-resume");
                        }
                        if (ndma && i == split + 1) {
                            Migrations.transition(target, DeviceState.RESUMING, "clear NDMA mid-resume");
                        }
                        rs.writeSegment(all.segment(i));
                    }
                    TransitionResult r = target.attempt(DeviceState.STOP);
                    assertTrue(r.ok(), "clearing RESUMING after the stream written in saved order"
                            + (ndma ? " with NDMA set and cleared mid-stream" : "") + ": " + r + " (SEG-03)");
                    Migrations.assertSameState(before, SimulatedDevice.of(target), "SEG-03");
                }));
    }
}
