package org.vfiomigtest.sys;

import com.sun.jna.LastErrorException;
import com.sun.jna.NativeLong;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * ioctl request numbers and the one place that calls {@code ioctl(2)}; a failure becomes a
 * {@link SyscallException} naming the fd's path and the request.
 */
public final class Ioctl {
    /** Bound on argsz growth rounds of {@link #callGrowing}; a driver asking more is broken. */
    private static final int MAX_GROWTH_ROUNDS = 4;

    private Ioctl() {
    }

    /** A named request number, e.g. {@code VFIO_GET_API_VERSION} = {@code _IO(';', 100)}. */
    public record Request(String name, int number) {
        @Override
        public String toString() {
            return name + " (0x" + Integer.toHexString(number) + ")";
        }
    }

    /** {@code _IO(type, nr)} of {@code include/uapi/asm-generic/ioctl.h}: no direction, no size. */
    public static int io(int type, int nr) {
        if ((type & ~0xff) != 0 || (nr & ~0xff) != 0) {
            throw new IllegalArgumentException("_IO(" + type + ", " + nr + "): type and nr are 8 bits");
        }
        return (type << 8) | nr;
    }

    /** {@link Request} named {@code name} for {@code _IO(type, nr)}. */
    public static Request io(String name, int type, int nr) {
        return new Request(name, io(type, nr));
    }

    /** {@code ioctl(fd, request)}; returns the non-negative result. */
    public static int call(Fd fd, Request request) {
        try {
            return SysIoctl.INSTANCE.ioctl(fd.number(), req(request));
        } catch (LastErrorException e) {
            throw failure(fd, request, e);
        }
    }

    /** {@code ioctl(fd, request, value)}: an integer passed by value. */
    public static int call(Fd fd, Request request, long value) {
        try {
            return SysIoctl.INSTANCE.ioctl(fd.number(), req(request), new NativeLong(value));
        } catch (LastErrorException e) {
            throw failure(fd, request, e);
        }
    }

    /** {@code ioctl(fd, request, &struct)}; the struct is written before and read after the call. */
    public static int call(Fd fd, Request request, CStruct arg) {
        try {
            return SysIoctl.INSTANCE.ioctl(fd.number(), req(request), arg);
        } catch (LastErrorException e) {
            throw failure(fd, request, e);
        }
    }

    /** {@code ioctl(fd, request, buf)}: the bytes go in and come back out. */
    public static int call(Fd fd, Request request, byte[] buf) {
        try {
            return SysIoctl.INSTANCE.ioctl(fd.number(), req(request), buf);
        } catch (LastErrorException e) {
            throw failure(fd, request, e);
        }
    }

    /** {@code ioctl(fd, request, &value)} for an {@code __s32 *} argument. */
    public static int callIntRef(Fd fd, Request request, int value) {
        try {
            return SysIoctl.INSTANCE.ioctl(fd.number(), req(request), new int[] {value});
        } catch (LastErrorException e) {
            throw failure(fd, request, e);
        }
    }

    /**
     * The VFIO "argsz" convention: issue {@code request} with {@code head} (its first field is
     * {@code __u32 argsz}); if the kernel answers with a larger {@code argsz}, re-issue with a
     * buffer that large, starting with the same input. Returns every byte the kernel filled in
     * (at least {@code head.size()}); {@code head} is updated from the first bytes.
     */
    public static byte[] callGrowing(Fd fd, Request request, CStruct head) {
        byte[] input = head.toBytes();
        byte[] buf = input.clone();
        for (int round = 0; round < MAX_GROWTH_ROUNDS; round++) {
            call(fd, request, buf);
            int argsz = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN).getInt(0);
            if (Integer.compareUnsigned(argsz, buf.length) <= 0) {
                head.readFrom(buf, 0);
                return buf;
            }
            buf = Arrays.copyOf(input, argsz);
            ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN).putInt(0, argsz);
        }
        throw new IllegalStateException(request.name() + " on " + fd.name() + " still asks for argsz "
                + "growth after " + MAX_GROWTH_ROUNDS + " rounds (last buffer " + buf.length + " bytes)");
    }

    private static NativeLong req(Request r) {
        return new NativeLong(Integer.toUnsignedLong(r.number()));
    }

    private static SyscallException failure(Fd fd, Request request, LastErrorException e) {
        return SyscallException.of("ioctl", e.getErrorCode()).path(fd.name()).ioctl(request.name()).build(e);
    }
}
