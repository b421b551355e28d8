package org.vfiomigtest.scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vfiomigtest.migration.DataPath;
import org.vfiomigtest.migration.DeviceState;
import org.vfiomigtest.scenario.Expect.Activity;
import org.vfiomigtest.scenario.Expect.Outcome;
import org.vfiomigtest.scenario.Expect.States;
import org.vfiomigtest.scenario.Expect.Value;
import org.vfiomigtest.scenario.Step.Space;
import org.vfiomigtest.scenario.Step.Target;

/**
 * Writes a scenario as YAML in the documented schema, one flow-style line per step, so that
 * {@link ScenarioFile#parse} reads back the same steps. The explorer hands its minimal failing
 * sequences back this way; {@code migtest replay} runs the file.
 */
public final class ScenarioWriter {
    private ScenarioWriter() {
    }

    /** {@code sf} as YAML (positions are not kept; comments are lost). */
    public static String write(ScenarioFile sf) {
        return write(sf.name(), sf.description(), sf.rules(), sf.device(), sf.steps(), sf.expect());
    }

    /** A scenario file's text; {@code expect} must hold at least one expectation. */
    public static String write(String name, String description, List<String> rules, DeviceOptions device,
            List<Step> steps, ScenarioFile.Final expect) {
        StringBuilder sb = new StringBuilder();
        sb.append("name: ").append(quote(name)).append('\n');
        if (description != null && !description.isEmpty()) {
            sb.append("description: ").append(quote(description)).append('\n');
        }
        if (!rules.isEmpty()) {
            sb.append("rules: [").append(String.join(", ", rules)).append("]\n");
        }
        device(sb, device);
        sb.append("steps:\n");
        for (Step s : steps) {
            sb.append("  - ").append(step(s)).append('\n');
        }
        sb.append("expect:\n");
        if (expect.state() != null) {
            sb.append("  state: ").append(states(expect.state())).append('\n');
        }
        if (expect.checksum() != null) {
            sb.append("  checksum: ").append(flow(value(expect.checksum(), new LinkedHashMap<>()))).append('\n');
        }
        if (expect.interrupts() != null) {
            sb.append("  interrupts: ").append(flow(value(expect.interrupts(), new LinkedHashMap<>()))).append('\n');
        }
        return sb.toString();
    }

    private static void device(StringBuilder sb, DeviceOptions d) {
        if (d == null || d.equals(DeviceOptions.DEFAULT)) {
            return;
        }
        sb.append("device:\n");
        Map<String, String> caps = new LinkedHashMap<>();
        if (d.ndma() != null) {
            caps.put("ndma", d.ndma().toString());
        }
        if (d.mmap() != null) {
            caps.put("mmap", d.mmap().toString());
        }
        if (d.window() != null) {
            caps.put("window", d.window().toString());
        }
        if (d.memory() != null) {
            caps.put("memory", d.memory().toString());
        }
        if (!caps.isEmpty()) {
            sb.append("  capabilities: ").append(flow(caps)).append('\n');
        }
        if (!d.bugs().isEmpty()) {
            sb.append("  bugs: [").append(String.join(", ", d.bugs())).append("]\n");
        }
        if (!d.injections().isEmpty()) {
            sb.append("  injections:\n");
            for (Injection i : d.injections()) {
                sb.append("    - ").append(injection(i)).append('\n');
            }
        }
        if (d.resumeFailPrior() != null) {
            sb.append("  resume_fail_prior: ").append(d.resumeFailPrior()).append('\n');
        }
        if (d.reopen()) {
            sb.append("  reopen: true\n");
        }
    }

    /** One step, e.g. {@code set: {state: STOP, errno: EIO, then: ERROR}}. */
    public static String step(Step s) {
        Map<String, String> m = new LinkedHashMap<>();
        if (s instanceof Step.SetState x) {
            if (x.outcome().ok() && x.then() == null) {
                return "set: " + state(x.state());
            }
            m.put("state", state(x.state()));
            outcome(m, x.outcome());
            if (x.then() != null) {
                m.put("then", states(x.then()));
            }
        } else if (s instanceof Step.ExpectState x) {
            return "expect_state: " + states(x.states());
        } else if (s instanceof Step.Read x) {
            target(m, x.target());
            if (x.length() != null) {
                m.put("length", x.length());
            } else {
                m.put("width", Integer.toString(x.width()));
            }
            outcome(m, x.outcome());
            value(x.value(), m);
            if (x.as() != null) {
                m.put("as", x.as());
            }
            if (x.outcome().ok() && x.value().isEmpty() && x.as() == null) {
                m.put("ok", "true");
            }
        } else if (s instanceof Step.Write x) {
            target(m, x.target());
            if (x.length() != null) {
                m.put("length", Integer.toString(x.length()));
            } else {
                m.put("width", Integer.toString(x.width()));
            }
            m.put("value", "0x" + Long.toHexString(x.value()));
            outcome(m, x.outcome());
        } else if (s instanceof Step.Save x) {
            m.put("segments", x.segments() == null ? "all" : x.segments().toString());
            m.put("into", x.into());
            piece(m, x.piece(), x.path());
            outcome(m, x.outcome());
            if (x.end() != null) {
                m.put("end", x.end().toString());
            }
        } else if (s instanceof Step.Resume x) {
            m.put("stream", x.stream());
            if (x.from() != 0) {
                m.put("from", Integer.toString(x.from()));
            }
            if (x.count() != null) {
                m.put("count", x.count().toString());
            }
            piece(m, x.piece(), x.path());
            if (x.sizeDelta() != 0) {
                m.put("size_delta", Long.toString(x.sizeDelta()));
            }
            if (x.checkSizes()) {
                m.put("check_sizes", "true");
            }
            outcome(m, x.outcome());
            if (x.at() != null) {
                m.put("at", x.at().toString());
            }
        } else if (s instanceof Step.Corrupt x) {
            m.put("stream", x.stream());
            m.put("segment", segment(x.segment()));
            m.put("byte", Integer.toString(x.at()));
            if (x.reseal()) {
                m.put("reseal", "true");
            }
        } else if (s instanceof Step.Drop x) {
            m.put("stream", x.stream());
            m.put("segment", segment(x.segment()));
        } else if (s instanceof Step.Duplicate x) {
            m.put("stream", x.stream());
            m.put("segment", segment(x.segment()));
        } else if (s instanceof Step.Reorder x) {
            m.put("stream", x.stream());
            m.put("segment", segment(x.segment()));
            m.put("with", segment(x.with()));
        } else if (s instanceof Step.Inject x) {
            return "inject: " + injection(x.injection());
        } else if (s instanceof Step.Bug x) {
            m.put("name", x.name());
            m.put("on", Boolean.toString(x.on()));
        } else if (s instanceof Step.Reset x) {
            if (x.outcome().ok()) {
                return "reset";
            }
            outcome(m, x.outcome());
        } else if (s instanceof Step.Dma x) {
            if (!x.start()) {
                return "dma: stop";
            }
            m.put("period_us", Integer.toString(x.periodUs()));
            m.put("length", Integer.toString(x.length()));
            m.put("irq", Boolean.toString(x.irq()));
        } else if (s instanceof Step.Observe x) {
            m.put("ms", Long.toString(x.window().toMillis()));
            activity(m, "dma", x.dma(), "active", "quiet");
            activity(m, "irqs", x.irqs(), "active", "quiet");
            activity(m, "counter", x.counter(), "advancing", "frozen");
        } else if (s instanceof Step.Interrupts x) {
            value(x.count(), m);
        } else if (s instanceof Step.Wait x) {
            return "wait: " + x.duration().toMillis() + "ms";
        } else {
            throw new IllegalArgumentException("no YAML form for " + s);
        }
        return s.kind() + ": " + flow(m);
    }

    private static String injection(Injection i) {
        Map<String, String> m = new LinkedHashMap<>();
        String kind;
        if (i instanceof Injection.Transition t) {
            kind = "transition";
            m.put("from", stateOrAny(t.from()));
            m.put("to", stateOrAny(t.to()));
            m.put("errno", errno(t.errno()));
            m.put("land", t.landInError() ? "error" : "prior");
            m.put("count", Integer.toString(t.count()));
        } else if (i instanceof Injection.Field f) {
            kind = "field";
            m.put("name", f.field());
            m.put("access", f.write() ? "write" : "read");
            m.put("errno", errno(f.errno()));
            m.put("count", Integer.toString(f.count()));
        } else if (i instanceof Injection.Resume r) {
            kind = "resume";
            m.put("errno", errno(r.errno()));
            m.put("land", r.landInError() ? "error" : "prior");
        } else if (i instanceof Injection.Delay d) {
            kind = "delay";
            m.put("from", stateOrAny(d.from()));
            m.put("to", stateOrAny(d.to()));
            m.put("ms", Integer.toString(d.millis()));
        } else {
            return "off";
        }
        return "{" + kind + ": " + flow(m) + "}";
    }

    private static void target(Map<String, String> m, Target t) {
        if (t.space() != Space.MIGRATION) {
            m.put("region", t.space().name().toLowerCase(Locale.ROOT));
        }
        if (t.data()) {
            m.put("field", "data");
        } else if (t.field() != null) {
            m.put("field", t.field().cName());
        }
        if (t.offset() != 0 || (!t.data() && t.field() == null)) {
            m.put("offset", t.offset() < 0 ? Long.toString(t.offset()) : "0x" + Long.toHexString(t.offset()));
        }
    }

    private static void piece(Map<String, String> m, int piece, DataPath path) {
        if (piece != Integer.MAX_VALUE) {
            m.put("piece", Integer.toString(piece));
        }
        if (path != DataPath.AUTO) {
            m.put("path", path.name().toLowerCase(Locale.ROOT));
        }
    }

    private static void outcome(Map<String, String> m, Outcome o) {
        if (!o.ok()) {
            m.put("errno", o.errno() == null ? "any" : errno(o.errno()));
        }
    }

    private static String errno(ErrnoName e) {
        return e.name().startsWith("errno ") ? Integer.toString(e.number()) : e.name();
    }

    private static Map<String, String> value(Value v, Map<String, String> m) {
        if (v.value() != null) {
            m.put("value", v.value());
        }
        if (v.zero() != null) {
            m.put(v.zero() ? "zero" : "nonzero", "true");
        }
        if (v.min() != null) {
            m.put("min", v.min());
        }
        if (v.max() != null) {
            m.put("max", v.max());
        }
        return m;
    }

    private static void activity(Map<String, String> m, String key, Activity a, String active, String quiet) {
        if (a != Activity.ANY) {
            m.put(key, a == Activity.ACTIVE ? active : quiet);
        }
    }

    private static String segment(SegmentRef r) {
        if (r.index() != null) {
            return r.index().toString();
        }
        return (r.last() ? "last " : "first ") + SegmentRef.TYPES.get(r.type() - 1);
    }

    private static String state(DeviceState s) {
        return s.reservedBits() != 0 ? "0x" + Integer.toHexString(s.raw()) : s.name();
    }

    private static String stateOrAny(DeviceState s) {
        return s == null ? "any" : state(s);
    }

    private static String states(States s) {
        if (s.any().size() == 1) {
            return state(s.any().get(0));
        }
        List<String> l = new ArrayList<>();
        for (DeviceState d : s.any()) {
            l.add(state(d));
        }
        return "[" + String.join(", ", l) + "]";
    }

    private static String flow(Map<String, String> m) {
        List<String> l = new ArrayList<>();
        m.forEach((k, v) -> l.add(k + ": " + v));
        return "{" + String.join(", ", l) + "}";
    }

    /** A double-quoted YAML scalar. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                default -> sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
