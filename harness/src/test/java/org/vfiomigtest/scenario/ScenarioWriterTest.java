package org.vfiomigtest.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** What the writer writes, the parser reads back: every built-in scenario survives a round trip. */
class ScenarioWriterTest {

    @TestFactory
    Stream<DynamicTest> everyBuiltInScenarioSurvivesARoundTrip() {
        return ScenarioLibrary.builtIns().stream().map(sf -> DynamicTest.dynamicTest(sf.file(), () -> {
            String text = ScenarioWriter.write(sf);
            ScenarioFile back = ScenarioFile.parse("written.yaml", URI.create("file:/written.yaml"), text);
            assertEquals(sf.name(), back.name(), text);
            assertEquals(sf.rules(), back.rules(), text);
            assertEquals(sf.device(), back.device(), text);
            assertEquals(sf.steps().size(), back.steps().size(), text);
            for (int i = 0; i < sf.steps().size(); i++) {
                Step a = sf.steps().get(i);
                Step b = back.steps().get(i);
                assertEquals(a.describe(), b.describe(), text);
                assertEquals(ScenarioWriter.step(a), ScenarioWriter.step(b), text);
            }
            assertEquals(sf.expect().state(), back.expect().state(), text);
            assertEquals(sf.expect().checksum(), back.expect().checksum(), text);
            assertEquals(sf.expect().interrupts(), back.expect().interrupts(), text);
        }));
    }

    @Test
    void namesAreQuoted() {
        assertEquals("\"a \\\"b\\\": c\\nd\"", ScenarioWriter.quote("a \"b\": c\nd"));
    }
}
