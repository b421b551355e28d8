package org.vfiomigtest.migration;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Moves one segment through the region's data window in pieces of at most {@code pieceSize}
 * bytes, by {@code pread}/{@code pwrite} or the covering mmap as {@link DataPath} says. Shared by
 * {@link SaveSession} and {@link ResumeSession}.
 */
final class DataWindow {
    private final MigrationRegion region;
    private final DataPath path;
    private final int pieceSize;
    /** pread's landing place, kept from piece to piece (direct: JNA passes its address as is). */
    private ByteBuffer buffer;

    DataWindow(MigrationRegion region, DataPath path, int pieceSize) {
        if (pieceSize <= 0) {
            throw new IllegalArgumentException("piece size must be positive, got " + pieceSize);
        }
        this.region = region;
        this.path = path;
        this.pieceSize = pieceSize;
    }

    /**
     * Collects {@code size} bytes at region offset {@code offset} (spec step d of SAVING). Each piece
     * goes straight into the segment's array: by mmap, one copy; by pread, the kernel's into a
     * direct buffer and one more, as a C reader does with its own buffer.
     */
    byte[] read(long offset, long size) {
        byte[] data = new byte[checkSize(size, "data_size")];
        boolean mmap = useMmap(offset, data.length);
        for (int done = 0; done < data.length; ) {
            int len = Math.min(pieceSize, data.length - done);
            if (mmap) {
                region.readMapped(offset + done, data, done, len);
                done += len;
            } else {
                done += readPiece(offset + done, data, done, len);
            }
        }
        return data;
    }

    /** Stores {@code data} at region offset {@code offset} (spec step b of RESUMING). */
    void write(long offset, byte[] data) {
        boolean mmap = useMmap(offset, data.length);
        for (int done = 0; done < data.length; ) {
            int len = Math.min(pieceSize, data.length - done);
            byte[] piece = Arrays.copyOfRange(data, done, done + len);
            if (mmap) {
                region.writeMapped(offset + done, piece);
                done += len;
            } else {
                done += progress(region.write(offset + done, piece), "pwrite", offset + done, len);
            }
        }
    }

    /** One pread of up to {@code len} bytes into {@code data} at {@code index}; returns the count. */
    private int readPiece(long at, byte[] data, int index, int len) {
        if (buffer == null || buffer.capacity() < len) {
            buffer = ByteBuffer.allocateDirect(len);
        }
        buffer.clear().limit(len);
        int n = progress(region.read(at, buffer), "pread", at, len);
        buffer.flip().get(data, index, n);
        return n;
    }

    private static int progress(int n, String call, long at, int len) {
        if (n <= 0) {
            throw new IllegalStateException(call + " of " + len + " bytes at region offset 0x" + Long.toHexString(at)
                    + " of the data window transferred " + n + " bytes");
        }
        return n;
    }

    /** ", by mmap" or ", by pread in pieces of N": how a segment at {@code offset} is collected. */
    String how(long offset, long size) {
        String piece = size > pieceSize ? " in pieces of " + pieceSize : "";
        return size <= 0 ? "" : useMmap(offset, checkSize(size, "data_size")) ? ", by mmap" + piece
                : ", by pread" + piece;
    }

    private boolean useMmap(long offset, int length) {
        return switch (path) {
            case PREAD -> false;
            case MMAP -> true;
            case AUTO -> length > 0 && region.areaCovering(offset, length).isPresent();
        };
    }

    static int checkSize(long size, String what) {
        if (size < 0 || size > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException(what + " 0x" + Long.toHexString(size)
                    + " is larger than one Java array can hold");
        }
        return (int) size;
    }
}
