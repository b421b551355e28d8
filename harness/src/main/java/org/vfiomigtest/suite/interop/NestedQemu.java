package org.vfiomigtest.suite.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One QEMU started inside the test VM (nested, TCG) with one VFIO device attached through QEMU's
 * own v1 migration client: {@code -device vfio-pci,sysfsdev=DEV,x-enable-migration=on}. It is
 * the smallest machine that runs: i440fx, 32 MiB, no disk, no NIC, no display; SeaBIOS maps the
 * BARs and then idles ({@code reboot-timeout=-1}: it never resets the machine, which would reset
 * the device; {@code -no-reboot} turns any reset into an exit, so it cannot pass unnoticed).
 *
 * <p>Control: QMP and qtest on unix sockets in the work directory. Evidence: the {@code vfio_*}
 * trace events (minus the per-access {@code vfio_region_read/write}) in {@code NAME-trace.log}
 * ({@code -D}), QEMU's stdout and stderr in {@code NAME-output.log}.
 *
 * <p>{@link #close()} quits it over QMP and then kills it, each step bounded: no QEMU outlives
 * its test.
 */
final class NestedQemu implements AutoCloseable {
    /** System property: the QEMU binary (default {@value #DEFAULT_BINARY}, the host's, through the shared root). */
    static final String BINARY_PROPERTY = "migtest.interop.qemu";
    static final String DEFAULT_BINARY = "/usr/bin/qemu-system-x86_64";
    /** The qdev id of the vfio-pci device. */
    static final String DEVICE_ID = "mt";
    /** Trace events: every vfio_* event except the per-access ones (a 1 MiB BAR copy would be 10^5 lines). */
    static final List<String> TRACE_EVENTS = List.of("vfio_*", "-vfio_region_read", "-vfio_region_write");

    private static final Duration CONNECT = Duration.ofMinutes(2);
    private static final Duration ANSWER = Duration.ofMinutes(2);

    private final String name;
    private final Path workDir;
    private final List<String> argv;
    private final Process process;
    private Qmp qmp;
    private Qtest qtest;

    private NestedQemu(String name, Path workDir, List<String> argv, Process process) {
        this.name = name;
        this.workDir = workDir;
        this.argv = argv;
        this.process = process;
    }

    /** The QEMU binary to run. */
    static Path binary() {
        return Path.of(System.getProperty(BINARY_PROPERTY, DEFAULT_BINARY));
    }

    /**
     * Starts QEMU {@code name} in {@code workDir} with {@code device} (a sysfs device path)
     * attached and {@code extra} arguments appended ({@code -S}, {@code -incoming URI}), then
     * connects QMP and qtest.
     */
    static NestedQemu start(String name, Path workDir, Path device, List<String> extra) throws IOException {
        Path events = workDir.resolve(name + "-trace-events");
        Files.write(events, TRACE_EVENTS, StandardCharsets.UTF_8);
        List<String> argv = new ArrayList<>(List.of(binary().toString(),
                "-name", name,
                "-nodefaults", "-no-user-config", "-display", "none",
                "-machine", "pc", "-accel", "tcg", "-m", "32",
                "-boot", "reboot-timeout=-1", "-no-reboot",
                "-device", "vfio-pci,id=" + DEVICE_ID + ",sysfsdev=" + device + ",x-enable-migration=on",
                "-qmp", "unix:" + workDir.resolve(name + "-qmp.sock") + ",server=on,wait=off",
                "-qtest", "unix:" + workDir.resolve(name + "-qtest.sock") + ",server=on,wait=off",
                "-qtest-log", "/dev/null",
                "-D", workDir.resolve(name + "-trace.log").toString(),
                "-trace", "events=" + events));
        argv.addAll(extra);
        Files.write(workDir.resolve(name + "-command.txt"), List.of(String.join(" ", argv)), StandardCharsets.UTF_8);
        Process p = new ProcessBuilder(argv)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve(name + "-output.log").toFile())
                .start();
        NestedQemu q = new NestedQemu(name, workDir, argv, p);
        try {
            q.qmp = Qmp.connect(workDir.resolve(name + "-qmp.sock"), CONNECT, ANSWER, p::isAlive);
            q.qtest = Qtest.connect(workDir.resolve(name + "-qtest.sock"), CONNECT, ANSWER, p::isAlive);
        } catch (RuntimeException e) {
            q.close();
            throw new IllegalStateException(name + ": " + e.getMessage() + "; QEMU output: " + q.output(), e);
        }
        return q;
    }

    String name() {
        return name;
    }

    Qmp qmp() {
        return qmp;
    }

    Qtest qtest() {
        return qtest;
    }

    boolean alive() {
        return process.isAlive();
    }

    String commandLine() {
        return String.join(" ", argv);
    }

    /** Waits up to {@code timeout} for QEMU to exit; its exit status, if it did. */
    Optional<Integer> waitForExit(Duration timeout) {
        try {
            if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return Optional.of(process.exitValue());
            }
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + name, e);
        }
    }

    /** The exit status, if QEMU has exited. */
    Optional<Integer> exitStatus() {
        return process.isAlive() ? Optional.empty() : Optional.of(process.exitValue());
    }

    /** QEMU's stdout and stderr so far. */
    String output() {
        return readOrEmpty(workDir.resolve(name + "-output.log"));
    }

    /** The trace log so far. */
    String trace() {
        return readOrEmpty(workDir.resolve(name + "-trace.log"));
    }

    private static String readOrEmpty(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p, e);
        }
    }

    /**
     * Quits QEMU: {@code quit} over QMP and 30 s to exit, then SIGTERM and 30 s, then SIGKILL
     * and 30 s. Fails only if the process survives all three.
     */
    @Override
    public void close() {
        if (process.isAlive() && qmp != null) {
            try {
                qmp.execute("quit");
            } catch (RuntimeException e) {
                // a QEMU that cannot take "quit" is terminated below
                process.destroy();
            }
        }
        if (waitForExit(Duration.ofSeconds(30)).isEmpty()) {
            process.destroy();
            if (waitForExit(Duration.ofSeconds(30)).isEmpty()) {
                process.destroyForcibly();
                if (waitForExit(Duration.ofSeconds(30)).isEmpty()) {
                    throw new IllegalStateException(name + " (pid " + process.pid() + ") survived SIGKILL for 30 s");
                }
            }
        }
        if (qtest != null) {
            qtest.close();
        }
        if (qmp != null) {
            qmp.close();
        }
    }
}
