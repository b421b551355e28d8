package org.vfiomigtest.suite.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.vfiomigtest.migration.DeviceState;
import org.vfiomigtest.migration.MigrationField;
import org.vfiomigtest.sys.Errno;

/**
 * The debugfs controls of one migtest_mdev instance ({@code kmod/README.md}, "debugfs controls"):
 * {@code /sys/kernel/debug/migtest_mdev/<uuid>/}. Injections and bug switches act at once; the
 * capability knobs ({@code ndma_cap}, {@code mmap_data}, {@code window_size}, {@code mem_size})
 * only while the device is closed, taking effect at the next open ({@link DeviceUnderTest#reopen}).
 *
 * <p>The fixture calls {@link #restore()} after every test: injections off, bug switches off,
 * knobs back to the values they had before this object first changed them.
 */
public final class SampleDriver {
    /** The driver's debugfs root (KBUILD_MODNAME). */
    public static final Path DEBUGFS = Path.of("/sys/kernel/debug/migtest_mdev");

    private final Path dir;
    /** Knob file name to the value it had before the first change, for {@link #restore()}. */
    private final Map<String, String> originals = new LinkedHashMap<>();

    private SampleDriver(Path dir) {
        this.dir = dir;
    }

    /** The controls of the instance named {@code deviceName} (its UUID), if this is a migtest_mdev. */
    public static Optional<SampleDriver> find(String deviceName) {
        Path d = DEBUGFS.resolve(deviceName);
        return Files.isDirectory(d) ? Optional.of(new SampleDriver(d)) : Optional.empty();
    }

    /** The controls in {@code dir} (host tests use a directory of plain files). */
    static SampleDriver at(Path dir) {
        return new SampleDriver(dir);
    }

    /** The instance's control directory. */
    public Path dir() {
        return dir;
    }

    /* ---- bug switches ---- */

    /** Turns bug switch {@code name} ({@code bugs/<name>}) on or off. */
    public void bug(String name, boolean on) {
        Path p = dir.resolve("bugs").resolve(name);
        if (!Files.exists(p)) {
            throw new IllegalArgumentException("no bug switch '" + name + "' in " + p.getParent()
                    + "; the switches are " + bugs());
        }
        write(p, on ? "Y" : "N");
    }

    /** True if bug switch {@code name} is on. */
    public boolean bugOn(String name) {
        return read(dir.resolve("bugs").resolve(name)).startsWith("Y");
    }

    /** The names of the bug switches. */
    public List<String> bugs() {
        try (Stream<Path> s = Files.list(dir.resolve("bugs"))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir.resolve("bugs"), e);
        }
    }

    /* ---- injections (act at once) ---- */

    /**
     * {@code inject_transition}: device_state writes from {@code from} to {@code to} ({@code null}:
     * any) fail with {@code errno}, landing in ERROR or in the prior state; {@code count} hits,
     * 0 for unlimited.
     */
    public void injectTransition(DeviceState from, DeviceState to, Errno errno, boolean landInError, int count) {
        control("inject_transition", state(from) + " " + state(to) + " " + errno.number() + " "
                + (landInError ? "error" : "prior") + " " + count);
    }

    /**
     * {@code inject_field}: reads or writes of {@code field} fail with {@code errno}; {@code count}
     * hits, 0 for unlimited. A failed device_state write changes nothing.
     */
    public void injectField(MigrationField field, boolean write, Errno errno, int count) {
        injectField(field.cName(), write, errno, count);
    }

    /** {@link #injectField(MigrationField, boolean, Errno, int)} by name; {@code "data"} is the data window. */
    public void injectField(String field, boolean write, Errno errno, int count) {
        control("inject_field", field + " " + (write ? "write" : "read") + " " + errno.number() + " " + count);
    }

    /** {@code inject_resume}: every clearing of RESUMING fails validation with {@code errno}. */
    public void injectResume(Errno errno, boolean landInError) {
        control("inject_resume", errno.number() + " " + (landInError ? "error" : "prior"));
    }

    /** {@code delay_transition}: sleep {@code millis} inside matching device_state writes. */
    public void delayTransition(DeviceState from, DeviceState to, int millis) {
        control("delay_transition", state(from) + " " + state(to) + " " + millis);
    }

    /** {@code resume_fail_prior}: after a failed resume validation, stay in RESUMING (true) or ERROR. */
    public void resumeFailPrior(boolean prior) {
        knob("resume_fail_prior", prior ? "1" : "0");
    }

    /** Turns every injection off. */
    public void clearInjections() {
        for (String f : List.of("inject_transition", "inject_field", "inject_resume", "delay_transition")) {
            control(f, "off");
        }
    }

    /* ---- capability knobs (device closed; effective at the next open) ---- */

    /** {@code ndma_cap}: offer VFIO_REGION_INFO_CAP_MIG_NDMA and accept the NDMA bit. */
    public void ndmaCap(boolean on) {
        knob("ndma_cap", on ? "1" : "0");
    }

    /** {@code mmap_data}: offer sparse mmap of the data window. */
    public void mmapData(boolean on) {
        knob("mmap_data", on ? "1" : "0");
    }

    /** {@code window_size}: bytes, a page multiple, 8192 to 1048576. */
    public void windowSize(long bytes) {
        knob("window_size", Long.toString(bytes));
    }

    /** {@code mem_size}: BAR2 bytes, a power of 2, 4096 to 64 MiB. */
    public void memSize(long bytes) {
        knob("mem_size", Long.toString(bytes));
    }

    /** The {@code device_state} control: {@code 0xN NAME open|closed}. */
    public String stateLine() {
        return read(dir.resolve("device_state")).strip();
    }

    /**
     * Everything back to how the test found it: injections off, every bug switch off, changed
     * knobs restored (the device must be closed for the knobs). The fixture calls this.
     */
    public void restore() {
        clearInjections();
        for (String b : bugs()) {
            bug(b, false);
        }
        originals.forEach((file, value) -> write(dir.resolve(file), value));
        originals.clear();
    }

    private void knob(String file, String value) {
        Path p = dir.resolve(file);
        originals.computeIfAbsent(file, f -> read(p).strip());
        write(p, value);
    }

    private void control(String file, String line) {
        write(dir.resolve(file), line);
    }

    private static String state(DeviceState s) {
        return s == null ? "any" : "0x" + Integer.toHexString(s.raw());
    }

    private static void write(Path p, String line) {
        try {
            Files.write(p, (line + "\n").getBytes(StandardCharsets.US_ASCII), StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write '" + line + "' to " + p + " (kmod/README.md, debugfs controls)",
                    e);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p, e);
        }
    }

    @Override
    public String toString() {
        return "SampleDriver[" + dir + "]";
    }
}
