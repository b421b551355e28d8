package org.vfiomigtest.suite.support;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.stream.Collectors;
import org.vfiomigtest.migration.SpecModel;
import org.vfiomigtest.migration.SpecModel.Violation;
import org.vfiomigtest.migration.TransitionResult;

/** Assertions against the {@link SpecModel} oracle; messages quote the spec clause broken. */
public final class SpecAssertions {
    private SpecAssertions() {
    }

    /**
     * Asserts that {@code result} is what {@code model} allows for writing its requested state in
     * its prior state.
     */
    public static void assertConforms(SpecModel model, TransitionResult result) {
        assertNoViolations(model.expect(result.before(), result.requested()).violations(result));
    }

    /** Fails with {@code headline} and every finding, one per line, if there is any. */
    public static void failIfAny(String headline, List<String> findings) {
        if (!findings.isEmpty()) {
            fail(headline + ":\n" + String.join("\n", findings));
        }
    }

    /** Fails with every violation, one per line, if there is any. */
    public static void assertNoViolations(List<Violation> violations) {
        if (!violations.isEmpty()) {
            fail(violations.stream().map(Violation::toString).collect(Collectors.joining("\n")));
        }
    }
}
