package org.vfiomigtest.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes KTAP version 1 (Documentation/dev-tools/ktap.rst): one top-level
 * result per test class, each with a nested block holding one result per
 * test. Blocks are written whole when their class ends, so the plan of every
 * level matches its results. Blocks that end before the top-level plan is
 * known ({@link #begin}) are held and written after it.
 */
public final class KtapWriter {
    /** Result of one test in KTAP terms. */
    public enum Result { PASS, FAIL, SKIP }

    private final Writer out;
    private final StringBuilder held = new StringBuilder();
    private boolean begun;
    private int topIndex;

    public KtapWriter(Writer out) {
        this.out = out;
    }

    /** Version line and the plan of the top level (the number of classes). */
    public void begin(int classes) {
        begun = true;
        write("KTAP version 1\n1.." + classes + "\n" + held);
        held.setLength(0);
    }

    /** A test class's block: its subtests, then its own result line. */
    public void block(String name, List<Line> tests, Result own, String reason) {
        var sb = new StringBuilder();
        sb.append("    KTAP version 1\n");
        sb.append("    # Subtest: ").append(name(name)).append('\n');
        sb.append("    1..").append(tests.size()).append('\n');
        int i = 0;
        for (Line t : tests) {
            sb.append(resultLine("    ", ++i, t.name(), t.result(), t.reason()));
            for (String d : t.diagnostics()) {
                sb.append("    # ").append(d).append('\n');
            }
        }
        sb.append(resultLine("", ++topIndex, name, own, reason));
        if (begun) {
            write(sb.toString());
        } else {
            held.append(sb);
        }
    }

    private static String resultLine(String indent, int n, String name, Result r, String reason) {
        String line = indent + (r == Result.FAIL ? "not ok " : "ok ") + n + " " + name(name);
        if (r == Result.SKIP) {
            line += " # SKIP" + (reason == null || reason.isBlank() ? "" : " " + oneLine(reason));
        }
        return line + "\n";
    }

    /** KTAP names may not hold '#' or line breaks. */
    public static String name(String s) {
        return oneLine(s).replace('#', '_');
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\s+", " ").strip();
    }

    private void write(String s) {
        try {
            out.write(s);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One nested result line with its diagnostic lines. */
    public record Line(String name, Result result, String reason, List<String> diagnostics) {
        public Line {
            diagnostics = List.copyOf(diagnostics);
        }

        public static Line of(String name, Result result, String reason, Throwable failure) {
            List<String> diag = new ArrayList<>();
            if (failure != null) {
                String msg = failure.getClass().getName() + ": " + failure.getMessage();
                for (String l : msg.split("\n")) {
                    diag.add(l);
                }
            }
            return new Line(name, result, reason, diag);
        }
    }
}
