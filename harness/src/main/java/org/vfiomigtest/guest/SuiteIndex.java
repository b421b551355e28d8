package org.vfiomigtest.guest;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.platform.engine.DiscoverySelector;

/**
 * The suite's test classes, listed straight from migtest.jar's directory.
 * JUnit's package selector walks the jar as a zip file system and inspects
 * every class of the package; under TCG that walk is a good part of the time
 * to the first test. Test classes are named *Test; run from a class
 * directory (an IDE), the package selector is used as usual.
 *
 * <p>The VFIO smoke test comes first: when {@code /dev/vfio} does not work,
 * that is the first thing to learn, and its class is small, so it runs while
 * the rest is discovered ({@link SuiteRun}). The others follow by name.
 */
final class SuiteIndex {
    private static final String PREFIX = GuestMain.SUITE_PACKAGE.replace('.', '/') + "/";
    private static final String FIRST = PREFIX + "VfioContainerTest.class";

    private SuiteIndex() {
    }

    static List<DiscoverySelector> selectors() {
        Path jar = codeSource();
        if (jar == null || !Files.isRegularFile(jar)) {
            return List.of(selectPackage(GuestMain.SUITE_PACKAGE));
        }
        List<DiscoverySelector> classes = new ArrayList<>();
        try (JarFile j = new JarFile(jar.toFile())) {
            j.stream().map(e -> e.getName())
                    .filter(n -> n.startsWith(PREFIX) && n.endsWith("Test.class") && !n.contains("$"))
                    .sorted(Comparator.comparing((String n) -> !n.equals(FIRST)).thenComparing(n -> n))
                    .forEach(n -> classes.add(selectClass(n.substring(0, n.length() - ".class".length())
                            .replace('/', '.'))));
        } catch (IOException e) {
            return List.of(selectPackage(GuestMain.SUITE_PACKAGE));
        }
        return classes;
    }

    private static Path codeSource() {
        try {
            return Path.of(SuiteIndex.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }
}
