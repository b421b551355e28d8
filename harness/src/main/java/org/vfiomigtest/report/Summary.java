package org.vfiomigtest.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** summary.json: counts, time to the first test, phase durations, kernel, QEMU and accelerator. */
public record Summary(KtapSummary ktap, long firstTestMs, Map<String, Long> phasesMs, String kernel, String qemu,
        String accel, int exitCode) {

    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("passed", ktap.passed());
        m.put("failed", ktap.failed());
        m.put("skipped", ktap.skipped());
        m.put("first_test_ms", firstTestMs);
        m.put("phases_ms", phasesMs);
        m.put("kernel", kernel);
        m.put("qemu", qemu);
        m.put("accel", accel);
        m.put("exit_code", exitCode);
        return Json.write(m);
    }

    public void write(Path file) throws IOException {
        Files.writeString(file, toJson() + "\n");
    }
}
