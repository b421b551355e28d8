package org.vfiomigtest.suite.interop;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A line-oriented client of a QEMU server socket ({@code -qmp unix:PATH,server=on} or
 * {@code -qtest unix:PATH,server=on}): lines out, lines in, every read bounded. A daemon thread
 * reads the socket into a queue, so a QEMU that stops answering costs a timeout, never a hang.
 */
final class LineSocket implements AutoCloseable {
    /** Queued when the peer closes the connection. */
    private static final String EOF = new String("<eof>");

    private final Path path;
    private final SocketChannel channel;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    /** Why the reader stopped, if not at a clean end of stream. */
    private volatile IOException readError;

    private LineSocket(Path path, SocketChannel channel) {
        this.path = path;
        this.channel = channel;
        Thread reader = new Thread(this::readLoop, "interop-reader " + path.getFileName());
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Connects to the server socket at {@code path}, retrying every 100 ms while it does not exist
     * or refuses, for at most {@code timeout}; gives up early when {@code alive} turns false (the
     * QEMU that should listen there has exited).
     */
    static LineSocket connect(Path path, Duration timeout, BooleanSupplier alive) {
        long deadline = System.nanoTime() + timeout.toNanos();
        IOException last = null;
        while (System.nanoTime() < deadline) {
            if (Files.exists(path)) {
                SocketChannel ch = null;
                try {
                    ch = SocketChannel.open(StandardProtocolFamily.UNIX);
                    ch.connect(UnixDomainSocketAddress.of(path));
                    return new LineSocket(path, ch);
                } catch (IOException e) {
                    last = e;
                    if (ch != null) {
                        try {
                            ch.close();
                        } catch (IOException closeError) {
                            e.addSuppressed(closeError);
                        }
                    }
                }
            }
            if (!alive.getAsBoolean()) {
                throw new IllegalStateException("QEMU exited before it listened on " + path);
            }
            Waits.sleep(Duration.ofMillis(100));
        }
        throw new IllegalStateException("no QEMU server socket at " + path + " after " + timeout.toSeconds()
                + " s" + (last == null ? "" : ": " + last), last);
    }

    /** Sends one line (a newline is appended). */
    void send(String line) {
        ByteBuffer buf = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
        try {
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot send to " + path, e);
        }
    }

    /** The next line, waiting at most {@code timeout}; fails on timeout and at end of stream. */
    String next(Duration timeout) {
        String line;
        try {
            line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading " + path, e);
        }
        if (line == null) {
            throw new IllegalStateException("no answer on " + path + " within " + timeout.toSeconds() + " s");
        }
        if (line == EOF) {
            lines.add(EOF);
            throw new IllegalStateException("QEMU closed " + path
                    + (readError == null ? "" : " (" + readError + ")"), readError);
        }
        return line;
    }

    private void readLoop() {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8), 1 << 20)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.add(line);
            }
        } catch (IOException e) {
            readError = e;
        } finally {
            lines.add(EOF);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + path, e);
        }
    }
}
