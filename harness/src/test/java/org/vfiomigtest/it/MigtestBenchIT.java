package org.vfiomigtest.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vfiomigtest.report.Json;

/**
 * {@code migtest bench --json} end to end, small: one repetition of 4 MiB and no suite run, so
 * that the command, its guest half and its JSON are proven on every build. Its figures are
 * not judged (a benchmark is no test); that they were taken is.
 */
class MigtestBenchIT {

    @Test
    void benchPrintsItsFiguresAsOneJsonObject() throws IOException {
        var r = Migtest.command("bench", "bench", "--json", "--reps", "1", "--size", "4", "--no-suite");
        assertEquals(0, r.exit(), "migtest bench exit status");
        assertEquals(1, r.stdout().size(), "stdout carries the JSON alone: " + r.stdout());
        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>) Json.read(r.stdout().get(0));
        for (String key : List.of("jna_vs_c", "mmap_vs_c", "first_test_ms", "per_test_overhead_ms")) {
            assertTrue(json.get(key) instanceof Number n && n.doubleValue() > 0, key + " in " + json);
        }
        long bytes = ((Number) json.get("stream_bytes")).longValue();
        assertTrue(bytes >= 4L << 20, "a 4 MiB device saves at least 4 MiB: " + bytes);
        for (String samples : List.of("jna_pread_mib_s", "mmap_mib_s", "c_pread_mib_s", "open_ms", "first_test")) {
            assertTrue(json.get(samples) instanceof Map<?, ?> m && m.get("median") instanceof Number,
                    samples + " has a median: " + json.get(samples));
        }
        assertEquals(Json.read(Files.readString(r.out().resolve("bench.json"))), json, "bench.json = stdout");
        assertTrue(Files.isRegularFile(r.out().resolve("stream/console.log")), "the stream boot's console is kept");
    }
}
