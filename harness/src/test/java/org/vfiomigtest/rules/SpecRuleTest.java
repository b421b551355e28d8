package org.vfiomigtest.rules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.qameta.allure.util.AnnotationUtils;
import java.lang.reflect.Method;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** {@code @SpecRule} is visible at run time and becomes Allure {@code rule} labels. */
class SpecRuleTest {

    @Test
    void readableAtRuntime() throws NoSuchMethodException {
        Method m = CoverageFixtures.Good.class.getDeclaredMethod("rst04_resetFromEveryState");
        assertArrayEquals(new String[] {"RST-04", "RST-02"}, m.getAnnotation(SpecRule.class).value());
    }

    @Test
    void everyIdIsAnAllureRuleLabel() throws NoSuchMethodException {
        Method m = CoverageFixtures.Good.class.getDeclaredMethod("rst04_resetFromEveryState");
        Set<String> labels = new TreeSet<>();
        AnnotationUtils.getLabels(m).stream()
                .filter(l -> "rule".equals(l.getName()))
                .forEach(l -> labels.add(l.getValue()));
        assertEquals(Set.of("RST-02", "RST-04"), labels);
    }
}
