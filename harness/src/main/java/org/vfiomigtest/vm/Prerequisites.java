package org.vfiomigtest.vm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The Debian packages a VM run needs. Missing ones are installed with
 * apt-get when running as root; otherwise the run stops (exit 125) with the
 * exact apt-get line to type.
 */
public final class Prerequisites {
    /** Tool on PATH (or file) → the Debian package that provides it. */
    static final Map<String, String> TOOLS = new LinkedHashMap<>();

    static {
        TOOLS.put("qemu-system-x86_64", "qemu-system-x86");
        TOOLS.put("/bin/busybox", "busybox-static");
        TOOLS.put("cpio", "cpio");
        TOOLS.put("depmod", "kmod");
        TOOLS.put("insmod", "kmod");
        TOOLS.put("make", "make");
        TOOLS.put("gcc", "gcc");
        TOOLS.put("dpkg-deb", "dpkg");
    }

    private Prerequisites() {
    }

    /** Packages whose tools are missing, in a stable order without repeats. */
    public static List<String> missingPackages() {
        return TOOLS.entrySet().stream()
                .filter(e -> !present(e.getKey()))
                .map(Map.Entry::getValue)
                .distinct()
                .toList();
    }

    private static boolean present(String tool) {
        return tool.startsWith("/") ? Files.isExecutable(Path.of(tool)) : HostCommand.which(tool) != null;
    }

    public static String installLine(List<String> packages) {
        return "apt-get install -y " + String.join(" ", packages);
    }

    /** Installs what is missing when root, else throws with the line to run. */
    public static void ensure(Consumer<String> log) throws IOException {
        List<String> missing = missingPackages();
        if (missing.isEmpty()) {
            return;
        }
        if (!isRoot()) {
            throw new IOException("missing Debian packages; run as root: " + installLine(missing));
        }
        log.accept("installing " + String.join(" ", missing));
        if (aptInstall(missing, log) != 0) {
            // a fresh machine may have no package lists yet
            aptGet(List.of("update", "-q"), log);
            aptInstall(missing, log);
        }
        List<String> still = missingPackages();
        if (!still.isEmpty()) {
            throw new IOException("could not install Debian packages: " + installLine(still));
        }
    }

    private static int aptInstall(List<String> packages, Consumer<String> log) throws IOException {
        List<String> args = new java.util.ArrayList<>(List.of("install", "-y", "-q"));
        args.addAll(packages);
        return aptGet(args, log);
    }

    private static int aptGet(List<String> args, Consumer<String> log) throws IOException {
        List<String> argv = new java.util.ArrayList<>(List.of("apt-get"));
        argv.addAll(args);
        var r = HostCommand.run(argv, Path.of("/"), Map.of("DEBIAN_FRONTEND", "noninteractive"),
                Duration.ofMinutes(15), log);
        r.stdout().forEach(log);
        return r.exitCode();
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
