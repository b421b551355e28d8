package org.vfiomigtest.rules;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Test-shaped classes for {@link RuleCoverageTest} to scan. Their names match no surefire
 * include pattern and the scan never runs them; the bodies are empty in case something does.
 */
final class CoverageFixtures {

    private CoverageFixtures() {
    }

    static class Good {
        @Test
        @SpecRule("DS-01")
        @DisplayName("DS-01 default device_state is exactly RUNNING")
        void ds01_defaultIsRunning() {
        }

        @TestFactory
        @SpecRule({"RST-04", "RST-02"})
        Iterable<DynamicTest> rst04_resetFromEveryState() {
            return java.util.List.of();
        }

        @ParameterizedTest(name = "{index} {0}")
        @ValueSource(ints = {1, 2})
        @SpecRule("DS-03")
        void ds03_savingResumingInvalid(int state) {
        }

        @Test
        void untracedInfrastructureCheck() {
        }

        @Nested
        class Inner {
            @Test
            @SpecRule("PB-04")
            void pb04_streamEndsOnlyWhileStopped() {
            }
        }
    }

    static class Bad {
        @Test
        @SpecRule("DS-01")
        void defaultIsRunning() {
        }

        @Test
        @SpecRule("DS-01")
        void ds011_tokenMustEndAtUnderscore() {
        }

        @Test
        @SpecRule("DS-01")
        @DisplayName("default is RUNNING (DS-01)")
        void ds01_displayNameWithoutLeadingId() {
        }

        @Test
        @SpecRule({"XX-01", "DS-01"})
        void xx01_unknownRule() {
        }

        @Test
        @SpecRule({})
        void noIds() {
        }

        @SpecRule("DS-01")
        void ds01_notATest() {
        }
    }

    abstract static class AbstractBase {
        @Test
        @SpecRule("RUN-03")
        void run03_inheritedByConcreteSubclass() {
        }
    }

    static class Concrete extends AbstractBase {
    }
}
