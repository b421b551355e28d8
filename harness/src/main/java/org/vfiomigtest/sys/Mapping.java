package org.vfiomigtest.sys;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.linux.LibC;
import com.sun.jna.platform.linux.Mman;
import com.sun.jna.platform.unix.LibCAPI.size_t;
import com.sun.jna.platform.unix.LibCUtil;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * An {@code mmap(2)}ed range, unmapped by {@link #close()}. Uses jna-platform's
 * {@code LibCUtil.mmap} (which picks {@code mmap64} or {@code mmap} and throws
 * {@code LastErrorException}) and {@code LibC.munmap} (errno from {@code Native.getLastError()}).
 */
public final class Mapping implements AutoCloseable {
    private final Pointer base;
    private final long size;
    private final String name;
    private boolean closed;

    private Mapping(Pointer base, long size, String name) {
        this.base = base;
        this.size = size;
        this.name = name;
    }

    /** Private anonymous read/write memory of {@code size} bytes (e.g. a DMA buffer). */
    public static Mapping anonymous(long size) {
        return map(null, -1, 0, size, Mman.PROT_READ | Mman.PROT_WRITE,
                Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS, "anonymous");
    }

    /** A shared mapping of {@code fd} at {@code offset} (e.g. a sparse area of a device region). */
    public static Mapping of(Fd fd, long offset, long size, boolean writable) {
        int prot = Mman.PROT_READ | (writable ? Mman.PROT_WRITE : 0);
        return map(fd.name(), fd.number(), offset, size, prot, Mman.MAP_SHARED, fd.name());
    }

    private static Mapping map(String path, int fd, long offset, long size, int prot, int flags, String name) {
        if (size <= 0) {
            throw new IllegalArgumentException("mmap size must be positive, got " + size);
        }
        Pointer p;
        try {
            p = LibCUtil.mmap(null, size, prot, flags, fd, offset);
        } catch (LastErrorException e) {
            throw mmapFailure(path, e.getErrorCode(), offset, size, e);
        }
        if (Mman.MAP_FAILED.equals(p)) {
            throw mmapFailure(path, Native.getLastError(), offset, size, null);
        }
        return new Mapping(p, size, name + "@0x" + Long.toHexString(offset));
    }

    private static SyscallException mmapFailure(String path, int errno, long offset, long size, Throwable cause) {
        var b = SyscallException.of("mmap", errno).offset(offset).length(size);
        return (path != null ? b.path(path) : b).build(cause);
    }

    /** The virtual address, e.g. for {@code vfio_iommu_type1_dma_map.vaddr}. */
    public long address() {
        return Pointer.nativeValue(base);
    }

    public long size() {
        return size;
    }

    /** A little-endian direct view of the whole mapping; invalid after {@link #close()}. */
    public ByteBuffer buffer() {
        ensureOpen();
        return base.getByteBuffer(0, size).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Copies {@code len} bytes at {@code offset} out of the mapping. */
    public byte[] read(long offset, int len) {
        check(offset, len);
        return base.getByteArray(offset, len);
    }

    /** Copies {@code len} bytes at {@code offset} into {@code dst} from {@code index} on. */
    public void read(long offset, byte[] dst, int index, int len) {
        check(offset, len);
        base.read(offset, dst, index, len);
    }

    /** Copies {@code src} into the mapping at {@code offset}. */
    public void write(long offset, byte[] src) {
        check(offset, src.length);
        base.write(offset, src, 0, src.length);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (LibC.INSTANCE.munmap(base, new size_t(size)) != 0) {
            throw SyscallException.of("munmap", Native.getLastError()).path(name).length(size).build();
        }
    }

    @Override
    public String toString() {
        return "Mapping[" + name + ", " + size + " bytes" + (closed ? ", closed]" : "]");
    }

    private void check(long offset, int len) {
        ensureOpen();
        if (offset < 0 || len < 0 || offset > size - len) {
            throw new IndexOutOfBoundsException("[0x" + Long.toHexString(offset) + ", +" + len
                    + ") outside mapping " + name + " of " + size + " bytes");
        }
    }

    private synchronized void ensureOpen() {
        if (closed) {
            throw new IllegalStateException(this + " is unmapped");
        }
    }
}
