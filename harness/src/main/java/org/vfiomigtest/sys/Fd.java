package org.vfiomigtest.sys;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.linux.LibC;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Arrays;

/**
 * An owned file descriptor with the name its errors report (a path, or a description such as
 * {@code "/dev/vfio/12 device 'uuid'"}). Every method is exactly one system call, so what a test
 * asks for is what the driver sees.
 *
 * <p>Register-style access ({@link #preadValue}, {@link #pwriteValue}) is little endian and takes
 * widths 1, 2, 4 or 8 only; any other width is rejected here, not at the call site.
 */
public final class Fd implements AutoCloseable {
    private final int fd;
    private final String name;
    private boolean closed;

    private Fd(int fd, String name) {
        this.fd = fd;
        this.name = name;
    }

    /** {@code open(path, O_RDWR|O_CLOEXEC)} or {@code O_RDONLY} when not {@code writable}. */
    public static Fd open(String path, boolean writable) {
        int flags = (writable ? Fcntl.O_RDWR : Fcntl.O_RDONLY) | Fcntl.O_CLOEXEC;
        try {
            return new Fd(Fcntl.INSTANCE.open(path, flags), path);
        } catch (LastErrorException e) {
            throw SyscallException.of("open", e.getErrorCode()).path(path).build(e);
        }
    }

    /** {@code eventfd(initval, EFD_CLOEXEC [| EFD_NONBLOCK])}. */
    public static Fd eventfd(int initval, boolean nonBlocking) {
        int flags = SysEventfd.EFD_CLOEXEC | (nonBlocking ? SysEventfd.EFD_NONBLOCK : 0);
        try {
            int n = SysEventfd.INSTANCE.eventfd(initval, flags);
            return new Fd(n, "eventfd:" + n);
        } catch (LastErrorException e) {
            throw SyscallException.of("eventfd", e.getErrorCode()).build(e);
        }
    }

    /** Takes ownership of a descriptor returned by an ioctl (e.g. {@code VFIO_GROUP_GET_DEVICE_FD}). */
    public static Fd adopt(int fd, String name) {
        if (fd < 0) {
            throw new IllegalArgumentException("cannot adopt fd " + fd + " for " + name);
        }
        return new Fd(fd, name);
    }

    public int number() {
        ensureOpen();
        return fd;
    }

    public String name() {
        return name;
    }

    /** One {@code pread(2)} of {@code dst.length} bytes at {@code offset}; returns the count. */
    public int pread(byte[] dst, long offset) {
        ensureOpen();
        try {
            return (int) Unistd.pread(fd, dst, dst.length, offset);
        } catch (LastErrorException e) {
            throw failure("pread", e, offset, dst.length);
        }
    }

    /** One {@code pread(2)} into a direct buffer, from its position to its limit; advances it. */
    public int pread(ByteBuffer dst, long offset) {
        ensureOpen();
        int len = dst.remaining();
        try {
            int n = (int) Unistd.pread(fd, at(dst), len, offset);
            dst.position(dst.position() + n);
            return n;
        } catch (LastErrorException e) {
            throw failure("pread", e, offset, len);
        }
    }

    /** One {@code pwrite(2)} of all of {@code src} at {@code offset}; returns the count. */
    public int pwrite(byte[] src, long offset) {
        ensureOpen();
        try {
            return (int) Unistd.pwrite(fd, src, src.length, offset);
        } catch (LastErrorException e) {
            throw failure("pwrite", e, offset, src.length);
        }
    }

    /** One {@code pwrite(2)} from a direct buffer, position to limit; advances it. */
    public int pwrite(ByteBuffer src, long offset) {
        ensureOpen();
        int len = src.remaining();
        try {
            int n = (int) Unistd.pwrite(fd, at(src), len, offset);
            src.position(src.position() + n);
            return n;
        } catch (LastErrorException e) {
            throw failure("pwrite", e, offset, len);
        }
    }

    /** One {@code pread(2)} of {@code width} bytes, decoded little endian (zero-extended). */
    public long preadValue(long offset, int width) {
        byte[] buf = new byte[checkWidth(width)];
        requireFull("pread", offset, width, pread(buf, offset));
        return decode(buf);
    }

    /** One {@code pwrite(2)} of the low {@code width} bytes of {@code value}, little endian. */
    public void pwriteValue(long offset, int width, long value) {
        byte[] buf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array();
        byte[] out = Arrays.copyOf(buf, checkWidth(width));
        requireFull("pwrite", offset, width, pwrite(out, offset));
    }

    /** One {@code read(2)} into {@code dst}; returns the count. */
    public int read(byte[] dst) {
        ensureOpen();
        try {
            return (int) Unistd.read(fd, dst, dst.length);
        } catch (LastErrorException e) {
            throw failure("read", e, -1, dst.length);
        }
    }

    /** One {@code write(2)} of {@code src}; returns the count. */
    public int write(byte[] src) {
        ensureOpen();
        try {
            return (int) Unistd.write(fd, src, src.length);
        } catch (LastErrorException e) {
            throw failure("write", e, -1, src.length);
        }
    }

    /** {@code poll(2)} for {@code POLLIN}; true if readable before {@code timeout}. */
    public boolean pollIn(Duration timeout) {
        ensureOpen();
        var pfd = new Poll.Pollfd();
        pfd.fd = fd;
        pfd.events = Poll.POLLIN;
        try {
            int n = Poll.INSTANCE.poll(pfd, 1, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            return n > 0 && (pfd.revents & Poll.POLLIN) != 0;
        } catch (LastErrorException e) {
            throw SyscallException.of("poll", e.getErrorCode()).path(name).build(e);
        }
    }

    /** {@code close(2)} once; later calls do nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (LibC.INSTANCE.close(fd) != 0) {
            throw SyscallException.of("close", Native.getLastError()).path(name).build();
        }
    }

    @Override
    public String toString() {
        return name + " (fd " + fd + (closed ? ", closed)" : ")");
    }

    SyscallException failure(String syscall, LastErrorException e, long offset, long length) {
        var b = SyscallException.of(syscall, e.getErrorCode()).path(name).length(length);
        return (offset >= 0 ? b.offset(offset) : b).build(e);
    }

    private void requireFull(String syscall, long offset, int width, int done) {
        if (done != width) {
            throw new ShortTransferException(syscall, name, offset, width, done);
        }
    }

    static int checkWidth(int width) {
        if (width != 1 && width != 2 && width != 4 && width != 8) {
            throw new IllegalArgumentException("width " + width + " is not 1, 2, 4 or 8");
        }
        return width;
    }

    static long decode(byte[] le) {
        long v = 0;
        for (int i = le.length - 1; i >= 0; i--) {
            v = (v << 8) | (le[i] & 0xff);
        }
        return v;
    }

    private static Pointer at(ByteBuffer direct) {
        if (!direct.isDirect()) {
            throw new IllegalArgumentException("buffer must be direct: " + direct);
        }
        return Native.getDirectBufferPointer(direct).share(direct.position());
    }

    private synchronized void ensureOpen() {
        if (closed) {
            throw new IllegalStateException(name + " is closed");
        }
    }
}
