package org.vfiomigtest.sys;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * A failed system call: the errno, its {@link Errno} name, the call, and what it was aimed at
 * (path, ioctl name, offset, length).
 *
 * <p>Unchecked on purpose: tests assert on refused accesses ({@code assertThrows} plus
 * {@link #errno()}), and the conformance suite's lambdas, dynamic tests and streams would
 * otherwise wrap a checked {@code IOException} at every call site. Nothing is lost: the JNA
 * {@code LastErrorException} is kept as the cause.
 *
 * <p>Message: {@code pwrite(/dev/vfio/devices/x, offset=0x0, length=4): EINVAL (errno 22)};
 * parts that do not apply to the call (no ioctl for pread, no offset for ioctl) are left out.
 */
public final class SyscallException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int errnoNumber;
    private final String syscall;
    private final String path;
    private final String ioctl;
    private final long offset;
    private final long length;

    private SyscallException(Builder b, Throwable cause) {
        super(format(b), cause);
        this.errnoNumber = b.errno;
        this.syscall = b.syscall;
        this.path = b.path;
        this.ioctl = b.ioctl;
        this.offset = b.offset;
        this.length = b.length;
    }

    /** Starts describing a failure of {@code syscall} with {@code errno}. */
    public static Builder of(String syscall, int errno) {
        return new Builder(syscall, errno);
    }

    /** The symbolic errno ({@link Errno#UNKNOWN} if not listed; see {@link #errnoNumber()}). */
    public Errno errno() {
        return Errno.of(errnoNumber);
    }

    public int errnoNumber() {
        return errnoNumber;
    }

    public String syscall() {
        return syscall;
    }

    public Optional<String> path() {
        return Optional.ofNullable(path);
    }

    /** The ioctl request name, for {@code ioctl} failures. */
    public Optional<String> ioctl() {
        return Optional.ofNullable(ioctl);
    }

    public OptionalLong offset() {
        return offset < 0 ? OptionalLong.empty() : OptionalLong.of(offset);
    }

    public OptionalLong length() {
        return length < 0 ? OptionalLong.empty() : OptionalLong.of(length);
    }

    private static String format(Builder b) {
        var sb = new StringBuilder(b.syscall).append('(');
        String sep = "";
        if (b.path != null) {
            sb.append(b.path);
            sep = ", ";
        }
        if (b.ioctl != null) {
            sb.append(sep).append(b.ioctl);
            sep = ", ";
        }
        if (b.offset >= 0) {
            sb.append(sep).append("offset=0x").append(Long.toHexString(b.offset));
            sep = ", ";
        }
        if (b.length >= 0) {
            sb.append(sep).append("length=").append(b.length);
        }
        return sb.append("): ").append(Errno.describe(b.errno)).toString();
    }

    /** Collects the context of a failed call; unset parts stay out of the message. */
    public static final class Builder {
        private final String syscall;
        private final int errno;
        private String path;
        private String ioctl;
        private long offset = -1;
        private long length = -1;

        private Builder(String syscall, int errno) {
            this.syscall = syscall;
            this.errno = errno;
        }

        public Builder path(String path) {
            this.path = path;
            return this;
        }

        public Builder ioctl(String ioctl) {
            this.ioctl = ioctl;
            return this;
        }

        public Builder offset(long offset) {
            this.offset = offset;
            return this;
        }

        public Builder length(long length) {
            this.length = length;
            return this;
        }

        public SyscallException build() {
            return new SyscallException(this, null);
        }

        public SyscallException build(Throwable cause) {
            return new SyscallException(this, cause);
        }
    }
}
