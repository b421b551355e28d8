package org.vfiomigtest.scenario;

import java.util.List;
import java.util.Locale;

/**
 * Which segment of a saved stream a stream edit acts on: an index (0 first, -1 last) or, for the
 * sample driver's stream format, the first or last segment of a type ({@code HEADER}, {@code MEM},
 * {@code REGS}, {@code END}; {@code last MEM}).
 */
public record SegmentRef(Integer index, int type, boolean last) {

    /** The segment types of {@code kmod/include/migtest_uapi.h} (MIGTEST_SEG_*), by value. */
    public static final List<String> TYPES = List.of("HEADER", "MEM", "REGS", "END");

    public static SegmentRef index(int i) {
        return new SegmentRef(i, 0, false);
    }

    /** Parses {@code 3}, {@code -1}, {@code MEM}, {@code first MEM}, {@code last MEM}; null if not one. */
    static SegmentRef parse(String text) {
        String t = text.strip();
        Long n = YamlNode.parseNumber(t);
        if (n != null) {
            return index(n.intValue());
        }
        String[] parts = t.toUpperCase(Locale.ROOT).split("\\s+");
        boolean last = false;
        String type = parts[parts.length - 1];
        if (parts.length == 2) {
            if (!parts[0].equals("FIRST") && !parts[0].equals("LAST")) {
                return null;
            }
            last = parts[0].equals("LAST");
        } else if (parts.length != 1) {
            return null;
        }
        int ti = TYPES.indexOf(type);
        return ti < 0 ? null : new SegmentRef(null, ti + 1, last);
    }

    @Override
    public String toString() {
        if (index != null) {
            return "segment " + index;
        }
        return (last ? "the last " : "the first ") + TYPES.get(type - 1) + " segment";
    }
}
