package org.vfiomigtest.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TestVm's life cycle against a fake QEMU (a shell script): the KVM→TCG
 * fallback, the timeout, and that nothing is left running.
 */
class TestVmTest {
    @TempDir
    Path tmp;

    /** A fake qemu: silent forever under -accel kvm (a nested-KVM hang), a short boot under tcg. */
    private Path fakeQemu(String tcgBody) throws IOException {
        Path q = tmp.resolve("fake-qemu");
        Files.writeString(q, """
                #!/bin/bash
                echo "$$" >> "%s"
                case " $* " in
                *" kvm "*) exec sleep 600 ;;
                esac
                %s
                """.formatted(tmp.resolve("pids"), tcgBody));
        Files.setPosixFilePermissions(q, PosixFilePermissions.fromString("rwxr-xr-x"));
        return q;
    }

    private TestVm vm(Path qemu, Accel accel, Duration timeout) {
        GuestImage image = new GuestImage("r", tmp.resolve("k"), tmp.resolve("i"), tmp, tmp, "key", List.of());
        return new TestVm().withImage(image).withResults(tmp).withConsoleLog(tmp.resolve("console.log"))
                .withAccel(accel).withTimeout(timeout).withKernelParams(Map.of())
                // a char device that opens rw; 3 s, so that a loaded host still runs the fake before the kill
                .withLivenessBound(Duration.ofSeconds(3), Path.of("/dev/null"))
                .withQemuBinary(qemu);
    }

    private List<Long> pids() throws IOException {
        Path f = tmp.resolve("pids");
        for (int i = 0; i < 100 && !Files.exists(f); i++) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return Files.readAllLines(tmp.resolve("pids")).stream().map(Long::parseLong).toList();
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    @Test
    void autoFallsBackToTcgWhenKvmShowsNoLifeAndKillsTheKvmQemu() throws IOException {
        Path qemu = fakeQemu("echo 'Linux version fake'; echo '" + GuestContract.READY + "'; exit 0");
        try (TestVm vm = vm(qemu, Accel.AUTO, Duration.ofSeconds(30))) {
            vm.start();
            assertEquals(Accel.TCG, vm.accel());
            assertTrue(vm.awaitMarker(GuestContract.READY));
            assertEquals(TestVm.End.EXITED, vm.awaitEnd());
        }
        assertEquals(2, pids().size(), "one KVM try, one TCG boot");
        assertTrue(pids().stream().noneMatch(TestVmTest::alive));
        String console = Files.readString(tmp.resolve("console.log"));
        assertTrue(console.contains("retrying under TCG"), console);
    }

    @Test
    void timeoutKillsQemu() throws IOException {
        Path qemu = fakeQemu("echo booting; exec sleep 600");
        TestVm.End end;
        try (TestVm vm = vm(qemu, Accel.TCG, Duration.ofSeconds(2))) {
            vm.start();
            end = vm.awaitEnd();
        }
        assertEquals(TestVm.End.TIMED_OUT, end);
        assertTrue(pids().stream().noneMatch(TestVmTest::alive));
    }

    @Test
    void closeKillsARunningQemu() throws IOException {
        Path qemu = fakeQemu("echo booting; exec sleep 600");
        try (TestVm vm = vm(qemu, Accel.TCG, Duration.ofMinutes(5))) {
            vm.start();
            assertTrue(alive(pids().get(0)));
        }
        assertTrue(pids().stream().noneMatch(TestVmTest::alive));
    }
}
