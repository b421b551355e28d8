package org.vfiomigtest.guest;

import io.qameta.allure.Allure;
import java.lang.reflect.Method;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.vfiomigtest.rules.Rule;
import org.vfiomigtest.rules.RuleCatalog;
import org.vfiomigtest.rules.SpecRule;
import org.vfiomigtest.vm.GuestContract;

/**
 * What every suite test carries in the Allure report, registered for the
 * whole suite through JUnit's extension auto-detection (GuestMain turns it
 * on): epic / feature / story from the rule catalog (area, rule id, rule
 * summary), the rule's kind, side and quoted text, and the kernel log lines
 * emitted while the test ran.
 */
public final class ReportExtension implements BeforeEachCallback, AfterEachCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(ReportExtension.class);
    private static final String MARK = "kmsg-mark";

    @Override
    public void beforeEach(ExtensionContext context) {
        if (Boolean.getBoolean("migtest.train")) {
            return;
        }
        context.getTestMethod().map(ReportExtension::rules).ifPresent(ReportExtension::label);
        KernelLog log = KernelLog.get();
        if (log != null) {
            context.getStore(NS).put(MARK, log.mark());
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Integer mark = context.getStore(NS).remove(MARK, Integer.class);
        KernelLog log = KernelLog.get();
        if (mark == null || log == null) {
            return;
        }
        List<String> lines = log.since(mark).stream()
                .filter(l -> !l.startsWith(GuestContract.TEST_MARKER)).toList();
        if (!lines.isEmpty()) {
            Allure.addAttachment("kernel log during the test", "text/plain", String.join("\n", lines), ".txt");
        }
    }

    private static List<Rule> rules(Method m) {
        SpecRule r = m.getAnnotation(SpecRule.class);
        if (r == null) {
            return List.of();
        }
        RuleCatalog catalog = RuleCatalog.load();
        return java.util.Arrays.stream(r.value()).map(catalog::find)
                .flatMap(java.util.Optional::stream).toList();
    }

    private static void label(List<Rule> rules) {
        if (rules.isEmpty()) {
            return;
        }
        Rule primary = rules.get(0);
        Allure.epic(primary.prefix() + ": " + RuleCatalog.AREAS.getOrDefault(primary.prefix(), ""));
        Allure.feature(primary.id());
        Allure.story(primary.summary());
        var sb = new StringBuilder();
        for (Rule r : rules) {
            sb.append(r.id()).append(" (").append(r.kind()).append(", ").append(r.side()).append("): ")
                    .append(r.summary()).append("\n> ").append(r.quote()).append("\n\n");
            Allure.link(r.id(), "rules.txt#" + r.id());
        }
        Allure.description(sb.toString());
    }
}
