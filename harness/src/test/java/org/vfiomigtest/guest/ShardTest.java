package org.vfiomigtest.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

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
}
