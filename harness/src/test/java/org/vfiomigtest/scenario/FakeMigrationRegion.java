package org.vfiomigtest.scenario;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.vfiomigtest.migration.MigtestUapi;
import org.vfiomigtest.sys.Errno;
import org.vfiomigtest.sys.Mapping;
import org.vfiomigtest.sys.SyscallException;
import org.vfiomigtest.vfio.Capability;
import org.vfiomigtest.vfio.Region;
import org.vfiomigtest.vfio.RegionInfo;

/**
 * A small, well-behaved v1 migration region for host tests of the runner: fields at native width,
 * a data window at 4096 (pread/pwrite only). Saving yields {@value #SEGMENTS} segments whose first
 * byte is their sequence number; resuming checks that order (EPROTO, sticky) and, at the clearing
 * of RESUMING, that all arrived (ENODATA); a failed resume lands in ERROR.
 */
public final class FakeMigrationRegion implements Region {
    /** Deliberate departures from the spec, for host tests of the explorer (names as the sample driver's). */
    public final java.util.Set<String> bugs = new java.util.HashSet<>();

    static final long WINDOW = 4096;
    static final int WINDOW_SIZE = 4096;
    static final int SEGMENTS = 3;

    private final byte[] window = new byte[WINDOW_SIZE];
    private final Deque<byte[]> queue = new ArrayDeque<>();
    private int state = MigtestUapi.DEVICE_STATE_RUNNING;
    private byte[] prepared;
    private long written;
    private int received;
    private int sticky;

    public void reset() {
        if (bugs.contains("reset_keeps_state")) {
            return;
        }
        state = MigtestUapi.DEVICE_STATE_RUNNING;
        queue.clear();
        prepared = null;
    }

    @Override
    public RegionInfo info() {
        return new RegionInfo(9, 0xb, WINDOW + WINDOW_SIZE, 0, List.of(new Capability.RegionType(1,
                MigtestUapi.REGION_TYPE_MIGRATION, MigtestUapi.REGION_SUBTYPE_MIGRATION)));
    }

    private static SyscallException err(Errno e) {
        return SyscallException.of("pread/pwrite", e.number()).build();
    }

    private boolean saving() {
        return (state & 2) != 0 && (state & 4) == 0;
    }

    private boolean resuming() {
        return (state & 4) != 0 && (state & 2) == 0;
    }

    @Override
    public long read(long offset, int width) {
        if (offset >= WINDOW) {
            byte[] b = new byte[width];
            read(offset, b);
            long v = 0;
            for (int i = width - 1; i >= 0; i--) {
                v = v << 8 | (b[i] & 0xff);
            }
            return v;
        }
        if (offset == 0 && width == 4) {
            return state;
        }
        if (offset == 4 && width == 4) {
            return bugs.contains("reserved_nonzero") ? 0x5a5a5a5a : 0;   // reserved
        }
        if (offset == 8 && width == 8 && saving()) {
            prepared = null;
            return queue.isEmpty() ? 0 : queue.peek().length;
        }
        if (offset == 16 && width == 8 && (saving() || resuming())) {
            if (saving() && prepared == null && !queue.isEmpty()) {
                // pending_no_ack: a segment read is never taken off the queue, so pending_bytes never reads 0
                prepared = bugs.contains("pending_no_ack") ? queue.peek() : queue.poll();
                System.arraycopy(prepared, 0, window, 0, prepared.length);
            }
            return WINDOW;
        }
        if (offset == 24 && width == 8 && saving()) {
            return prepared == null ? 0 : prepared.length;
        }
        if (offset == 24 && width == 8 && resuming()) {
            return written;
        }
        throw err(Errno.EINVAL);
    }

    @Override
    public void write(long offset, int width, long value) {
        if (offset == 0 && width == 4) {
            setState((int) value);
        } else if (offset == 4 && width == 4) {
            return; // reserved: ignored
        } else if (offset == 24 && width == 8 && resuming()) {
            if (value > WINDOW_SIZE) {
                throw err(Errno.EINVAL);
            }
            written = value;
            if (sticky == 0 && value > 0 && window[0] != received) {
                sticky = 71;
            }
            if (sticky != 0) {
                throw SyscallException.of("pwrite", sticky).build();
            }
            if (value > 0) {
                received++;
            }
        } else {
            throw err(Errno.EINVAL);
        }
    }

    private void setState(int s) {
        if (state == 6) {
            throw err(Errno.EIO);
        }
        boolean savingResuming = (s & 6) == 6 && !bugs.contains("accept_saving_resuming");
        if ((s & ~0xf) != 0 || savingResuming || (s & 5) == 5 || (s & 8) != 0) {
            throw err(Errno.EINVAL);
        }
        if (resuming() && (s & 4) == 0 && (sticky != 0 || received != SEGMENTS)) {
            int e = sticky != 0 ? sticky : Errno.ENODATA.number();
            state = 6;
            throw SyscallException.of("pwrite", e).build();
        }
        if ((s & 2) != 0 && !saving()) {
            queue.clear();
            for (int i = 0; i < SEGMENTS; i++) {
                byte[] seg = new byte[100 + i];
                seg[0] = (byte) i;
                queue.add(seg);
            }
        }
        if ((s & 4) != 0 && !resuming()) {
            received = 0;
            sticky = 0;
        }
        state = s;
    }

    @Override
    public int read(long offset, byte[] dst) {
        if (!(saving() || resuming()) || offset < WINDOW || offset + dst.length > WINDOW + WINDOW_SIZE) {
            throw err(Errno.EINVAL);
        }
        System.arraycopy(window, (int) (offset - WINDOW), dst, 0, dst.length);
        return dst.length;
    }

    @Override
    public int write(long offset, byte[] src) {
        if (!resuming() || offset < WINDOW || offset + src.length > WINDOW + WINDOW_SIZE) {
            throw err(Errno.EINVAL);
        }
        System.arraycopy(src, 0, window, (int) (offset - WINDOW), src.length);
        return src.length;
    }

    @Override
    public int read(long offset, ByteBuffer dst) {
        byte[] piece = new byte[dst.remaining()];
        int n = read(offset, piece);
        dst.put(piece, 0, n);
        return n;
    }

    @Override
    public int write(long offset, ByteBuffer src) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Mapping mmap(long offset, long size, boolean writable) {
        throw new UnsupportedOperationException();
    }
}
