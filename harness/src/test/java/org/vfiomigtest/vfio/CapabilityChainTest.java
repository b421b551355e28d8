package org.vfiomigtest.vfio;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Capability chains as the kernel lays them out after {@code struct vfio_region_info} (32 bytes). */
class CapabilityChainTest {

    private static ByteBuffer info(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void header(ByteBuffer b, int at, int id, int version, int next) {
        b.putShort(at, (short) id).putShort(at + 2, (short) version).putInt(at + 4, next);
    }

    /** TYPE at 32, SPARSE_MMAP (2 areas) at 48, MIG_NDMA at 96, MSIX_MAPPABLE at 104. */
    private static byte[] fullChain() {
        ByteBuffer b = info(112);
        header(b, 32, 2, 1, 48);
        b.putInt(40, 3).putInt(44, 1);
        header(b, 48, 1, 1, 96);
        b.putInt(56, 2).putInt(60, 0);
        b.putLong(64, 0x1000).putLong(72, 0x2000);
        b.putLong(80, 0x8000).putLong(88, 0x1000);
        header(b, 96, 6, 1, 104);
        header(b, 104, 3, 1, 0);
        return b.array();
    }

    @Test
    @DisplayName("CAP_TYPE, SPARSE_MMAP, MIG_NDMA and an unknown capability parse in chain order")
    void parsesFullChain() {
        List<Capability> caps = CapabilityChain.parse(fullChain(), 32);
        assertEquals(List.of(new Capability.RegionType(1, 3, 1),
                new Capability.SparseMmap(1, List.of(new SparseArea(0x1000, 0x2000), new SparseArea(0x8000, 0x1000))),
                new Capability.MigNdma(1),
                new Capability.Other(3, 1, 104)), caps);
    }

    @Test
    @DisplayName("RegionInfo answers type, NDMA and sparse areas from the chain")
    void regionInfoHelpers() {
        var info = new RegionInfo(9, 0xf, 0x10000, 0, CapabilityChain.parse(fullChain(), 32));
        assertAll(() -> assertTrue(info.isType(3, 1)),
                () -> assertTrue(info.hasCapability(6)),
                () -> assertEquals(2, info.sparseAreas().size()),
                () -> assertTrue(info.mmappable()));
        var bare = new RegionInfo(0, 0x3, 8, 0, List.of());
        assertAll(() -> assertTrue(bare.type().isEmpty()), () -> assertEquals(List.of(), bare.sparseAreas()));
    }

    @Test
    @DisplayName("offset 0 is an empty chain")
    void empty() {
        assertEquals(List.of(), CapabilityChain.parse(new byte[32], 0));
    }

    @Test
    @DisplayName("a loop, a capability past the buffer and too many sparse areas are rejected")
    void malformed() {
        ByteBuffer loop = info(48);
        header(loop, 32, 6, 1, 32);
        var e = assertThrows(IllegalArgumentException.class, () -> CapabilityChain.parse(loop.array(), 32));
        assertEquals("capability chain loops back to offset 32", e.getMessage());

        ByteBuffer past = info(48);
        header(past, 32, 6, 1, 44);
        assertThrows(IllegalArgumentException.class, () -> CapabilityChain.parse(past.array(), 32));

        ByteBuffer sparse = info(64);
        header(sparse, 32, 1, 1, 0);
        sparse.putInt(40, 2);
        var s = assertThrows(IllegalArgumentException.class, () -> CapabilityChain.parse(sparse.array(), 32));
        assertTrue(s.getMessage().contains("declares 2 areas"), s.getMessage());
    }

    @Test
    @DisplayName("SparseArea.covers is inclusive at both ends")
    void covers() {
        var a = new SparseArea(0x1000, 0x1000);
        assertAll(() -> assertTrue(a.covers(0x1000, 0x1000)),
                () -> assertTrue(a.covers(0x1ff0, 0x10)),
                () -> assertTrue(!a.covers(0x1ff0, 0x11)),
                () -> assertTrue(!a.covers(0xfff, 1)));
    }
}
