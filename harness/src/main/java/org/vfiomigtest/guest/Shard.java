package org.vfiomigtest.guest;

import org.junit.platform.engine.FilterResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.PostDiscoveryFilter;

/**
 * {@code --shard I/N}: test class {@code C} belongs to shard
 * {@code floorMod(hash(C's name), N) + 1}, so N shards together run every
 * class exactly once, whatever machine runs them.
 */
record Shard(int index, int count) {
    Shard {
        if (count < 1 || index < 1 || index > count) {
            throw new IllegalArgumentException("--shard I/N needs 1 <= I <= N, not " + index + "/" + count);
        }
    }

    static Shard parse(String s) {
        String[] p = s.split("/");
        try {
            return new Shard(Integer.parseInt(p[0]), Integer.parseInt(p[1]));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--shard takes I/N (e.g. 1/2), not '" + s + "'");
        }
    }

    boolean owns(String className) {
        // String.hashCode is specified by the JLS: stable across JVMs and runs
        return Math.floorMod(className.hashCode(), count) + 1 == index;
    }

    PostDiscoveryFilter filter() {
        return d -> {
            if (d.getSource().orElse(null) instanceof ClassSource cs && d.getParent().map(p -> p.isRoot()).orElse(false)) {
                return owns(cs.getClassName()) ? FilterResult.included("shard " + this)
                        : FilterResult.excluded("another shard");
            }
            return FilterResult.included("not a top-level class");
        };
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
