package org.vfiomigtest.vfio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import org.vfiomigtest.sys.Errno;
import org.vfiomigtest.sys.Fd;
import org.vfiomigtest.sys.SyscallException;

/**
 * A non-blocking {@code eventfd(2)} counter, e.g. the trigger of a device interrupt
 * ({@link Device#setIrqEventfds}).
 */
public final class EventFd implements AutoCloseable {
    private final Fd fd;

    private EventFd(Fd fd) {
        this.fd = fd;
    }

    /** A new counter at 0 ({@code EFD_CLOEXEC | EFD_NONBLOCK}). */
    public static EventFd create() {
        return new EventFd(Fd.eventfd(0, true));
    }

    /** Reads and resets the counter: the number of signals since the last read, 0 if none. */
    public long drain() {
        byte[] buf = new byte[Long.BYTES];
        try {
            fd.read(buf);
        } catch (SyscallException e) {
            if (e.errno() == Errno.EAGAIN) {
                return 0;
            }
            throw e;
        }
        return ByteBuffer.wrap(buf).order(ByteOrder.nativeOrder()).getLong();
    }

    /** True if the counter becomes non-zero within {@code timeout} (does not reset it). */
    public boolean await(Duration timeout) {
        return fd.pollIn(timeout);
    }

    /** Adds {@code n} to the counter, as the kernel does on an interrupt. */
    public void signal(long n) {
        fd.write(ByteBuffer.allocate(Long.BYTES).order(ByteOrder.nativeOrder()).putLong(n).array());
    }

    int number() {
        return fd.number();
    }

    @Override
    public void close() {
        fd.close();
    }

    @Override
    public String toString() {
        return "EventFd[" + fd + "]";
    }
}
