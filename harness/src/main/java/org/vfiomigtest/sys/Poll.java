package org.vfiomigtest.sys;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/** {@code poll.h} ({@code include/uapi/asm-generic/poll.h} for the event bits). */
interface Poll extends Library {
    Poll INSTANCE = Native.load("c", Poll.class);

    short POLLIN = 0x0001;
    short POLLERR = 0x0008;
    short POLLHUP = 0x0010;

    /** {@code struct pollfd}. */
    @FieldOrder({"fd", "events", "revents"})
    class Pollfd extends Structure {
        public int fd;          /* file descriptor */
        public short events;    /* requested events */
        public short revents;   /* returned events */
    }

    int poll(Pollfd fds, int nfds, int timeout) throws LastErrorException;
}
