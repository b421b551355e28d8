package org.vfiomigtest.guest;

import io.qameta.allure.Allure;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.vfiomigtest.vm.GuestContract;

/**
 * Marks where each test starts and stops in the kernel log, and so on the serial console, in
 * order with the kernel's own lines: "migtest-test: start UUID NAME", "migtest-test: stop UUID
 * STATUS", UUID being the test's Allure result. The host cuts console.log by test with them
 * ({@link org.vfiomigtest.report.ConsoleAttachments}). Registered after Allure's listener, so the
 * test's Allure result is current when it starts; a test without one (Allure off) is not marked.
 */
final class ConsoleMarkers implements TestExecutionListener {
    private final Consumer<String> sink;
    private final Map<String, String> uuids = new ConcurrentHashMap<>();

    ConsoleMarkers(Consumer<String> sink) {
        this.sink = sink;
    }

    /**
     * Markers written to /dev/kmsg at level notice, one record each (the guest kernel runs with
     * printk.devkmsg=on, so none is rate-limited away); none where it cannot be opened.
     */
    static TestExecutionListener toKernelLog() {
        OutputStream kmsg;
        try {
            kmsg = new FileOutputStream("/dev/kmsg");
        } catch (IOException e) {
            System.err.println("migtest-guest: /dev/kmsg not writable (" + e.getMessage() + "): no test markers");
            return new TestExecutionListener() { };
        }
        return new ConsoleMarkers(line -> {
            try {
                kmsg.write(("<5>" + line + "\n").getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                System.err.println("migtest-guest: marker lost: " + line + " (" + e.getMessage() + ")");
            }
        });
    }

    @Override
    public void executionStarted(TestIdentifier id) {
        if (!id.isTest()) {
            return;
        }
        Allure.getLifecycle().getCurrentTestCase().ifPresent(uuid -> {
            uuids.put(id.getUniqueId(), uuid);
            sink.accept(GuestContract.TEST_MARKER + " start " + uuid + " " + id.getDisplayName().replace('\n', ' '));
        });
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        String uuid = uuids.remove(id.getUniqueId());
        if (uuid != null) {
            sink.accept(GuestContract.TEST_MARKER + " stop " + uuid + " " + result.getStatus());
        }
    }
}
