package org.vfiomigtest.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JunitXmlTest {
    private static String suite(int tests, int failures, String time, String... cases) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"JUnit Jupiter\" tests=\"" + tests
                + "\" skipped=\"0\" failures=\"" + failures + "\" errors=\"0\" time=\"" + time + "\">\n"
                + "<properties><property name=\"a\" value=\"b\"/></properties>\n"
                + String.join("\n", cases)
                + "\n<system-out><![CDATA[unique-id: [engine:junit-jupiter]]]></system-out>\n</testsuite>\n";
    }

    @Test
    void prependPutsThePartsCasesFirstAndAddsUpTheCounts(@TempDir Path dir) throws Exception {
        Path into = dir.resolve("TEST-junit-jupiter.xml");
        Path part = dir.resolve("part.xml");
        Files.writeString(into, suite(2, 1, "3.5", "<testcase name=\"b\" classname=\"B\" time=\"1\"/>",
                "<testcase name=\"c\" classname=\"C\" time=\"2\"><failure message=\"x\"/></testcase>"));
        Files.writeString(part, suite(1, 0, "0.25", "<testcase name=\"a\" classname=\"A\" time=\"0.25\"/>"));

        JunitXml.prepend(into, part);

        String merged = Files.readString(into);
        assertFalse(Files.exists(part));
        assertTrue(merged.contains("tests=\"3\""), merged);
        assertTrue(merged.contains("failures=\"1\""), merged);
        assertTrue(merged.contains("time=\"3.750\""), merged);
        Matcher names = Pattern.compile("<testcase [^>]*name=\"(\\w)\"").matcher(merged);
        var order = new StringBuilder();
        while (names.find()) {
            order.append(names.group(1));
        }
        assertEquals("abc", order.toString());
        assertEquals(1, merged.split("<system-out>", -1).length - 1);
    }

    @Test
    void prependWithoutATargetMovesThePart(@TempDir Path dir) throws Exception {
        Path into = dir.resolve("TEST-junit-jupiter.xml");
        Path part = dir.resolve("part.xml");
        Files.writeString(part, suite(1, 0, "1", "<testcase name=\"a\" classname=\"A\"/>"));
        JunitXml.prepend(into, part);
        assertTrue(Files.exists(into));
        assertFalse(Files.exists(part));
    }
}
