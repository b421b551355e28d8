package org.vfiomigtest.vm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The JVM that runs the suite inside the guest. JVM start-up dominates the
 * time to the first test under TCG, so the newest JDK on the host is used
 * with a class cache trained on the host: the guest sees the same JDK and
 * class path at the same paths. JDK 25+ gets an AOT cache
 * (-XX:AOTCacheOutput), older ones an AppCDS archive (-XX:ArchiveClassesAtExit).
 */
public record GuestJvm(Path javaHome, int feature) {
    /** Flags used identically for training and in the guest (a cache only fits the flags it was made with). */
    static final List<String> FLAGS = List.of("-XX:+UseSerialGC", "-XX:-UsePerfData", "-XX:TieredStopAtLevel=1");
    /** The training run's tag expression: every test, with or without tags. */
    static final String TRAIN_TAGS = "any() | none()";
    private static final int KEEP_CACHES = 3;
    private static final Pattern VERSION = Pattern.compile("^JAVA_VERSION=\"(\\d+)", Pattern.MULTILINE);

    /** The JDK with the highest feature release under {@code jvmRoot}, else the running one. */
    public static GuestJvm select(Path jvmRoot) throws IOException {
        Path running = Path.of(System.getProperty("java.home"));
        List<GuestJvm> found = new ArrayList<>();
        if (Files.isDirectory(jvmRoot)) {
            try (Stream<Path> s = Files.list(jvmRoot)) {
                for (Path home : s.filter(p -> !Files.isSymbolicLink(p)).toList()) {
                    of(home).ifPresent(found::add);
                }
            }
        }
        of(running).ifPresent(found::add);
        return found.stream()
                .max(Comparator.comparingInt(GuestJvm::feature).thenComparing(j -> j.javaHome().toString()))
                .orElseThrow(() -> new IOException("no JDK found under " + jvmRoot + " nor at " + running));
    }

    static Optional<GuestJvm> of(Path home) throws IOException {
        Path release = home.resolve("release");
        if (!Files.isExecutable(home.resolve("bin/java")) || !Files.isRegularFile(release)) {
            return Optional.empty();
        }
        Matcher m = VERSION.matcher(Files.readString(release));
        return m.find() ? Optional.of(new GuestJvm(home, Integer.parseInt(m.group(1)))) : Optional.empty();
    }

    /** FLAGS, plus native access for JNA where the JDK warns without it (22+). */
    List<String> flags() {
        List<String> f = new ArrayList<>(FLAGS);
        if (feature >= 22) {
            f.add("--enable-native-access=ALL-UNNAMED");
        }
        return f;
    }

    public Path java() {
        return javaHome.resolve("bin/java");
    }

    boolean hasAotCache() {
        return feature >= 25;
    }

    /** The cache file for this JDK and class path (its name hashes both, with jar sizes and times). */
    Path cacheFile(Path cacheDir, List<Path> classpath) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update((javaHome + "\n" + Files.readString(javaHome.resolve("release")) + flags()).getBytes());
            for (Path p : classpath) {
                md.update((p + " " + Files.size(p) + " " + Files.getLastModifiedTime(p).toMillis() + "\n").getBytes());
            }
            String key = HexFormat.of().formatHex(md.digest()).substring(0, 16);
            return cacheDir.resolve("jvm").resolve(key + (hasAotCache() ? ".aot" : ".jsa"));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Flags that use the cache, when it exists. */
    List<String> useCacheFlags(Path cache) {
        if (cache == null || !Files.isRegularFile(cache)) {
            return List.of();
        }
        return List.of(hasAotCache() ? "-XX:AOTCache=" + cache : "-XX:SharedArchiveFile=" + cache);
    }

    /**
     * Trains the class cache on the host when it is missing: runs the guest
     * main with {@code -Dmigtest.train=true} (device tests abort before
     * touching anything) into a scratch results directory.
     */
    public Path train(Path cacheDir, List<Path> classpath, String mainClass, Consumer<String> log)
            throws IOException {
        Path cache = cacheFile(cacheDir, classpath);
        if (Files.isRegularFile(cache)) {
            return cache;
        }
        Files.createDirectories(cache.getParent());
        Path scratch = Files.createTempDirectory("migtest-train");
        Path tmp = cache.resolveSibling(cache.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        List<String> argv = new ArrayList<>(List.of(java().toString()));
        argv.addAll(flags());
        argv.add(hasAotCache() ? "-XX:AOTCacheOutput=" + tmp : "-XX:ArchiveClassesAtExit=" + tmp);
        // a tag expression that keeps every test: the cache then also holds the tag filter's classes
        argv.addAll(List.of("-Dmigtest.train=true", "-cp", classpathString(classpath), mainClass,
                "--results", scratch.toString(), "--tags", TRAIN_TAGS));
        log.accept("training the guest JVM's class cache (" + (hasAotCache() ? "AOT" : "AppCDS") + ", JDK "
                + feature + ")");
        HostCommand.run(argv, scratch, Map.of(), Duration.ofMinutes(5), line -> { });
        DriverBuilder.deleteTree(scratch);
        if (!Files.isRegularFile(tmp)) {
            log.accept("warning: JVM cache training produced no " + tmp + "; the guest runs without it");
            return cache;
        }
        Files.move(tmp, cache, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        CacheDir.pruneBeside(cache, KEEP_CACHES); // some 30 MB each
        return cache;
    }

    /** The guest command: java, flags, cache (none if null), class path, main class and its arguments. */
    public List<String> command(Path cache, List<Path> classpath, List<String> systemProps, String mainClass,
            List<String> args) {
        List<String> argv = new ArrayList<>(List.of(java().toString()));
        argv.addAll(flags());
        argv.addAll(useCacheFlags(cache));
        argv.addAll(systemProps);
        argv.addAll(List.of("-cp", classpathString(classpath), mainClass));
        argv.addAll(args);
        return argv;
    }

    static String classpathString(List<Path> classpath) {
        return String.join(":", classpath.stream().map(Path::toString).toList());
    }
}
