package org.vfiomigtest.suite.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The fixture on the host, where there is no device: a {@link Conformance} test is aborted (never
 * passed, never failed) with the reason, before it touches anything.
 */
class ConformanceFixtureTest {

    /** Run only through the launcher below (surefire skips nested classes). */
    @Conformance
    static class Probe {
        static int bodies;

        @Test
        void touchesTheDevice(DeviceUnderTest dut) {
            bodies++;
        }
    }

    private static List<String> abortReasons(String key, String value) {
        String oldTrain = System.getProperty(DeviceExtension.TRAIN_PROPERTY);
        String oldMdevs = System.getProperty(DeviceCandidates.MDEVS_PROPERTY);
        String oldDevice = System.getProperty(DeviceCandidates.DEVICE_PROPERTY);
        System.clearProperty(DeviceExtension.TRAIN_PROPERTY);
        System.clearProperty(DeviceCandidates.MDEVS_PROPERTY);
        System.clearProperty(DeviceCandidates.DEVICE_PROPERTY);
        if (key != null) {
            System.setProperty(key, value);
        }
        List<String> reasons = new ArrayList<>();
        try {
            var request = LauncherDiscoveryRequestBuilder.request().selectors(selectClass(Probe.class))
                    .configurationParameter("junit.platform.execution.listeners.deactivate", "io.qameta.*").build();
            LauncherFactory.create().execute(request, new TestExecutionListener() {
                @Override
                public void executionFinished(TestIdentifier id, TestExecutionResult r) {
                    if (id.isTest()) {
                        assertEquals(TestExecutionResult.Status.ABORTED, r.getStatus(), String.valueOf(r));
                        reasons.add(r.getThrowable().map(Throwable::getMessage).orElse(""));
                    }
                }
            });
        } finally {
            restore(DeviceExtension.TRAIN_PROPERTY, oldTrain);
            restore(DeviceCandidates.MDEVS_PROPERTY, oldMdevs);
            restore(DeviceCandidates.DEVICE_PROPERTY, oldDevice);
        }
        return reasons;
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    @Test
    @DisplayName("-Dmigtest.train=true: aborted before any device is looked at")
    void trainingRunAborts() {
        Probe.bodies = 0;
        List<String> reasons = abortReasons(DeviceExtension.TRAIN_PROPERTY, "true");
        assertEquals(1, reasons.size());
        assertTrue(reasons.get(0).contains("training"), reasons.get(0));
        assertEquals(0, Probe.bodies);
    }

    @Test
    @DisplayName("no migtest.mdevs and no migtest.device: aborted, naming both properties")
    void noDeviceAborts() {
        Probe.bodies = 0;
        List<String> reasons = abortReasons(null, null);
        assertEquals(1, reasons.size());
        assertTrue(reasons.get(0).contains("migtest.mdevs") && reasons.get(0).contains("migtest.device"),
                reasons.get(0));
        assertEquals(0, Probe.bodies);
    }
}
