package org.vfiomigtest.migration;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.vfiomigtest.sys.Errno;
import org.vfiomigtest.sys.Fd;
import org.vfiomigtest.sys.Mapping;
import org.vfiomigtest.sys.SyscallException;
import org.vfiomigtest.vfio.Capability;
import org.vfiomigtest.vfio.Region;
import org.vfiomigtest.vfio.RegionInfo;
import org.vfiomigtest.vfio.SparseArea;

/**
 * A minimal, well-behaved v1 migration region in Java, for host tests of the client: header at 0,
 * data window at {@link #WINDOW} backed by a temp file (so pread and mmap see the same bytes).
 * Refuses misaligned/odd-width register accesses and invalid states with EINVAL.
 */
final class SimulatedRegion implements Region, AutoCloseable {
    static final long WINDOW = 0x1000;
    static final int WINDOW_SIZE = 0x1000;

    private final RegionInfo info;
    private final Fd window;
    private final List<byte[]> segments;
    private final boolean endless;
    private final Deque<byte[]> queue = new ArrayDeque<>();
    private final List<byte[]> received = new ArrayList<>();
    private byte[] staged;
    private int state = MigtestUapi.DEVICE_STATE_RUNNING;

    SimulatedRegion(Path dir, boolean sparseMmap, boolean endless, List<byte[]> segments) throws Exception {
        Path f = Files.write(dir.resolve("window"), new byte[WINDOW_SIZE]);
        this.window = Fd.open(f.toString(), true);
        this.segments = segments;
        this.endless = endless;
        List<Capability> caps = new ArrayList<>();
        caps.add(new Capability.RegionType(1, MigtestUapi.REGION_TYPE_MIGRATION, MigtestUapi.REGION_SUBTYPE_MIGRATION));
        if (sparseMmap) {
            caps.add(new Capability.SparseMmap(1, List.of(new SparseArea(WINDOW, WINDOW_SIZE))));
        }
        this.info = new RegionInfo(9, sparseMmap ? 0xf : 0xb, WINDOW + WINDOW_SIZE, 0, caps);
    }

    List<byte[]> received() {
        return received;
    }

    @Override
    public RegionInfo info() {
        return info;
    }

    @Override
    public long read(long offset, int width) {
        MigrationField f = field(offset, width, "pread");
        return switch (f) {
            case DEVICE_STATE -> Integer.toUnsignedLong(state);
            case RESERVED -> 0;
            case PENDING_BYTES -> pendingBytes();
            case DATA_OFFSET -> stage();
            case DATA_SIZE -> staged == null ? 0 : staged.length;
        };
    }

    @Override
    public void write(long offset, int width, long value) {
        MigrationField f = field(offset, width, "pwrite");
        switch (f) {
            case DEVICE_STATE -> setState((int) value);
            case DATA_SIZE -> {
                byte[] seg = new byte[(int) value];
                window.pread(seg, 0);
                received.add(seg);
            }
            case RESERVED -> { }
            default -> throw refuse("pwrite", offset, width);
        }
    }

    @Override
    public int read(long offset, byte[] dst) {
        return window.pread(dst, offset - WINDOW);
    }

    @Override
    public int read(long offset, ByteBuffer dst) {
        return window.pread(dst, offset - WINDOW);
    }

    @Override
    public int write(long offset, byte[] src) {
        return window.pwrite(src, offset - WINDOW);
    }

    @Override
    public int write(long offset, ByteBuffer src) {
        return window.pwrite(src, offset - WINDOW);
    }

    @Override
    public Mapping mmap(long offset, long size, boolean writable) {
        return Mapping.of(window, offset - WINDOW, size, writable);
    }

    @Override
    public void close() {
        window.close();
    }

    private void setState(int next) {
        if (!DeviceState.valid(next)) {
            throw SyscallException.of("pwrite", Errno.EINVAL.number()).offset(0).length(4).build();
        }
        if ((next & MigtestUapi.DEVICE_STATE_SAVING) != 0 && (state & MigtestUapi.DEVICE_STATE_SAVING) == 0) {
            queue.clear();
            queue.addAll(segments);
        }
        state = next;
    }

    /** Reading pending_bytes acknowledges the staged segment (step e). */
    private long pendingBytes() {
        if (staged != null) {
            staged = null;
            if (endless) {
                queue.addAll(segments);
            }
        }
        return queue.stream().mapToLong(s -> s.length).sum();
    }

    /** Reading data_offset stages the next segment (step b) or, resuming, just answers. */
    private long stage() {
        if ((state & MigtestUapi.DEVICE_STATE_SAVING) != 0 && staged == null && !queue.isEmpty()) {
            staged = queue.poll();
            window.pwrite(staged, 0);
        }
        return WINDOW;
    }

    private static MigrationField field(long offset, int width, String call) {
        return MigrationField.at(offset).filter(f -> f.width() == width)
                .orElseThrow(() -> refuse(call, offset, width));
    }

    private static SyscallException refuse(String call, long offset, int width) {
        return SyscallException.of(call, Errno.EINVAL.number()).offset(offset).length(width).build();
    }
}
