package org.vfiomigtest.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;
import org.vfiomigtest.migration.AccessTrace;
import org.vfiomigtest.migration.MigrationRegion;

/** The runner against {@link FakeMigrationRegion}: steps, expectations, failure positions. */
class ScenarioRunnerTest {
    private final FakeScenarioDevice device = new FakeScenarioDevice();
    private final FakeMigrationRegion fake = device.fake;
    private final AccessTrace trace = device.trace();
    private final MigrationRegion region = device.migration();
    private final List<String> log = new ArrayList<>();

    private void run(String text) {
        ScenarioFile sf = ScenarioFile.parse("t.yaml", URI.create("file:/t.yaml"), text);
        ScenarioRunner.run(sf, device, (s, i, step, took, failure) -> log.add(step.where().line() + " "
                + (failure == null ? "ok" : "FAIL") + " " + step.describe()));
    }

    private static final String SAVE = """
            name: t
            steps:
              - set: RUNNING|SAVING
              - read: {field: pending_bytes, nonzero: true}
              - save: {segments: 1}
              - set: SAVING
              - save: {end: true, piece: 7, path: pread}
              - set: STOP
              - reset
              - set: RESUMING
            """;

    @Test
    void aWholeMigrationPassesAndEveryStepIsReported() {
        run(SAVE + """
                  - resume: {check_sizes: true, piece: 10}
                  - set: STOP
                expect: {state: STOP}
                """);
        assertEquals(10, log.size(), log.toString());
        assertTrue(log.stream().allMatch(l -> l.contains(" ok ")), log.toString());
        assertEquals("3 ok set RUNNING|SAVING", log.get(0));
    }

    @Test
    void aDroppedSegmentIsRefusedAsTheScenarioSays() {
        run(SAVE + """
                  - drop: 1
                  - resume: {errno: EPROTO, at: 1}
                  - set: {state: STOP, errno: EPROTO, then: ERROR}
                  - set: {state: RUNNING, errno: EIO, then: ERROR}
                  - reset
                expect: {state: RUNNING}
                """);
    }

    @Test
    void aFailingStepNamesItsFileLineAndColumn() {
        AssertionError e = assertThrows(AssertionError.class, () -> run(SAVE + """
                  - resume: {count: 2}
                  - set: STOP
                expect: {state: STOP}
                """));
        assertTrue(e.getMessage().startsWith("t.yaml:12:5: set STOP: the write was refused:"), e.getMessage());
        assertTrue(e.getMessage().contains("ENODATA"), e.getMessage());
        assertEquals("12 FAIL set STOP", log.get(log.size() - 1));
    }

    @Test
    void anExpectationThatDoesNotHoldFails() {
        AssertionError e = assertThrows(AssertionError.class, () -> run("""
                name: t
                steps:
                  - read: {field: pending_bytes, errno: EIO}
                expect: {state: RUNNING}
                """));
        assertTrue(e.getMessage().startsWith("t.yaml:3:5: read pending_bytes w8, expect EIO: the read failed with "
                + "EINVAL, expected EIO"), e.getMessage());
    }

    @Test
    void theFinalExpectationIsChecked() {
        AssertionError e = assertThrows(AssertionError.class, () -> run("""
                name: t
                steps:
                  - set: STOP
                expect:
                  state: RUNNING
                """));
        assertTrue(e.getMessage().startsWith("t.yaml:5:3: expect: device_state reads STOP (0x0), expected RUNNING"),
                e.getMessage());
    }

    @Test
    void aScenarioNeedingTheSampleDriverIsSkippedElsewhere() {
        TestAbortedException e = assertThrows(TestAbortedException.class, () -> run("""
                name: t
                steps:
                  - inject: {resume: {errno: EIO}}
                expect: {state: RUNNING}
                """));
        assertTrue(e.getMessage().contains("not a migtest_mdev instance"), e.getMessage());
    }

    @Test
    void variablesCarryValuesBetweenSteps() {
        run("""
                name: t
                steps:
                  - set: SAVING
                  - read: {field: pending_bytes, nonzero: true}
                  - read: {field: data_offset, as: off}
                  - read: {field: data_size, as: size}
                  - read: {field: data, offset: 0, width: 1, value: 0}
                  - read: {field: pending_bytes, nonzero: true}
                  - read: {field: data_offset, value: $off}
                  - read: {field: data_size, value: 101, min: $size}
                expect: {state: SAVING}
                """);
    }
}
