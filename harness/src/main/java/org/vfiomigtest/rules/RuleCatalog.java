package org.vfiomigtest.rules;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rule catalog: every normative statement of {@code migration-region-spec.h.txt}, read from
 * the resource {@value #RESOURCE} (format documented at its top and in docs/rules.md).
 * {@link #load()} parses the bundled catalog once; {@link #parse} reads any text, for tests.
 */
public final class RuleCatalog {

    /** The bundled catalog, on the classpath. */
    public static final String RESOURCE = "/org/vfiomigtest/rules/rules.txt";

    /** Area prefixes in catalog order, with what they cover. An id with another prefix is an error. */
    public static final Map<String, String> AREAS = areas();

    private static RuleCatalog bundled;

    private final List<Rule> rules;
    private final Map<String, Rule> byId;

    private RuleCatalog(List<Rule> rules) {
        this.rules = List.copyOf(rules);
        var m = new LinkedHashMap<String, Rule>();
        for (Rule r : rules) {
            m.put(r.id(), r);
        }
        this.byId = Collections.unmodifiableMap(m);
    }

    private static Map<String, String> areas() {
        var m = new LinkedHashMap<String, String>();
        m.put("REG", "region layout");
        m.put("ACC", "field access width and alignment");
        m.put("DS", "device_state bitfield");
        m.put("RUN", "bit 0, RUNNING");
        m.put("SAV", "bit 1, SAVING");
        m.put("RES", "bit 2, RESUMING");
        m.put("NDMA", "bit 3, NDMA");
        m.put("RSV", "reserved bits and reserved field");
        m.put("PB", "pending_bytes");
        m.put("DO", "data_offset");
        m.put("DSZ", "data_size");
        m.put("MMAP", "sparse mmap of the data section");
        m.put("PS", "SAVING protocol a)-e)");
        m.put("PR", "RESUMING protocol a)-d)");
        m.put("ERR", "error reporting and the ERROR state");
        m.put("RST", "VFIO_DEVICE_RESET");
        m.put("SEG", "migration data segments");
        return Collections.unmodifiableMap(m);
    }

    /** The bundled catalog, parsed on first use. */
    public static synchronized RuleCatalog load() {
        if (bundled == null) {
            try (InputStream in = RuleCatalog.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("rule catalog " + RESOURCE + " is not on the classpath");
                }
                var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                bundled = parse("rules.txt", reader.lines().toList());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read rule catalog " + RESOURCE, e);
            }
        }
        return bundled;
    }

    /**
     * Parses catalog lines; {@code source} names them in error messages ({@code rules.txt:12: ...}).
     *
     * @throws FormatException on the first malformed line, naming its number
     */
    public static RuleCatalog parse(String source, List<String> lines) {
        var rules = new ArrayList<Rule>();
        var firstLine = new HashMap<String, Integer>();
        for (int i = 0; i < lines.size(); i++) {
            int lineNo = i + 1;
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\\|", 5);
            if (f.length != 5) {
                throw new FormatException(source, lineNo, "expected 5 fields 'ID | kind | side | summary | quote', found "
                        + f.length + " in '" + line + "'");
            }
            for (int j = 0; j < f.length; j++) {
                f[j] = f[j].strip();
            }
            String id = f[0];
            if (!Rule.ID.matcher(id).matches()) {
                throw new FormatException(source, lineNo, "id '" + id + "' is not AREA-NN (e.g. DS-03)");
            }
            if (!AREAS.containsKey(Rule.prefixOf(id))) {
                throw new FormatException(source, lineNo, "id " + id + " has unknown area prefix '"
                        + Rule.prefixOf(id) + "', expected one of " + AREAS.keySet());
            }
            Rule.Kind kind = Rule.Kind.of(f[1]);
            if (kind == null) {
                throw new FormatException(source, lineNo, id + ": kind '" + f[1] + "' is not one of must, must-not, should, may");
            }
            Rule.Side side = Rule.Side.of(f[2]);
            if (side == null) {
                throw new FormatException(source, lineNo, id + ": side '" + f[2] + "' is not driver or user");
            }
            if (f[3].isEmpty()) {
                throw new FormatException(source, lineNo, id + ": summary is empty");
            }
            if (f[4].isEmpty()) {
                throw new FormatException(source, lineNo, id + ": quote is empty");
            }
            Integer earlier = firstLine.putIfAbsent(id, lineNo);
            if (earlier != null) {
                throw new FormatException(source, lineNo, "duplicate id " + id + " (first at line " + earlier + ")");
            }
            rules.add(new Rule(id, kind, side, f[3], f[4]));
        }
        return new RuleCatalog(rules);
    }

    /** Every rule, in catalog order. */
    public List<Rule> all() {
        return rules;
    }

    /** The number of rules. */
    public int size() {
        return rules.size();
    }

    /** Whether {@code id} names a rule. */
    public boolean contains(String id) {
        return byId.containsKey(id);
    }

    /** The rule {@code id}, if any. */
    public Optional<Rule> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /**
     * The rule {@code id}.
     *
     * @throws IllegalArgumentException if no rule has that id
     */
    public Rule get(String id) {
        Rule r = byId.get(id);
        if (r == null) {
            throw new IllegalArgumentException("unknown rule id '" + id + "': not in the rule catalog " + RESOURCE);
        }
        return r;
    }

    /** A malformed catalog line; the message starts with {@code source:line:}. */
    public static final class FormatException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final int line;

        FormatException(String source, int line, String message) {
            super(source + ":" + line + ": " + message);
            this.line = line;
        }

        /** The 1-based number of the offending line. */
        public int line() {
            return line;
        }
    }
}
