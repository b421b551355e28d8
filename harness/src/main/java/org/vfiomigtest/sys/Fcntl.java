package org.vfiomigtest.sys;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;

/** {@code fcntl.h}: {@code open(2)}; the {@code O_*} constants come from jna-platform. */
interface Fcntl extends com.sun.jna.platform.linux.Fcntl, Library {
    Fcntl INSTANCE = Native.load("c", Fcntl.class);

    int open(String path, int flags) throws LastErrorException;
}
