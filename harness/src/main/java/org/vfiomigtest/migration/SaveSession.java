package org.vfiomigtest.migration;

/**
 * The user side of the SAVING protocol (spec, "while the device is in the SAVING
 * device_state"): a) read pending_bytes; b) read data_offset; c) read data_size; d) collect the
 * data, possibly in several pieces; e) re-read pending_bytes. The device state is the caller's:
 * this class never writes device_state.
 */
public final class SaveSession {
    /** Bound on segments per {@link #drain()}, so a device that never reaches zero cannot hang a test. */
    public static final int DEFAULT_MAX_SEGMENTS = 1 << 16;

    private final MigrationRegion region;
    private final DataWindow window;
    private final int maxSegments;
    /** Segments collected so far, for the operation names. */
    private int segments;

    /** Collects each segment in one piece, by mmap when a sparse area covers it. */
    public SaveSession(MigrationRegion region) {
        this(region, DataPath.AUTO, Integer.MAX_VALUE, DEFAULT_MAX_SEGMENTS);
    }

    /**
     * @param path        how to collect data
     * @param pieceSize   largest single read of the data window (the spec lets the user split)
     * @param maxSegments bound for {@link #drain()}
     */
    public SaveSession(MigrationRegion region, DataPath path, int pieceSize, int maxSegments) {
        this.region = region;
        this.window = new DataWindow(region, path, pieceSize);
        this.maxSegments = maxSegments;
    }

    /** Steps a and e: reads pending_bytes. */
    public long pendingBytes() {
        return region.pendingBytes();
    }

    /**
     * Steps b to d, after a non-zero pending_bytes: reads data_offset (committing to the
     * segment), data_size, then the data.
     */
    public byte[] readSegment() {
        return collect(prepare());
    }

    /**
     * Steps b and c alone: reads data_offset (committing to the segment) and data_size, so the
     * caller can judge them before step d ({@link #collect}).
     */
    public Segment prepare() {
        long[] where = region.operation("read data_offset/data_size",
                () -> new long[] {region.dataOffset(), region.dataSize()},
                w -> "0x" + Long.toHexString(w[0]) + "/" + w[1]);
        return new Segment(where[0], where[1]);
    }

    /** Step d: collects the prepared segment's data. */
    public byte[] collect(Segment s) {
        int n = ++segments;
        return region.operation("read segment " + n + " (" + s.size() + " bytes" + window.how(s.offset(), s.size())
                + ")", () -> window.read(s.offset(), s.size()), d -> d.length + " bytes");
    }

    /** A prepared segment: where data_offset puts it and data_size's extent. */
    public record Segment(long offset, long size) {
    }

    /**
     * Loops a to e until pending_bytes reads zero, appending each segment to {@code stream}.
     * While RUNNING, zero only means "nothing now" (pre-copy); while !RUNNING it ends the stream.
     *
     * @throws IllegalStateException after {@code maxSegments} segments with pending_bytes non-zero
     */
    public MigrationStream drain(MigrationStream stream) {
        MigrationStream s = stream;
        for (int n = 0; pendingBytes() != 0; n++) {
            if (n == maxSegments) {
                throw new IllegalStateException("pending_bytes still non-zero after " + maxSegments
                        + " segments (" + s.totalBytes() + " bytes) on " + region);
            }
            s = s.appendOwned(readSegment()); // a fresh array: no copy
        }
        return s;
    }

    /** {@link #drain(MigrationStream)} into a new stream. */
    public MigrationStream drain() {
        return drain(MigrationStream.empty());
    }
}
