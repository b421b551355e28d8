package org.vfiomigtest.scenario;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32;
import org.vfiomigtest.migration.MigrationStream;

/**
 * Damage done to a saved stream by the {@code corrupt}, {@code drop}, {@code reorder} and
 * {@code duplicate} steps. Indexes work on any driver's stream; segment types and
 * {@code reseal} read the sample driver's format ({@code kmod/include/migtest_uapi.h} Part 2: a
 * 32-byte header, type at 4, payload crc at 24, header crc at 28, crc32 as zlib's).
 */
final class StreamEdits {
    static final int SEG_HDR_SIZE = 32;

    private StreamEdits() {
    }

    /** The index {@code ref} names in {@code s}. */
    static int resolve(MigrationStream s, SegmentRef ref) {
        if (ref.index() != null) {
            int i = ref.index() < 0 ? s.size() + ref.index() : ref.index();
            if (i < 0 || i >= s.size()) {
                throw new AssertionError(ref + " does not exist: the stream has " + s.size() + " segments (" + s + ")");
            }
            return i;
        }
        int found = -1;
        for (int i = 0; i < s.size(); i++) {
            if (type(s.segment(i)) == ref.type()) {
                found = i;
                if (!ref.last()) {
                    break;
                }
            }
        }
        if (found < 0) {
            throw new AssertionError("the stream has no " + SegmentRef.TYPES.get(ref.type() - 1) + " segment: " + s
                    + " (types: " + types(s) + ")");
        }
        return found;
    }

    static int type(byte[] segment) {
        return segment.length < SEG_HDR_SIZE ? -1 : Short.toUnsignedInt(le(segment).getShort(4));
    }

    /** "HEADER MEM MEM REGS END". */
    static String types(MigrationStream s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.size(); i++) {
            int t = type(s.segment(i));
            sb.append(i == 0 ? "" : " ").append(t >= 1 && t <= 4 ? SegmentRef.TYPES.get(t - 1) : "?" + t);
        }
        return sb.toString();
    }

    static byte[] flipped(byte[] segment, int at) {
        if (at >= segment.length) {
            throw new AssertionError("byte " + at + " is past the end of a " + segment.length + "-byte segment");
        }
        byte[] c = segment.clone();
        c[at] ^= (byte) 0xff;
        return c;
    }

    /** {@code segment} with its payload crc and header crc recomputed. */
    static byte[] resealed(byte[] segment) {
        byte[] c = segment.clone();
        if (c.length < SEG_HDR_SIZE) {
            return c;
        }
        var crc = new CRC32();
        crc.update(c, SEG_HDR_SIZE, c.length - SEG_HDR_SIZE);
        le(c).putInt(24, (int) crc.getValue());
        crc.reset();
        crc.update(c, 0, 28);
        le(c).putInt(28, (int) crc.getValue());
        return c;
    }

    private static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }
}
