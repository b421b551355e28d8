package org.vfiomigtest.rules;

import io.qameta.allure.LabelAnnotation;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The catalog rules a test checks, by id ({@code @SpecRule("RST-02")}). Put it on
 * {@code @Test}, {@code @TestFactory} and {@code @ParameterizedTest} methods. The first id is the
 * test's primary rule: the method name starts with its {@link Rule#methodToken() token} and an
 * underscore ({@code rst02_...}), the {@code @DisplayName}, if any, with the id
 * ({@code "RST-02 ..."}); {@link RuleCoverage} checks both. Each id also becomes an Allure label
 * {@code rule}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@LabelAnnotation(name = "rule")
public @interface SpecRule {

    /** Rule ids from rules.txt, primary rule first. */
    String[] value();
}
