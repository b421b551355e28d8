package org.vfiomigtest.scenario;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Writes the sample driver's debugfs controls of one instance ({@code kmod/README.md}, "debugfs
 * controls"): lines of text, one per write. Knobs ({@code ndma_cap}, {@code mmap_data},
 * {@code window_size}, {@code mem_size}) only while the device is closed.
 */
final class DriverControls {
    /** The injection controls, each turned off by the line {@code off}. */
    static final List<String> INJECTIONS = List.of("inject_transition", "inject_field", "inject_resume",
            "delay_transition");

    private final Path dir;

    DriverControls(Path dir) {
        this.dir = dir;
    }

    void write(String file, String line) {
        Path p = dir.resolve(file);
        try {
            Files.write(p, (line + "\n").getBytes(StandardCharsets.US_ASCII), StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write '" + line + "' to " + p + " (kmod/README.md, debugfs controls)",
                    e);
        }
    }

    String read(String file) {
        Path p = dir.resolve(file);
        try {
            return Files.readString(p, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p, e);
        }
    }

    void arm(Injection i) {
        if (i instanceof Injection.Off) {
            clearInjections();
        } else {
            write(i.control(), i.line());
        }
    }

    void clearInjections() {
        for (String f : INJECTIONS) {
            write(f, "off");
        }
    }

    void bug(String name, boolean on) {
        write("bugs/" + name, on ? "Y" : "N");
    }

    boolean bugOn(String name) {
        return read("bugs/" + name).startsWith("Y");
    }

    @Override
    public String toString() {
        return dir.toString();
    }
}
