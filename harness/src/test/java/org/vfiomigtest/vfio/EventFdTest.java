package org.vfiomigtest.vfio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EventFdTest {

    @Test
    @DisplayName("signals accumulate, await sees them, drain reads and resets")
    void counter() {
        try (EventFd e = EventFd.create()) {
            assertEquals(0, e.drain());
            assertFalse(e.await(Duration.ofMillis(10)));
            e.signal(2);
            e.signal(1);
            assertTrue(e.await(Duration.ofSeconds(1)));
            assertEquals(3, e.drain());
            assertEquals(0, e.drain());
        }
    }
}
