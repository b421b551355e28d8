package org.vfiomigtest.sys;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * {@code unistd.h}: the transfer calls, by JNA direct mapping: a static native method costs a
 * fraction of an interface proxy's reflective dispatch, and the save stream makes thousands of
 * these calls. {@code size_t}, {@code ssize_t} and {@code off_t} are 64 bits (LP64 glibc), hence
 * {@code long}. {@code close} is jna-platform's {@code LibC.close}.
 */
final class Unistd {
    static {
        Native.register("c");
    }

    private Unistd() {
    }

    /** Nothing; calling it runs the registration above (see {@link NativeBindings}). */
    static void register() {
    }

    static native long read(int fd, byte[] buf, long count) throws LastErrorException;

    static native long write(int fd, byte[] buf, long count) throws LastErrorException;

    static native long pread(int fd, byte[] buf, long count, long offset) throws LastErrorException;

    static native long pread(int fd, Pointer buf, long count, long offset) throws LastErrorException;

    static native long pwrite(int fd, byte[] buf, long count, long offset) throws LastErrorException;

    static native long pwrite(int fd, Pointer buf, long count, long offset) throws LastErrorException;
}
