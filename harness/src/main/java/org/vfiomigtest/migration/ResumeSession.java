package org.vfiomigtest.migration;

/**
 * The user side of the RESUMING protocol (spec, "while the device is in the RESUMING
 * device_state"): a) read data_offset; b) write the segment there, possibly in several pieces;
 * c) write data_size; d) repeat while the stream lasts. The device state is the caller's.
 */
public final class ResumeSession {
    private final MigrationRegion region;
    private final DataWindow window;
    /** Segments written so far, for the operation names. */
    private int segments;

    /** Writes each segment in one piece, by mmap when a sparse area covers the window. */
    public ResumeSession(MigrationRegion region) {
        this(region, DataPath.AUTO, Integer.MAX_VALUE);
    }

    public ResumeSession(MigrationRegion region, DataPath path, int pieceSize) {
        this.region = region;
        this.window = new DataWindow(region, path, pieceSize);
    }

    /** Steps a to c for one segment, preserving its size. */
    public void writeSegment(byte[] segment) {
        region.operation("resume: write segment " + ++segments + " (" + segment.length + " bytes)", () -> {
            long offset = region.dataOffset();
            window.write(offset, segment);
            region.setDataSize(segment.length);
        });
    }

    /** Every segment of {@code stream}, in order. */
    public void writeAll(MigrationStream stream) {
        for (int i = 0; i < stream.size(); i++) {
            writeSegment(stream.segment(i));
        }
    }
}
