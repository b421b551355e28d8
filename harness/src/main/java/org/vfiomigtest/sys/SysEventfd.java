package org.vfiomigtest.sys;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;

/** {@code sys/eventfd.h} (glibc {@code bits/eventfd.h}, x86-64). */
interface SysEventfd extends Library {
    SysEventfd INSTANCE = Native.load("c", SysEventfd.class);

    int EFD_SEMAPHORE = 00000001;
    int EFD_CLOEXEC = 02000000;
    int EFD_NONBLOCK = 00004000;

    int eventfd(int initval, int flags) throws LastErrorException;
}
