package org.vfiomigtest.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * JUnit's legacy XML reports (one {@code <testsuite>} per file, as the
 * JUnit Platform's legacy listener writes them).
 */
public final class JunitXml {
    private static final String[] COUNTS = {"tests", "skipped", "failures", "errors"};

    private JunitXml() {
    }

    /**
     * Puts the test cases of {@code part} in front of those of {@code into}
     * and adds up the counts and times, so that one execution split in two
     * reads as one test suite. Without {@code into}, {@code part} becomes it.
     */
    public static void prepend(Path into, Path part) throws IOException {
        if (!Files.exists(into)) {
            Files.move(part, into);
            return;
        }
        Document target = parse(into);
        Document source = parse(part);
        Element suite = target.getDocumentElement();
        Element partSuite = source.getDocumentElement();
        for (String count : COUNTS) {
            suite.setAttribute(count, Long.toString(longAttr(suite, count) + longAttr(partSuite, count)));
        }
        suite.setAttribute("time", String.format(Locale.ROOT, "%.3f",
                doubleAttr(suite, "time") + doubleAttr(partSuite, "time")));
        Node first = firstTestCase(suite);
        NodeList cases = partSuite.getElementsByTagName("testcase");
        for (int i = 0; i < cases.getLength(); i++) {
            suite.insertBefore(target.importNode(cases.item(i), true), first);
        }
        write(target, into);
        Files.delete(part);
    }

    private static Node firstTestCase(Element suite) {
        NodeList cases = suite.getElementsByTagName("testcase");
        if (cases.getLength() > 0) {
            return cases.item(0);
        }
        NodeList out = suite.getElementsByTagName("system-out");
        return out.getLength() > 0 ? out.item(0) : null;
    }

    private static long longAttr(Element e, String name) {
        String v = e.getAttribute(name);
        return v.isEmpty() ? 0 : Long.parseLong(v);
    }

    private static double doubleAttr(Element e, String name) {
        String v = e.getAttribute(name);
        return v.isEmpty() ? 0 : Double.parseDouble(v);
    }

    private static Document parse(Path file) throws IOException {
        try {
            var factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(file.toFile());
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException(file + ": not a JUnit XML report: " + e.getMessage(), e);
        }
    }

    private static void write(Document doc, Path file) throws IOException {
        try {
            var transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            transformer.transform(new DOMSource(doc), new StreamResult(file.toFile()));
        } catch (TransformerException e) {
            throw new IOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
