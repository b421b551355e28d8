package org.vfiomigtest.explore;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.vfiomigtest.scenario.ScenarioDevice;

/**
 * One exploration: jqwik checks {@link ExploreProperty} on the JUnit Platform with the given seed,
 * generating action sequences until {@code steps} actions ran or one disagreed with the model,
 * then shrinks the failing sequence (re-running each candidate on the device). The minimal
 * sequence is run once more on its own, to record what every action did.
 */
public final class Explorer {

    /**
     * What an exploration found.
     *
     * @param explored       actions run while exploring
     * @param sequences      sequences started (exploring and shrinking)
     * @param shrinkSteps    actions run while shrinking and recording
     * @param originalLength length of the first failing sequence (0 if none)
     * @param finding        the recorded minimal failing sequence, its last action the mismatch
     * @param unreproduced   a failure jqwik reported but that the minimal sequence did not repeat
     */
    public record Result(long explored, int sequences, long shrinkSteps, int originalLength,
            Optional<List<Exploration.Executed>> finding, String unreproduced, long millis) {
    }

    private Explorer() {
    }

    public static Result explore(ScenarioDevice dev, long seed, long steps) {
        long t0 = System.nanoTime();
        var exploration = new Exploration(dev, steps);
        var samples = new ExploreBinding.Samples();
        int tries = (int) Math.min(Integer.MAX_VALUE, steps);
        ExploreBinding.bind(new ExploreBinding(exploration, seed, tries, samples));
        // jqwik's failure database, kept out of the working directory (no stored failure is replayed)
        Path database = Path.of(System.getProperty("java.io.tmpdir"), "migtest-explore-" + ProcessHandle.current().pid()
                + ".jqwik-database");
        try {
            var request = LauncherDiscoveryRequestBuilder.request()
                    .selectors(selectMethod(ExploreProperty.class, "driverAgreesWithModel", List.class.getName()))
                    // no .jqwik-database in the working directory, no stored failure replayed
                    .configurationParameter("jqwik.database", database.toString())
                    .configurationParameter("jqwik.failures.runfirst", "false")
                    .configurationParameter("junit.platform.execution.listeners.deactivate", "io.qameta.allure.*")
                    .build();
            var summary = new SummaryGeneratingListener();
            LauncherFactory.create().execute(request, summary);
            if (summary.getSummary().getTestsFoundCount() == 0) {
                throw new IllegalStateException("jqwik found no explore property: is jqwik-engine on the class path?");
            }
            Optional<List<Exploration.Executed>> finding = Optional.empty();
            String unreproduced = "";
            Optional<List<Action>> minimal = samples.minimal();
            if (minimal.isPresent()) {
                try {
                    exploration.record(minimal.get());
                    unreproduced = "the shrunk sequence " + minimal.get() + " passed when run alone";
                } catch (Exploration.ModelMismatch m) {
                    finding = Optional.of(m.executed());
                }
            } else if (summary.getSummary().getTotalFailureCount() > 0) {
                unreproduced = "the property failed without a falsified sample: "
                        + summary.getSummary().getFailures().get(0).getException();
            }
            return new Result(exploration.explored(), exploration.sequences(), exploration.shrinkSteps(),
                    samples.original == null ? 0 : samples.original.size(), finding, unreproduced,
                    (System.nanoTime() - t0) / 1_000_000);
        } finally {
            ExploreBinding.unbind();
            try {
                Files.deleteIfExists(database);
            } catch (IOException e) {
                System.err.println("explore: cannot delete " + database + ": " + e.getMessage());
            }
        }
    }
}
