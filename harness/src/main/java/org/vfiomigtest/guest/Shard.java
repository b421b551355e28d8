package org.vfiomigtest.guest;

import org.junit.platform.engine.FilterResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
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

    /**
     * JUnit applies post-discovery filters to leaves only (a container goes
     * when its last child does), so every test is judged by the top-level
     * class it belongs to.
     */
    PostDiscoveryFilter filter() {
        return d -> {
            String cls = d.getSource().map(s -> s instanceof MethodSource m ? m.getClassName()
                    : s instanceof ClassSource c ? c.getClassName() : null).orElse(null);
            if (cls == null) {
                return FilterResult.included("no class");
            }
            String top = cls.contains("$") ? cls.substring(0, cls.indexOf('$')) : cls;
            return owns(top) ? FilterResult.included("shard " + this) : FilterResult.excluded("another shard");
        };
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
