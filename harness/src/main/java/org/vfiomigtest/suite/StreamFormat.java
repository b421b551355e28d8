package org.vfiomigtest.suite;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.CRC32;
import org.vfiomigtest.migration.MigrationStream;

/**
 * The sample driver's stream format, {@code kmod/include/migtest_uapi.h} Part 2: every segment
 * (what one data_size covers) is a 32-byte header followed by its payload, little endian. The
 * spec calls segments opaque; only tests that build a damaged stream which must still pass the
 * framing checks (RES-05) look inside, and they require the sample driver.
 */
final class StreamFormat {
    /** MIGTEST_SEG_MAGIC ("MTSG"). */
    static final int SEG_MAGIC = 0x4753544d;
    /** MIGTEST_SEG_HDR_SIZE. */
    static final int SEG_HDR_SIZE = 32;
    /** MIGTEST_SEG_HEADER, _MEM, _REGS, _END. */
    static final int SEG_HEADER = 1;
    static final int SEG_MEM = 2;
    static final int SEG_REGS = 3;
    static final int SEG_END = 4;
    /** Offsets in the segment header. */
    private static final int OFF_TYPE = 4;
    private static final int OFF_SEQ = 8;
    private static final int OFF_LEN = 12;
    private static final int OFF_PAYLOAD_CRC = 24;
    private static final int OFF_HEADER_CRC = 28;

    private StreamFormat() {
    }

    /** The segment type (MIGTEST_SEG_*), or -1 for bytes too short to hold a header. */
    static int type(byte[] segment) {
        return segment.length < SEG_HDR_SIZE ? -1 : Short.toUnsignedInt(le(segment).getShort(OFF_TYPE));
    }

    /** The sequence number of a segment. */
    static int seq(byte[] segment) {
        return le(segment).getInt(OFF_SEQ);
    }

    /** The index of the first segment of {@code type} in {@code s}, or -1. */
    static int indexOf(MigrationStream s, int type) {
        for (int i = 0; i < s.size(); i++) {
            if (type(s.segment(i)) == type) {
                return i;
            }
        }
        return -1;
    }

    /** A copy of {@code segment} with byte {@code at} inverted; the checksums no longer match. */
    static byte[] flipped(byte[] segment, int at) {
        byte[] c = segment.clone();
        c[at] ^= (byte) 0xff;
        return c;
    }

    /**
     * A copy of {@code segment} with payload byte {@code at} inverted and both checksums
     * recomputed: framing-valid, but the device state it carries differs from the source.
     */
    static byte[] payloadEditedAndResealed(byte[] segment, int at) {
        byte[] c = flipped(segment, SEG_HDR_SIZE + at);
        return resealed(c);
    }

    /** A copy of {@code segment} with its payload crc and header crc recomputed. */
    static byte[] resealed(byte[] segment) {
        byte[] c = segment.clone();
        ByteBuffer b = le(c);
        int len = b.getInt(OFF_LEN);
        b.putInt(OFF_PAYLOAD_CRC, crc(c, SEG_HDR_SIZE, Math.min(len, c.length - SEG_HDR_SIZE)));
        b.putInt(OFF_HEADER_CRC, crc(c, 0, OFF_HEADER_CRC));
        return c;
    }

    /** "HEADER#0(56)", for messages. */
    static String describe(byte[] segment) {
        int t = type(segment);
        String name = switch (t) {
            case SEG_HEADER -> "HEADER";
            case SEG_MEM -> "MEM";
            case SEG_REGS -> "REGS";
            case SEG_END -> "END";
            default -> "type " + t;
        };
        return t < 0 ? "short(" + segment.length + ")" : name + "#" + seq(segment) + "(" + segment.length + ")";
    }

    /** crc32_le(~0, buf, len) ^ ~0: zlib's crc32, as the header comment defines it. */
    static int crc(byte[] buf, int off, int len) {
        var crc = new CRC32();
        crc.update(buf, off, len);
        return (int) crc.getValue();
    }

    /** The segments of {@code s}, described, e.g. "[HEADER#0(56), MEM#1(65536), ...]". */
    static String describe(MigrationStream s) {
        String[] parts = new String[s.size()];
        for (int i = 0; i < s.size(); i++) {
            parts[i] = describe(s.segment(i));
        }
        return Arrays.toString(parts);
    }

    private static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }
}
