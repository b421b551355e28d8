package org.vfiomigtest.guest;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The guest kernel's log as it is written: a daemon thread reads
 * /dev/kmsg (one record per read) into memory, so a test can take the lines
 * logged while it ran. Records look like "6,1234,5678901,-;message".
 */
final class KernelLog {
    private static KernelLog instance;
    private final List<String> lines = new ArrayList<>();

    private KernelLog() {
    }

    /** The reader, started on first use; null where /dev/kmsg cannot be read. */
    static synchronized KernelLog get() {
        if (instance == null) {
            KernelLog log = new KernelLog();
            InputStream in;
            try {
                in = new FileInputStream("/dev/kmsg");
            } catch (IOException e) {
                return null;
            }
            Thread t = new Thread(() -> log.read(in), "kmsg-reader");
            t.setDaemon(true);
            t.start();
            instance = log;
        }
        return instance;
    }

    private void read(InputStream in) {
        byte[] buf = new byte[8192];
        int errors = 0;
        while (true) {
            int n;
            try {
                n = in.read(buf);
                errors = 0;
            } catch (IOException e) {
                // EPIPE: records were overwritten before we read them; read on, but not forever
                if (++errors > 100) {
                    return;
                }
                continue;
            }
            if (n < 0) {
                return;
            }
            String record = new String(buf, 0, n, StandardCharsets.UTF_8);
            int semi = record.indexOf(';');
            String text = (semi >= 0 ? record.substring(semi + 1) : record).split("\n", 2)[0];
            synchronized (lines) {
                lines.add(text);
            }
        }
    }

    /** A position in the log, for {@link #since}. */
    int mark() {
        synchronized (lines) {
            return lines.size();
        }
    }

    /** The lines logged after {@code mark}. */
    List<String> since(int mark) {
        synchronized (lines) {
            return List.copyOf(lines.subList(Math.min(mark, lines.size()), lines.size()));
        }
    }
}
