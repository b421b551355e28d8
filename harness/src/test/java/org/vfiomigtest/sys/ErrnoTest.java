package org.vfiomigtest.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ErrnoTest {

    @Test
    @DisplayName("numbers map to names; unlisted numbers map to UNKNOWN and keep their number")
    void mapping() {
        assertEquals(Errno.EINVAL, Errno.of(22));
        assertEquals(Errno.ENOTTY, Errno.of(25));
        assertEquals(Errno.EAGAIN, Errno.of(11));
        assertEquals(Errno.UNKNOWN, Errno.of(4095));
        assertEquals(Errno.UNKNOWN, Errno.of(0));
        assertEquals("EFAULT (errno 14)", Errno.describe(14));
        assertEquals("errno 4095", Errno.describe(4095));
    }

    @Test
    @DisplayName("every listed errno has a distinct number that maps back to it")
    void roundTrip() {
        Arrays.stream(Errno.values()).filter(e -> e != Errno.UNKNOWN)
                .forEach(e -> assertEquals(e, Errno.of(e.number()), e.name()));
    }
}
