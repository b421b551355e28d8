package org.vfiomigtest.vfio;

import java.nio.ByteBuffer;
import org.vfiomigtest.sys.Mapping;

/**
 * One device region. Offsets are relative to the region; the device-fd offset is
 * {@code RegionInfo.offset()} (vfio-pci: {@code index << 40}) plus that. Each access is exactly
 * one {@code pread}/{@code pwrite}; nothing checks offsets against the size, so tests can probe
 * out-of-range and misaligned accesses and see the driver's errno. Failures are
 * {@link org.vfiomigtest.sys.SyscallException}s (a short register access:
 * {@link org.vfiomigtest.sys.ShortTransferException}).
 *
 * <p>An interface so the migration client can be unit-tested against a simulated region;
 * {@link Device#region(RegionInfo)} gives the real one.
 */
public interface Region {

    RegionInfo info();

    /** Reads {@code width} (1, 2, 4, 8) bytes at {@code offset}, little endian, zero-extended. */
    long read(long offset, int width);

    /** Writes the low {@code width} (1, 2, 4, 8) bytes of {@code value} at {@code offset}. */
    void write(long offset, int width, long value);

    /** One {@code pread} of {@code dst.length} bytes; returns the count (may be short). */
    int read(long offset, byte[] dst);

    /** One {@code pread} into a direct buffer (position to limit); returns the count. */
    int read(long offset, ByteBuffer dst);

    /** One {@code pwrite} of all of {@code src}; returns the count (may be short). */
    int write(long offset, byte[] src);

    /** One {@code pwrite} from a direct buffer (position to limit); returns the count. */
    int write(long offset, ByteBuffer src);

    /** {@code mmap} of {@code [offset, offset + size)} of the region, shared. */
    Mapping mmap(long offset, long size, boolean writable);

    /** {@code mmap} of a sparse area. */
    default Mapping mmap(SparseArea area, boolean writable) {
        return mmap(area.offset(), area.size(), writable);
    }
}
