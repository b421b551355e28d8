package org.vfiomigtest.vm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds kernel trouble (lines of the guest command and of QEMU itself, which
 * carry their tags, are not the kernel's and are skipped) in a console log or dmesg: oopses, BUG:, WARNING:,
 * panics, call traces, and taint flags that appeared during the run other
 * than the expected O and E. Any finding fails the run (exit 1).
 */
public final class ConsoleScanner {
    /** What was found, and the console pattern that finds it. */
    public enum Kind {
        OOPS("\\bOops\\b|general protection fault"),
        BUG("\\bBUG:"),
        WARNING("\\bWARNING:"),
        PANIC("Kernel panic"),
        CALL_TRACE("Call Trace"),
        TAINT(null);

        private final Pattern pattern;

        Kind(String regex) {
            this.pattern = regex == null ? null : Pattern.compile(regex);
        }
    }

    /** One finding with the 1-based line it starts at and an excerpt. */
    public record Finding(Kind kind, int line, String excerpt) {
        @Override
        public String toString() {
            return kind + " at line " + line + ":\n" + excerpt;
        }
    }

    private static final int EXCERPT_LINES = 25;
    static final String TAINT_BEFORE = "migtest-guest: taint-before=";
    static final String TAINT_AFTER = "migtest-guest: taint-after=";

    private ConsoleScanner() {
    }

    /**
     * Scans whole text. A call trace right after another finding belongs to
     * it and is not reported again.
     */
    public static List<Finding> scan(String text) {
        String[] lines = text.split("\r?\n", -1);
        List<Finding> found = new ArrayList<>();
        int coveredUntil = -1;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].startsWith(GuestContract.COMMAND_TAG) || lines[i].startsWith(TestVm.QEMU_TAG)
                    || lines[i].contains(GuestContract.TEST_MARKER)) {
                continue; // user space, not the kernel (a test marker carries the test's name)
            }
            for (Kind k : Kind.values()) {
                if (k.pattern != null && k.pattern.matcher(lines[i]).find()) {
                    if (!(k == Kind.CALL_TRACE && i <= coveredUntil)) {
                        found.add(new Finding(k, i + 1, excerpt(lines, i)));
                        coveredUntil = i + EXCERPT_LINES;
                    }
                    break;
                }
            }
        }
        taintFinding(text).ifPresent(found::add);
        return found;
    }

    static Optional<Finding> taintFinding(String text) {
        OptionalLong before = lastValue(text, TAINT_BEFORE);
        OptionalLong after = lastValue(text, TAINT_AFTER);
        if (before.isEmpty() || after.isEmpty()) {
            return Optional.empty();
        }
        long bad = Taint.unexpectedNew(before.getAsLong(), after.getAsLong());
        if (bad == 0) {
            return Optional.empty();
        }
        return Optional.of(new Finding(Kind.TAINT, 0,
                "kernel taint went from " + before.getAsLong() + " to " + after.getAsLong()
                        + ": unexpected new flags " + Taint.describe(bad)
                        + " (O and E are expected for an out-of-tree unsigned module)"));
    }

    private static OptionalLong lastValue(String text, String prefix) {
        Matcher m = Pattern.compile(Pattern.quote(prefix) + "(\\d+)").matcher(text);
        OptionalLong v = OptionalLong.empty();
        while (m.find()) {
            v = OptionalLong.of(Long.parseLong(m.group(1)));
        }
        return v;
    }

    private static String excerpt(String[] lines, int from) {
        int start = Math.max(0, from - 2);
        int end = Math.min(lines.length, from + EXCERPT_LINES);
        return String.join("\n", Arrays.copyOfRange(lines, start, end));
    }
}
