/**
 * The rule catalog: one {@link org.vfiomigtest.rules.Rule} per normative statement of
 * {@code shared/spec/migration-region-spec.h.txt}, loaded from {@code rules.txt} by
 * {@link org.vfiomigtest.rules.RuleCatalog}. Conformance tests declare the rules they check
 * with {@link org.vfiomigtest.rules.SpecRule}; {@link org.vfiomigtest.rules.RuleCoverage}
 * maps rules to tests and {@link org.vfiomigtest.rules.RulesCommand} prints the result
 * ({@code migtest rules [--json]}). See {@code docs/rules.md}.
 */
package org.vfiomigtest.rules;
