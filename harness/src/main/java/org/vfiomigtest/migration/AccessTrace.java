package org.vfiomigtest.migration;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.vfiomigtest.sys.Errno;

/**
 * Every access a {@link MigrationRegion} made, in order: what, where, how wide, the value, the
 * errno. Thread-safe; one per test, attached to its report.
 */
public final class AccessTrace {

    /** How the region was accessed. */
    public enum Op {
        /** {@code pread} (register or data). */
        READ,
        /** {@code pwrite} (register or data). */
        WRITE,
        /** copy out of an mmap of a sparse area. */
        MMAP_READ,
        /** copy into an mmap of a sparse area. */
        MMAP_WRITE
    }

    /**
     * One access. {@code width} is the requested length; {@code value} is the register value read
     * or written (register accesses, widths 1 to 8), or the bytes transferred (bulk and mmap
     * accesses); for a failed write, the value it tried. {@code errno} is 0 on success;
     * {@code note} describes a failure without errno (short transfer), else empty.
     */
    public record Entry(long nanoTime, Op op, long offset, int width, long value, int errno, String note) {
        public boolean ok() {
            return errno == 0 && note.isEmpty();
        }

        /** "EINVAL", or "" when the access succeeded or failed without errno. */
        public String errnoName() {
            return errno == 0 ? "" : Errno.of(errno) == Errno.UNKNOWN ? "errno " + errno : Errno.of(errno).name();
        }

        /** One line: {@code 12.345678 WRITE 0x0 device_state w4 0x2 EINVAL}. */
        public String render(long originNanos) {
            String field = width <= Long.BYTES
                    ? MigrationField.at(offset).filter(f -> f.width() == width).map(f -> " " + f.cName()).orElse("")
                    : "";
            String outcome = ok() ? "ok" : (errnoName() + " " + note).trim();
            return String.format("%.6f %-10s 0x%x%s w%d 0x%x %s", (nanoTime - originNanos) / 1e9, op, offset,
                    field, width, value, outcome);
        }
    }

    private final List<Entry> entries = Collections.synchronizedList(new ArrayList<>());
    private final long origin = System.nanoTime();

    void record(Entry e) {
        entries.add(e);
    }

    /** A snapshot of the entries so far. */
    public List<Entry> entries() {
        synchronized (entries) {
            return List.copyOf(entries);
        }
    }

    public void clear() {
        entries.clear();
    }

    /** One line per entry, times in seconds since this trace was created. */
    public String render() {
        var sb = new StringBuilder();
        for (Entry e : entries()) {
            sb.append(e.render(origin)).append('\n');
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "AccessTrace[" + entries.size() + " entries]";
    }
}
