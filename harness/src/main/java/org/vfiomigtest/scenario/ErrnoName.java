package org.vfiomigtest.scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vfiomigtest.sys.Errno;

/**
 * An errno a scenario names: every {@link Errno} constant, plus the ones the sample driver
 * returns that {@link Errno} does not list yet ({@code EPROTO}, {@code EBADMSG} is listed).
 * Numbers are x86-64 Linux ({@code include/uapi/asm-generic/errno.h}).
 */
public record ErrnoName(String name, int number) {
    /** Names missing from {@link Errno}, x86-64 numbers. */
    private static final Map<String, Integer> EXTRA = Map.of("EPROTO", 71, "ENOTSUP", 95, "ENOSPC", 28,
            "ENOBUFS", 105, "EMSGSIZE", 90);
    private static final Map<String, Integer> ALL = new LinkedHashMap<>();

    static {
        for (Errno e : Errno.values()) {
            if (e != Errno.UNKNOWN) {
                ALL.put(e.name(), e.number());
            }
        }
        EXTRA.forEach(ALL::putIfAbsent);
    }

    /** A name ({@code EPROTO}, any case) or a positive number; null if neither. */
    static ErrnoName parse(String text) {
        String t = text.strip().toUpperCase(Locale.ROOT);
        Integer n = ALL.get(t);
        if (n != null) {
            return new ErrnoName(t, n);
        }
        Long num = YamlNode.parseNumber(t);
        if (num != null && num > 0 && num < 4096) {
            return new ErrnoName(describe(num.intValue()), num.intValue());
        }
        return null;
    }

    static List<String> names() {
        return new ArrayList<>(ALL.keySet());
    }

    /** The errno {@code number}, named as {@link #describe} names it. */
    public static ErrnoName of(int number) {
        return new ErrnoName(describe(number), number);
    }

    /** "EPROTO", or "errno 300" for a number without a name here. */
    public static String describe(int number) {
        for (Map.Entry<String, Integer> e : ALL.entrySet()) {
            if (e.getValue() == number) {
                return e.getKey();
            }
        }
        return "errno " + number;
    }

    @Override
    public String toString() {
        return name;
    }
}
