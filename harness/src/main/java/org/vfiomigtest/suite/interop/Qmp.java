package org.vfiomigtest.suite.interop;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * A QMP client (QEMU Machine Protocol, docs/interop/qmp-spec.txt in QEMU 7.2): one JSON object
 * per line over {@code -qmp unix:PATH,server=on,wait=off}. It reads the greeting, negotiates
 * with {@code qmp_capabilities}, then runs one command at a time; asynchronous events that
 * arrive meanwhile are kept in {@link #events()}.
 */
final class Qmp implements AutoCloseable {
    /** A command answered with {@code {"error": {"class", "desc"}}}. */
    static final class QmpException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        QmpException(String command, Map<String, Object> error) {
            super("QMP " + command + " failed: " + error.get("class") + ": " + error.get("desc"));
        }
    }

    private final LineSocket socket;
    private final Duration answerTimeout;
    private final List<Map<String, Object>> events = new ArrayList<>();

    private Qmp(LineSocket socket, Duration answerTimeout) {
        this.socket = socket;
        this.answerTimeout = answerTimeout;
    }

    /** Connects (see {@link LineSocket#connect}) and leaves capabilities negotiation mode. */
    static Qmp connect(Path path, Duration connectTimeout, Duration answerTimeout, BooleanSupplier alive) {
        Qmp q = new Qmp(LineSocket.connect(path, connectTimeout, alive), answerTimeout);
        try {
            Map<String, Object> greeting = Json.object(Json.parse(q.socket.next(answerTimeout)), "QMP greeting");
            if (!greeting.containsKey("QMP")) {
                throw new IllegalStateException("not a QMP greeting on " + path + ": " + greeting);
            }
            q.execute("qmp_capabilities");
            return q;
        } catch (RuntimeException e) {
            q.close();
            throw e;
        }
    }

    /** Runs {@code command} without arguments; its {@code return} value. */
    Object execute(String command) {
        return execute(command, null);
    }

    /**
     * Runs {@code command} with {@code arguments} (a JSON object text, or null) and returns its
     * {@code return} value; throws {@link QmpException} on an {@code error} answer.
     */
    Object execute(String command, String arguments) {
        socket.send("{\"execute\": " + Json.quote(command)
                + (arguments == null ? "" : ", \"arguments\": " + arguments) + "}");
        while (true) {
            Map<String, Object> msg = Json.object(Json.parse(socket.next(answerTimeout)), "QMP message");
            if (msg.containsKey("event")) {
                synchronized (events) {
                    events.add(msg);
                }
            } else if (msg.containsKey("return")) {
                return msg.get("return");
            } else if (msg.containsKey("error")) {
                throw new QmpException(command, Json.object(msg.get("error"), "QMP error"));
            } else {
                throw new IllegalStateException("unexpected QMP message after " + command + ": " + msg);
            }
        }
    }

    /** {@code query-status}: the run state ("running", "paused", "postmigrate", "inmigrate", ...). */
    String status() {
        return String.valueOf(Json.object(execute("query-status"), "query-status").get("status"));
    }

    /** {@code query-migrate}: the whole answer (status, ram, error-desc, ...). */
    Map<String, Object> migrationInfo() {
        return Json.object(execute("query-migrate"), "query-migrate");
    }

    /** The events received so far. */
    List<Map<String, Object>> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
