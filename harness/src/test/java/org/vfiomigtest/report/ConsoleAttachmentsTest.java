package org.vfiomigtest.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vfiomigtest.vm.ConsoleScanner;

/** Console excerpts and kernel findings added to Allure results, on a made-up console and results. */
class ConsoleAttachmentsTest {
    private static final String PASSED = "11111111-1111-1111-1111-111111111111";
    private static final String FAILED = "22222222-2222-2222-2222-222222222222";
    private static final String DIED = "33333333-3333-3333-3333-333333333333";

    @TempDir
    Path results;

    private static String console() {
        return String.join("\n",
                "[    1.0] booting",
                "[    2.0] migtest-test: start " + PASSED + " RST-02 reset returns to RUNNING",
                "[    2.1] migtest_mdev: reset",
                "[    2.2] WARNING: CPU: 0 PID: 77 at drivers/vfio/vfio_main.c:1 vfio_x+0x1/0x2",
                "[    2.3] migtest-test: stop " + PASSED + " SUCCESSFUL",
                "migtest-cmd| ok 1 RST-02",
                "[    3.0] migtest-test: start " + FAILED + " DS-01 WARNING: in a name is no finding",
                "[    3.1] migtest_mdev: device_state 0x0",
                "[    3.2] migtest-test: stop " + FAILED + " FAILED",
                "[    4.0] migtest-test: start " + DIED + " PB-01 hangs",
                "[    4.1] last words") + "\n";
    }

    private void result(String uuid, String status) throws IOException {
        Files.writeString(results.resolve(uuid + "-result.json"), Json.write(Map.of("uuid", uuid, "name", "test " + uuid
                .charAt(0), "fullName", "org.vfiomigtest.suite.T" + uuid.charAt(0), "status", status, "start", 1000L,
                "stop", 2000L, "attachments", List.of())));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> read(Path f) throws IOException {
        return (Map<String, Object>) Json.read(Files.readString(f));
    }

    @SuppressWarnings("unchecked")
    private Map<String, String> attachments(Map<String, Object> r) throws IOException {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (Object o : (List<Object>) r.get("attachments")) {
            Map<String, Object> a = (Map<String, Object>) o;
            m.put((String) a.get("name"), Files.readString(results.resolve((String) a.get("source"))));
        }
        return m;
    }

    @Test
    void windowsFollowTheMarkersAndAnUnstoppedTestRunsToTheEnd() {
        var w = ConsoleAttachments.windows(console().lines().toList());
        assertEquals(List.of(new ConsoleAttachments.Window(PASSED, 2, 5), new ConsoleAttachments.Window(FAILED, 7, 9),
                new ConsoleAttachments.Window(DIED, 10, 11)), w);
    }

    @Test
    void failedTestsGetTheirConsoleAndEachFindingAKernelResult() throws IOException {
        result(PASSED, "passed");
        result(FAILED, "failed");
        result(DIED, "broken");
        var findings = ConsoleScanner.scan(console());
        assertEquals(1, findings.size(), "a marker naming WARNING: is not kernel trouble: " + findings);

        assertEquals(4, ConsoleAttachments.attach(results, console(), findings));

        var failed = attachments(read(results.resolve(FAILED + "-result.json")));
        assertEquals(List.of("console during the test (console.log lines 7-9)"), List.copyOf(failed.keySet()));
        String excerpt = failed.values().iterator().next();
        assertTrue(excerpt.contains("device_state 0x0") && !excerpt.contains("booting") && !excerpt.contains("reset"),
                excerpt);
        var died = attachments(read(results.resolve(DIED + "-result.json")));
        assertTrue(died.values().iterator().next().contains("last words"), died.toString());
        // the passed test keeps its status, and gets the warning printed while it ran
        Map<String, Object> passed = read(results.resolve(PASSED + "-result.json"));
        assertEquals("passed", passed.get("status"));
        assertEquals(List.of("kernel WARNING during the test (console.log line 4)"),
                List.copyOf(attachments(passed).keySet()));

        List<Map<String, Object>> kernel = new ArrayList<>();
        try (Stream<Path> s = Files.list(results)) {
            for (Path p : s.filter(p -> p.toString().endsWith("-result.json")).toList()) {
                Map<String, Object> r = read(p);
                if (String.valueOf(r.get("fullName")).startsWith("kernel.")) {
                    kernel.add(r);
                }
            }
        }
        assertEquals(1, kernel.size());
        Map<String, Object> k = kernel.get(0);
        assertEquals("failed", k.get("status"));
        assertEquals(1000L, k.get("start"));
        String message = (String) ((Map<?, ?>) k.get("statusDetails")).get("message");
        assertTrue(message.startsWith("[    2.2] WARNING: CPU: 0 PID: 77") && message.contains("console.log line 4")
                && message.contains("during org.vfiomigtest.suite.T1"), message);
        assertTrue(attachments(k).values().iterator().next().contains("vfio_x+0x1/0x2"));
    }

    @Test
    void aTaintFindingIsAKernelResultOfItsOwn() throws IOException {
        result(PASSED, "passed");
        var taint = new ConsoleScanner.Finding(ConsoleScanner.Kind.TAINT, 0, "kernel taint went from 12288 to 12800");
        assertEquals(1, ConsoleAttachments.attach(results, console(), List.of(taint)));
        assertEquals(List.of(), attachments(read(results.resolve(PASSED + "-result.json"))).keySet().stream().toList());
    }

    @Test
    void jsonReadsWhatItWrites() {
        Map<String, Object> doc = new java.util.LinkedHashMap<>();
        doc.put("s", "a\"b\\c\n\u0001é");
        doc.put("n", -12L);
        doc.put("d", 1.5);
        doc.put("l", List.of(true, false, Map.of()));
        doc.put("z", null);
        assertEquals(doc, Json.read(Json.write(doc)));
        assertEquals(Map.of("a", List.of()), Json.read(" { \"a\" : [ ] } "));
    }
}
