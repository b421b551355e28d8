package org.vfiomigtest.sys;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Fd} on a regular file: exact widths, little endian, bulk and direct-buffer transfers. */
class FdTest {
    @TempDir
    Path dir;
    Path file;

    @BeforeEach
    void createFile() throws Exception {
        byte[] b = new byte[16];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) i;
        }
        file = Files.write(dir.resolve("regs"), b);
    }

    @Test
    @DisplayName("preadValue decodes 1, 2, 4 and 8 bytes little endian")
    void widths() {
        try (Fd fd = Fd.open(file.toString(), false)) {
            assertAll(() -> assertEquals(0x01L, fd.preadValue(1, 1)),
                    () -> assertEquals(0x0201L, fd.preadValue(1, 2)),
                    () -> assertEquals(0x07060504L, fd.preadValue(4, 4)),
                    () -> assertEquals(0x0f0e0d0c0b0a0908L, fd.preadValue(8, 8)));
        }
    }

    @Test
    @DisplayName("pwriteValue writes exactly width bytes, little endian")
    void writeWidths() throws Exception {
        try (Fd fd = Fd.open(file.toString(), true)) {
            fd.pwriteValue(4, 4, 0xdeadbeefcafef00dL);
            fd.pwriteValue(9, 1, 0xaa);
        }
        byte[] b = Files.readAllBytes(file);
        assertArrayEquals(new byte[] {0x0d, (byte) 0xf0, (byte) 0xfe, (byte) 0xca, 8, (byte) 0xaa, 10},
                java.util.Arrays.copyOfRange(b, 4, 11));
    }

    @ParameterizedTest(name = "{index}: width {0} is rejected")
    @ValueSource(ints = {0, 3, 5, 16, -1})
    void badWidth(int width) {
        try (Fd fd = Fd.open(file.toString(), false)) {
            var e = assertThrows(IllegalArgumentException.class, () -> fd.preadValue(0, width));
            assertEquals("width " + width + " is not 1, 2, 4 or 8", e.getMessage());
        }
    }

    @Test
    @DisplayName("a short register read is a ShortTransferException with both counts")
    void shortRead() {
        try (Fd fd = Fd.open(file.toString(), false)) {
            var e = assertThrows(ShortTransferException.class, () -> fd.preadValue(14, 4));
            assertEquals(2, e.transferred());
            assertEquals("pread(" + file + ", offset=0xe, length=4) transferred 2 bytes, expected 4", e.getMessage());
        }
    }

    @Test
    @DisplayName("bulk pread into byte[] and into a direct buffer from its position")
    void bulk() {
        try (Fd fd = Fd.open(file.toString(), false)) {
            byte[] b = new byte[3];
            assertEquals(3, fd.pread(b, 5));
            assertArrayEquals(new byte[] {5, 6, 7}, b);
            ByteBuffer buf = ByteBuffer.allocateDirect(8);
            buf.position(2).limit(6);
            assertEquals(4, fd.pread(buf, 10));
            assertEquals(6, buf.position());
            assertEquals(10, buf.get(2));
            assertEquals(13, buf.get(5));
            assertEquals(0, buf.get(1));
        }
    }

    @Test
    @DisplayName("a heap buffer is rejected, a closed Fd refuses use, close is idempotent")
    void misuse() {
        Fd fd = Fd.open(file.toString(), false);
        assertThrows(IllegalArgumentException.class, () -> fd.pread(ByteBuffer.allocate(4), 0));
        fd.close();
        fd.close();
        assertThrows(IllegalStateException.class, () -> fd.pread(new byte[1], 0));
    }

    @Test
    @DisplayName("a refused pread/pwrite carries its errno (direct-mapped calls check errno too)")
    void errnoOfRefusedTransfers() {
        try (Fd fd = Fd.open(dir.toString(), false)) {
            var read = assertThrows(SyscallException.class, () -> fd.pread(new byte[4], 0));
            assertEquals(Errno.EISDIR, read.errno());
            var direct = ByteBuffer.allocateDirect(4);
            assertEquals(Errno.EISDIR, assertThrows(SyscallException.class, () -> fd.pread(direct, 0)).errno());
        }
    }
}
