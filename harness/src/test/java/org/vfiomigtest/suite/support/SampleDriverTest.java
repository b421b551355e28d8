package org.vfiomigtest.suite.support;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vfiomigtest.migration.DeviceState;
import org.vfiomigtest.migration.MigrationField;
import org.vfiomigtest.sys.Errno;

/**
 * {@link SampleDriver} writes the lines kmod/README.md ("debugfs controls") documents, into a
 * directory of plain files standing in for {@code /sys/kernel/debug/migtest_mdev/<uuid>}.
 */
class SampleDriverTest {
    @TempDir
    Path dir;
    SampleDriver sample;

    @BeforeEach
    void controls() throws IOException {
        for (String f : List.of("inject_transition", "inject_field", "inject_resume", "delay_transition",
                "resume_fail_prior", "ndma_cap", "mmap_data", "window_size", "mem_size")) {
            Files.writeString(dir.resolve(f), f.endsWith("size") ? "65536\n" : "0\n");
        }
        Files.createDirectory(dir.resolve("bugs"));
        for (String b : List.of("reset_keeps_state", "async_state")) {
            Files.writeString(dir.resolve("bugs").resolve(b), "N\n");
        }
        sample = SampleDriver.at(dir);
    }

    private String read(String f) throws IOException {
        return Files.readString(dir.resolve(f));
    }

    @Test
    @DisplayName("injections are written as documented lines: FROM TO ERRNO prior|error COUNT, FIELD read|write ERRNO COUNT")
    void injectionLines() throws IOException {
        sample.injectTransition(DeviceState.RUNNING, null, Errno.EIO, true, 1);
        assertEquals("0x1 any 5 error 1\n", read("inject_transition"));
        sample.injectTransition(null, DeviceState.PRE_COPY, Errno.EBUSY, false, 0);
        assertEquals("any 0x3 16 prior 0\n", read("inject_transition"));
        sample.injectField(MigrationField.PENDING_BYTES, false, Errno.EFAULT, 2);
        assertEquals("pending_bytes read 14 2\n", read("inject_field"));
        sample.injectField("data", true, Errno.EIO, 0);
        assertEquals("data write 5 0\n", read("inject_field"));
        sample.injectResume(Errno.EBADMSG, false);
        assertEquals("74 prior\n", read("inject_resume"));
        sample.delayTransition(DeviceState.RUNNING, DeviceState.STOP, 30);
        assertEquals("0x1 0x0 30\n", read("delay_transition"));
    }

    @Test
    @DisplayName("bug switches: Y/N per file; an unknown name is refused with the list of switches")
    void bugSwitches() throws IOException {
        sample.bug("async_state", true);
        assertAll(() -> assertEquals("Y\n", read("bugs/async_state")),
                () -> assertTrue(sample.bugOn("async_state")),
                () -> assertFalse(sample.bugOn("reset_keeps_state")),
                () -> assertEquals(List.of("async_state", "reset_keeps_state"), sample.bugs()));
        var e = assertThrows(IllegalArgumentException.class, () -> sample.bug("no_such_bug", true));
        assertTrue(e.getMessage().contains("reset_keeps_state"), e.getMessage());
    }

    @Test
    @DisplayName("restore: injections off, every switch off, changed knobs back to their first value")
    void restore() throws IOException {
        sample.bug("reset_keeps_state", true);
        sample.ndmaCap(false);
        sample.ndmaCap(true);
        sample.windowSize(8192);
        sample.resumeFailPrior(true);
        sample.restore();
        assertAll(() -> assertEquals("off\n", read("inject_transition")),
                () -> assertEquals("off\n", read("inject_field")),
                () -> assertEquals("off\n", read("inject_resume")),
                () -> assertEquals("off\n", read("delay_transition")),
                () -> assertEquals("N\n", read("bugs/reset_keeps_state")),
                () -> assertEquals("0\n", read("ndma_cap")),
                () -> assertEquals("65536\n", read("window_size")),
                () -> assertEquals("0\n", read("resume_fail_prior")),
                () -> assertEquals("0\n", read("mmap_data"), "untouched knob stays"));
    }
}
