package org.vfiomigtest.sys;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;

/**
 * {@code sys/ioctl.h}: {@code int ioctl(int fd, unsigned long request, ...)}, one overload per
 * argument kind (none, value, struct, buffer, {@code int *}). Callers go through {@link Ioctl}.
 */
interface SysIoctl extends Library {
    SysIoctl INSTANCE = Native.load("c", SysIoctl.class);

    int ioctl(int fd, NativeLong request) throws LastErrorException;

    int ioctl(int fd, NativeLong request, NativeLong value) throws LastErrorException;

    int ioctl(int fd, NativeLong request, Structure arg) throws LastErrorException;

    int ioctl(int fd, NativeLong request, Pointer arg) throws LastErrorException;

    int ioctl(int fd, NativeLong request, byte[] arg) throws LastErrorException;

    int ioctl(int fd, NativeLong request, int[] arg) throws LastErrorException;
}
