package org.vfiomigtest.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vfiomigtest.migration.AccessTrace;
import org.vfiomigtest.scenario.FakeMigrationRegion;
import org.vfiomigtest.scenario.FakeScenarioDevice;
import org.vfiomigtest.scenario.ScenarioFile;

/**
 * The whole explorer on the host, against {@link FakeMigrationRegion}: QuickTheories' seeded
 * search, the step budget, shrinking, the scenario file, its replay through the scenario runner,
 * and that a seed gives the same run again.
 */
class ExplorerTest {
    private final FakeScenarioDevice device = new FakeScenarioDevice();
    private final FakeMigrationRegion fake = device.fake;

    @Test
    @DisplayName("a conforming device: the whole step budget runs and nothing is found")
    void conformingDeviceAgreesWithTheModel() {
        Explorer.Result r = Explorer.explore(device, 1, 1500);
        assertTrue(r.finding().isEmpty(), () -> "unexpected finding " + r.finding() + r.unreproduced());
        assertEquals("", r.unreproduced());
        assertEquals(1500, r.explored(), "every budgeted step runs, no more");
        assertEquals(r.sequences(), device.reopens(), "each sequence starts from a fresh open");
    }

    @ParameterizedTest(name = "{index} {0}")
    @ValueSource(strings = {"accept_saving_resuming", "reserved_nonzero", "reset_keeps_state", "pending_no_ack"})
    @DisplayName("a broken device: the mismatch is shrunk to a short scenario that fails when replayed")
    void brokenDeviceIsShrunkToAShortScenario(String bug, @TempDir Path dir) throws Exception {
        fake.bugs.add(bug);
        Explorer.Result r = Explorer.explore(device, 1, 2000);
        assertTrue(r.finding().isPresent(), () -> bug + " not found: " + r.unreproduced());
        var executed = r.finding().get();
        assertTrue(executed.size() <= 4, () -> "not shrunk: " + executed);
        assertTrue(r.originalLength() >= executed.size());
        Path file = dir.resolve("explore-1.yaml");
        Files.writeString(file, FindingScenario.write("explore " + bug, "host test", executed, false,
                List.of()));
        ScenarioFile sf = ScenarioFile.parse(file);
        assertTrue(sf.steps().size() <= 10, () -> "too long: " + sf.steps());
        String replay = Replay.confirm(file, device);
        String text = Files.readString(file);
        assertTrue(replay.startsWith("replay here fails at"), () -> replay + "\n" + text);
    }

    @ParameterizedTest(name = "{index} {0}")
    @ValueSource(strings = {"", "reserved_nonzero", "reset_keeps_state"})
    @DisplayName("the same seed and steps give the same run, access for access; another seed another run")
    void aSeedGivesTheSameRunAgain(String bug) {
        Run first = Run.of(bug, 7, 600);
        Run again = Run.of(bug, 7, 600);
        assertEquals(first.accesses(), again.accesses(), "the device saw other accesses");
        assertEquals(first.summary(), again.summary());
        assertTrue(!first.accesses().isEmpty());
        Run other = Run.of(bug, 8, 600);
        assertTrue(!first.accesses().equals(other.accesses()), "seed 8 ran what seed 7 ran");
    }

    /** One exploration on a fresh fake device: what it found, and every access the device saw (without times). */
    private record Run(String summary, List<String> accesses) {
        static Run of(String bug, long seed, long steps) {
            var dev = new FakeScenarioDevice();
            if (!bug.isEmpty()) {
                dev.fake.bugs.add(bug);
            }
            Explorer.Result r = Explorer.explore(dev, seed, steps);
            String summary = r.explored() + " explored, " + r.sequences() + " sequences, " + r.shrinkSteps()
                    + " shrink steps, from " + r.originalLength() + ": " + r.finding().map(f -> f.stream()
                            .map(e -> e.action().describe()).toList()) + r.unreproduced();
            List<String> accesses = dev.trace().entries().stream()
                    .map(e -> new AccessTrace.Entry(0, e.op(), e.offset(), e.width(), e.value(), e.errno(), e.note())
                            .toString())
                    .toList();
            return new Run(summary, accesses);
        }
    }
}
