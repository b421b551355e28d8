package org.vfiomigtest.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.vfiomigtest.migration.DeviceState;
import org.vfiomigtest.sys.Errno;

/** Host-side checks of the scenario format: the library parses, bad files fail at the right place. */
class ScenarioFileTest {

    @TempDir
    Path dir;

    @TestFactory
    Stream<DynamicTest> everyBuiltInScenarioParses() {
        List<String> names = ScenarioLibrary.builtInNames();
        assertTrue(names.size() >= 25, "the built-in library has " + names.size() + " scenarios, the issue asks 25");
        return names.stream().map(n -> DynamicTest.dynamicTest(n, () -> {
            ScenarioFile sf = ScenarioFile.builtIn(n);
            assertFalse(sf.name().isBlank());
            assertFalse(sf.steps().isEmpty());
            assertTrue(sf.source().toString().startsWith("classpath:/org/vfiomigtest/scenarios/" + n + "?line="),
                    sf.source().toString());
        }));
    }

    @Test
    void builtInNamesAreUnique() {
        List<String> names = ScenarioLibrary.builtIns().stream().map(ScenarioFile::name).toList();
        assertEquals(names.size(), names.stream().distinct().count(), "duplicate scenario names: " + names);
    }

    @Test
    void aValidFileParsesIntoSteps() throws IOException {
        Path f = write("ok.yaml", """
                name: demo
                device:
                  capabilities: {ndma: true, window: 16K}
                  bugs: [pending_never_zero]
                  injections:
                    - transition: {from: RUNNING, to: any, errno: EIO, land: prior, count: 1}
                steps:
                  - set: RUNNING|SAVING
                  - set: {state: 0x3, errno: EINVAL, then: [RUNNING|SAVING, ERROR]}
                  - read: {field: pending_bytes, nonzero: true, as: p}
                  - save: {segments: 3, into: s, piece: 100, path: pread}
                  - corrupt: {stream: s, segment: last MEM, byte: 40}
                  - drop: {stream: s, segment: -1}
                  - reset
                  - resume: {stream: s, errno: EPROTO, at: 1}
                  - dma
                  - observe: {ms: 50, dma: quiet}
                  - interrupts: 0
                  - wait: 10ms
                expect:
                  state: RUNNING
                """);
        ScenarioFile sf = ScenarioFile.parse(f);
        assertEquals("demo", sf.name());
        assertEquals(12, sf.steps().size());
        assertEquals(Boolean.TRUE, sf.device().ndma());
        assertEquals(16384L, sf.device().window());
        var set = (Step.SetState) sf.steps().get(1);
        assertEquals(DeviceState.PRE_COPY, set.state());
        assertEquals("EINVAL", set.outcome().errno().name());
        assertEquals(Errno.EINVAL.number(), set.outcome().errno().number());
        assertEquals(new Where(f.toString(), 9, 5), set.where());
        assertEquals(URI.create(f.toAbsolutePath().toUri() + "?line=1"), sf.source());
        var inj = (Injection.Transition) sf.device().injections().get(0);
        assertEquals("0x1 any 5 prior 1", inj.line());
    }

    static Stream<Arguments> malformed() {
        String head = "name: x\nsteps:\n";
        String tail = "expect: {state: RUNNING}\n";
        return Stream.of(
                Arguments.of("unknown key", head + "  - save: {segmnts: 3}\n" + tail, 3, 12,
                        "unknown key 'segmnts' in the save step; expected one of segments, into, piece, path, errno, end (did you mean 'segments'?)"),
                Arguments.of("unknown top-level key", "name: x\nstep:\n  - reset\n" + tail, 2, 1,
                        "unknown key 'step' in the scenario"),
                Arguments.of("unknown step", head + "  - sett: RUNNING\n" + tail, 3, 5,
                        "unknown step 'sett' (did you mean 'set'?)"),
                Arguments.of("wrong type", head + "  - save: {segments: many}\n" + tail, 3, 22,
                        "segments: expected a number (decimal, 0x hex, or with a K or M suffix), got 'many'"),
                Arguments.of("wrong type bool", "name: x\ndevice:\n  capabilities: {ndma: 3}\nsteps:\n  - reset\n"
                        + tail, 3, 24, "ndma: expected true or false, got '3'"),
                Arguments.of("mapping for a scalar", head + "  - set: {state: [RUNNING]}\n" + tail, 3, 18,
                        "state: expected a single value, got a list"),
                Arguments.of("unknown state", head + "  - set: RUNING|SAVING\n" + tail, 3, 10,
                        "set: unknown state 'RUNING|SAVING'"),
                Arguments.of("unknown state in expect", head + "  - reset\nexpect: {state: RUNNNG}\n", 4, 17,
                        "state: unknown state 'RUNNNG'"),
                Arguments.of("unknown errno", head + "  - set: {state: STOP, errno: EINVALID}\n" + tail, 3, 31,
                        "errno: unknown errno 'EINVALID' (did you mean 'EINVAL'?)"),
                Arguments.of("read without expectation", head + "  - read: {field: pending_bytes}\n" + tail, 3, 11,
                        "read of pending_bytes has no expectation"),
                Arguments.of("observe without expectation", head + "  - dma\n  - observe: {ms: 10}\n" + tail, 4, 14,
                        "observe has no expectation"),
                Arguments.of("missing expect section", head + "  - reset\n", 1, 1,
                        "the scenario lacks 'expect'"),
                Arguments.of("empty expect section", head + "  - reset\nexpect: {}\n", 4, 9,
                        "expect: no expectation"),
                Arguments.of("missing steps", "name: x\n" + tail, 1, 1, "the scenario lacks 'steps'"),
                Arguments.of("stream never saved", head + "  - resume: strem\n" + tail, 3, 13,
                        "stream 'strem' is not saved by an earlier step"),
                Arguments.of("variable never saved", head + "  - read: {field: data_size, value: $size}\n" + tail, 3,
                        37, "value: $size is not saved by an earlier step"),
                Arguments.of("unknown bug", "name: x\ndevice:\n  bugs: [pending_never_zer]\nsteps:\n  - reset\n" + tail,
                        3, 10, "unknown bug switch 'pending_never_zer' (did you mean 'pending_never_zero'?)"),
                Arguments.of("unknown field", head + "  - read: {field: pending, zero: true}\n" + tail, 3, 19,
                        "field: expected one of device_state, reserved, pending_bytes, data_offset, data_size, data"),
                Arguments.of("bad width", head + "  - read: {field: device_state, width: 3, ok: true}\n" + tail, 3, 40,
                        "width: expected 1, 2, 4 or 8, got 3"),
                Arguments.of("duplicate key", head + "  - set: {state: STOP, state: RUNNING}\n" + tail, 3, 24,
                        "duplicate key 'state'"),
                Arguments.of("yaml syntax", head + "  - set: {state: STOP\n" + tail, 4, 7, "YAML syntax"),
                Arguments.of("two keys in a step", head + "  - set: STOP\n    reset:\n" + tail, 3, 5,
                        "a step: expected one 'kind: arguments' entry, got 2 keys"));
    }

    @ParameterizedTest(name = "{index} {0}")
    @MethodSource("malformed")
    void aMalformedFileFailsAtFileLineColumn(String what, String text, int line, int column, String problem)
            throws IOException {
        Path f = write("bad.yaml", text);
        ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioFile.parse(f));
        assertEquals(f.toString(), e.file(), e.getMessage());
        assertTrue(e.problem().contains(problem), () -> "expected the problem to contain \"" + problem + "\", got: "
                + e.getMessage());
        assertEquals(line + ":" + column, e.line() + ":" + e.column(), e.getMessage());
        assertTrue(e.getMessage().startsWith(f + ":" + line + ":" + column + ": "), e.getMessage());
    }

    @Test
    void thePropertySelectsFilesInsteadOfTheLibrary() throws IOException {
        Path a = write("a.yaml", "name: a\nsteps:\n  - reset\nexpect: {state: RUNNING}\n");
        Path b = write("b.yaml", "name: b\nsteps:\n  - reset\nexpect: {state: RUNNIN}\n");
        String old = System.getProperty(ScenarioLibrary.PROPERTY);
        try {
            System.setProperty(ScenarioLibrary.PROPERTY, a + " , ");
            assertEquals(List.of("a"), ScenarioLibrary.selected().stream().map(ScenarioFile::name).toList());
            System.setProperty(ScenarioLibrary.PROPERTY, a + "," + b);
            ScenarioException e = assertThrows(ScenarioException.class, ScenarioLibrary::selected);
            assertTrue(e.getMessage().startsWith(b + ":4:17: state: unknown state 'RUNNIN'"), e.getMessage());
            System.setProperty(ScenarioLibrary.PROPERTY, "");
            assertEquals(ScenarioLibrary.builtInNames().size(), ScenarioLibrary.selected().size());
        } finally {
            if (old == null) {
                System.clearProperty(ScenarioLibrary.PROPERTY);
            } else {
                System.setProperty(ScenarioLibrary.PROPERTY, old);
            }
        }
    }

    @Test
    void anUnreadableFileNamesItself() {
        Path f = dir.resolve("missing.yaml");
        ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioFile.parse(f));
        assertTrue(e.getMessage().startsWith(f + ":1:1: cannot read the file"), e.getMessage());
    }

    @Test
    void bugNamesMatchTheDriversTable() throws IOException {
        Path ctl = Path.of("..", "kmod", "migtest_ctl.c");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(ctl), "no " + ctl);
        String c = Files.readString(ctl);
        var m = java.util.regex.Pattern.compile("\\[MIGTEST_BUG_[A-Z_]+\\]\\s*=\\s*\\{\\s*\"([a-z_]+)\"").matcher(c);
        List<String> names = new java.util.ArrayList<>();
        while (m.find()) {
            names.add(m.group(1));
        }
        assertEquals(names, SampleDriverNames.BUGS);
    }

    private Path write(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }
}
