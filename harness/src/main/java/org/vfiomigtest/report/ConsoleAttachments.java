package org.vfiomigtest.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.vfiomigtest.vm.ConsoleScanner.Finding;
import org.vfiomigtest.vm.GuestContract;

/**
 * The host's additions to the guest's Allure results, from the serial console: the guest marks
 * each test's start and stop in the kernel log with its Allure result's UUID
 * ({@link GuestContract#TEST_MARKER}), so console.log is cut by test exactly, whatever the
 * clocks say. Each failed or broken test gets the console lines of its own run; each kernel
 * finding (oops, BUG, WARNING, panic, taint) becomes a failed result of its own in suite
 * "kernel", and an attachment of the test during which it was printed.
 */
public final class ConsoleAttachments {
    /** At most this many console lines go into one attachment (the last ones). */
    static final int MAX_LINES = 2000;
    static final String KERNEL_SUITE = "kernel";
    private static final Pattern MARKER = Pattern.compile(Pattern.quote(GuestContract.TEST_MARKER)
            + " (start|stop) ([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})");

    /** One test's part of the console: 1-based lines of its start and stop markers. */
    record Window(String uuid, int start, int stop) {
        boolean covers(int line) {
            return line >= start && line <= stop;
        }
    }

    private ConsoleAttachments() {
    }

    /**
     * The tests' windows in {@code lines}, in console order. A test whose stop marker is missing
     * (the guest died) runs to the next start marker or the end.
     */
    static List<Window> windows(List<String> lines) {
        Map<String, Integer> starts = new LinkedHashMap<>();
        Map<String, Integer> stops = new HashMap<>();
        String open = null;
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = MARKER.matcher(lines.get(i));
            if (!m.find()) {
                continue;
            }
            if (m.group(1).equals("start")) {
                if (open != null) {
                    stops.putIfAbsent(open, i);
                }
                starts.put(m.group(2), i + 1);
                open = m.group(2);
            } else {
                stops.put(m.group(2), i + 1);
                open = null;
            }
        }
        List<Window> w = new ArrayList<>();
        starts.forEach((uuid, start) -> w.add(new Window(uuid, start, stops.getOrDefault(uuid, lines.size()))));
        return w;
    }

    /**
     * Adds the console excerpts and the kernel findings to the Allure results in {@code results}.
     *
     * @param console  the guest's console.log
     * @param findings what {@link org.vfiomigtest.vm.ConsoleScanner} found in it (line numbers of
     *                 {@code console}; line 0: not tied to a line, e.g. taint)
     * @return the number of results changed or added
     */
    public static int attach(Path results, String console, List<Finding> findings) throws IOException {
        if (!Files.isDirectory(results)) {
            return 0;
        }
        List<String> lines = console.lines().toList();
        List<Window> windows = windows(lines);
        Map<String, Path> files = resultFiles(results);
        int changed = 0;
        for (Window w : windows) {
            Path f = files.get(w.uuid());
            if (f == null) {
                continue;
            }
            Map<String, Object> r = readResult(f);
            boolean dirty = false;
            if (List.of("failed", "broken").contains(String.valueOf(r.get("status")))) {
                addAttachment(results, r, "console during the test (console.log lines " + w.start() + "-" + w.stop()
                        + ")", excerpt(lines, w.start(), w.stop()));
                dirty = true;
            }
            for (Finding fd : findings) {
                if (fd.line() > 0 && w.covers(fd.line())) {
                    addAttachment(results, r, "kernel " + fd.kind() + " during the test (console.log line "
                            + fd.line() + ")", fd.excerpt() + "\n");
                    dirty = true;
                }
            }
            if (dirty) {
                Files.writeString(f, Json.write(r), StandardCharsets.UTF_8);
                changed++;
            }
        }
        for (Finding fd : findings) {
            Window during = windows.stream().filter(w -> fd.line() > 0 && w.covers(fd.line())).findFirst()
                    .orElse(null);
            Map<String, Object> test = during == null || !files.containsKey(during.uuid()) ? null
                    : readResult(files.get(during.uuid()));
            writeKernelResult(results, lines, fd, test);
            changed++;
        }
        return changed;
    }

    /** A failed result in suite "kernel" for one finding, timed like the test it fell in. */
    private static void writeKernelResult(Path results, List<String> lines, Finding fd, Map<String, Object> test)
            throws IOException {
        String where = fd.line() > 0 ? "console.log line " + fd.line() : "console.log";
        String headline = fd.line() > 0 && fd.line() <= lines.size() ? lines.get(fd.line() - 1).strip()
                : fd.excerpt().lines().findFirst().orElse(fd.kind().name());
        String during = test == null ? "" : ", during " + test.get("fullName") + " (" + test.get("name") + ")";
        long now = System.currentTimeMillis();
        Map<String, Object> r = new LinkedHashMap<>();
        String uuid = UUID.randomUUID().toString();
        r.put("uuid", uuid);
        r.put("historyId", UUID.nameUUIDFromBytes((fd.kind() + " " + headline).getBytes(StandardCharsets.UTF_8))
                .toString());
        r.put("name", "kernel " + fd.kind() + " (" + where + ")");
        r.put("fullName", KERNEL_SUITE + "." + fd.kind());
        r.put("status", "failed");
        r.put("stage", "finished");
        r.put("statusDetails", Map.of("message", headline + " (" + where + during + ")", "trace", fd.excerpt()));
        r.put("labels", List.of(Map.of("name", "suite", "value", KERNEL_SUITE),
                Map.of("name", "epic", "value", "kernel trouble")));
        r.put("start", test != null && test.get("start") instanceof Long s ? s : now);
        r.put("stop", test != null && test.get("stop") instanceof Long s ? s : now);
        r.put("attachments", new ArrayList<>());
        addAttachment(results, r, "kernel " + fd.kind() + " (" + where + ")", fd.excerpt() + "\n");
        Files.writeString(results.resolve(uuid + "-result.json"), Json.write(r), StandardCharsets.UTF_8);
    }

    /** Writes {@code text} as an attachment file and lists it in result {@code r}. */
    @SuppressWarnings("unchecked")
    private static void addAttachment(Path results, Map<String, Object> r, String name, String text)
            throws IOException {
        String source = UUID.randomUUID() + "-attachment.txt";
        Files.writeString(results.resolve(source), text, StandardCharsets.UTF_8);
        Object list = r.get("attachments");
        List<Object> attachments = list instanceof List<?> l ? (List<Object>) l : new ArrayList<>();
        attachments.add(Map.of("name", name, "source", source, "type", "text/plain"));
        r.put("attachments", attachments);
    }

    /** Lines {@code from} to {@code to} (1-based, inclusive), the last {@value #MAX_LINES} of them. */
    static String excerpt(List<String> lines, int from, int to) {
        int start = Math.max(from, to - MAX_LINES + 1);
        var sb = new StringBuilder();
        if (start > from) {
            sb.append("(").append(start - from).append(" earlier lines left out)\n");
        }
        lines.subList(start - 1, Math.min(to, lines.size())).forEach(l -> sb.append(l).append('\n'));
        return sb.toString();
    }

    /** result UUID to file, for the {@code *-result.json} files of {@code results}. */
    private static Map<String, Path> resultFiles(Path results) throws IOException {
        Map<String, Path> m = new HashMap<>();
        try (Stream<Path> s = Files.list(results)) {
            s.filter(p -> p.getFileName().toString().endsWith("-result.json")).forEach(p -> {
                String n = p.getFileName().toString();
                m.put(n.substring(0, n.length() - "-result.json".length()), p);
            });
        }
        return m;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readResult(Path f) throws IOException {
        Object v;
        try {
            v = Json.read(Files.readString(f, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IOException(f + ": " + e.getMessage(), e);
        }
        if (!(v instanceof Map)) {
            throw new IOException(f + ": not a JSON object");
        }
        return (Map<String, Object>) v;
    }
}
