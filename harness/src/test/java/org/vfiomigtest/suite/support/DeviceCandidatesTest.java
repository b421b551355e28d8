package org.vfiomigtest.suite.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vfiomigtest.suite.support.DeviceCandidates.Candidate;

/** The device list from {@code -Dmigtest.mdevs} and {@code -Dmigtest.device}. */
class DeviceCandidatesTest {

    @Test
    @DisplayName("migtest.mdevs: TYPE=UUID in order, under /sys/bus/mdev/devices")
    void mdevs() {
        List<Candidate> c = DeviceCandidates.parse(null, "migtest-ndma=aaaa, migtest-basic=bbbb");
        assertEquals(List.of(new Candidate(Path.of("/sys/bus/mdev/devices/aaaa"), "migtest-ndma"),
                new Candidate(Path.of("/sys/bus/mdev/devices/bbbb"), "migtest-basic")), c);
        assertEquals("aaaa", c.get(0).name());
    }

    @Test
    @DisplayName("neither property: no candidates; a malformed mdev spec is refused")
    void emptyAndMalformed() {
        assertEquals(List.of(), DeviceCandidates.parse(null, null));
        assertEquals(List.of(), DeviceCandidates.parse(" ", ""));
        assertThrows(IllegalArgumentException.class, () -> DeviceCandidates.parse(null, "uuid-only"));
        assertThrows(IllegalArgumentException.class, () -> DeviceCandidates.parse(null, "type="));
    }

    @Test
    @DisplayName("migtest.device wins; its type comes from mdev_type, or PCI vendor:device")
    void ownDevices(@TempDir Path dir) throws IOException {
        Path types = Files.createDirectories(dir.resolve("parent/mdev_supported_types/vendor-type"));
        Path mdev = Files.createDirectories(dir.resolve("mdev-uuid"));
        Files.createSymbolicLink(mdev.resolve("mdev_type"), types);
        Path pci = Files.createDirectories(dir.resolve("0000:01:00.0"));
        Files.writeString(pci.resolve("vendor"), "0x15b3\n");
        Files.writeString(pci.resolve("device"), "0x101e\n");
        List<Candidate> c = DeviceCandidates.parse(mdev + "," + pci, "migtest-ndma=aaaa");
        assertEquals(List.of(new Candidate(mdev, "vendor-type"), new Candidate(pci, "pci:15b3:101e")), c);
    }
}
