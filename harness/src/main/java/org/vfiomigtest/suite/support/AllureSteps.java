package org.vfiomigtest.suite.support;

import io.qameta.allure.Allure;
import io.qameta.allure.AllureLifecycle;
import io.qameta.allure.model.Status;
import io.qameta.allure.model.StepResult;
import io.qameta.allure.util.ResultsUtils;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.vfiomigtest.migration.ProtocolListener;

/**
 * The migration region's protocol operations as Allure steps of the running test: "set
 * device_state RUNNING|SAVING (0x3) → ok, reads RUNNING|SAVING (0x3)", "read pending_bytes →
 * 69632", "read segment 2 (65568 bytes, by mmap) → 65568 bytes". A step fails (assertion) or
 * breaks (other exception) with what the operation threw. Outside a test (the class-cache
 * training run, the self-test's runs without Allure) nothing is recorded.
 */
final class AllureSteps implements ProtocolListener {
    static final AllureSteps INSTANCE = new AllureSteps();
    /** Steps recorded per test at most: a drain that never ends must not bloat the report. */
    static final int MAX_STEPS = 500;

    /** Steps recorded so far by test (Allure result UUID); only the current test's is kept. */
    private final Map<String, Integer> counts = new ConcurrentHashMap<>();

    private AllureSteps() {
    }

    @Override
    public Object started(String operation) {
        AllureLifecycle lifecycle = Allure.getLifecycle();
        String test = lifecycle.getCurrentTestCase().orElse(null);
        if (test == null) {
            return null;
        }
        counts.keySet().retainAll(Set.of(test));
        int n = counts.merge(test, 1, Integer::sum);
        if (n > MAX_STEPS) {
            if (n == MAX_STEPS + 1) {
                lifecycle.startStep(UUID.randomUUID().toString(), new StepResult().setStatus(Status.SKIPPED)
                        .setName("(more than " + MAX_STEPS + " operations: the rest are in the access trace only)"));
                lifecycle.stopStep();
            }
            return null;
        }
        String uuid = UUID.randomUUID().toString();
        lifecycle.startStep(uuid, new StepResult().setName(operation));
        return uuid;
    }

    @Override
    public void finished(Object token, String outcome, Throwable failure) {
        if (!(token instanceof String uuid)) {
            return;
        }
        AllureLifecycle lifecycle = Allure.getLifecycle();
        lifecycle.updateStep(uuid, s -> {
            s.setName(s.getName() + " → " + outcome);
            if (failure == null) {
                s.setStatus(Status.PASSED);
            } else {
                s.setStatus(ResultsUtils.getStatus(failure).orElse(Status.BROKEN));
                ResultsUtils.getStatusDetails(failure).ifPresent(s::setStatusDetails);
            }
        });
        lifecycle.stopStep(uuid);
    }
}
