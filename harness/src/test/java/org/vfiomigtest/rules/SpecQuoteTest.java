package org.vfiomigtest.rules;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The catalog against the spec: every quote is the spec's own words, and every modal word of
 * the spec (must, should, may, allowed, REQUIRED, OPTIONAL, undefined) lies inside some rule's
 * quote. Skipped, with the reason, only if the spec file cannot be found.
 */
class SpecQuoteTest {

    /** Modal words that are not normative: phrase around the word, and why. */
    private static final Map<String, String> NOT_NORMATIVE = Map.of(
            "peer-to-peer DMA between devices may be active", "describes the NDMA use case, binds no one");

    private static final Pattern MODAL =
            Pattern.compile("\\b(must|should|may|allowed|REQUIRED|OPTIONAL|undefined)\\b");

    /** The normative text ends where the patch context moves on to the MSI-X capability. */
    private static final String END_MARK = "The MSIX mappable capability";

    private static SpecText spec;

    @BeforeAll
    static void readSpec() {
        Optional<Path> p = SpecText.locate();
        assumeTrue(p.isPresent(), "spec not found: set -Dmigtest.spec=FILE or keep " + SpecText.RELATIVE
                + " in a directory above " + Path.of("").toAbsolutePath());
        spec = SpecText.read(p.get());
    }

    @Test
    void everyQuoteIsTheSpecsOwnWords() {
        var missing = new ArrayList<String>();
        for (Rule r : RuleCatalog.load().all()) {
            if (spec.find(r.quote()).isEmpty()) {
                missing.add(r.id() + ": \"" + r.quote() + "\"");
            }
        }
        assertTrue(missing.isEmpty(), "quotes not found verbatim in " + spec.path + ":\n  " + String.join("\n  ", missing));
    }

    @Test
    void everyModalWordOfTheSpecIsInSomeRule() {
        var covered = new boolean[spec.text.length()];
        for (Rule r : RuleCatalog.load().all()) {
            spec.find(r.quote()).ifPresent(spans -> spans.forEach(s -> {
                for (int i = s.start(); i < s.end(); i++) {
                    covered[i] = true;
                }
            }));
        }
        for (var exempt : NOT_NORMATIVE.entrySet()) {
            int at = spec.text.indexOf(exempt.getKey());
            if (at < 0) {
                fail("exemption '" + exempt.getKey() + "' (" + exempt.getValue() + ") no longer matches the spec");
            }
            for (int i = at; i < at + exempt.getKey().length(); i++) {
                covered[i] = true;
            }
        }
        int end = spec.text.indexOf(END_MARK);
        String normative = end < 0 ? spec.text : spec.text.substring(0, end);
        var uncovered = new ArrayList<String>();
        Matcher m = MODAL.matcher(normative);
        while (m.find()) {
            if (!covered[m.start()]) {
                int from = Math.max(0, m.start() - 60);
                int to = Math.min(normative.length(), m.end() + 60);
                uncovered.add("'" + m.group() + "' in \"..." + normative.substring(from, to) + "...\"");
            }
        }
        assertTrue(uncovered.isEmpty(), "normative words no rule quotes:\n  " + String.join("\n  ", uncovered));
    }

    @Test
    void elisionsAndWhitespaceAreTolerated() {
        assertTrue(spec.find("The device must not generate ...   or advance its internal state.").isPresent());
        assertTrue(spec.find("reserved:\n   Reads on this field return zero").isPresent());
        assertTrue(spec.find("The device must not generate ... host system faults").isPresent());
        assertTrue(spec.find("or advance its internal state. ... Clearing this bit (ie. !RUNNING)").isEmpty(),
                "pieces must match in order");
        assertTrue(spec.find("Reads on this field return one").isEmpty());
    }
}
