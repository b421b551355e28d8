package org.vfiomigtest.sys;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.unix.LibCAPI.size_t;
import com.sun.jna.platform.unix.LibCAPI.ssize_t;

/**
 * {@code unistd.h}: the transfer calls. {@code off_t} is 64 bits (LP64 glibc), hence {@code long}.
 * {@code close} is jna-platform's {@code LibC.close}.
 */
interface Unistd extends Library {
    Unistd INSTANCE = Native.load("c", Unistd.class);

    ssize_t read(int fd, byte[] buf, size_t count) throws LastErrorException;

    ssize_t write(int fd, byte[] buf, size_t count) throws LastErrorException;

    ssize_t pread(int fd, byte[] buf, size_t count, long offset) throws LastErrorException;

    ssize_t pread(int fd, Pointer buf, size_t count, long offset) throws LastErrorException;

    ssize_t pwrite(int fd, byte[] buf, size_t count, long offset) throws LastErrorException;

    ssize_t pwrite(int fd, Pointer buf, size_t count, long offset) throws LastErrorException;
}
