package org.vfiomigtest.migration;

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

    DataWindow(MigrationRegion region, DataPath path, int pieceSize) {
        if (pieceSize <= 0) {
            throw new IllegalArgumentException("piece size must be positive, got " + pieceSize);
        }
        this.region = region;
        this.path = path;
        this.pieceSize = pieceSize;
    }

    /** Collects {@code size} bytes at region offset {@code offset} (spec step d of SAVING). */
    byte[] read(long offset, long size) {
        byte[] data = new byte[checkSize(size, "data_size")];
        boolean mmap = useMmap(offset, data.length);
        for (int done = 0; done < data.length; ) {
            int len = Math.min(pieceSize, data.length - done);
            byte[] piece = mmap ? region.readMapped(offset + done, len) : readPiece(offset + done, len);
            System.arraycopy(piece, 0, data, done, piece.length);
            done += piece.length;
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

    private byte[] readPiece(long at, int len) {
        byte[] piece = new byte[len];
        int n = progress(region.read(at, piece), "pread", at, len);
        return n == len ? piece : Arrays.copyOf(piece, n);
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
