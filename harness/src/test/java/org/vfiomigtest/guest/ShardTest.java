package org.vfiomigtest.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.IntStream;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

class ShardTest {
    private static final List<String> CLASSES = IntStream.range(0, 40)
            .mapToObj(i -> "org.vfiomigtest.suite.Test" + i).toList();

    @Test
    void shardsTogetherOwnEveryClassExactlyOnce() {
        for (int n = 1; n <= 4; n++) {
            for (String c : CLASSES) {
                int owners = 0;
                for (int i = 1; i <= n; i++) {
                    owners += new Shard(i, n).owns(c) ? 1 : 0;
                }
                assertEquals(1, owners, c + " in " + n + " shards");
            }
        }
    }

    @Test
    void parsesAndRejects() {
        assertEquals(new Shard(2, 3), Shard.parse("2/3"));
        assertThrows(IllegalArgumentException.class, () -> Shard.parse("3/2"));
        assertThrows(IllegalArgumentException.class, () -> Shard.parse("x"));
    }

    /** The filter as JUnit applies it: the shards' tests, discovered for real, partition the whole. */
    @Test
    void discoveredShardsPartitionTheTests() {
        var selectors = List.of(selectClass(ShardFixtures.Alpha.class), selectClass(ShardFixtures.Beta.class),
                selectClass(ShardFixtures.Gamma.class));
        java.util.Set<String> all = tests(LauncherDiscoveryRequestBuilder.request().selectors(selectors).build());
        assertEquals(6, all.size(), all.toString());
        for (int n = 2; n <= 3; n++) {
            java.util.List<String> union = new java.util.ArrayList<>();
            for (int i = 1; i <= n; i++) {
                union.addAll(tests(LauncherDiscoveryRequestBuilder.request().selectors(selectors)
                        .filters(new Shard(i, n).filter()).build()));
            }
            assertEquals(all.size(), union.size(), "every test exactly once in " + n + " shards: " + union);
            assertEquals(all, new java.util.HashSet<>(union));
        }
    }

    private static java.util.Set<String> tests(org.junit.platform.launcher.LauncherDiscoveryRequest request) {
        var plan = LauncherFactory.create().discover(request);
        java.util.Set<String> ids = new java.util.HashSet<>();
        plan.getRoots().forEach(r -> plan.getDescendants(r).stream().filter(t -> t.isTest())
                .forEach(t -> ids.add(t.getUniqueId())));
        return ids;
    }
}
