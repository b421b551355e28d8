package org.vfiomigtest.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuestContractTest {
    @TempDir
    Path tmp;

    @Test
    void guestEnvSurvivesBashQuotingOfAwkwardValues() throws IOException {
        GuestImage image = new GuestImage("6.1.0-56-amd64", tmp.resolve("vmlinuz"), tmp.resolve("initrd"),
                tmp, tmp, "k", List.of(Path.of("/m/vfio.ko"), Path.of("/m/it's here.ko")));
        List<String> command = List.of("/usr/bin/java", "-Dx=a b", "it's", "$HOME", "\"q\"", "back\\slash");
        GuestContract.writeEnv(tmp, new GuestContract.Settings(image, Path.of("/d/migtest_mdev.ko"),
                List.of("p=1"), List.of("t-ndma=1234"), 0, command, GuestContract.Debug.NONE));
        var r = HostCommand.run(List.of("bash", "-c",
                "source guest.env; printf '%s\\n' \"${MIGTEST_COMMAND[@]}\" \"${MIGTEST_MODULES[@]}\" \"$MIGTEST_DRIVER\""),
                tmp, Map.of(), Duration.ofSeconds(20), l -> { });
        assertEquals(0, r.exitCode());
        List<String> expected = new java.util.ArrayList<>(command);
        expected.addAll(List.of("/m/vfio.ko", "/m/it's here.ko", "/d/migtest_mdev.ko"));
        assertEquals(expected, r.stdout());
    }

    @Test
    void kernelParametersNameInitAndResults() {
        assertEquals(Map.of("migtest_init", "/repo/vm-images/guest-init", "migtest_out", "/out",
                        "migtest_debug", "hang"),
                GuestContract.kernelParams(Path.of("/repo"), Path.of("/out"), GuestContract.Debug.HANG));
        assertThrows(IllegalArgumentException.class,
                () -> GuestContract.kernelParams(Path.of("/my repo"), Path.of("/out"), GuestContract.Debug.NONE));
    }

    @Test
    void guestExitIsReadWhenPresent() throws IOException {
        assertEquals(OptionalInt.empty(), GuestContract.readExit(tmp));
        Files.writeString(tmp.resolve(GuestContract.EXIT_FILE), "1\n");
        assertEquals(OptionalInt.of(1), GuestContract.readExit(tmp));
    }

    @Test
    void buildImageOutputIsParsed() throws IOException {
        GuestImage i = GuestImage.parse(List.of("release=6.1.0-56-amd64", "kernel=/k", "initrd=/i", "moddir=/m",
                "kdir=/usr/src/linux-headers-6.1.0-56-amd64", "key=abc", "guest_modules=/a.ko:/b.ko"));
        assertEquals(List.of(Path.of("/a.ko"), Path.of("/b.ko")), i.guestModules());
        assertThrows(IOException.class, () -> GuestImage.parse(List.of("release=x")));
    }
}
