package org.vfiomigtest.suite.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.qameta.allure.Allure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vfiomigtest.suite.support.DeviceCandidates;
import org.vfiomigtest.suite.support.DeviceCandidates.Candidate;
import org.vfiomigtest.suite.support.DeviceExtension;
import org.vfiomigtest.suite.support.SampleDriver;
import org.vfiomigtest.sys.Errno;

/**
 * QEMU 7.2's own v1 migration client migrates the sample device end to end (issue 8).
 *
 * <p>The source QEMU runs SeaBIOS (TCG) with the first mdev instance attached; once the firmware
 * has mapped the BARs, the test writes registers and a pseudo-random pattern over the whole of
 * BAR2 through QEMU's memory dispatch (qtest, see {@link Qtest}), migrates to a file with the VM
 * running and the bandwidth capped so that pre-copy iterates, and re-writes one page during
 * pre-copy. After completion it reads the source device at the stop point (VM stopped, device
 * STOP, still attached). A second QEMU, on the second instance of the same type, loads the file
 * with {@code -incoming}, is continued, then stopped again so the device is quiescent, and read the
 * same way.
 */
@Interop
@DisplayName("Interop: QEMU 7.2 migrates the device with its v1 client")
class QemuMigrationInteropTest {
    /** Every wait on the nested QEMU (TCG inside TCG on shared cores: slow, but finite). */
    private static final Duration STEP = Duration.ofMinutes(5);
    private static final Duration POLL = Duration.ofMillis(250);
    /** Pre-copy bandwidth: 1 MiB of device memory takes ~4 s, so the VM runs while QEMU iterates. */
    private static final long MAX_BANDWIDTH = 256 << 10;
    /** Seed of the BAR2 pattern (any fixed value: failures must reproduce). */
    private static final long SEED = 0x1f0_0008L;
    /** The page re-written during pre-copy. */
    private static final int REDIRTY_OFFSET = 4096;

    private Candidate source;
    private Candidate target;
    private SampleDriver sourceDriver;
    private SampleDriver targetDriver;
    private Path work;
    private final List<NestedQemu> started = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        Assumptions.assumeFalse(Boolean.getBoolean(DeviceExtension.TRAIN_PROPERTY),
                "-D" + DeviceExtension.TRAIN_PROPERTY + "=true: class-cache training run, no QEMU is started");
        Path qemu = NestedQemu.binary();
        Assumptions.assumeTrue(Files.isExecutable(qemu), () -> qemu + " not found: apt-get install -y qemu-system-x86"
                + " on the host (the guest runs the host's QEMU through the shared root), or set -D"
                + NestedQemu.BINARY_PROPERTY);
        List<Candidate> all = DeviceCandidates.fromProperties();
        Assumptions.assumeFalse(all.isEmpty(), "no device: set -D" + DeviceCandidates.MDEVS_PROPERTY + "=TYPE=UUID,...");
        source = all.get(0);
        target = all.stream().filter(c -> !c.equals(source) && c.type().equals(source.type())).findFirst()
                .orElse(null);
        Assumptions.assumeTrue(target != null, () -> "QEMU migrates into a second instance of type " + source.type()
                + " but the run has only " + all);
        sourceDriver = SampleDriver.find(source.name()).orElse(null);
        targetDriver = SampleDriver.find(target.name()).orElse(null);
        Assumptions.assumeTrue(sourceDriver != null && targetDriver != null,
                () -> "the interop tests read the sample driver's registers and debugfs; " + source + " and "
                        + target + " are not both migtest_mdev instances");
        sourceDriver.restore();
        targetDriver.restore();
        // migtest run --bug NAME: the switch is on in both instances, as for the device tests
        String bug = System.getProperty(DeviceExtension.BUG_PROPERTY, "").strip();
        if (!bug.isEmpty()) {
            sourceDriver.bug(bug, true);
            targetDriver.bug(bug, true);
        }
        work = Files.createTempDirectory("migtest-interop");
    }

    @AfterEach
    void tearDown() {
        try {
            stopAll();
        } finally {
            // injections and bug switches off in both instances
            for (SampleDriver d : new SampleDriver[] {sourceDriver, targetDriver}) {
                if (d != null) {
                    d.restore();
                }
            }
        }
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    @DisplayName("INTEROP-01 QEMU 7.2 saves a running VM with the device (pre-copy, stop-and-copy) and restores it on "
            + "another instance: memory and registers equal the source's at the stop point")
    void interop01_qemuMigratesRunningDevice() throws IOException {
        Path stream = work.resolve("stream.bin");
        try {
            /* ---- source: firmware maps the BARs, the test fills the device ---- */
            NestedQemu src = start("source", source, List.of());
            MigtestBars srcBars = mappedBars(src);
            assertEquals(MigtestBars.DEVICE_MAGIC, srcBars.id(),
                    "BAR0 ID register through QEMU at 0x" + Long.toHexString(srcBars.bar0()));
            int memSize = Math.toIntExact(srcBars.memSize());
            Map<String, Long> written = Map.of("SCRATCH", 0x5ca1ab1e0ddba11L, "DMA_IOVA", 0x12345000L,
                    "DMA_LEN", 4096L, "DMA_PATTERN", 0xc0ffee00L, "DMA_PERIOD", 250_000L);
            // CONTROL stays 0: no DMA, so memory changes only by our writes
            written.forEach((name, v) -> srcBars.writeReg(MigtestBars.reg(name), v));
            byte[] expected = pattern(memSize, SEED);
            long t0 = System.nanoTime();
            srcBars.writeMemory(0, expected);
            log("wrote %d bytes of BAR2 through QEMU in %d ms", memSize, (System.nanoTime() - t0) / 1_000_000);

            /* ---- migrate to a file while the VM runs ---- */
            src.qmp().execute("migrate-set-parameters", "{\"max-bandwidth\": " + MAX_BANDWIDTH + "}");
            assertEquals("running", ask(src, "query-status", Qmp::status), "source run state before migrate");
            ask(src, "migrate", q -> q.execute("migrate", "{\"uri\": " + Json.quote("exec:cat > " + stream) + "}"));
            String seen = Waits.until("the source migration to become active", STEP, Duration.ofMillis(20),
                    () -> Optional.of(migrationStatus(src)).filter(s -> !s.equals("setup")));
            assertEquals("active", seen, "source migration status right after migrate (pre-copy should take seconds)");
            // once QEMU has saved the HEADER and the first MEM run (pages from 0 up), write a page of
            // that run again: dirty logging must make the device send it a second time
            Waits.until("QEMU's first pre-copy MEM buffer in the source trace", STEP, Duration.ofMillis(20), () -> {
                long saved = VfioTrace.parse(src.trace()).named("vfio_save_iterate").stream()
                        .filter(e -> e.number("data_size").orElse(0) > 0).count();
                if (saved >= 2) {
                    return Optional.of(saved);
                }
                String status = migrationStatus(src);
                if (!status.equals("active")) {
                    fail("the source migration is " + status + " and pre-copy saved " + saved + " device buffer(s): "
                            + "expected the HEADER and MEM runs of the 1 MiB just written while the VM runs");
                }
                return Optional.empty();
            });
            byte[] page = pattern(4096, SEED + 1);
            srcBars.writeMemory(REDIRTY_OFFSET, page);
            // both run under QEMU's big lock: "running" now means the write came before the stop
            assertEquals("running", ask(src, "query-status", Qmp::status),
                    "the page write meant for pre-copy raced with the stop; raise the pre-copy time (MAX_BANDWIDTH)");
            System.arraycopy(page, 0, expected, REDIRTY_OFFSET, page.length);
            Map<String, Object> done = waitForMigration(src, "source");
            log("source migration: %s", done);
            assertEquals("postmigrate", ask(src, "query-status", Qmp::status), "source run state after the migration");
            String srcDebugfs = sourceDriver.stateLine();
            MigtestBars.Snapshot atStop = srcBars.snapshot(memSize);
            log("source at the stop point (debugfs: %s): %s", srcDebugfs, atStop.describe());
            assertEquals(atStop.computedChecksum(), atStop.checksum(),
                    "source CHECKSUM register vs crc32 of the registers and memory read through QEMU");
            assertArrayEquals(expected, atStop.memory(), "source memory at the stop point vs what was written");
            written.forEach((name, v) -> assertEquals(v, atStop.reg(name), "source " + name + " at the stop point"));
            close(src);
            byte[] file = Files.readAllBytes(stream);
            List<DeviceSegments.Segment> segments = DeviceSegments.scan(file);
            assertEquals(atStop.checksum(), DeviceSegments.endChecksum(file, segments),
                    "checksum in the stream's END segment vs the source CHECKSUM register at the stop point");
            List<DeviceSegments.Segment> resent = DeviceSegments.memCovering(segments, REDIRTY_OFFSET);
            log("stream: %d bytes, %d device segments; MEM runs covering the page written during pre-copy: %s",
                    file.length, segments.size(), resent);
            assertTrue(resent.size() >= 2, "the page written during pre-copy (offset " + REDIRTY_OFFSET
                    + ") was sent " + resent.size() + " time(s), expected again after the write: " + resent);

            /* ---- destination: load, continue, stop, read ---- */
            NestedQemu dst = start("destination", target, List.of("-S", "-incoming", "exec:cat " + stream));
            Map<String, Object> loaded = waitForMigration(dst, "destination");
            log("destination load: %s", loaded);
            String beforeCont = targetDriver.stateLine();
            assertTrue(beforeCont.contains("RESUMING"), "destination device after the load, before cont: " + beforeCont);
            ask(dst, "cont", q -> q.execute("cont"));
            Waits.until("the destination to run", STEP, POLL,
                    () -> Optional.of(ask(dst, "query-status", Qmp::status)).filter("running"::equals));
            String afterCont = targetDriver.stateLine();
            assertTrue(afterCont.startsWith("0x1 "), "destination device after cont (RESUMING cleared, validated, "
                    + "loaded): " + afterCont);
            ask(dst, "stop", q -> q.execute("stop"));
            String stopped = targetDriver.stateLine();
            assertTrue(stopped.startsWith("0x0 "), "destination device after stop (STOP: COUNTER frozen): " + stopped);
            MigtestBars dstBars = mappedBars(dst);
            assertEquals(srcBars.bar2(), dstBars.bar2(), "BAR2 address restored from the migrated config space");
            MigtestBars.Snapshot restored = dstBars.snapshot(memSize);
            log("destination after cont and stop (debugfs: %s): %s", stopped, restored.describe());
            close(dst);

            assertArrayEquals(atStop.memory(), restored.memory(), "destination memory vs source memory at the stop point");
            for (MigtestBars.Reg r : MigtestBars.REGS) {
                if (r.name().equals("COUNTER")) {
                    // migrated, then it advanced while the destination ran
                    assertTrue(Long.compareUnsigned(restored.reg("COUNTER"), atStop.reg("COUNTER")) >= 0,
                            "destination COUNTER " + restored.reg("COUNTER") + " < source's at the stop point "
                                    + atStop.reg("COUNTER"));
                } else {
                    assertEquals(atStop.reg(r.name()), restored.reg(r.name()), "destination " + r.name()
                            + " vs source at the stop point");
                }
            }
            assertEquals(restored.computedChecksum(), restored.checksum(),
                    "destination CHECKSUM register vs crc32 of its registers and memory");

            /* ---- QEMU's own account: the vfio trace ---- */
            checkSourceTrace(VfioTrace.parse(src.trace()));
            checkDestinationTrace(VfioTrace.parse(dst.trace()), VfioTrace.parse(src.trace()));
        } finally {
            stopAll();
        }
        assertNoQemuLeft();
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    @DisplayName("INTEROP-02 with resume failure injected on the destination, the incoming QEMU reports the failure and "
            + "nothing hangs")
    void interop02_injectedResumeFailureIsReported() throws IOException {
        Path stream = work.resolve("stream.bin");
        try {
            // a paused source (-S) is enough here: no firmware, no pre-copy, one stop-and-copy
            NestedQemu src = start("source", source, List.of("-S"));
            ask(src, "migrate", q -> q.execute("migrate", "{\"uri\": " + Json.quote("exec:cat > " + stream) + "}"));
            log("source migration: %s", waitForMigration(src, "source"));
            close(src);

            targetDriver.injectResume(Errno.EIO, true);
            NestedQemu dst = start("destination", target, List.of("-S", "-incoming", "exec:cat " + stream));
            Map<String, Object> loaded = waitForMigration(dst, "destination");
            log("destination load: %s; device %s", loaded, targetDriver.stateLine());
            try {
                dst.qmp().execute("cont");
            } catch (RuntimeException e) {
                log("cont: %s", e.getMessage()); // QEMU may die while answering
            }
            // the clearing of RESUMING fails with the injected EIO and lands in ERROR; QEMU 7.2 reads
            // device_state back, sees ERROR (0x6) and stops with hw_error() (abort)
            String report = Waits.until("the destination QEMU to report the failed resume", STEP, POLL,
                    () -> failureReport(dst));
            Optional<Integer> exit = dst.waitForExit(STEP);
            String device = targetDriver.stateLine();
            log("destination reported: %s; exit status %s; device now %s", report.replace('\n', '|'),
                    exit.map(String::valueOf).orElse("none"), device);
            Allure.addAttachment("destination failure report", "text/plain",
                    report + "\nexit status: " + exit.map(String::valueOf).orElse("none") + "\ndevice: " + device, ".txt");
            assertTrue(report.contains("Input/output error"), "QEMU's report should carry the injected errno (EIO): "
                    + report);
            assertTrue(report.contains("error state 0x6"), "QEMU's report should name device_state ERROR (0x6): " + report);
            assertTrue(exit.isPresent(), "the destination QEMU did not exit within " + STEP.toMinutes() + " min");
            assertNotEquals(0, exit.get(), "destination exit status after the failed resume");
            VfioTrace trace = VfioTrace.parse(dst.trace());
            assertFalse(trace.named("vfio_load_state_device_data").isEmpty(), "the destination loaded no device data");
            assertTrue(trace.named("vfio_migration_set_state").stream().noneMatch(e -> e.number("state").orElse(-1) == 1),
                    "the destination trace shows device_state 1 (RUNNING) set: the injected failure did not happen");
        } finally {
            stopAll();
        }
        assertNoQemuLeft();
    }

    /* ---- helpers ---- */

    private NestedQemu start(String name, Candidate device, List<String> extra) throws IOException {
        NestedQemu q = NestedQemu.start(name, work, device.sysfs(), extra);
        started.add(q);
        log("%s: %s", name, q.commandLine());
        return q;
    }

    /** Waits (bounded) for SeaBIOS to map BAR0 and BAR2 of the vfio-pci device. */
    private static MigtestBars mappedBars(NestedQemu q) {
        long[] bars = Waits.until(q.name() + "'s firmware to map BAR0 and BAR2", STEP, Duration.ofMillis(500),
                () -> ask(q, "query-pci", qmp -> MigtestBars.barAddresses(qmp, NestedQemu.DEVICE_ID)));
        return new MigtestBars(q.qtest(), bars[0], bars[1]);
    }

    private static String migrationStatus(NestedQemu q) {
        return String.valueOf(ask(q, "query-migrate", Qmp::migrationInfo).get("status"));
    }

    /** Polls query-migrate until "completed"; fails on "failed"/"cancelled" with QEMU's error-desc. */
    private static Map<String, Object> waitForMigration(NestedQemu q, String side) {
        Map<String, Object> info = Waits.until("the " + side + " migration to complete", STEP, POLL, () -> {
            Map<String, Object> i = ask(q, "query-migrate", Qmp::migrationInfo);
            Object s = i.get("status");
            return "completed".equals(s) || "failed".equals(s) || "cancelled".equals(s) ? Optional.of(i)
                    : Optional.empty();
        });
        if (!"completed".equals(info.get("status"))) {
            fail(side + " migration " + info.get("status") + ": " + info.get("error-desc") + "; QEMU output: "
                    + q.output());
        }
        return info;
    }

    /**
     * One QMP exchange with {@code q}. When QEMU has exited, or the exchange fails and QEMU exits
     * within 10 s (it died answering), the test fails with QEMU's exit status and output rather
     * than a socket error.
     */
    private static <T> T ask(NestedQemu q, String what, Function<Qmp, T> exchange) {
        q.exitStatus().ifPresent(s -> fail(q.name() + " QEMU exited with status " + s + " before " + what + ": "
                + q.output()));
        try {
            return exchange.apply(q.qmp());
        } catch (Qmp.QmpException e) {
            throw e;
        } catch (RuntimeException e) {
            Optional<Integer> exit = q.waitForExit(Duration.ofSeconds(10));
            if (exit.isPresent()) {
                throw new AssertionError(q.name() + " QEMU exited with status " + exit.get() + " during " + what
                        + ": " + q.output(), e);
            }
            throw e;
        }
    }

    /** QEMU 7.2's error_report lines about the failed device_state write, once it printed them. */
    private Optional<String> failureReport(NestedQemu q) {
        String lines = q.output().lines()
                .filter(l -> l.contains(target.name()) && (l.contains("failed") || l.contains("Failed")
                        || l.contains("error state")))
                .collect(Collectors.joining("\n"));
        if (lines.contains("error state")) {
            return Optional.of(lines);
        }
        q.exitStatus().ifPresent(s -> fail("destination QEMU exited with status " + s
                + " without reporting the device state failure: " + q.output()));
        return Optional.empty();
    }

    /**
     * Source trace (QEMU 7.2 hw/vfio/trace-events): {@code vfio_save_setup}; pre-copy =
     * {@code vfio_save_iterate} with {@code data_size} &gt; 0 before the VM stop
     * ({@code vfio_vmstate_change ... running 0}); stop-and-copy = {@code vfio_save_buffer} after
     * it, then {@code vfio_save_complete_precopy}; device states 3 (RUNNING|SAVING) before the
     * stop and 2 (SAVING) at it.
     */
    private static void checkSourceTrace(VfioTrace t) {
        assertFalse(t.named("vfio_migration_probe").isEmpty(), "no vfio_migration_probe: QEMU found no migration region");
        assertFalse(t.named("vfio_save_setup").isEmpty(), "no vfio_save_setup in the source trace");
        int stop = t.named("vfio_vmstate_change").stream().filter(e -> e.number("running").orElse(-1) == 0)
                .mapToInt(VfioTrace.Event::index).findFirst()
                .orElseThrow(() -> new AssertionError("no vfio_vmstate_change with running 0 (the VM stop)"));
        int end = t.all().size();
        var precopy = t.named("vfio_save_iterate", -1, stop).stream()
                .filter(e -> e.number("data_size").orElse(0) > 0).toList();
        assertFalse(precopy.isEmpty(), "no vfio_save_iterate with data before the stop: no pre-copy iteration");
        var stopAndCopy = t.named("vfio_save_buffer", stop, end);
        assertFalse(stopAndCopy.isEmpty(), "no vfio_save_buffer after the stop: no stop-and-copy iteration");
        assertFalse(t.named("vfio_save_complete_precopy", stop, end).isEmpty(),
                "no vfio_save_complete_precopy after the stop");
        assertTrue(t.named("vfio_migration_set_state", -1, stop).stream()
                .anyMatch(e -> e.number("state").orElse(-1) == 3), "no device_state 3 (RUNNING|SAVING) before the stop");
        assertTrue(t.named("vfio_migration_set_state", stop - 1, end).stream()
                .anyMatch(e -> e.number("state").orElse(-1) == 2), "no device_state 2 (SAVING) at the stop");
        log("source trace: %d pre-copy vfio_save_iterate with data (first: %s), %d stop-and-copy vfio_save_buffer "
                + "(first: %s)", precopy.size(), precopy.get(0), stopAndCopy.size(), stopAndCopy.get(0));
    }

    /**
     * Destination trace: device state 4 (RESUMING), {@code vfio_load_state_device_data} carrying
     * exactly the bytes the source's {@code vfio_save_buffer} events saved, then at {@code cont}
     * {@code vfio_vmstate_change ... running 1} and device state 1 (RUNNING).
     */
    private static void checkDestinationTrace(VfioTrace d, VfioTrace s) {
        assertTrue(d.named("vfio_migration_set_state").stream().anyMatch(e -> e.number("state").orElse(-1) == 4),
                "no device_state 4 (RESUMING) in the destination trace");
        assertFalse(d.named("vfio_load_state").isEmpty(), "no vfio_load_state in the destination trace");
        var loads = d.named("vfio_load_state_device_data");
        var saves = s.named("vfio_save_buffer");
        long loadedBytes = loads.stream().mapToLong(e -> e.number("size").orElse(0)).sum();
        long savedBytes = saves.stream().mapToLong(e -> e.number("size").orElse(0)).sum();
        assertNotEquals(0, loadedBytes, "the destination loaded no device data");
        assertEquals(savedBytes, loadedBytes, "device bytes saved (sum of vfio_save_buffer size) vs loaded (sum of "
                + "vfio_load_state_device_data size)");
        assertEquals(saves.stream().filter(e -> e.number("size").orElse(0) > 0).count(),
                loads.stream().filter(e -> e.number("size").orElse(0) > 0).count(),
                "non-empty device buffers saved vs loaded");
        int lastLoad = loads.get(loads.size() - 1).index();
        // vfio_vmstate_change is traced after the device_state write it makes
        assertTrue(d.named("vfio_vmstate_change", lastLoad, d.all().size()).stream()
                .anyMatch(e -> e.number("running").orElse(-1) == 1), "no vfio_vmstate_change with running 1 (cont)");
        assertTrue(d.named("vfio_migration_set_state", lastLoad, d.all().size()).stream()
                .anyMatch(e -> e.number("state").orElse(-1) == 1), "no device_state 1 (RUNNING) after the load (cont)");
        log("destination trace: %d vfio_load_state_device_data, %d bytes (source saved %d bytes in %d "
                + "vfio_save_buffer)", loads.size(), loadedBytes, savedBytes, saves.size());
    }

    /** {@code size} pseudo-random bytes from {@code seed}. */
    static byte[] pattern(int size, long seed) {
        byte[] out = new byte[size];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < size; i += 8) {
            long v = r.nextLong();
            for (int j = 0; j < 8 && i + j < size; j++) {
                out[i + j] = (byte) (v >>> (8 * j));
            }
        }
        return out;
    }

    private static void close(NestedQemu q) {
        q.close();
    }

    /** Stops every QEMU this test started (bounded), then attaches their traces and logs. */
    private void stopAll() {
        RuntimeException first = null;
        for (NestedQemu q : started) {
            try {
                q.close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
            Allure.addAttachment(q.name() + " QEMU command line", "text/plain", q.commandLine(), ".txt");
            Allure.addAttachment(q.name() + " QEMU vfio trace (-trace vfio_*)", "text/plain", tail(q.trace()), ".txt");
            Allure.addAttachment(q.name() + " QEMU output (exit " + q.exitStatus().map(String::valueOf).orElse("?")
                    + ")", "text/plain", tail(q.output()), ".txt");
        }
        started.clear();
        if (first != null) {
            throw first;
        }
    }

    /** No qemu-system process among this JVM's descendants. */
    private static void assertNoQemuLeft() {
        List<String> left = ProcessHandle.current().descendants()
                .filter(p -> p.isAlive() && p.info().command().orElse("").contains("qemu-system"))
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList();
        assertEquals(List.of(), left, "QEMU processes left behind");
    }

    private static String tail(String s) {
        int max = 1 << 20;
        return s.length() <= max ? s : "[first " + (s.length() - max) + " characters cut]\n" + s.substring(s.length() - max);
    }

    private static void log(String format, Object... args) {
        System.out.println("interop: " + String.format(format, args));
    }
}
