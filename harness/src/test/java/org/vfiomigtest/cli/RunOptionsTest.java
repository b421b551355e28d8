package org.vfiomigtest.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vfiomigtest.vm.Accel;

class RunOptionsTest {
    @Test
    void defaults() throws UsageException {
        RunOptions o = RunOptions.parse(List.of());
        assertEquals(Accel.AUTO, o.accel);
        assertEquals(Duration.ofSeconds(900), o.timeout);
        assertEquals(RunOptions.DEFAULT_MDEVS, o.mdevTypes);
    }

    @Test
    void parsesOptions() throws UsageException {
        RunOptions o = RunOptions.parse(List.of("--accel", "tcg", "--timeout", "30", "--tags", "vfio",
                "--mdev", "a", "--mdev", "b", "-v", "--rule", "PS-09", "--rule", "RST-02"));
        assertEquals(Accel.TCG, o.accel);
        assertEquals(List.of("PS-09", "RST-02"), o.rules);
        assertEquals(Duration.ofSeconds(30), o.timeout);
        assertEquals(List.of("a", "b"), o.mdevTypes);
        assertTrue(o.verbose);
    }

    @Test
    void badInputIsAUsageErrorNamingTheOption() {
        assertTrue(assertThrows(UsageException.class, () -> RunOptions.parse(List.of("--timeout", "soon")))
                .getMessage().contains("--timeout"));
        assertTrue(assertThrows(UsageException.class, () -> RunOptions.parse(List.of("--kernel", "/k")))
                .getMessage().contains("--modules"));
        assertTrue(assertThrows(UsageException.class, () -> RunOptions.parse(List.of("--accel", "xen")))
                .getMessage().contains("auto, kvm or tcg"));
        assertThrows(UsageException.class, () -> RunOptions.parse(List.of("--driver", "a.ko", "--no-driver")));
        assertThrows(UsageException.class, () -> RunOptions.parse(List.of("--bogus")));
    }

    @Test
    void usageExitsTwoAndHelpExitsZero() {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        assertEquals(2, Migtest.run(List.of("run", "--bogus"), new PrintStream(out), new PrintStream(err)));
        assertTrue(err.toString().contains("unknown option '--bogus'"));
        assertEquals(0, Migtest.run(List.of("run", "--help"), new PrintStream(out), new PrintStream(err)));
        assertTrue(out.toString().contains("--accel auto|kvm|tcg"));
    }
}
