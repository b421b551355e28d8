package org.vfiomigtest.vm;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A guest kernel, its initramfs and modules, as vm-images/build-image put
 * them into the cache; {@code kdir} is the build tree the driver is compiled
 * against; {@code guestModules} are the vfio and mdev module files, in load
 * order, that the guest inserts before the driver.
 */
public record GuestImage(String release, Path kernel, Path initrd, Path moddir, Path kdir, String key,
        List<Path> guestModules) {

    /** Where the kernel comes from: Debian's current one, or the user's own build. */
    public record Source(Path kernel, Path modules, Path kernelBuild) {
        public static final Source DEBIAN = new Source(null, null, null);
    }

    /** Runs build-image (a no-op when the cache is warm) and reads what it printed. */
    public static GuestImage build(Path repoRoot, Path cache, Source source, Consumer<String> log)
            throws IOException {
        List<String> argv = new ArrayList<>(List.of(
                repoRoot.resolve("vm-images/build-image").toString(), "--cache", cache.toString()));
        if (source.kernel() != null) {
            argv.addAll(List.of("--kernel", source.kernel().toString(), "--modules", source.modules().toString()));
            if (source.kernelBuild() != null) {
                argv.addAll(List.of("--kernel-build", source.kernelBuild().toString()));
            }
        }
        var result = HostCommand.run(argv, repoRoot, Map.of(), Duration.ofMinutes(15), log);
        if (result.exitCode() != 0) {
            throw new IOException("vm-images/build-image failed with exit " + result.exitCode());
        }
        return parse(result.stdout());
    }

    static GuestImage parse(List<String> lines) throws IOException {
        Map<String, String> kv = new HashMap<>();
        for (String l : lines) {
            int eq = l.indexOf('=');
            if (eq > 0) {
                kv.put(l.substring(0, eq), l.substring(eq + 1));
            }
        }
        for (String k : List.of("release", "kernel", "initrd", "moddir", "kdir", "key", "guest_modules")) {
            if (!kv.containsKey(k)) {
                throw new IOException("build-image printed no '" + k + "=' line: " + lines);
            }
        }
        return new GuestImage(kv.get("release"), Path.of(kv.get("kernel")), Path.of(kv.get("initrd")),
                Path.of(kv.get("moddir")), Path.of(kv.get("kdir")), kv.get("key"),
                java.util.Arrays.stream(kv.get("guest_modules").split(":")).map(Path::of).toList());
    }
}
