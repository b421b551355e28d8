package org.vfiomigtest.migration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MigrationStreamTest {
    private final MigrationStream stream = MigrationStream.of(List.of(new byte[] {1}, new byte[] {2, 2}, new byte[] {3}));

    @Test
    @DisplayName("segments keep order and are copied in and out")
    void copies() {
        byte[] seg = {9};
        MigrationStream s = MigrationStream.empty().append(seg);
        seg[0] = 0;
        s.segment(0)[0] = 7;
        assertArrayEquals(new byte[] {9}, s.segment(0));
        assertEquals(4, stream.totalBytes());
        assertEquals("MigrationStream[3 segments: 1+2+1 bytes]", stream.toString());
    }

    @Test
    @DisplayName("damaged variants: replaced, removed, swapped, duplicated, truncated")
    void variants() {
        assertArrayEquals(new byte[] {5}, stream.withSegment(1, new byte[] {5}).segment(1));
        assertEquals(2, stream.withoutSegment(0).size());
        assertArrayEquals(new byte[] {3}, stream.withSwapped(0, 2).segment(0));
        assertArrayEquals(new byte[] {2, 2}, stream.withDuplicate(1).segment(2));
        assertEquals(1, stream.truncated(1).size());
        assertEquals(3, stream.size());
    }

    @Test
    @DisplayName("equality compares segment contents")
    void equality() {
        assertEquals(stream, MigrationStream.of(stream.segments()));
        assertEquals(stream.hashCode(), MigrationStream.of(stream.segments()).hashCode());
        assertNotEquals(stream, stream.withSwapped(0, 2));
    }
}
