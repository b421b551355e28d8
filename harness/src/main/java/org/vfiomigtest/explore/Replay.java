package org.vfiomigtest.explore;

import java.nio.file.Path;
import org.vfiomigtest.scenario.ScenarioDevice;
import org.vfiomigtest.scenario.ScenarioFile;
import org.vfiomigtest.scenario.ScenarioRunner;

/** Runs a written scenario through the scenario runner, as {@code migtest replay} would, to confirm it fails. */
final class Replay {
    private Replay() {
    }

    /** "replay here fails at FILE:LINE:COL: ..." or "replay here PASSED: ...". */
    static String confirm(Path file, ScenarioDevice dev) {
        ScenarioFile sf = ScenarioFile.parse(file);
        try {
            ScenarioRunner.run(sf, dev, (s, i, step, took, failure) -> { });
        } catch (AssertionError e) {
            return "replay here fails at " + e.getMessage();
        }
        return "replay here PASSED: the scenario does not reproduce the mismatch";
    }

    /** The number of steps of a scenario file. */
    static int steps(Path file) {
        return ScenarioFile.parse(file).steps().size();
    }
}
