package org.vfiomigtest.suite.interop;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/** Bounded polling: every wait of the interop tests has a deadline and says what it waited for. */
final class Waits {
    private Waits() {
    }

    /**
     * Polls {@code probe} every {@code period} until it returns a value, for at most
     * {@code timeout}; then fails with "timed out after N s waiting for {@code what}".
     */
    static <T> T until(String what, Duration timeout, Duration period, Supplier<Optional<T>> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<T> v = probe.get();
            if (v.isPresent()) {
                return v.get();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            sleep(period);
        }
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
