package org.vfiomigtest.vfio;

import java.nio.ByteBuffer;
import org.vfiomigtest.sys.Fd;
import org.vfiomigtest.sys.Mapping;

/** A {@link Region} of a device fd: one {@code pread}/{@code pwrite} per access. */
final class FdRegion implements Region {
    private final Fd fd;
    private final RegionInfo info;

    FdRegion(Fd fd, RegionInfo info) {
        this.fd = fd;
        this.info = info;
    }

    @Override
    public RegionInfo info() {
        return info;
    }

    @Override
    public long read(long offset, int width) {
        return fd.preadValue(fileOffset(offset), width);
    }

    @Override
    public void write(long offset, int width, long value) {
        fd.pwriteValue(fileOffset(offset), width, value);
    }

    @Override
    public int read(long offset, byte[] dst) {
        return fd.pread(dst, fileOffset(offset));
    }

    @Override
    public int read(long offset, ByteBuffer dst) {
        return fd.pread(dst, fileOffset(offset));
    }

    @Override
    public int write(long offset, byte[] src) {
        return fd.pwrite(src, fileOffset(offset));
    }

    @Override
    public int write(long offset, ByteBuffer src) {
        return fd.pwrite(src, fileOffset(offset));
    }

    @Override
    public Mapping mmap(long offset, long size, boolean writable) {
        return Mapping.of(fd, fileOffset(offset), size, writable);
    }

    /** The device-fd offset of region offset {@code offset}. */
    long fileOffset(long offset) {
        return info.offset() + offset;
    }

    @Override
    public String toString() {
        return "Region[" + info.index() + " of " + fd.name() + ", 0x" + Long.toHexString(info.size()) + " bytes]";
    }
}
