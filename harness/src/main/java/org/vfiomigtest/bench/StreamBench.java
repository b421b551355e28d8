package org.vfiomigtest.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.vfiomigtest.migration.AccessTrace;
import org.vfiomigtest.migration.DataPath;
import org.vfiomigtest.migration.DeviceState;
import org.vfiomigtest.migration.MigrationRegion;
import org.vfiomigtest.migration.MigrationStream;
import org.vfiomigtest.migration.SaveSession;
import org.vfiomigtest.report.Json;
import org.vfiomigtest.suite.support.DeviceCandidates;
import org.vfiomigtest.suite.support.DeviceCandidates.Candidate;
import org.vfiomigtest.suite.support.SampleDriver;
import org.vfiomigtest.vfio.AttachedDevice;

/**
 * {@code migtest bench}'s guest half, run by the JUnit Platform in the same
 * boot as its own class: what one test costs the fixture (open, reset,
 * close), and how fast the save stream of {@code migtest.bench.size} MiB of
 * device memory comes out through the harness's pread path, its mmap path and
 * the C reader {@code kmod/tools/migtest_smoke -s}. Repetitions interleave
 * the three readers, so a slow moment of the host hurts them alike; a first
 * round of each is a warm-up and not counted. A
 * measurement "fails" only when it could not be taken or the readers
 * disagree on the stream's length; the numbers themselves never fail.
 * Results: {@code bench.json} in {@code migtest.bench.out}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public class StreamBench {
    public static final String SIZE_PROPERTY = "migtest.bench.size";
    public static final String REPS_PROPERTY = "migtest.bench.reps";
    public static final String READER_PROPERTY = "migtest.bench.reader";
    public static final String OUT_PROPERTY = "migtest.bench.out";
    public static final String RESULT_FILE = "bench.json";
    private static final int FIXTURE_ROUNDS = 10;
    private static final Pattern C_SAVED = Pattern.compile("saved (\\d+) segments, (\\d+) bytes in (\\d+) ns");

    /** The three ways to read the stream. */
    enum Reader { JNA_PREAD, MMAP, C_PREAD }

    private static final Map<String, Object> RESULTS = new LinkedHashMap<>();
    private static Candidate device;
    private static SampleDriver sample;
    private static int sizeMiB;
    private static int reps;

    @BeforeAll
    static void device() {
        List<Candidate> all = DeviceCandidates.fromProperties();
        assertTrue(!all.isEmpty(), "no device: -D" + DeviceCandidates.MDEVS_PROPERTY + " names none");
        device = all.get(0);
        sample = SampleDriver.find(device.name()).orElseThrow(() -> new IllegalStateException(
                device + " is not a migtest_mdev instance: the bench sizes device memory through its debugfs"));
        sizeMiB = Integer.getInteger(SIZE_PROPERTY, 64);
        reps = Integer.getInteger(REPS_PROPERTY, 3);
        RESULTS.put("device", device.toString());
        RESULTS.put("size_mib", sizeMiB);
        RESULTS.put("reps", reps);
    }

    @AfterAll
    static void write() throws IOException {
        String out = System.getProperty(OUT_PROPERTY);
        if (out != null) {
            Files.writeString(Path.of(out, RESULT_FILE), Json.write(RESULTS) + "\n");
        }
    }

    @Test
    @Order(1)
    void perTestOverhead() {
        List<Double> open = new ArrayList<>();
        List<Double> reset = new ArrayList<>();
        List<Double> close = new ArrayList<>();
        for (int i = -FIXTURE_ROUNDS; i < FIXTURE_ROUNDS * reps; i++) { // the first round warms up
            long t0 = System.nanoTime();
            AttachedDevice attached = AttachedDevice.open(device.sysfs(), false);
            MigrationRegion region = MigrationRegion.find(attached.device(), new AccessTrace()).orElseThrow();
            long t1 = System.nanoTime();
            attached.device().reset();
            long t2 = System.nanoTime();
            region.close();
            attached.close();
            long t3 = System.nanoTime();
            if (i < 0) {
                continue;
            }
            open.add(ms(t1 - t0));
            reset.add(ms(t2 - t1));
            close.add(ms(t3 - t2));
        }
        RESULTS.put("open_ms", Samples.of("ms", open).toMap());
        RESULTS.put("reset_ms", Samples.of("ms", reset).toMap());
        RESULTS.put("close_ms", Samples.of("ms", close).toMap());
    }

    @Test
    @Order(2)
    void saveStreamThroughput() throws Exception {
        Path reader = Path.of(System.getProperty(READER_PROPERTY, "kmod/tools/migtest_smoke"));
        assertTrue(Files.isExecutable(reader), reader + ": no C reader (make -C kmod/tools builds it)");
        sample.memSize((long) sizeMiB << 20);
        sample.mmapData(true);
        Map<Reader, List<Double>> mibPerSecond = new EnumMap<>(Reader.class);
        Map<Reader, Long> bytes = new EnumMap<>(Reader.class);
        // round 0 warms up (JIT, page cache, the driver's buffers) and is not counted
        for (int r = 0; r <= reps; r++) {
            for (Reader how : Reader.values()) {
                long[] result = how == Reader.C_PREAD ? cSave(reader) : javaSave(how);
                if (r == 0) {
                    continue;
                }
                bytes.merge(how, result[0], (a, b) -> {
                    assertEquals(a, b, how + ": the stream's length changed between repetitions");
                    return a;
                });
                mibPerSecond.computeIfAbsent(how, k -> new ArrayList<>())
                        .add(result[0] / (1024.0 * 1024.0) / (result[1] / 1e9));
            }
        }
        assertEquals(bytes.get(Reader.C_PREAD), bytes.get(Reader.JNA_PREAD), "JNA pread and C read different lengths");
        assertEquals(bytes.get(Reader.C_PREAD), bytes.get(Reader.MMAP), "mmap and C read different lengths");
        RESULTS.put("stream_bytes", bytes.get(Reader.C_PREAD));
        for (Reader how : Reader.values()) {
            RESULTS.put(how.name().toLowerCase() + "_mib_s", Samples.of("MiB/s", mibPerSecond.get(how)).toMap());
        }
    }

    /** The harness's save: pre-copy until pending_bytes is 0, stop-and-copy, RUNNING; {bytes, ns}. */
    private static long[] javaSave(Reader how) {
        DataPath path = how == Reader.MMAP ? DataPath.MMAP : DataPath.PREAD;
        try (AttachedDevice attached = AttachedDevice.open(device.sysfs(), false);
             MigrationRegion region = MigrationRegion.find(attached.device(), new AccessTrace()).orElseThrow()) {
            attached.device().reset();
            var session = new SaveSession(region, path, Integer.MAX_VALUE, SaveSession.DEFAULT_MAX_SEGMENTS);
            long t0 = System.nanoTime();
            region.setDeviceState(DeviceState.PRE_COPY);
            MigrationStream stream = session.drain();
            region.setDeviceState(DeviceState.STOP_COPY);
            stream = session.drain(stream);
            region.setDeviceState(DeviceState.RUNNING);
            long dt = System.nanoTime() - t0;
            return new long[] {stream.totalBytes(), dt};
        }
    }

    /** kmod/tools/migtest_smoke -s on the same device (this JVM holds no fd of it then); {bytes, ns}. */
    private static long[] cSave(Path reader) throws IOException, InterruptedException {
        Path file = Files.createTempFile("migtest-bench", ".stream");
        try {
            Process p = new ProcessBuilder(reader.toString(), "-s", device.name(), file.toString())
                    .redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes());
            assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the C reader did not finish");
            assertEquals(0, p.exitValue(), "the C reader failed: " + output);
            Matcher m = C_SAVED.matcher(output);
            assertTrue(m.find(), "the C reader's output lacks 'saved N segments, N bytes in N ns': " + output);
            // the C tool's stream file prefixes each segment with its size; the byte count is the data's
            return new long[] {Long.parseLong(m.group(2)) - 8 * Long.parseLong(m.group(1)),
                Long.parseLong(m.group(3))};
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
