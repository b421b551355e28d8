package org.vfiomigtest.report;

import java.util.List;
import java.util.OptionalInt;

/**
 * Decides a run's outcome from what came back: the guest's exit status, the
 * KTAP counts, the kernel findings and whether the VM timed out. Kernel
 * trouble wins (a bad commit), then test failures, then infrastructure
 * failures (nothing could be tested).
 */
public final class Verdict {
    /** The outcome: exit status and the reason, for stderr. */
    public record Outcome(int exitCode, String reason) {
    }

    public static final int PASS = 0;
    public static final int FAIL = 1;
    public static final int INFRA = 125;
    /** GuestMain's status when the selection held no test. */
    static final int GUEST_NO_TESTS = 3;

    private Verdict() {
    }

    public static Outcome decide(boolean timedOut, OptionalInt guestExit, KtapSummary ktap, List<String> kernelFindings) {
        if (!kernelFindings.isEmpty()) {
            return new Outcome(FAIL, "the kernel reported trouble: " + String.join(", ", kernelFindings));
        }
        if (ktap.failed() > 0) {
            return new Outcome(FAIL, ktap.failed() + " test(s) failed");
        }
        if (timedOut) {
            return new Outcome(INFRA, "the VM did not finish before --timeout; console.log has what it printed");
        }
        if (guestExit.isEmpty()) {
            return new Outcome(INFRA, "the guest gave no result (no guest-exit); see console.log");
        }
        int g = guestExit.getAsInt();
        if (g == GUEST_NO_TESTS || (g == 0 && ktap.total() == 0)) {
            return new Outcome(INFRA, "no test ran (check --tags)");
        }
        if (g == 1) {
            return new Outcome(FAIL, "the guest reported test failures");
        }
        if (g != 0) {
            return new Outcome(INFRA, "the guest test runner exited " + g + "; see console.log");
        }
        if (ktap.topPlan() != ktap.topResults()) {
            return new Outcome(INFRA, "KTAP plan 1.." + ktap.topPlan() + " but " + ktap.topResults()
                    + " results: the guest run was cut short");
        }
        return new Outcome(PASS, "all tests passed or were skipped");
    }
}
