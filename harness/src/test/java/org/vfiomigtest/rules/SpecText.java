package org.vfiomigtest.rules;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The spec text, {@code migration-region-spec.h.txt}, flattened for quote matching: comment
 * leaders ({@code /*}, {@code *}, {@code *}{@code /}) dropped, all whitespace runs one space.
 * Found through {@code -Dmigtest.spec=FILE}, else in {@code shared/spec/} of the working
 * directory or any directory above it (the checkout's sibling {@code ../shared} included).
 */
final class SpecText {

    static final String RELATIVE = "shared/spec/migration-region-spec.h.txt";

    final Path path;
    /** The flattened text. */
    final String text;

    private SpecText(Path path, String text) {
        this.path = path;
        this.text = text;
    }

    /** Where the spec is, if it can be found. */
    static Optional<Path> locate() {
        String prop = System.getProperty("migtest.spec");
        if (prop != null && !prop.isBlank()) {
            Path p = Path.of(prop);
            return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path p = d.resolve(RELATIVE);
            if (Files.isRegularFile(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    static SpecText read(Path path) {
        try {
            return new SpecText(path, flatten(Files.readAllLines(path)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read spec " + path, e);
        }
    }

    /** Joins lines without comment leaders, collapsing whitespace. */
    static String flatten(List<String> lines) {
        var sb = new StringBuilder();
        for (String line : lines) {
            String s = line.strip();
            if (s.startsWith("/*")) {
                s = s.substring(2);
            } else if (s.startsWith("*/")) {
                s = s.substring(2);
            } else if (s.startsWith("*")) {
                s = s.substring(1);
            }
            sb.append(' ').append(s);
        }
        return normalize(sb.toString());
    }

    static String normalize(String s) {
        return s.replaceAll("\\s+", " ").strip();
    }

    /** A matched stretch of the flattened text, [start, end). */
    record Span(int start, int end) {
    }

    /**
     * Where {@code quote} occurs: its pieces between {@code "..."} elisions, each found after the
     * previous one. The first piece is tried at every occurrence, so a later match still counts.
     *
     * @return the pieces' spans, or empty if the quote does not occur
     */
    Optional<List<Span>> find(String quote) {
        List<String> pieces = new ArrayList<>();
        for (String p : quote.split("\\.\\.\\.")) {
            String n = normalize(p);
            if (!n.isEmpty()) {
                pieces.add(n);
            }
        }
        if (pieces.isEmpty()) {
            return Optional.empty();
        }
        for (int from = text.indexOf(pieces.get(0)); from >= 0; from = text.indexOf(pieces.get(0), from + 1)) {
            var spans = new ArrayList<Span>();
            spans.add(new Span(from, from + pieces.get(0).length()));
            int pos = from + pieces.get(0).length();
            boolean ok = true;
            for (String piece : pieces.subList(1, pieces.size())) {
                int at = text.indexOf(piece, pos);
                if (at < 0) {
                    ok = false;
                    break;
                }
                spans.add(new Span(at, at + piece.length()));
                pos = at + piece.length();
            }
            if (ok) {
                return Optional.of(spans);
            }
        }
        return Optional.empty();
    }
}
