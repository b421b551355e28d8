package org.vfiomigtest.cli;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/** Phase progress on stderr ("migtest: [boot] ... 2.31 s") and the phase durations for summary.json. */
final class Progress {
    private final PrintStream err;
    private final boolean verbose;
    private final Map<String, Long> phaseMillis = new LinkedHashMap<>();
    private String phase;
    private long phaseStart;

    Progress(PrintStream err, boolean verbose) {
        this.err = err;
        this.verbose = verbose;
    }

    void begin(String name) {
        end();
        phase = name;
        phaseStart = System.nanoTime();
        err.println("migtest: [" + name + "] ...");
    }

    /** Ends the current phase, if any, and prints its duration. */
    void end() {
        if (phase == null) {
            return;
        }
        long ms = (System.nanoTime() - phaseStart) / 1_000_000;
        phaseMillis.put(phase, ms);
        err.printf("migtest: [%s] done in %.2f s%n", phase, ms / 1000.0);
        phase = null;
    }

    void info(String msg) {
        err.println("migtest: " + msg);
    }

    void detail(String msg) {
        if (verbose) {
            err.println("  " + msg);
        }
    }

    Map<String, Long> phases() {
        return phaseMillis;
    }
}
