package org.vfiomigtest.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** The markers name each test's own Allure result, as GuestMain registers them (after Allure's listener). */
class ConsoleMarkersTest {
    private static final Pattern MARKER = Pattern.compile("migtest-test: (start|stop) ([0-9a-f-]{36})( .*)?");

    @Test
    void eachTestIsMarkedWithTheUuidOfItsAllureResult() throws Exception {
        List<String> lines = new ArrayList<>();
        var request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(ShardFixtures.Alpha.class), selectClass(ShardFixtures.Beta.class)).build();
        LauncherFactory.create().execute(request, new ConsoleMarkers(lines::add));

        Path results = Path.of(System.getProperty("allure.results.directory", "allure-results"));
        assertEquals(8, lines.size(), "a start and a stop for each of 4 tests: " + lines);
        for (int i = 0; i < lines.size(); i += 2) {
            Matcher start = MARKER.matcher(lines.get(i));
            Matcher stop = MARKER.matcher(lines.get(i + 1));
            assertTrue(start.matches() && stop.matches(), lines.get(i) + " / " + lines.get(i + 1));
            assertEquals("start", start.group(1));
            assertEquals(start.group(2), stop.group(2), "stop names the test that started");
            Path result = results.resolve(start.group(2) + "-result.json");
            assertTrue(Files.isRegularFile(result), "no Allure result " + result + " for " + lines.get(i));
            assertTrue(Files.readString(result).contains("\"name\":\"" + start.group(3).strip() + "\""),
                    "the result is the marked test's: " + lines.get(i));
        }
    }
}
