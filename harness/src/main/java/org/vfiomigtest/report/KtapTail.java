package org.vfiomigtest.report;

import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Copies the complete lines the guest appends to ktap.txt (on the shared
 * results directory) to stdout while the VM runs, so KTAP appears live.
 */
public final class KtapTail implements AutoCloseable {
    private final Path file;
    private final PrintStream out;
    private final Thread thread;
    private volatile boolean stopping;
    private long offset;
    private final StringBuilder partial = new StringBuilder();

    public KtapTail(Path file, PrintStream out) {
        this.file = file;
        this.out = out;
        this.thread = new Thread(this::loop, "ktap-tail");
        this.thread.setDaemon(true);
    }

    public KtapTail start() {
        thread.start();
        return this;
    }

    private void loop() {
        while (!stopping) {
            poll();
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private synchronized void poll() {
        if (!Files.isRegularFile(file)) {
            return;
        }
        try (var raf = new RandomAccessFile(file.toFile(), "r")) {
            long len = raf.length();
            if (len <= offset) {
                return;
            }
            byte[] buf = new byte[(int) (len - offset)];
            raf.seek(offset);
            raf.readFully(buf);
            offset = len;
            partial.append(new String(buf, StandardCharsets.UTF_8));
            int nl;
            while ((nl = partial.indexOf("\n")) >= 0) {
                out.println(partial.substring(0, nl));
                partial.delete(0, nl + 1);
            }
            out.flush();
        } catch (IOException e) {
            // the guest may be mid-write; the next poll reads on
        }
    }

    /** Stops polling and prints what is left. */
    @Override
    public void close() {
        stopping = true;
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        poll();
        if (partial.length() > 0) {
            out.println(partial);
            partial.setLength(0);
        }
    }
}
