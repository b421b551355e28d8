package org.vfiomigtest.rules;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * Which tests check which rules: scans test classes for methods carrying {@link SpecRule} and
 * {@code @Test}, {@code @TestFactory} or {@code @ParameterizedTest} (also {@code @RepeatedTest} and
 * other {@code @TestTemplate}s, directly or through composed annotations). Nothing is run and no
 * class is initialized. Tests are named {@code SimpleClass#method} ({@code Outer$Inner#method}
 * for nested classes).
 */
public final class RuleCoverage {

    /** The conformance suite's package (src/main/java, run in the guest). */
    public static final String SUITE_PACKAGE = "org.vfiomigtest.suite";

    private RuleCoverage() {
    }

    /**
     * The result of a scan.
     *
     * @param testsByRule every catalog id, in catalog order, with the tests declaring it (possibly none)
     * @param unknownIds  ids used in {@code @SpecRule} that the catalog lacks, with the tests using them
     * @param problems    naming disagreements and misuse, one message each: a method name not
     *                    starting with its primary rule's token, a {@code @DisplayName} not starting
     *                    with the id, {@code @SpecRule} on a non-test method or with no id, a class
     *                    that cannot be inspected
     * @param untraced    test methods without {@code @SpecRule} (infrastructure checks; informational)
     */
    public record Report(Map<String, List<String>> testsByRule, Map<String, List<String>> unknownIds,
            List<String> problems, List<String> untraced) {

        /** Tests declaring rule {@code id}; empty for an uncovered or unknown id. */
        public List<String> tests(String id) {
            return testsByRule.getOrDefault(id, List.of());
        }

        /** Catalog ids no test declares, in catalog order. */
        public List<String> uncovered() {
            return testsByRule.entrySet().stream().filter(e -> e.getValue().isEmpty()).map(Map.Entry::getKey).toList();
        }

        /** Catalog ids with at least one test. */
        public long coveredCount() {
            return testsByRule.values().stream().filter(l -> !l.isEmpty()).count();
        }
    }

    /** Scans every class of {@code packageName} (and its subpackages) found on the classpath. */
    public static Report scanPackage(RuleCatalog catalog, String packageName) {
        List<Class<?>> classes = ReflectionSupport.findAllClassesInPackage(packageName, RuleCoverage::isCandidate,
                name -> true);
        return scan(catalog, classes);
    }

    /** Scans the given classes and their {@code @Nested} classes. */
    public static Report scan(RuleCatalog catalog, Collection<Class<?>> classes) {
        var tests = new LinkedHashMap<String, Set<String>>();
        for (Rule r : catalog.all()) {
            tests.put(r.id(), new LinkedHashSet<>());
        }
        var unknown = new TreeMap<String, Set<String>>();
        var problems = new LinkedHashSet<String>();
        var untraced = new LinkedHashSet<String>();

        var queue = new ArrayList<Class<?>>(classes);
        var seen = new LinkedHashSet<Class<?>>();
        while (!queue.isEmpty()) {
            Class<?> c = queue.remove(0);
            if (!isCandidate(c) || !seen.add(c)) {
                continue;
            }
            List<Method> methods;
            try {
                for (Class<?> inner : c.getDeclaredClasses()) {
                    if (AnnotationSupport.isAnnotated(inner, Nested.class)) {
                        queue.add(inner);
                    }
                }
                methods = ReflectionSupport.findMethods(c, m -> true, HierarchyTraversalMode.TOP_DOWN);
            } catch (LinkageError e) {
                problems.add(c.getName() + ": cannot inspect class: " + e);
                continue;
            }
            methods = new ArrayList<>(methods);
            methods.sort(Comparator.comparing(Method::getName));
            for (Method m : methods) {
                inspect(c, m, catalog, tests, unknown, problems, untraced);
            }
        }

        var testsByRule = new LinkedHashMap<String, List<String>>();
        tests.forEach((id, names) -> testsByRule.put(id, sorted(names)));
        var unknownIds = new LinkedHashMap<String, List<String>>();
        unknown.forEach((id, names) -> unknownIds.put(id, sorted(names)));
        return new Report(Collections.unmodifiableMap(testsByRule), Collections.unmodifiableMap(unknownIds),
                List.copyOf(problems), sorted(untraced));
    }

    private static void inspect(Class<?> c, Method m, RuleCatalog catalog, Map<String, Set<String>> tests,
            Map<String, Set<String>> unknown, Set<String> problems, Set<String> untraced) {
        String name = testName(c, m);
        boolean isTest = isTestMethod(m);
        Optional<SpecRule> rule = AnnotationSupport.findAnnotation(m, SpecRule.class);
        if (rule.isEmpty()) {
            if (isTest) {
                untraced.add(name);
            }
            return;
        }
        if (!isTest) {
            problems.add(name + ": @SpecRule on a method that is not @Test, @TestFactory or @ParameterizedTest");
            return;
        }
        String[] ids = rule.get().value();
        if (ids.length == 0) {
            problems.add(name + ": @SpecRule names no rule id");
            return;
        }
        for (String id : ids) {
            if (catalog.contains(id)) {
                tests.get(id).add(name);
            } else {
                unknown.computeIfAbsent(id, k -> new LinkedHashSet<>()).add(name);
            }
        }
        String primary = ids[0];
        String token = Rule.methodToken(primary) + "_";
        if (!m.getName().startsWith(token)) {
            problems.add(name + ": method name should start with '" + token + "' (primary @SpecRule id " + primary + ")");
        }
        AnnotationSupport.findAnnotation(m, DisplayName.class).ifPresent(d -> {
            String shown = d.value();
            if (!(shown.equals(primary) || shown.startsWith(primary + " "))) {
                problems.add(name + ": @DisplayName \"" + shown + "\" should start with \"" + primary
                        + " \" (primary @SpecRule id)");
            }
        });
    }

    /** Whether JUnit Jupiter runs {@code m} as a test: @Test, @TestFactory or a @TestTemplate. */
    static boolean isTestMethod(Method m) {
        return AnnotationSupport.isAnnotated(m, Test.class)
                || AnnotationSupport.isAnnotated(m, TestFactory.class)
                || AnnotationSupport.isAnnotated(m, ParameterizedTest.class)
                || AnnotationSupport.isAnnotated(m, RepeatedTest.class)
                || AnnotationSupport.isAnnotated(m, TestTemplate.class);
    }

    /** A class JUnit could run: concrete, not local or anonymous, static unless {@code @Nested}. */
    private static boolean isCandidate(Class<?> c) {
        if (c.isInterface() || c.isAnnotation() || c.isEnum() || c.isRecord() || c.isAnonymousClass()
                || c.isLocalClass() || c.isSynthetic() || Modifier.isAbstract(c.getModifiers())) {
            return false;
        }
        boolean inner = c.isMemberClass() && !Modifier.isStatic(c.getModifiers());
        return !inner || AnnotationSupport.isAnnotated(c, Nested.class);
    }

    private static String testName(Class<?> c, Method m) {
        String cls = c.getName();
        String pkg = c.getPackageName();
        if (!pkg.isEmpty()) {
            cls = cls.substring(pkg.length() + 1);
        }
        return cls + "#" + m.getName();
    }

    private static List<String> sorted(Collection<String> names) {
        var l = new ArrayList<>(names);
        Collections.sort(l);
        return List.copyOf(l);
    }
}
