package org.vfiomigtest.vm;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecuteResultHandler;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.PumpStreamHandler;
import org.apache.commons.exec.ShutdownHookProcessDestroyer;

/**
 * A QEMU test VM as a lifecycle object: configured with {@code withXxx},
 * frozen at {@link #start()}, always reaped by {@link #close()}, by its
 * watchdog at the timeout, and by a shutdown hook on Ctrl-C. Every console
 * line goes to {@code console.log} and to the registered consumers.
 *
 * <p>With {@link Accel#AUTO}, KVM is tried when /dev/kvm opens; if the
 * guest prints nothing within the liveness bound (nested KVM hangs guests on
 * some hosts), QEMU is killed and started again under TCG.
 */
public final class TestVm implements AutoCloseable {
    /** Prefix of QEMU's own stderr lines in the console log. */
    static final String QEMU_TAG = "qemu: ";

    /** How a VM ended. */
    public enum End { EXITED, TIMED_OUT, RUNNING }

    private GuestImage image;
    private Path results;
    private Path consoleLog;
    private Accel accel = Accel.AUTO;
    private Map<String, String> kernelParams = Map.of();
    private int memoryMiB = 2048;
    /** vCPUs: the JVM's compiler threads overlap its main thread; more would only share the host's cores. */
    private static final int CPUS = 2;
    private Duration timeout = Duration.ofMinutes(10);
    private Duration liveness = Duration.ofSeconds(10);
    private Path kvmDevice = Path.of("/dev/kvm");
    private Path qemuBinary;
    private final List<Consumer<String>> consumers = new ArrayList<>();

    private final Object lock = new Object();
    private final Map<String, Long> markerSeenNanos = new HashMap<>();
    private long guestLines;
    private DefaultExecutor executor;
    private DefaultExecuteResultHandler handler;
    private BufferedWriter console;
    private QemuCommand command;
    private boolean started;
    private boolean closed;

    public TestVm withImage(GuestImage i) {
        checkNotStarted();
        image = i;
        return this;
    }

    /** The results directory, shared read-write at the same path in the guest. */
    public TestVm withResults(Path dir) {
        checkNotStarted();
        results = dir;
        return this;
    }

    public TestVm withConsoleLog(Path file) {
        checkNotStarted();
        consoleLog = file;
        return this;
    }

    public TestVm withAccel(Accel a) {
        checkNotStarted();
        accel = a;
        return this;
    }

    public TestVm withKernelParams(Map<String, String> params) {
        checkNotStarted();
        kernelParams = Map.copyOf(params);
        return this;
    }

    public TestVm withMemory(int mib) {
        checkNotStarted();
        memoryMiB = mib;
        return this;
    }

    public TestVm withTimeout(Duration d) {
        checkNotStarted();
        timeout = d;
        return this;
    }

    /** How long KVM gets to print its first console line before TCG is tried. */
    public TestVm withLivenessBound(Duration d, Path kvmDev) {
        checkNotStarted();
        liveness = d;
        kvmDevice = kvmDev;
        return this;
    }

    /** A QEMU binary other than qemu-system-x86_64 on PATH (a build of your own). */
    public TestVm withQemuBinary(Path binary) {
        checkNotStarted();
        qemuBinary = binary;
        return this;
    }

    /** Receives every console line (can be used multiple times). */
    public TestVm withConsoleConsumer(Consumer<String> c) {
        checkNotStarted();
        consumers.add(c);
        return this;
    }

    /** The command line QEMU is (or would be) started with. */
    public QemuCommand command(Accel a) {
        return new QemuCommand(image.kernel(), image.initrd(), results, a, memoryMiB, CPUS, kernelParams);
    }

    public void start() throws IOException {
        checkNotStarted();
        started = true;
        console = Files.newBufferedWriter(consoleLog, StandardCharsets.UTF_8);
        if (accel == Accel.TCG || (accel == Accel.AUTO && !Accel.kvmUsable(kvmDevice))) {
            launch(Accel.TCG);
            return;
        }
        launch(Accel.KVM);
        if (accel == Accel.KVM || showsLife()) {
            return;
        }
        line("migtest: no console output under KVM within " + liveness.toSeconds() + " s; retrying under TCG");
        destroy();
        launch(Accel.TCG);
    }

    private boolean showsLife() {
        long deadline = System.nanoTime() + liveness.toNanos();
        synchronized (lock) {
            while (guestLines == 0 && !handler.hasResult() && System.nanoTime() < deadline) {
                waitOn(deadline);
            }
            return guestLines > 0;
        }
    }

    private void launch(Accel a) throws IOException {
        command = command(a);
        List<String> argv = command.argv();
        Path qemu = qemuBinary != null ? qemuBinary : HostCommand.which(argv.get(0));
        if (qemu == null || !java.nio.file.Files.isExecutable(qemu)) {
            throw new IOException(argv.get(0) + " not found: apt-get install -y qemu-system-x86");
        }
        CommandLine cmd = new CommandLine(qemu.toString());
        argv.subList(1, argv.size()).forEach(s -> cmd.addArgument(s, false));
        executor = DefaultExecutor.builder().get();
        executor.setExitValues(null);
        executor.setWatchdog(ExecuteWatchdog.builder().setTimeout(timeout).get());
        executor.setProcessDestroyer(new ShutdownHookProcessDestroyer());
        executor.setStreamHandler(new PumpStreamHandler(HostCommand.lines(this::guestLine),
                HostCommand.lines(l -> line(QEMU_TAG + l)), null));
        handler = new DefaultExecuteResultHandler() {
            @Override
            public void onProcessComplete(int exitValue) {
                super.onProcessComplete(exitValue);
                wake();
            }

            @Override
            public void onProcessFailed(org.apache.commons.exec.ExecuteException e) {
                super.onProcessFailed(e);
                wake();
            }
        };
        executor.execute(cmd, handler);
    }

    /** A line of the guest's serial console (QEMU's stdout): a sign of life. */
    private void guestLine(String l) {
        synchronized (lock) {
            guestLines++;
        }
        line(l);
    }

    private void line(String l) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            try {
                console.write(l);
                console.write('\n');
                console.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (String m : List.of(GuestContract.READY, GuestContract.FIRST_TEST)) {
                if (l.contains(m)) {
                    markerSeenNanos.putIfAbsent(m, System.nanoTime());
                }
            }
            lock.notifyAll();
        }
        consumers.forEach(c -> c.accept(l));
    }

    private void wake() {
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    private void waitOn(long deadlineNanos) {
        long ms = Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000);
        try {
            lock.wait(Math.min(ms, 200));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Waits until {@code marker} appears on the console or the VM ends; true if it appeared. */
    public boolean awaitMarker(String marker) {
        synchronized (lock) {
            while (!markerSeenNanos.containsKey(marker) && !handler.hasResult()) {
                waitOn(Long.MAX_VALUE);
            }
            return markerSeenNanos.containsKey(marker);
        }
    }

    /** The {@link System#nanoTime()} at which the marker first appeared, or -1. */
    public long markerNanoTime(String marker) {
        synchronized (lock) {
            return markerSeenNanos.getOrDefault(marker, -1L);
        }
    }

    /** Waits for QEMU to end (the watchdog ends it at the timeout). */
    public End awaitEnd() {
        try {
            handler.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return End.RUNNING;
        }
        return executor.getWatchdog().killedProcess() ? End.TIMED_OUT : End.EXITED;
    }

    public Accel accel() {
        return command == null ? accel : command.accel();
    }

    public QemuCommand command() {
        return command;
    }

    private void destroy() {
        if (executor != null && handler != null && !handler.hasResult()) {
            executor.getWatchdog().destroyProcess();
            try {
                handler.waitFor(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Kills QEMU if it still runs and closes the console log. */
    @Override
    public void close() throws IOException {
        destroy();
        if (console != null) {
            synchronized (lock) {
                closed = true;
                console.close();
            }
        }
    }

    private void checkNotStarted() {
        if (started) {
            throw new IllegalStateException("TestVm is configured before start()");
        }
    }
}
