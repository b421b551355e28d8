/**
 * Scripted scenarios (schema: {@code docs/scenarios.md}): YAML files a person reads and writes to
 * reproduce a driver bug and pin it as a regression test. {@link org.vfiomigtest.scenario.ScenarioFile}
 * parses and checks one on the host (errors as {@code FILE:LINE:COLUMN: problem});
 * {@link org.vfiomigtest.scenario.ScenarioRunner} runs it in the guest against a
 * {@link org.vfiomigtest.scenario.ScenarioDevice} through the migration client, each step an
 * Allure step; {@link org.vfiomigtest.scenario.ScenarioLibrary} lists the built-in library shipped
 * in migtest.jar ({@code org/vfiomigtest/scenarios/}) or the files of {@code -Dmigtest.scenarios}.
 * The suite's {@code ScenarioLibraryTest} makes one dynamic test per file.
 */
package org.vfiomigtest.scenario;
