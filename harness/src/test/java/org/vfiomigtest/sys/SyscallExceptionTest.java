package org.vfiomigtest.sys;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyscallExceptionTest {
    @TempDir
    Path dir;

    @Test
    @DisplayName("the message states call, path, ioctl, offset, length and errno")
    void messageWithEverything() {
        var e = SyscallException.of("pwrite", 22).path("/dev/vfio/7 device 'x'").offset(0x10).length(4).build();
        assertEquals("pwrite(/dev/vfio/7 device 'x', offset=0x10, length=4): EINVAL (errno 22)", e.getMessage());
        var io = SyscallException.of("ioctl", 25).path("/dev/vfio/vfio").ioctl("VFIO_SET_IOMMU").build();
        assertEquals("ioctl(/dev/vfio/vfio, VFIO_SET_IOMMU): ENOTTY (errno 25)", io.getMessage());
        assertEquals("close(): errno 4095", SyscallException.of("close", 4095).build().getMessage());
    }

    @Test
    @DisplayName("accessors expose what was set and nothing else")
    void accessors() {
        var e = SyscallException.of("pread", 5).path("p").offset(0).length(8).build();
        assertAll(() -> assertEquals(Errno.EIO, e.errno()),
                () -> assertEquals(5, e.errnoNumber()),
                () -> assertEquals("pread", e.syscall()),
                () -> assertEquals("p", e.path().orElseThrow()),
                () -> assertTrue(e.ioctl().isEmpty()),
                () -> assertEquals(0, e.offset().orElseThrow()),
                () -> assertEquals(8, e.length().orElseThrow()));
    }

    @Test
    @DisplayName("open of a missing file fails with ENOENT naming the path")
    void openMissing() {
        String path = dir.resolve("absent").toString();
        var e = assertThrows(SyscallException.class, () -> Fd.open(path, false));
        assertEquals(Errno.ENOENT, e.errno());
        assertEquals("open(" + path + "): ENOENT (errno 2)", e.getMessage());
    }

    @Test
    @DisplayName("a VFIO ioctl on a regular file fails with ENOTTY naming the request")
    void ioctlOnFile() throws Exception {
        Path f = Files.write(dir.resolve("f"), new byte[8]);
        try (Fd fd = Fd.open(f.toString(), true)) {
            var e = assertThrows(SyscallException.class, () -> Ioctl.call(fd, Vfio.GET_API_VERSION));
            assertEquals(Errno.ENOTTY, e.errno());
            assertEquals("ioctl(" + f + ", VFIO_GET_API_VERSION): ENOTTY (errno 25)", e.getMessage());
            assertTrue(e.getCause() instanceof com.sun.jna.LastErrorException, "cause kept");
        }
    }

    @Test
    @DisplayName("pread on a directory fails with EISDIR naming offset and length")
    void preadOnDirectory() {
        try (Fd fd = Fd.open(dir.toString(), false)) {
            var e = assertThrows(SyscallException.class, () -> fd.preadValue(8, 4));
            assertEquals(Errno.EISDIR, e.errno());
            assertEquals("pread(" + dir + ", offset=0x8, length=4): EISDIR (errno 21)", e.getMessage());
        }
    }
}
