package org.vfiomigtest.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class IoctlTest {

    @Test
    @DisplayName("_IO(';', 100 + n) is 0x3b64 + n")
    void ioNumbers() {
        assertEquals(0x3b64, Ioctl.io(';', 100));
        assertEquals(0x3b6f, Vfio.DEVICE_RESET.number());
        assertEquals("VFIO_DEVICE_RESET (0x3b6f)", Vfio.DEVICE_RESET.toString());
        assertThrows(IllegalArgumentException.class, () -> Ioctl.io(0x100, 1));
    }
}
