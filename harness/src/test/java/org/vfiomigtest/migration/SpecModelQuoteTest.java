package org.vfiomigtest.migration;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.vfiomigtest.migration.SpecModel.Clause;

/**
 * Every {@link Clause} quotes the spec word for word ("[...]" marks an elision), so the oracle's
 * messages cite what the spec says. The spec is found in {@code shared/spec/} of the working
 * directory or a directory above it, or through {@code -Dmigtest.spec=FILE}; skipped without it.
 */
class SpecModelQuoteTest {

    @TestFactory
    @DisplayName("each SpecModel clause occurs in migration-region-spec.h.txt")
    Stream<DynamicTest> clausesQuoteTheSpec() throws IOException {
        Optional<Path> spec = locate();
        Assumptions.assumeTrue(spec.isPresent(), "shared/spec/migration-region-spec.h.txt not found");
        String text = flatten(Files.readString(spec.get()));
        return Stream.of(Clause.values()).map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            int from = 0;
            for (String piece : c.text().split("\\[\\.\\.\\.\\]")) {
                String p = piece.replaceAll("\\s+", " ").strip();
                int at = text.indexOf(p, from);
                assertTrue(at >= 0, c + ": \"" + p + "\" is not in " + spec.get());
                from = at + p.length();
            }
        }));
    }

    private static Optional<Path> locate() {
        String prop = System.getProperty("migtest.spec");
        if (prop != null && !prop.isBlank()) {
            return Optional.of(Path.of(prop)).filter(Files::isRegularFile);
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path p = d.resolve("shared/spec/migration-region-spec.h.txt");
            if (Files.isRegularFile(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The comment text with leaders ({@code /*}, {@code *}) dropped and whitespace collapsed. */
    private static String flatten(String spec) {
        var sb = new StringBuilder();
        for (String line : spec.split("\n")) {
            String s = line.strip();
            if (s.startsWith("/*") || s.startsWith("*/")) {
                s = s.substring(2);
            } else if (s.startsWith("*")) {
                s = s.substring(1);
            }
            sb.append(' ').append(s);
        }
        return sb.toString().replaceAll("\\s+", " ");
    }
}
