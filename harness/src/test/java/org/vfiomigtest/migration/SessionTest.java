package org.vfiomigtest.migration;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vfiomigtest.migration.AccessTrace.Entry;
import org.vfiomigtest.migration.AccessTrace.Op;
import org.vfiomigtest.sys.Errno;
import org.vfiomigtest.sys.SyscallException;

/** Save and resume sessions, the region's field access and the trace, on a {@link SimulatedRegion}. */
class SessionTest {
    private static final List<byte[]> SEGMENTS = List.of(bytes(5, 1), bytes(300, 2), bytes(1, 3));

    @TempDir
    Path dir;

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (seed * 31 + i);
        }
        return b;
    }

    /** The register accesses of the trace as "R pending_bytes" etc., data accesses as "R data". */
    private static List<String> protocol(AccessTrace trace) {
        return trace.entries().stream().map(SessionTest::step).collect(Collectors.toList());
    }

    private static String step(Entry e) {
        String what = e.offset() >= SimulatedRegion.WINDOW ? "data"
                : MigrationField.at(e.offset()).map(MigrationField::cName).orElse("?");
        return e.op() + " " + what;
    }

    @Test
    @DisplayName("drain follows pending_bytes -> data_offset -> data_size -> data -> pending_bytes, in pieces")
    void saveByPread() throws Exception {
        var trace = new AccessTrace();
        try (var sim = new SimulatedRegion(dir, false, false, SEGMENTS);
                var region = MigrationRegion.of(sim, trace)) {
            region.setDeviceState(DeviceState.STOP_COPY);
            MigrationStream s = new SaveSession(region, DataPath.PREAD, 128, 100).drain();
            assertEquals(MigrationStream.of(SEGMENTS), s);
            assertEquals(List.of("WRITE device_state",
                    "READ pending_bytes", "READ data_offset", "READ data_size", "READ data",
                    "READ pending_bytes", "READ data_offset", "READ data_size", "READ data", "READ data", "READ data",
                    "READ pending_bytes", "READ data_offset", "READ data_size", "READ data",
                    "READ pending_bytes"), protocol(trace));
            assertEquals(List.of(128, 128, 44), trace.entries().stream()
                    .filter(e -> e.op() == Op.READ && e.offset() >= SimulatedRegion.WINDOW && e.width() != 5
                            && e.width() != 1)
                    .map(Entry::width).collect(Collectors.toList()));
        }
    }

    @Test
    @DisplayName("AUTO reads through the sparse mmap area when one covers the data window")
    void saveByMmap() throws Exception {
        var trace = new AccessTrace();
        try (var sim = new SimulatedRegion(dir, true, false, SEGMENTS);
                var region = MigrationRegion.of(sim, trace)) {
            region.setDeviceState(DeviceState.STOP_COPY);
            assertEquals(MigrationStream.of(SEGMENTS), new SaveSession(region).drain());
            assertEquals(3, trace.entries().stream().filter(e -> e.op() == Op.MMAP_READ).count());
            assertTrue(trace.entries().stream().noneMatch(e -> e.op() == Op.READ && e.offset() >= SimulatedRegion.WINDOW));
        }
    }

    @Test
    @DisplayName("MMAP without a covering sparse area fails, naming the window")
    void mmapRequired() throws Exception {
        try (var sim = new SimulatedRegion(dir, false, false, SEGMENTS);
                var region = MigrationRegion.of(sim, new AccessTrace())) {
            region.setDeviceState(DeviceState.STOP_COPY);
            var e = assertThrows(IllegalStateException.class,
                    () -> new SaveSession(region, DataPath.MMAP, 4096, 10).drain());
            assertTrue(e.getMessage().contains("no sparse mmap area"), e.getMessage());
        }
    }

    @Test
    @DisplayName("drain stops after maxSegments when pending_bytes never reaches zero")
    void drainIsBounded() throws Exception {
        try (var sim = new SimulatedRegion(dir, false, true, SEGMENTS);
                var region = MigrationRegion.of(sim, new AccessTrace())) {
            region.setDeviceState(DeviceState.PRE_COPY);
            var e = assertThrows(IllegalStateException.class,
                    () -> new SaveSession(region, DataPath.PREAD, 4096, 7).drain());
            assertTrue(e.getMessage().startsWith("pending_bytes still non-zero after 7 segments"), e.getMessage());
        }
    }

    @Test
    @DisplayName("resume writes each segment at data_offset, then its size, in order; by pwrite and by mmap")
    void resume() throws Exception {
        for (boolean mmap : new boolean[] {false, true}) {
            var trace = new AccessTrace();
            Path sub = Files.createDirectories(dir.resolve(mmap ? "mmap" : "pwrite"));
            try (var sim = new SimulatedRegion(sub, mmap, false, SEGMENTS);
                    var region = MigrationRegion.of(sim, trace)) {
                region.setDeviceState(DeviceState.RESUMING);
                new ResumeSession(region, DataPath.AUTO, 100).writeAll(MigrationStream.of(SEGMENTS));
                assertEquals(MigrationStream.of(SEGMENTS), MigrationStream.of(sim.received()), "mmap=" + mmap);
                List<String> steps = protocol(trace);
                assertEquals(List.of("READ data_offset", mmap ? "MMAP_WRITE data" : "WRITE data", "WRITE data_size"),
                        steps.subList(1, 4), "mmap=" + mmap);
            }
        }
    }

    @Test
    @DisplayName("a refused access is traced with its errno and the value it tried, then rethrown")
    void traceRecordsErrno() throws Exception {
        var trace = new AccessTrace();
        try (var sim = new SimulatedRegion(dir, false, false, SEGMENTS);
                var region = MigrationRegion.of(sim, trace)) {
            var e = assertThrows(SyscallException.class, () -> region.setDeviceState(DeviceState.ERROR));
            assertEquals(Errno.EINVAL, e.errno());
            assertThrows(SyscallException.class, () -> region.read(2, 4));
            Entry refused = trace.entries().get(0);
            assertAll(() -> assertEquals(Op.WRITE, refused.op()),
                    () -> assertEquals(6, refused.value()),
                    () -> assertEquals("EINVAL", refused.errnoName()),
                    () -> assertEquals(DeviceState.RUNNING, region.deviceState()));
            String rendered = trace.render();
            assertTrue(rendered.contains("WRITE      0x0 device_state w4 0x6 EINVAL"), rendered);
            assertTrue(rendered.contains("READ       0x2 w4 0x0 EINVAL"), rendered);
            assertTrue(rendered.contains("READ       0x0 device_state w4 0x1 ok"), rendered);
        }
    }

    @Test
    @DisplayName("expected-errno helpers pass on that errno and fail naming the access otherwise")
    void expectedErrno() throws Exception {
        try (var sim = new SimulatedRegion(dir, false, false, SEGMENTS);
                var region = MigrationRegion.of(sim, new AccessTrace())) {
            region.write(MigrationField.DEVICE_STATE, 6, Errno.EINVAL);
            region.read(1, 2, Errno.EINVAL);
            var wrongErrno = assertThrows(AssertionError.class,
                    () -> region.write(MigrationField.DEVICE_STATE, 5, Errno.EBUSY));
            assertEquals("pwrite device_state (offset 0x0, width 4) value 0x5: expected EBUSY, got EINVAL (errno 22)",
                    wrongErrno.getMessage());
            var success = assertThrows(AssertionError.class,
                    () -> region.write(MigrationField.DEVICE_STATE, 0, Errno.EINVAL));
            assertEquals("pwrite device_state (offset 0x0, width 4) value 0x0: expected EINVAL, got success",
                    success.getMessage());
        }
    }

    @Test
    @DisplayName("field helpers read and write at native width; NDMA capability absent")
    void fields() throws Exception {
        var trace = new AccessTrace();
        try (var sim = new SimulatedRegion(dir, false, false, SEGMENTS);
                var region = MigrationRegion.of(sim, trace)) {
            region.setDeviceState(DeviceState.STOP_COPY);
            assertAll(() -> assertEquals(DeviceState.STOP_COPY, region.deviceState()),
                    () -> assertEquals(306, region.pendingBytes()),
                    () -> assertEquals(SimulatedRegion.WINDOW, region.dataOffset()),
                    () -> assertEquals(5, region.dataSize()),
                    () -> assertEquals(0, region.read(MigrationField.RESERVED)),
                    () -> assertTrue(!region.hasNdma()));
            assertEquals(List.of(4, 8, 8, 8, 4), trace.entries().stream().skip(1).map(Entry::width)
                    .collect(Collectors.toList()));
        }
    }

    /** Records each operation the listener hears as "name -> outcome" or "name !! Failure". */
    private static final class Operations implements ProtocolListener {
        final List<String> heard = new java.util.ArrayList<>();

        @Override
        public Object started(String operation) {
            return operation;
        }

        @Override
        public void finished(Object token, String outcome, Throwable failure) {
            heard.add(token + (failure == null ? " -> " : " !! ") + outcome);
        }
    }

    @Test
    @DisplayName("the listener hears one event per protocol operation, the outermost only, with its outcome")
    void protocolOperations() throws Exception {
        var ops = new Operations();
        try (var sim = new SimulatedRegion(dir, false, false, SEGMENTS);
                var region = MigrationRegion.of(sim, new AccessTrace())) {
            region.listen(ops);
            region.setDeviceState(DeviceState.STOP_COPY);
            new SaveSession(region, DataPath.PREAD, 128, 100).drain();
            region.read(MigrationField.RESERVED); // a raw access: traced, not an operation
            region.attemptTransition(DeviceState.ERROR);
            assertThrows(SyscallException.class, () -> region.setDeviceState(DeviceState.ERROR));
            assertEquals(List.of("set device_state SAVING (0x2) -> ok",
                    "read pending_bytes -> 306", "read data_offset/data_size -> 0x1000/5",
                    "read segment 1 (5 bytes, by pread) -> 5 bytes",
                    "read pending_bytes -> 301", "read data_offset/data_size -> 0x1000/300",
                    "read segment 2 (300 bytes, by pread in pieces of 128) -> 300 bytes",
                    "read pending_bytes -> 1", "read data_offset/data_size -> 0x1000/1",
                    "read segment 3 (1 bytes, by pread) -> 1 bytes",
                    "read pending_bytes -> 0",
                    "set device_state SAVING|RESUMING (0x6) -> EINVAL (errno 22), reads SAVING (0x2)",
                    "set device_state SAVING|RESUMING (0x6) !! SyscallException"), ops.heard);
        }
        var resume = new Operations();
        try (var sim = new SimulatedRegion(Files.createDirectories(dir.resolve("resume")), true, false, SEGMENTS);
                var region = MigrationRegion.of(sim, new AccessTrace())) {
            region.setDeviceState(DeviceState.RESUMING);
            region.listen(resume);
            new ResumeSession(region).writeAll(MigrationStream.of(SEGMENTS));
            assertEquals(List.of("resume: write segment 1 (5 bytes) -> ok", "resume: write segment 2 (300 bytes) -> ok",
                    "resume: write segment 3 (1 bytes) -> ok"), resume.heard);
        }
    }
}
