package org.vfiomigtest.migration;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A device migration stream: the ordered, opaque segments collected while SAVING, to be written
 * back in the same size and order while RESUMING (spec: "opaque and non-fungible"). Immutable;
 * the {@code with...} methods build the damaged variants the rejection tests need. Segments
 * are copied on the way in and out, never inside: derived streams share the arrays, so that
 * appending the 1000th segment does not copy the 999 before it.
 */
public final class MigrationStream {
    private final List<byte[]> segments;

    private MigrationStream(List<byte[]> segments) {
        this.segments = segments;
    }

    /** A stream of copies of {@code segments}. */
    public static MigrationStream of(List<byte[]> segments) {
        List<byte[]> copy = new ArrayList<>(segments.size());
        for (byte[] s : segments) {
            copy.add(s.clone());
        }
        return shared(copy);
    }

    /** A stream of these arrays themselves: only for arrays no one else holds. */
    private static MigrationStream shared(List<byte[]> segments) {
        return new MigrationStream(Collections.unmodifiableList(segments));
    }

    public static MigrationStream empty() {
        return new MigrationStream(List.of());
    }

    /** The number of segments. */
    public int size() {
        return segments.size();
    }

    /** A copy of segment {@code i}. */
    public byte[] segment(int i) {
        return segments.get(i).clone();
    }

    /** Copies of all segments, in order. */
    public List<byte[]> segments() {
        return of(segments).segments;
    }

    /** The sum of the segment lengths. */
    public long totalBytes() {
        return segments.stream().mapToLong(s -> s.length).sum();
    }

    /** This stream plus {@code segment} at the end. */
    public MigrationStream append(byte[] segment) {
        return appendOwned(segment.clone());
    }

    /** {@link #append} of an array no one else holds (a segment just read): no copy. */
    MigrationStream appendOwned(byte[] segment) {
        List<byte[]> l = new ArrayList<>(segments.size() + 1);
        l.addAll(segments);
        l.add(segment);
        return shared(l);
    }

    /** Segment {@code i} replaced by {@code segment} (e.g. with a flipped byte). */
    public MigrationStream withSegment(int i, byte[] segment) {
        List<byte[]> l = new ArrayList<>(segments);
        l.set(i, segment.clone());
        return shared(l);
    }

    /** Segment {@code i} left out. */
    public MigrationStream withoutSegment(int i) {
        List<byte[]> l = new ArrayList<>(segments);
        l.remove(i);
        return shared(l);
    }

    /** Segments {@code i} and {@code j} swapped. */
    public MigrationStream withSwapped(int i, int j) {
        List<byte[]> l = new ArrayList<>(segments);
        Collections.swap(l, i, j);
        return shared(l);
    }

    /** Segment {@code i} sent twice in a row. */
    public MigrationStream withDuplicate(int i) {
        List<byte[]> l = new ArrayList<>(segments);
        l.add(i + 1, segments.get(i));
        return shared(l);
    }

    /** Only the first {@code n} segments. */
    public MigrationStream truncated(int n) {
        return shared(new ArrayList<>(segments.subList(0, n)));
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof MigrationStream other) || other.segments.size() != segments.size()) {
            return false;
        }
        for (int i = 0; i < segments.size(); i++) {
            if (!Arrays.equals(segments.get(i), other.segments.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (byte[] s : segments) {
            h = 31 * h + Arrays.hashCode(s);
        }
        return h;
    }

    /** "MigrationStream[3 segments: 64+4096+12 bytes]". */
    @Override
    public String toString() {
        var sizes = new StringBuilder();
        for (byte[] s : segments) {
            sizes.append(sizes.length() == 0 ? "" : "+").append(s.length);
        }
        return "MigrationStream[" + segments.size() + " segments" + (segments.isEmpty() ? "" : ": " + sizes + " bytes")
                + "]";
    }
}
