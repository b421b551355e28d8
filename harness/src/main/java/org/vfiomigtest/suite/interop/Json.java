package org.vfiomigtest.suite.interop;

import java.util.List;
import java.util.Map;

/**
 * JSON for QMP: parsing is {@link org.vfiomigtest.report.Json#read} (objects become maps,
 * arrays lists, integers {@code Long}, or {@code BigInteger} past its range: QMP addresses are
 * unsigned 64-bit); here only the accessors QMP's answers need, and quoting.
 */
final class Json {
    private Json() {
    }

    /** Parses one JSON document. */
    static Object parse(String text) {
        return org.vfiomigtest.report.Json.read(text);
    }

    /** A JSON integer as the 64 bits QMP means (an unsigned value above Long.MAX_VALUE wraps, as in C). */
    static long asLong(Object o) {
        if (o instanceof Number n) {
            return n.longValue();
        }
        throw new IllegalArgumentException("not a JSON number: " + o);
    }

    /** {@code o} as an object; fails naming {@code what} if it is something else. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Object o, String what) {
        if (o instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw new IllegalArgumentException(what + " is not a JSON object: " + o);
    }

    /** {@code o} as an array; fails naming {@code what} if it is something else. */
    @SuppressWarnings("unchecked")
    static List<Object> array(Object o, String what) {
        if (o instanceof List<?> l) {
            return (List<Object>) l;
        }
        throw new IllegalArgumentException(what + " is not a JSON array: " + o);
    }

    /** Quotes {@code text} as a JSON string. */
    static String quote(String text) {
        return org.vfiomigtest.report.Json.write(text);
    }
}
