package org.vfiomigtest.suite.interop;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code vfio_*} trace events of one QEMU 7.2 run (log backend, {@code -D FILE}): one line
 * per event, {@code NAME ARGS} or, with {@code -msg timestamp=on}, {@code TID@SECS:NAME ARGS}.
 * Event names and argument formats are those of QEMU 7.2's {@code hw/vfio/trace-events}.
 */
final class VfioTrace {
    private static final Pattern LINE = Pattern.compile("^(?:\\d+@[\\d.]+:)?(vfio_\\w+)\\s*(.*)$");

    /** One event: its 0-based position among the events, name, argument text, the raw line. */
    record Event(int index, String name, String args, String line) {
        /** The number after {@code key} in the arguments (decimal, or hex with 0x). */
        OptionalLong number(String key) {
            Matcher m = Pattern.compile(Pattern.quote(key) + "\\s*(0x[0-9a-fA-F]+|-?\\d+)").matcher(args);
            if (!m.find()) {
                return OptionalLong.empty();
            }
            String v = m.group(1);
            return OptionalLong.of(v.startsWith("0x") ? Long.parseUnsignedLong(v.substring(2), 16) : Long.parseLong(v));
        }

        @Override
        public String toString() {
            return line;
        }
    }

    private final List<Event> events;

    private VfioTrace(List<Event> events) {
        this.events = events;
    }

    static VfioTrace parse(String log) {
        List<Event> out = new ArrayList<>();
        for (String line : log.split("\n")) {
            Matcher m = LINE.matcher(line.strip());
            if (m.matches()) {
                out.add(new Event(out.size(), m.group(1), m.group(2), line.strip()));
            }
        }
        return new VfioTrace(out);
    }

    List<Event> all() {
        return events;
    }

    List<Event> named(String name) {
        return events.stream().filter(e -> e.name().equals(name)).toList();
    }

    /** Events named {@code name} strictly between positions {@code from} and {@code to}. */
    List<Event> named(String name, int from, int to) {
        return events.stream().filter(e -> e.name().equals(name) && e.index() > from && e.index() < to).toList();
    }
}
