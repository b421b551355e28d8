package org.vfiomigtest.cli;

/**
 * migtest's exit statuses, chosen for {@code git bisect run}: 0 good, 1 bad
 * (a test failed, or the kernel oopsed, panicked, warned or was tainted),
 * 125 skip (the run could not test: infrastructure), 2 usage or bad input.
 * Never 255: it aborts a bisection.
 */
public enum ExitCode {
    PASS(0), FAIL(1), USAGE(2), INFRA(125);

    public final int code;

    ExitCode(int code) {
        this.code = code;
    }
}
