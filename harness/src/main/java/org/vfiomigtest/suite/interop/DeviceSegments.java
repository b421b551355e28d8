package org.vfiomigtest.suite.interop;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The sample device's own segments inside a QEMU migration stream file. QEMU 7.2's v1 client
 * copies each {@code data_size} bytes it reads from the migration region into its stream as one
 * buffer, so every segment ({@code kmod/include/migtest_uapi.h}, "Migration stream") appears
 * contiguously; a candidate counts only if its header crc matches, so pattern bytes in device
 * memory or guest RAM cannot pass for one.
 */
final class DeviceSegments {
    static final int SEG_MAGIC = 0x4753544d; // "MTSG"
    static final int SEG_HDR_SIZE = 32;
    static final int SEG_HEADER = 1;
    static final int SEG_MEM = 2;
    static final int SEG_REGS = 3;
    static final int SEG_END = 4;

    /** One segment: type, sequence number, payload length, MEM offset, where its payload starts in the file. */
    record Segment(int type, int seq, int len, long offset, int payloadAt) {
    }

    private DeviceSegments() {
    }

    /** Every segment in {@code file}, in file order. */
    static List<Segment> scan(byte[] file) {
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        List<Segment> out = new ArrayList<>();
        for (int i = 0; i + SEG_HDR_SIZE <= file.length; i++) {
            if (b.getInt(i) != SEG_MAGIC) {
                continue;
            }
            CRC32 crc = new CRC32();
            crc.update(file, i, 28);
            int len = b.getInt(i + 12);
            if ((int) crc.getValue() != b.getInt(i + 28) || len < 0 || i + SEG_HDR_SIZE + len > file.length) {
                continue;
            }
            out.add(new Segment(b.getShort(i + 4), b.getInt(i + 8), len, b.getLong(i + 16), i + SEG_HDR_SIZE));
            i += SEG_HDR_SIZE + len - 1;
        }
        return out;
    }

    /** The checksum field of the last END segment (payload: u32 segments, u32 checksum). */
    static int endChecksum(byte[] file, List<Segment> segments) {
        Segment end = segments.stream().filter(s -> s.type() == SEG_END).reduce((a, c) -> c)
                .orElseThrow(() -> new AssertionError("no END segment in the migration stream; segments: " + segments));
        return ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getInt(end.payloadAt() + 4);
    }

    /** The MEM segments whose run covers device-memory byte {@code offset}. */
    static List<Segment> memCovering(List<Segment> segments, long offset) {
        return segments.stream().filter(s -> s.type() == SEG_MEM && s.offset() <= offset && offset < s.offset() + s.len())
                .toList();
    }
}
