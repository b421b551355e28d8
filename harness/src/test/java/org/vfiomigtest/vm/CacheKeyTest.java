package org.vfiomigtest.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The content-hash cache keys: same inputs, same key; any input changed, another key. */
class CacheKeyTest {
    @TempDir
    Path tmp;

    private Path driverTree(String name, String source) throws IOException {
        Path d = tmp.resolve(name);
        Files.createDirectories(d.resolve("include"));
        Files.createDirectories(d.resolve("tools"));
        Files.writeString(d.resolve("Makefile"), "obj-m := x.o\n");
        Files.writeString(d.resolve("x.c"), source);
        Files.writeString(d.resolve("include/x.h"), "#define X 1\n");
        return d;
    }

    private Path kdir(String name, String release) throws IOException {
        Path k = tmp.resolve(name);
        Files.createDirectories(k.resolve("include/config"));
        Files.writeString(k.resolve("include/config/kernel.release"), release);
        Files.writeString(k.resolve("Makefile"), "");
        return k;
    }

    @Test
    void driverKeyDependsOnSourcesNotOnLocationOrBuildProducts() throws IOException {
        Path k = kdir("k", "6.1.0-56-amd64\n");
        Path a = driverTree("a", "int x;\n");
        Path b = driverTree("b", "int x;\n");
        Files.writeString(b.resolve("x.o"), "object");
        Files.writeString(b.resolve("x.ko"), "module");
        Files.writeString(b.resolve("x.mod.c"), "generated");
        Files.writeString(b.resolve("tools/reader.c"), "int main(void){}");
        assertEquals(DriverBuilder.key(a, k), DriverBuilder.key(b, k));
    }

    @Test
    void driverKeyChangesWithAnySourceByte() throws IOException {
        Path k = kdir("k", "6.1.0-56-amd64\n");
        Path a = driverTree("a", "int x;\n");
        String before = DriverBuilder.key(a, k);
        Files.writeString(a.resolve("include/x.h"), "#define X 2\n");
        assertNotEquals(before, DriverBuilder.key(a, k));
    }

    @Test
    void driverKeyChangesWithTheKernelBuildTree() throws IOException {
        Path a = driverTree("a", "int x;\n");
        assertNotEquals(DriverBuilder.key(a, kdir("k1", "6.1.0-56-amd64\n")),
                DriverBuilder.key(a, kdir("k2", "6.1.0-57-amd64\n")));
    }

    @Test
    void jvmCacheKeyChangesWhenAJarChanges() throws IOException {
        Path home = Path.of(System.getProperty("java.home"));
        GuestJvm jvm = GuestJvm.of(home).orElseThrow();
        Path jar = tmp.resolve("a.jar");
        Files.writeString(jar, "one");
        Path first = jvm.cacheFile(tmp, List.of(jar));
        assertEquals(first, jvm.cacheFile(tmp, List.of(jar)));
        Files.writeString(jar, "three");
        assertNotEquals(first, jvm.cacheFile(tmp, List.of(jar)));
    }
}
