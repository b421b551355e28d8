package org.vfiomigtest.vm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/** QEMU accelerator choice: {@code auto} tries KVM and falls back to TCG. */
public enum Accel {
    AUTO, KVM, TCG;

    public static Accel parse(String s) {
        try {
            return valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--accel must be auto, kvm or tcg, not '" + s + "'");
        }
    }

    /** True when {@code dev} (normally /dev/kvm) is a character device that opens read-write. */
    public static boolean kvmUsable(Path dev) {
        if (Files.isRegularFile(dev) || !Files.exists(dev)) {
            return false;
        }
        // READ and WRITE without CREATE: never make the file
        try (var ch = Files.newByteChannel(dev, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    public String qemuName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
