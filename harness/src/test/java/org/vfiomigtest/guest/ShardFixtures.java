package org.vfiomigtest.guest;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Test classes for ShardTest's discovery check; surefire does not run them (not named *Test). */
final class ShardFixtures {
    private ShardFixtures() {
    }

    static class Alpha {
        @Test
        void a1() {
        }

        @Test
        void a2() {
        }

        @Nested
        class Inner {
            @Test
            void a3() {
            }
        }
    }

    static class Beta {
        @Test
        void b1() {
        }
    }

    static class Gamma {
        @Test
        void c1() {
        }

        @Test
        void c2() {
        }
    }
}
