package org.vfiomigtest.explore;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.vfiomigtest.guest.GuestMain;
import org.vfiomigtest.report.KtapWriter;
import org.vfiomigtest.report.KtapWriter.Line;
import org.vfiomigtest.report.KtapWriter.Result;
import org.vfiomigtest.scenario.ScenarioDevice;
import org.vfiomigtest.suite.support.DeviceCandidates;
import org.vfiomigtest.suite.support.DeviceExtension;
import org.vfiomigtest.suite.support.DeviceUnderTest;
import org.vfiomigtest.suite.support.DutScenarioDevice;
import org.vfiomigtest.suite.support.SampleDriver;

/**
 * The guest side of {@code migtest explore}: explores the device under test (the first with the
 * NDMA capability, as for the suite) once per configuration, the clean driver or each bug switch
 * of {@code --bug a,b} in turn, all in this one boot. A mismatch becomes a scenario file in the
 * results directory, which is then run here through the scenario runner to confirm it fails.
 * Writes {@code ktap.txt} (one line per configuration) and prints {@code migtest-explore:} lines.
 *
 * <p>Usage: {@code ExploreMain --results DIR --seed S --steps N [--bug a,b]}. Exit: 0 no mismatch,
 * 1 a mismatch (scenario written), 2 bad arguments.
 */
public final class ExploreMain {
    /** Prefix of the lines the host echoes on stdout. */
    public static final String TAG = "migtest-explore: ";

    private ExploreMain() {
    }

    public static void main(String[] args) throws IOException {
        Path results = null;
        long seed = 1;
        long steps = 0;
        List<String> bugs = List.of();
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--results" -> results = Path.of(args[i + 1]);
                case "--seed" -> seed = Long.parseLong(args[i + 1]);
                case "--steps" -> steps = Long.parseLong(args[i + 1]);
                case "--bug" -> bugs = Arrays.stream(args[i + 1].split(",")).map(String::strip)
                        .filter(s -> !s.isEmpty()).toList();
                default -> usage("unknown argument " + args[i]);
            }
        }
        if (results == null || steps <= 0 || args.length % 2 != 0) {
            usage("--results DIR and --steps N (N > 0) are required");
        }
        GuestMain.awaitDevices();
        System.exit(run(results, seed, steps, bugs));
    }

    private static void usage(String problem) {
        System.err.println("ExploreMain: " + problem);
        System.exit(2);
    }

    static int run(Path results, long seed, long steps, List<String> bugs) throws IOException {
        List<Line> lines = new ArrayList<>();
        var candidate = DeviceExtension.primary(DeviceCandidates.fromProperties());
        try (DeviceUnderTest dut = DeviceUnderTest.open(candidate)) {
            ScenarioDevice dev = new DutScenarioDevice(dut);
            List<String> configs = bugs.isEmpty() ? java.util.Collections.singletonList(null) : bugs;
            for (String bug : configs) {
                String file = bugs.size() > 1 ? "explore-" + seed + "-" + bug + ".yaml" : "explore-" + seed + ".yaml";
                lines.add(explore(dut, dev, new Config(seed, steps, bug), results.resolve(file)));
            }
        }
        boolean found = lines.stream().anyMatch(l -> l.result() == Result.FAIL);
        try (Writer w = Files.newBufferedWriter(results.resolve("ktap.txt"), StandardCharsets.UTF_8)) {
            var ktap = new KtapWriter(w);
            ktap.begin(1);
            ktap.block("explore", lines, found ? Result.FAIL : Result.PASS, "");
        }
        return found ? 1 : 0;
    }

    /** One exploration's settings: {@code bug} null for the driver as it is. */
    record Config(long seed, long steps, String bug) {
        String label() {
            return "seed " + seed + (bug == null ? "" : " --bug " + bug);
        }
    }

    private static Line explore(DeviceUnderTest dut, ScenarioDevice dev, Config c, Path file) throws IOException {
        SampleDriver sample = c.bug() == null ? null : dut.requireSampleDriver();
        if (sample != null) {
            sample.bug(c.bug(), true);
        }
        Explorer.Result r;
        try {
            r = Explorer.explore(dev, c.seed(), c.steps());
        } finally {
            if (sample != null) {
                sample.bug(c.bug(), false);
            }
        }
        String rate = String.format(Locale.ROOT, "%d steps in %.1f s (%.1f steps/s), %d sequences", r.explored(),
                r.exploreMillis() / 1000.0, r.explored() * 1000.0 / Math.max(1, r.exploreMillis()), r.sequences());
        if (r.finding().isEmpty() && r.unreproduced().isEmpty()) {
            say(c.label() + ": no mismatch: " + rate);
            return new Line(c.label() + ": no mismatch in " + r.explored() + " steps", Result.PASS, "", List.of());
        }
        if (r.finding().isEmpty()) {
            say(c.label() + ": a failure was seen but gave no scenario: " + r.unreproduced());
            return new Line(c.label() + ": unreproduced mismatch", Result.FAIL, "", List.of(r.unreproduced()));
        }
        var executed = r.finding().get();
        String text = FindingScenario.write("explore " + c.label() + ": " + executed.get(executed.size() - 1)
                .mismatch().orElseThrow().rule(), "found by migtest explore --seed " + c.seed() + " --steps "
                + c.steps() + (c.bug() == null ? "" : " --bug " + c.bug()) + "; shrunk from " + r.originalLength()
                + " to " + executed.size() + " actions", executed, dut.migration().hasNdma(),
                c.bug() == null ? List.of() : List.of(c.bug()));
        Files.writeString(file, text);
        String replay = Replay.confirm(file, dev);
        say(c.label() + ": mismatch: " + executed.get(executed.size() - 1).mismatch().orElseThrow());
        say(c.label() + ": " + rate + "; shrunk from " + r.originalLength() + " to " + executed.size()
                + String.format(Locale.ROOT, " actions (%d steps, %d sequences, %.1f s while shrinking)",
                        r.shrinkSteps(), r.shrinkRuns(), r.shrinkMillis() / 1000.0));
        say(c.label() + ": wrote " + file + " (" + Replay.steps(file) + " steps); " + replay);
        return new Line(c.label() + ": mismatch, " + file.getFileName(), Result.FAIL, "", List.of(replay));
    }

    private static void say(String line) {
        System.out.println(TAG + line);
        System.out.flush();
    }
}
