package org.vfiomigtest.sys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MappingTest {
    @TempDir
    Path dir;

    @Test
    @DisplayName("anonymous memory: read, write, direct view, bounds, unmap")
    void anonymous() {
        Mapping m = Mapping.anonymous(4096);
        assertNotEquals(0, m.address());
        m.write(4090, new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {0, 1, 2, 3}, m.read(4089, 4));
        assertEquals(0x0302, m.buffer().getShort(4091));
        assertThrows(IndexOutOfBoundsException.class, () -> m.read(4094, 4));
        m.close();
        m.close();
        assertThrows(IllegalStateException.class, () -> m.read(0, 1));
    }

    @Test
    @DisplayName("a shared file mapping writes through to the file")
    void fileMapping() throws Exception {
        Path f = Files.write(dir.resolve("f"), new byte[8192]);
        try (Fd fd = Fd.open(f.toString(), true); Mapping m = Mapping.of(fd, 4096, 4096, true)) {
            m.write(1, new byte[] {42});
        }
        assertEquals(42, Files.readAllBytes(f)[4097]);
    }

    @Test
    @DisplayName("a failed mmap names errno, path, offset and length")
    void failure() throws Exception {
        Path f = Files.write(dir.resolve("f"), new byte[4096]);
        try (Fd fd = Fd.open(f.toString(), false)) {
            var e = assertThrows(SyscallException.class, () -> Mapping.of(fd, 1, 4096, false));
            assertEquals(Errno.EINVAL, e.errno());
            assertEquals("mmap(" + f + ", offset=0x1, length=4096): EINVAL (errno 22)", e.getMessage());
        }
    }
}
