package org.vfiomigtest.scenario;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.stream.Stream;

/**
 * Which scenarios a run executes: the files named by {@code -Dmigtest.scenarios=FILE,FILE}
 * ({@code migtest run --scenario}, {@code migtest replay}), else every built-in one
 * ({@code org/vfiomigtest/scenarios/*.yaml} in migtest.jar). All are parsed before the first one
 * runs, so one bad file fails the run before any device is touched.
 */
public final class ScenarioLibrary {
    /** System property: comma-separated scenario files to run instead of the built-in library. */
    public static final String PROPERTY = "migtest.scenarios";

    private ScenarioLibrary() {
    }

    /** The scenarios of this run, parsed. */
    public static List<ScenarioFile> selected() {
        List<Path> files = filesFromProperty();
        return files.isEmpty() ? builtIns() : files.stream().map(ScenarioFile::parse).toList();
    }

    /** The files of {@code -Dmigtest.scenarios}, empty when it is unset or blank. */
    public static List<Path> filesFromProperty() {
        String v = System.getProperty(PROPERTY, "");
        List<Path> out = new ArrayList<>();
        for (String p : v.split(",")) {
            if (!p.isBlank()) {
                out.add(Path.of(p.strip()));
            }
        }
        return out;
    }

    /** Every built-in scenario, parsed, in file-name order. */
    public static List<ScenarioFile> builtIns() {
        return builtInNames().stream().map(ScenarioFile::builtIn).toList();
    }

    /** The file names of the built-in library ({@code reset-from-error.yaml}, ...), sorted. */
    public static List<String> builtInNames() {
        URL url = ScenarioLibrary.class.getClassLoader().getResource(ScenarioFile.LIBRARY);
        if (url == null) {
            throw new IllegalStateException("no " + ScenarioFile.LIBRARY + " on the class path: migtest.jar is "
                    + "incomplete");
        }
        TreeSet<String> names = new TreeSet<>();
        try {
            if (url.getProtocol().equals("jar")) {
                var conn = (JarURLConnection) url.openConnection();
                conn.setUseCaches(false);
                try (var jar = conn.getJarFile()) {
                    Enumeration<JarEntry> e = jar.entries();
                    while (e.hasMoreElements()) {
                        String n = e.nextElement().getName();
                        if (n.startsWith(ScenarioFile.LIBRARY) && n.endsWith(".yaml")
                                && n.indexOf('/', ScenarioFile.LIBRARY.length()) < 0) {
                            names.add(n.substring(ScenarioFile.LIBRARY.length()));
                        }
                    }
                }
            } else {
                try (Stream<Path> s = Files.list(Path.of(url.toURI()))) {
                    s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).forEach(names::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + url, e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot list " + url, e);
        }
        return List.copyOf(names);
    }
}
