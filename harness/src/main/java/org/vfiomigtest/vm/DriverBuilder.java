package org.vfiomigtest.vm;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Builds the driver (kmod/, or a patched copy given by --driver-src) with
 * Kbuild against the guest kernel's build tree. The sources are copied into
 * the cache under a content hash of sources and build tree, so the checkout
 * stays clean and a warm run builds nothing.
 */
public final class DriverBuilder {
    private static final int KEEP_BUILDS = 5;
    private DriverBuilder() {
    }

    /** The module built from {@code src} for {@code kdir}, building it when not cached. */
    public static Path build(Path src, Path kdir, Path cache, Consumer<String> log) throws IOException {
        if (!Files.isRegularFile(src.resolve("Makefile"))) {
            throw new IOException("no Makefile in driver source " + src);
        }
        if (!Files.isRegularFile(kdir.resolve("Makefile"))) {
            throw new IOException("kernel build tree " + kdir + " has no Makefile (headers not installed?)");
        }
        Path dir = cache.resolve("modules").resolve(key(src, kdir));
        Path done = dir.resolve(".complete");
        if (!Files.exists(done)) {
            log.accept("building driver from " + src + " against " + kdir);
            deleteTree(dir);
            copyTree(src, dir.resolve("src"));
            var r = HostCommand.run(List.of("make", "-C", dir.resolve("src").toString(), "KDIR=" + kdir),
                    dir, Map.of(), Duration.ofMinutes(10), log);
            if (r.exitCode() != 0) {
                r.stdout().forEach(log);
                throw new IOException("driver build failed (make exit " + r.exitCode() + ") in " + dir);
            }
            Files.createFile(done);
            CacheDir.pruneBeside(dir, KEEP_BUILDS);
        }
        try (Stream<Path> s = Files.list(dir.resolve("src"))) {
            List<Path> kos = s.filter(p -> p.toString().endsWith(".ko")).sorted().toList();
            if (kos.size() != 1) {
                throw new IOException("expected exactly one .ko in " + dir.resolve("src") + ", found " + kos);
            }
            return kos.get(0);
        }
    }

    /** Hash of every source file (path and content) and of the build tree's identity. */
    public static String key(Path src, Path kdir) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Path p : sources(src)) {
                md.update(src.relativize(p).toString().getBytes());
                md.update((byte) 0);
                md.update(Files.readAllBytes(p));
            }
            md.update(kdir.toAbsolutePath().normalize().toString().getBytes());
            for (String f : List.of("include/config/kernel.release", "Module.symvers", ".config")) {
                Path p = kdir.resolve(f);
                if (Files.isRegularFile(p)) {
                    md.update(Files.readAllBytes(p));
                }
            }
            return HexFormat.of().formatHex(md.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Kbuild inputs: Makefile, Kbuild and C sources/headers, without build products or tools/. */
    static List<Path> sources(Path src) throws IOException {
        try (Stream<Path> s = Files.walk(src)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> !src.relativize(p).startsWith("tools"))
                    .filter(p -> {
                        String n = p.getFileName().toString();
                        return n.equals("Makefile") || n.equals("Kbuild")
                                || (!n.endsWith(".mod.c") && (n.endsWith(".c") || n.endsWith(".h")));
                    })
                    .sorted()
                    .toList();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        for (Path p : sources(from)) {
            Path target = to.resolve(from.relativize(p).toString());
            Files.createDirectories(target.getParent());
            Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
