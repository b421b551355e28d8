package org.vfiomigtest.sys;

import com.sun.jna.platform.linux.ErrNo;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Symbolic Linux errno values; numbers come from jna-platform's {@link ErrNo}
 * ({@code include/uapi/asm-generic/errno-base.h} and {@code errno.h}, x86-64).
 *
 * <p>{@link #of(int)} maps every number: one not listed here becomes {@link #UNKNOWN}, and
 * {@link #describe(int)} still names it by number ("errno 300").
 */
public enum Errno {
    EPERM(ErrNo.EPERM),
    ENOENT(ErrNo.ENOENT),
    ESRCH(ErrNo.ESRCH),
    EINTR(ErrNo.EINTR),
    EIO(ErrNo.EIO),
    ENXIO(ErrNo.ENXIO),
    E2BIG(ErrNo.E2BIG),
    ENOEXEC(ErrNo.ENOEXEC),
    EBADF(ErrNo.EBADF),
    ECHILD(ErrNo.ECHILD),
    EAGAIN(ErrNo.EAGAIN),
    ENOMEM(ErrNo.ENOMEM),
    EACCES(ErrNo.EACCES),
    EFAULT(ErrNo.EFAULT),
    EBUSY(ErrNo.EBUSY),
    EEXIST(ErrNo.EEXIST),
    EXDEV(ErrNo.EXDEV),
    ENODEV(ErrNo.ENODEV),
    ENOTDIR(ErrNo.ENOTDIR),
    EISDIR(ErrNo.EISDIR),
    EINVAL(ErrNo.EINVAL),
    ENFILE(ErrNo.ENFILE),
    EMFILE(ErrNo.EMFILE),
    ENOTTY(ErrNo.ENOTTY),
    EFBIG(ErrNo.EFBIG),
    ENOSPC(ErrNo.ENOSPC),
    ESPIPE(ErrNo.ESPIPE),
    EROFS(ErrNo.EROFS),
    EPIPE(ErrNo.EPIPE),
    ERANGE(ErrNo.ERANGE),
    EDEADLK(ErrNo.EDEADLK),
    ENAMETOOLONG(ErrNo.ENAMETOOLONG),
    ENOSYS(ErrNo.ENOSYS),
    ELOOP(ErrNo.ELOOP),
    ENODATA(ErrNo.ENODATA),
    EOVERFLOW(ErrNo.EOVERFLOW),
    EBADMSG(ErrNo.EBADMSG),
    EILSEQ(ErrNo.EILSEQ),
    EOPNOTSUPP(ErrNo.EOPNOTSUPP),
    ETIMEDOUT(ErrNo.ETIMEDOUT),
    EALREADY(ErrNo.EALREADY),
    EINPROGRESS(ErrNo.EINPROGRESS),
    ECANCELED(ErrNo.ECANCELED),
    /** A number this enum does not list; the exception keeps the raw number. */
    UNKNOWN(-1);

    private static final Map<Integer, Errno> BY_NUMBER = Arrays.stream(values())
            .filter(e -> e.number > 0)
            .collect(Collectors.toUnmodifiableMap(e -> e.number, Function.identity()));

    private final int number;

    Errno(int number) {
        this.number = number;
    }

    /** The errno number, -1 for {@link #UNKNOWN}. */
    public int number() {
        return number;
    }

    /** The constant for {@code errno}, {@link #UNKNOWN} for a number not listed. */
    public static Errno of(int errno) {
        return BY_NUMBER.getOrDefault(errno, UNKNOWN);
    }

    /** "EINVAL (errno 22)", or "errno 300" for an unlisted number. */
    public static String describe(int errno) {
        Errno e = of(errno);
        return e == UNKNOWN ? "errno " + errno : e.name() + " (errno " + errno + ")";
    }
}
