package org.vfiomigtest.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vfiomigtest.it.Migtest.Run;
import org.vfiomigtest.scenario.ScenarioFile;

/**
 * {@code migtest explore} end to end, in three boots: the clean driver agrees with the model
 * (500 steps here, to keep CI time down; the acceptance run is 2000), and with five bug switches
 * explored in one boot each yields a scenario of at most 10 steps that {@code migtest run
 * --scenario} (what {@code migtest replay} runs, all five in one boot) fails on.
 */
class MigtestExploreIT {
    private static final List<String> SWITCHES = List.of("accept_saving_resuming", "reserved_nonzero",
            "single_bit_only", "require_zero_pending", "data_size_overflow", "reset_keeps_state");

    @Test
    void cleanDriverAgreesWithTheModel() throws IOException {
        Run r = Migtest.command("explore-clean", "explore", "--seed", "1", "--steps", "500");
        assertEquals(0, r.exit(), "migtest explore on the clean driver; see " + r.out().resolve("console.log"));
        assertTrue(r.stdout().contains("seed 1: no mismatch in 500 steps") || r.stdout().stream()
                .anyMatch(l -> l.startsWith("seed 1: no mismatch: 500 steps in ")), String.join("\n", r.stdout()));
    }

    @Test
    void eachBugSwitchGivesAShortScenarioThatReplayFailsOn() throws IOException {
        Run r = Migtest.command("explore-bugs", "explore", "--seed", "1", "--steps", "300", "--bug",
                String.join(",", SWITCHES));
        assertEquals(1, r.exit(), "migtest explore with bug switches; see " + r.out().resolve("console.log"));
        List<String> replayArgs = new ArrayList<>();
        for (String bug : SWITCHES) {
            Path f = r.out().resolve("explore-1-" + bug + ".yaml");
            assertTrue(Files.isRegularFile(f), () -> bug + ": no " + f + "\n" + String.join("\n", r.stdout()));
            int steps = ScenarioFile.parse(f).steps().size();
            assertTrue(steps >= 1 && steps <= 10, bug + ": " + steps + " steps in " + f);
            replayArgs.addAll(List.of("--scenario", f.toString()));
        }
        Run replay = Migtest.command("explore-replay", "run", replayArgs.toArray(String[]::new));
        assertEquals(1, replay.exit(), "the scenarios must fail when replayed");
        String last = replay.stdout().get(replay.stdout().size() - 1);
        assertEquals("0 passed, " + SWITCHES.size() + " failed, 0 skipped", last, "every scenario fails");
    }
}
