package org.vfiomigtest.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.NodeType;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * One node of a composed YAML document (snakeyaml-engine's node graph, which keeps line and
 * column marks) with typed accessors that fail as {@code FILE:LINE:COLUMN: problem}. Scalars are
 * typed here, not by a YAML schema: {@code 0x3} is a number, {@code RUNNING|SAVING} a string.
 */
final class YamlNode {
    private final String file;
    private final Node node;

    private YamlNode(String file, Node node) {
        this.file = file;
        this.node = node;
    }

    /** Composes the single document of {@code text}; {@code file} names it in errors. */
    static YamlNode compose(String file, String text) {
        LoadSettings settings = LoadSettings.builder().setLabel(file).setAllowDuplicateKeys(true).build();
        try {
            Optional<Node> root = new Compose(settings).composeString(text);
            if (root.isEmpty()) {
                throw new ScenarioException(new Where(file, 1, 1), "the file is empty; a scenario is a mapping "
                        + "with name:, steps: and expect:");
            }
            return new YamlNode(file, root.get());
        } catch (MarkedYamlEngineException e) {
            Where w = e.getProblemMark().or(e::getContextMark).map(m -> where(file, m)).orElse(new Where(file, 1, 1));
            String problem = e.getProblem() == null ? e.getMessage() : e.getProblem();
            String context = e.getContext() == null ? "" : e.getContext() + ": ";
            throw new ScenarioException(w, "YAML syntax: " + context + problem.strip(), e);
        } catch (YamlEngineException e) {
            throw new ScenarioException(new Where(file, 1, 1), "YAML: " + e.getMessage(), e);
        }
    }

    private static Where where(String file, Mark m) {
        return new Where(file, m.getLine() + 1, m.getColumn() + 1);
    }

    Where where() {
        return node.getStartMark().map(m -> where(file, m)).orElse(new Where(file, 1, 1));
    }

    ScenarioException error(String problem) {
        return new ScenarioException(where(), problem);
    }

    boolean isScalar() {
        return node.getNodeType() == NodeType.SCALAR;
    }

    boolean isMapping() {
        return node.getNodeType() == NodeType.MAPPING;
    }

    boolean isSequence() {
        return node.getNodeType() == NodeType.SEQUENCE;
    }

    /** An empty plain scalar or {@code ~}/{@code null}: the value of {@code reset:}. */
    boolean isNull() {
        return isScalar() && node.getTag().equals(Tag.NULL);
    }

    private String kind() {
        return switch (node.getNodeType()) {
            case SCALAR -> isNull() ? "nothing" : "'" + ((ScalarNode) node).getValue() + "'";
            case MAPPING -> "a mapping";
            case SEQUENCE -> "a list";
            default -> "a " + node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }

    /* ---- scalars ---- */

    /** The text of a scalar. */
    String text(String what) {
        if (!isScalar() || isNull()) {
            throw error(what + ": expected a single value, got " + kind());
        }
        return ((ScalarNode) node).getValue();
    }

    /** One of {@code choices} (case-insensitive), returned lower-case. */
    String choice(String what, Collection<String> choices) {
        String t = text(what).strip().toLowerCase(Locale.ROOT);
        if (!choices.contains(t)) {
            throw error(what + ": expected one of " + String.join(", ", choices) + ", got '" + text(what) + "'"
                    + suggestion(t, choices));
        }
        return t;
    }

    boolean bool(String what) {
        String t = text(what).strip().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw error(what + ": expected true or false, got '" + text(what) + "'");
        };
    }

    /**
     * A signed 64-bit number: decimal, {@code 0x} hex, or with a {@code K}/{@code M} suffix
     * (KiB, MiB). Also used for unsigned register values: 0xffffffffffffffff is -1.
     */
    long number(String what) {
        Long v = parseNumber(text(what));
        if (v == null) {
            throw error(what + ": expected a number (decimal, 0x hex, or with a K or M suffix), got '"
                    + text(what) + "'");
        }
        return v;
    }

    /** A number in {@code [min, max]}. */
    long number(String what, long min, long max) {
        long v = number(what);
        if (v < min || v > max) {
            throw error(what + ": " + v + " is out of range, expected " + min + " to " + max);
        }
        return v;
    }

    int integer(String what, int min, int max) {
        return (int) number(what, min, max);
    }

    static Long parseNumber(String text) {
        String t = text.strip().replace("_", "");
        boolean neg = t.startsWith("-");
        if (neg || t.startsWith("+")) {
            t = t.substring(1);
        }
        long scale = 1;
        if (t.endsWith("K") || t.endsWith("k")) {
            scale = 1024;
            t = t.substring(0, t.length() - 1);
        } else if (t.endsWith("M")) {
            scale = 1024 * 1024;
            t = t.substring(0, t.length() - 1);
        }
        try {
            long v = t.startsWith("0x") || t.startsWith("0X") ? Long.parseUnsignedLong(t.substring(2), 16)
                    : Long.parseLong(t);
            v *= scale;
            return neg ? -v : v;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** {@code 50ms}, {@code 2s}, or a plain number of milliseconds. */
    Duration duration(String what) {
        String t = text(what).strip().toLowerCase(Locale.ROOT);
        try {
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2).strip()));
            } else if (t.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1).strip()) * 1000));
            }
            return Duration.ofMillis(Long.parseLong(t));
        } catch (NumberFormatException e) {
            throw error(what + ": expected a duration such as 50ms, 2s or a number of milliseconds, got '"
                    + text(what) + "'");
        }
    }

    /* ---- collections ---- */

    /** The items of a list; a single value counts as a list of one when {@code single} allows. */
    List<YamlNode> list(String what, boolean single) {
        if (isSequence()) {
            List<YamlNode> out = new ArrayList<>();
            for (Node n : ((SequenceNode) node).getValue()) {
                out.add(new YamlNode(file, n));
            }
            return out;
        }
        if (single && isScalar() && !isNull()) {
            return List.of(this);
        }
        throw error(what + ": expected a list, got " + kind());
    }

    /** A mapping whose keys must all be in {@code allowed}. */
    Fields fields(String what, Set<String> allowed) {
        if (!isMapping()) {
            throw error(what + ": expected a mapping (key: value lines), got " + kind());
        }
        Map<String, YamlNode> values = new LinkedHashMap<>();
        Map<String, YamlNode> keys = new LinkedHashMap<>();
        for (NodeTuple t : ((MappingNode) node).getValue()) {
            YamlNode k = new YamlNode(file, t.getKeyNode());
            String name = k.text("a key in " + what);
            if (!allowed.contains(name)) {
                throw k.error("unknown key '" + name + "' in " + what + "; expected one of "
                        + String.join(", ", allowed) + suggestion(name, allowed));
            }
            if (values.containsKey(name)) {
                throw k.error("duplicate key '" + name + "' in " + what + " (first at line "
                        + keys.get(name).where().line() + ")");
            }
            values.put(name, new YamlNode(file, t.getValueNode()));
            keys.put(name, k);
        }
        return new Fields(this, what, values, keys);
    }

    /** The single key of a one-entry mapping (a step: {@code - set: RUNNING}). */
    Map.Entry<YamlNode, YamlNode> singleEntry(String what) {
        if (!isMapping() || ((MappingNode) node).getValue().size() != 1) {
            throw error(what + ": expected one 'kind: arguments' entry, got " + (isMapping()
                    ? ((MappingNode) node).getValue().size() + " keys (is a '- ' missing, or the indentation off?)"
                    : kind()));
        }
        NodeTuple t = ((MappingNode) node).getValue().get(0);
        return Map.entry(new YamlNode(file, t.getKeyNode()), new YamlNode(file, t.getValueNode()));
    }

    /** " (did you mean 'x'?)" for a choice within edit distance 2, else "". */
    static String suggestion(String got, Collection<String> choices) {
        String best = null;
        int bestD = 3;
        for (String c : choices) {
            int d = distance(got.toLowerCase(Locale.ROOT), c.toLowerCase(Locale.ROOT));
            if (d < bestD) {
                bestD = d;
                best = c;
            }
        }
        return best == null ? "" : " (did you mean '" + best + "'?)";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** The checked entries of one mapping. */
    static final class Fields {
        private final YamlNode owner;
        private final String what;
        private final Map<String, YamlNode> values;
        private final Map<String, YamlNode> keys;

        private Fields(YamlNode owner, String what, Map<String, YamlNode> values, Map<String, YamlNode> keys) {
            this.owner = owner;
            this.what = what;
            this.values = values;
            this.keys = keys;
        }

        Optional<YamlNode> get(String key) {
            return Optional.ofNullable(values.get(key));
        }

        boolean has(String key) {
            return values.containsKey(key);
        }

        YamlNode require(String key, String hint) {
            YamlNode v = values.get(key);
            if (v == null) {
                throw owner.error(what + " lacks '" + key + "'" + (hint.isEmpty() ? "" : ": " + hint));
            }
            return v;
        }

        /** Where the key itself is written (for errors about the entry as a whole). */
        YamlNode key(String key) {
            return keys.get(key);
        }

        YamlNode owner() {
            return owner;
        }

        Set<String> present() {
            return values.keySet();
        }
    }
}
