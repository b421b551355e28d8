package org.vfiomigtest.scenario;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.vfiomigtest.migration.DataPath;
import org.vfiomigtest.migration.DeviceState;
import org.vfiomigtest.migration.MigrationField;
import org.vfiomigtest.scenario.Expect.Activity;
import org.vfiomigtest.scenario.Expect.Outcome;
import org.vfiomigtest.scenario.Expect.States;
import org.vfiomigtest.scenario.Expect.Value;
import org.vfiomigtest.scenario.Step.Space;
import org.vfiomigtest.scenario.Step.Target;

/**
 * A parsed, checked scenario file (schema: {@code docs/scenarios.md}). Parsing checks everything
 * that can be checked without a device: keys, types, state, errno, field and bug names, that
 * every observing step states its expectation, that streams and {@code $variables} are saved
 * before use, and that the file ends with an {@code expect:} section. Any problem is a
 * {@link ScenarioException} reading {@code FILE:LINE:COLUMN: problem}.
 *
 * @param file        the file as named in messages: a path, or {@code classpath:/...} for a built-in
 * @param uri         the test source: {@code file:} or {@code classpath:} URI, without position
 * @param where       where {@code name:} is written
 * @param name        one line, the dynamic test's name
 * @param description free text
 * @param rules       rule catalog ids the scenario exercises (report labels)
 * @param timeout     bound of the whole run (default 60 s)
 * @param device      the {@code device:} section
 * @param steps       the steps, in order
 * @param expect      the final expectations
 */
public record ScenarioFile(String file, URI uri, Where where, String name, String description, List<String> rules,
        Duration timeout, DeviceOptions device, List<Step> steps, Final expect) {

    /** Where the built-in library lives in migtest.jar. */
    public static final String LIBRARY = "org/vfiomigtest/scenarios/";
    /** Default bound of one scenario. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    /** The {@code expect:} section, checked after the last step. */
    public record Final(Where where, States state, Value checksum, Value interrupts) {
    }

    private static final Set<String> TOP = keys("name", "description", "rules", "timeout", "device", "steps",
            "expect");
    private static final Set<String> DEVICE = keys("capabilities", "bugs", "injections", "resume_fail_prior",
            "reopen");
    private static final Set<String> CAPS = keys("ndma", "mmap", "window", "memory");
    private static final Set<String> FINAL = keys("state", "checksum", "interrupts");
    private static final Set<String> VALUE_KEYS = keys("value", "zero", "nonzero", "min", "max");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern RULE = Pattern.compile("[A-Z]+-[0-9]+");

    /** The step kinds, for messages and the docs. */
    public static final List<String> STEP_KINDS = List.of("set", "expect_state", "read", "write", "save", "resume",
            "corrupt", "drop", "reorder", "duplicate", "inject", "bug", "reset", "dma", "observe", "interrupts",
            "wait");

    private static Set<String> keys(String... k) {
        return new LinkedHashSet<>(Arrays.asList(k));
    }

    /* ---- entry points ---- */

    /** Parses and checks a scenario file; the host calls this before booting anything. */
    public static ScenarioFile parse(Path path) {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ScenarioException(new Where(path.toString(), 1, 1), "cannot read the file: " + e, e);
        }
        return parse(path.toString(), path.toAbsolutePath().toUri(), text);
    }

    /**
     * Parses a built-in scenario, {@code name} relative to {@link #LIBRARY} (e.g.
     * {@code reset-from-error.yaml}); named {@code classpath:/org/vfiomigtest/scenarios/NAME}.
     */
    public static ScenarioFile builtIn(String name) {
        String resource = LIBRARY + name;
        String label = "classpath:/" + resource;
        try (InputStream in = ScenarioFile.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new ScenarioException(new Where(label, 1, 1), "no such built-in scenario");
            }
            return parse(label, URI.create(label), new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + label, e);
        }
    }

    /** Parses {@code text}; {@code file} names it in messages, {@code uri} is the test source. */
    public static ScenarioFile parse(String file, URI uri, String text) {
        return new Parser().file(file, uri, YamlNode.compose(file, text));
    }

    /**
     * The test source of the scenario pointing at {@code line}: {@code classpath:/...?line=N} for
     * a built-in, {@code file:/...?line=N} for a file (JUnit's ClasspathResourceSource and
     * FileSource with a FilePosition).
     */
    public URI sourceAt(int line) {
        try {
            if ("classpath".equals(uri.getScheme())) {
                return new URI("classpath:" + uri.getSchemeSpecificPart() + "?line=" + line);
            }
            return new URI(uri.getScheme(), uri.getAuthority(), uri.getPath(), "line=" + line, null);
        } catch (URISyntaxException e) {
            return uri;
        }
    }

    /** The test source of the scenario as a whole (its {@code name:} line). */
    public URI source() {
        return sourceAt(where.line());
    }

    /* ---- the parser ---- */

    private static final class Parser {
        /** Streams saved so far (by {@code save ... into}). */
        private final Set<String> streams = new HashSet<>();
        /** Variables saved so far (by {@code as:}). */
        private final Set<String> vars = new HashSet<>();

        ScenarioFile file(String file, URI uri, YamlNode root) {
            var top = root.fields("the scenario", TOP);
            YamlNode nameNode = top.require("name", "one line naming the scenario");
            String name = nameNode.text("name").strip();
            String description = top.get("description").map(n -> n.text("description").strip()).orElse("");
            List<String> rules = new ArrayList<>();
            for (YamlNode r : top.get("rules").map(n -> n.list("rules", true)).orElse(List.of())) {
                String id = r.text("a rule id").strip();
                if (!RULE.matcher(id).matches()) {
                    throw r.error("rules: '" + id + "' is not a rule id such as RST-04 (see migtest rules)");
                }
                rules.add(id);
            }
            Duration timeout = top.get("timeout").map(n -> n.duration("timeout")).orElse(DEFAULT_TIMEOUT);
            DeviceOptions device = top.get("device").map(this::device).orElse(DeviceOptions.DEFAULT);
            YamlNode stepsNode = top.require("steps", "a list of steps (" + String.join(", ", STEP_KINDS) + ")");
            List<YamlNode> items = stepsNode.list("steps", false);
            if (items.isEmpty()) {
                throw stepsNode.error("steps: the list is empty");
            }
            List<Step> steps = new ArrayList<>();
            for (YamlNode item : items) {
                steps.add(step(item));
            }
            YamlNode expectNode = top.require("expect", "the final expectations, e.g. 'expect: {state: RUNNING}'");
            Final fin = finalExpect(expectNode);
            return new ScenarioFile(file, uri, nameNode.where(), name, description, List.copyOf(rules), timeout,
                    device, List.copyOf(steps), fin);
        }

        /* ---- device: ---- */

        DeviceOptions device(YamlNode n) {
            var f = n.fields("device", DEVICE);
            Boolean ndma = null;
            Boolean mmap = null;
            Long window = null;
            Long memory = null;
            if (f.has("capabilities")) {
                var c = f.require("capabilities", "").fields("capabilities", CAPS);
                ndma = c.get("ndma").map(v -> v.bool("ndma")).orElse(null);
                mmap = c.get("mmap").map(v -> v.bool("mmap")).orElse(null);
                if (c.has("window")) {
                    YamlNode w = c.require("window", "");
                    window = w.number("window", 8192, 1 << 20);
                    if (window % 4096 != 0) {
                        throw w.error("window: " + window + " is not a multiple of 4096 (kmod/README.md, window_size)");
                    }
                }
                if (c.has("memory")) {
                    YamlNode m = c.require("memory", "");
                    memory = m.number("memory", 4096, 64L << 20);
                    if (Long.bitCount(memory) != 1) {
                        throw m.error("memory: " + memory + " is not a power of 2 (kmod/README.md, mem_size)");
                    }
                }
            }
            List<String> bugs = new ArrayList<>();
            for (YamlNode b : f.get("bugs").map(v -> v.list("bugs", true)).orElse(List.of())) {
                bugs.add(bugName(b));
            }
            List<Injection> injections = new ArrayList<>();
            for (YamlNode i : f.get("injections").map(v -> v.list("injections", false)).orElse(List.of())) {
                Injection inj = injection(i);
                if (inj instanceof Injection.Off) {
                    throw i.error("injections: 'off' has no place here; the device starts with every injection off");
                }
                injections.add(inj);
            }
            Boolean prior = f.get("resume_fail_prior").map(v -> v.bool("resume_fail_prior")).orElse(null);
            boolean reopen = f.get("reopen").map(v -> v.bool("reopen")).orElse(false);
            return new DeviceOptions(ndma, mmap, window, memory, prior, List.copyOf(bugs), List.copyOf(injections),
                    reopen);
        }

        static String bugName(YamlNode b) {
            String name = b.text("a bug switch").strip();
            if (!SampleDriverNames.BUGS.contains(name)) {
                throw b.error("unknown bug switch '" + name + "'" + YamlNode.suggestion(name, SampleDriverNames.BUGS)
                        + "; the switches are listed in kmod/README.md");
            }
            return name;
        }

        Injection injection(YamlNode n) {
            if (n.isScalar()) {
                String t = n.text("an injection").strip().toLowerCase(Locale.ROOT);
                if (t.equals("off")) {
                    return new Injection.Off();
                }
                throw n.error("an injection: expected 'off' or a mapping with one of transition, field, resume, "
                        + "delay; got '" + t + "'");
            }
            var e = n.singleEntry("an injection");
            String kind = e.getKey().choice("injection kind", List.of("transition", "field", "resume", "delay"));
            YamlNode v = e.getValue();
            switch (kind) {
                case "transition" -> {
                    var f = v.fields("the transition injection", keys("from", "to", "errno", "land", "count"));
                    return new Injection.Transition(stateOrAny(f.get("from").orElse(null), "from"),
                            stateOrAny(f.get("to").orElse(null), "to"),
                            specificErrno(f.require("errno", "the errno the write fails with, e.g. EIO")),
                            land(f.get("land").orElse(null)),
                            f.get("count").map(c -> c.integer("count", 0, 1_000_000)).orElse(0));
                }
                case "field" -> {
                    var f = v.fields("the field injection", keys("name", "access", "errno", "count"));
                    return new Injection.Field(
                            f.require("name", "one of " + String.join(", ", SampleDriverNames.FIELDS))
                                    .choice("name", SampleDriverNames.FIELDS),
                            f.require("access", "read or write").choice("access", List.of("read", "write"))
                                    .equals("write"),
                            specificErrno(f.require("errno", "the errno, e.g. EIO")),
                            f.get("count").map(c -> c.integer("count", 0, 1_000_000)).orElse(0));
                }
                case "resume" -> {
                    var f = v.fields("the resume injection", keys("errno", "land"));
                    return new Injection.Resume(specificErrno(f.require("errno", "the errno, e.g. EBADMSG")),
                            land(f.get("land").orElse(null)));
                }
                default -> {
                    var f = v.fields("the delay injection", keys("from", "to", "ms"));
                    return new Injection.Delay(stateOrAny(f.get("from").orElse(null), "from"),
                            stateOrAny(f.get("to").orElse(null), "to"),
                            f.require("ms", "milliseconds, at most 10000").integer("ms", 0, 10000));
                }
            }
        }

        static boolean land(YamlNode n) {
            return n == null || n.choice("land", List.of("error", "prior")).equals("error");
        }

        /* ---- values ---- */

        static DeviceState state(YamlNode n, String what) {
            String t = n.text(what);
            try {
                return DeviceState.parse(t);
            } catch (IllegalArgumentException e) {
                throw n.error(what + ": unknown state '" + t.strip() + "'; expected RUNNING, SAVING, RESUMING, NDMA, "
                        + "STOP, ERROR or a number, joined by |");
            }
        }

        static DeviceState stateOrAny(YamlNode n, String what) {
            if (n == null || n.text(what).strip().equalsIgnoreCase("any")) {
                return null;
            }
            return state(n, what);
        }

        static States states(YamlNode n, String what) {
            List<DeviceState> any = new ArrayList<>();
            for (YamlNode s : n.list(what, true)) {
                any.add(state(s, what));
            }
            if (any.isEmpty()) {
                throw n.error(what + ": the list is empty");
            }
            return new States(List.copyOf(any));
        }

        static ErrnoName errnoName(YamlNode n) {
            String t = n.text("errno").strip();
            ErrnoName e = ErrnoName.parse(t);
            if (e == null) {
                throw n.error("errno: unknown errno '" + t + "'" + YamlNode.suggestion(t.toUpperCase(Locale.ROOT),
                        ErrnoName.names()) + "; expected a name such as EINVAL, EIO, EPROTO or a number");
            }
            return e;
        }

        static ErrnoName specificErrno(YamlNode n) {
            return errnoName(n);
        }

        /** {@code errno:} of an access: a name, a number, {@code any}, or {@code none} (success). */
        static Outcome outcome(YamlNode n) {
            if (n == null) {
                return Outcome.OK;
            }
            String t = n.text("errno").strip().toLowerCase(Locale.ROOT);
            if (t.equals("any")) {
                return Outcome.ANY_ERROR;
            }
            if (t.equals("none")) {
                return Outcome.OK;
            }
            return Outcome.error(errnoName(n));
        }

        String valueText(YamlNode n, String what) {
            String t = n.text(what).strip();
            if (t.startsWith("$")) {
                String var = t.substring(1);
                if (!vars.contains(var)) {
                    throw n.error(what + ": " + t + " is not saved by an earlier step (read ... as: " + var + ")");
                }
                return t;
            }
            n.number(what);
            return t;
        }

        Value value(YamlNode.Fields f) {
            String v = f.get("value").map(n -> valueText(n, "value")).orElse(null);
            Boolean zero = null;
            if (f.has("zero") && f.has("nonzero")) {
                throw f.key("nonzero").error("zero and nonzero together: keep one");
            }
            if (f.has("zero")) {
                zero = f.require("zero", "").bool("zero");
            } else if (f.has("nonzero")) {
                zero = !f.require("nonzero", "").bool("nonzero");
            }
            String min = f.get("min").map(n -> valueText(n, "min")).orElse(null);
            String max = f.get("max").map(n -> valueText(n, "max")).orElse(null);
            return new Value(v, min, max, zero);
        }

        String newVar(YamlNode n) {
            String name = n.text("as").strip();
            if (!NAME.matcher(name).matches()) {
                throw n.error("as: '" + name + "' is not a name (letters, digits, _)");
            }
            vars.add(name);
            return name;
        }

        String usedStream(YamlNode.Fields f, YamlNode at) {
            YamlNode n = f.get("stream").orElse(null);
            return n == null ? knownStream("stream", at) : knownStream(n.text("stream").strip(), n);
        }

        String knownStream(String name, YamlNode at) {
            if (!streams.contains(name)) {
                throw at.error("stream '" + name + "' is not saved by an earlier step (save ... into: " + name + ")"
                        + (streams.isEmpty() ? "" : YamlNode.suggestion(name, streams)));
            }
            return name;
        }

        static SegmentRef segment(YamlNode n, String what) {
            SegmentRef r = SegmentRef.parse(n.text(what));
            if (r == null) {
                throw n.error(what + ": expected a segment index (0 first, -1 last) or HEADER, MEM, REGS, END "
                        + "(optionally 'first' or 'last'), got '" + n.text(what) + "'");
            }
            return r;
        }

        static DataPath path(YamlNode n) {
            return n == null ? DataPath.AUTO
                    : DataPath.valueOf(n.choice("path", List.of("auto", "pread", "mmap")).toUpperCase(Locale.ROOT));
        }

        static int piece(YamlNode n) {
            return n == null ? Integer.MAX_VALUE : n.integer("piece", 1, Integer.MAX_VALUE);
        }

        /* ---- steps ---- */

        Step step(YamlNode item) {
            YamlNode kindNode;
            YamlNode v;
            if (item.isScalar()) {
                kindNode = item;
                v = null;
            } else {
                var e = item.singleEntry("a step");
                kindNode = e.getKey();
                v = e.getValue().isNull() ? null : e.getValue();
            }
            String kind = kindNode.text("a step").strip();
            if (!STEP_KINDS.contains(kind)) {
                throw kindNode.error("unknown step '" + kind + "'" + YamlNode.suggestion(kind, STEP_KINDS)
                        + "; the steps are " + String.join(", ", STEP_KINDS));
            }
            Where w = kindNode.where();
            if (v == null && !List.of("reset", "save", "resume", "dma").contains(kind)) {
                throw kindNode.error(kind + ": needs arguments (see docs/scenarios.md)");
            }
            return switch (kind) {
                case "set" -> set(w, v);
                case "expect_state" -> new Step.ExpectState(w, states(v, "expect_state"));
                case "read" -> read(w, v);
                case "write" -> write(w, v);
                case "save" -> save(w, v);
                case "resume" -> resume(w, v, kindNode);
                case "corrupt" -> {
                    var f = v.fields("the corrupt step", keys("stream", "segment", "byte", "reseal"));
                    yield new Step.Corrupt(w, usedStream(f, v), segment(f.require("segment", "which segment"),
                            "segment"), f.get("byte").map(n -> n.integer("byte", 0, Integer.MAX_VALUE)).orElse(32),
                            f.get("reseal").map(n -> n.bool("reseal")).orElse(false));
                }
                case "drop", "duplicate" -> {
                    YamlNode.Fields f = v.isScalar() ? null : v.fields("the " + kind + " step", keys("stream", "segment"));
                    String stream = f == null ? knownStream("stream", v) : usedStream(f, v);
                    SegmentRef seg = segment(f == null ? v : f.require("segment", "which segment"), "segment");
                    yield kind.equals("drop") ? new Step.Drop(w, stream, seg) : new Step.Duplicate(w, stream, seg);
                }
                case "reorder" -> {
                    var f = v.fields("the reorder step", keys("stream", "segment", "with"));
                    yield new Step.Reorder(w, usedStream(f, v), segment(f.require("segment", "which segment"), "segment"),
                            segment(f.require("with", "the segment to swap it with"), "with"));
                }
                case "inject" -> new Step.Inject(w, injection(v));
                case "bug" -> {
                    if (v.isScalar()) {
                        yield new Step.Bug(w, bugName(v), true);
                    }
                    var f = v.fields("the bug step", keys("name", "on"));
                    yield new Step.Bug(w, bugName(f.require("name", "the switch")),
                            f.get("on").map(n -> n.bool("on")).orElse(true));
                }
                case "reset" -> {
                    if (v == null) {
                        yield new Step.Reset(w, Outcome.OK);
                    }
                    var f = v.fields("the reset step", keys("errno"));
                    yield new Step.Reset(w, outcome(f.get("errno").orElse(null)));
                }
                case "dma" -> dma(w, v);
                case "observe" -> observe(w, v);
                case "interrupts" -> {
                    if (v.isScalar()) {
                        yield new Step.Interrupts(w, new Value(valueText(v, "interrupts"), null, null, null));
                    }
                    var f = v.fields("the interrupts step", VALUE_KEYS);
                    Value val = value(f);
                    if (val.isEmpty()) {
                        throw v.error("interrupts: no expectation; give value, min, max, zero or nonzero");
                    }
                    yield new Step.Interrupts(w, val);
                }
                case "wait" -> new Step.Wait(w, v.duration("wait"));
                default -> throw kindNode.error("unhandled step " + kind);
            };
        }

        Step set(Where w, YamlNode v) {
            if (v.isScalar()) {
                return new Step.SetState(w, state(v, "set"), Outcome.OK, null);
            }
            var f = v.fields("the set step", keys("state", "errno", "then"));
            DeviceState s = state(f.require("state", "the device_state value to write"), "state");
            Outcome o = outcome(f.get("errno").orElse(null));
            States then = f.get("then").map(n -> states(n, "then")).orElse(null);
            return new Step.SetState(w, s, o, then);
        }

        Target target(YamlNode.Fields f, YamlNode at) {
            Space space = f.get("region").map(n -> Space.valueOf(n.choice("region",
                    List.of("migration", "bar0", "bar2", "config")).toUpperCase(Locale.ROOT))).orElse(Space.MIGRATION);
            long offset = f.get("offset").map(n -> n.number("offset")).orElse(0L);
            YamlNode fieldNode = f.get("field").orElse(null);
            if (fieldNode == null) {
                if (!f.has("offset")) {
                    throw at.error("an access needs field: (device_state, reserved, pending_bytes, data_offset, "
                            + "data_size, data) or offset:");
                }
                return new Target(space, null, false, offset);
            }
            if (space != Space.MIGRATION) {
                throw fieldNode.error("field: only in the migration region; use offset: for " + space.label());
            }
            String name = fieldNode.choice("field", SampleDriverNames.FIELDS);
            if (name.equals("data")) {
                return new Target(space, null, true, offset);
            }
            return new Target(space, MigrationField.valueOf(name.toUpperCase(Locale.ROOT)), false, offset);
        }

        static int width(YamlNode.Fields f, Target t) {
            YamlNode n = f.get("width").orElse(null);
            if (n == null) {
                if (t.field() != null) {
                    return t.field().width();
                }
                if (t.data() || t.space() == Space.BAR2) {
                    return 8;
                }
                throw f.owner().error("width: needed for a raw offset (1, 2, 4 or 8)");
            }
            int w = n.integer("width", 1, 8);
            if (Integer.bitCount(w) != 1) {
                throw n.error("width: expected 1, 2, 4 or 8, got " + w);
            }
            return w;
        }

        Step read(Where w, YamlNode v) {
            var f = v.fields("the read step", keys("field", "region", "offset", "width", "length", "errno", "ok",
                    "value", "zero", "nonzero", "min", "max", "as"));
            Target t = target(f, v);
            String length = null;
            if (f.has("length")) {
                YamlNode l = f.require("length", "");
                if (!t.data() && t.space() != Space.BAR2) {
                    throw l.error("length: only for data window and bar2 reads; use width: for registers");
                }
                length = valueText(l, "length");
            }
            int width = width(f, t);
            Outcome o = outcome(f.get("errno").orElse(null));
            boolean ok = f.get("ok").map(n -> n.bool("ok")).orElse(false);
            Value val = value(f);
            if (!o.ok() && (!val.isEmpty() || f.has("as"))) {
                throw f.key("errno").error("errno: a refused read has no value; drop value/zero/nonzero/min/max/as");
            }
            if (length != null && (!val.isEmpty() || f.has("as"))) {
                throw f.key("length").error("length: a bulk read has no value to compare; use width: 1..8");
            }
            String as = f.get("as").map(this::newVar).orElse(null);
            if (o.ok() && val.isEmpty() && as == null && !ok) {
                throw v.error("read of " + t.describe() + " has no expectation: add value, zero, nonzero, min, max, "
                        + "errno, as (saves it) or ok: true");
            }
            return new Step.Read(w, t, width, length, o, val, as);
        }

        Step write(Where w, YamlNode v) {
            var f = v.fields("the write step", keys("field", "region", "offset", "width", "value", "length",
                    "errno"));
            Target t = target(f, v);
            int width = width(f, t);
            long value = f.require("value", "the value to write (the fill byte with length:)").number("value");
            Integer length = null;
            if (f.has("length")) {
                YamlNode l = f.require("length", "");
                if (!t.data() && t.space() != Space.BAR2) {
                    throw l.error("length: only for data window and bar2 writes; use width: for registers");
                }
                length = l.integer("length", 1, 1 << 26);
            }
            return new Step.Write(w, t, width, value, length, outcome(f.get("errno").orElse(null)));
        }

        Step save(Where w, YamlNode v) {
            Integer segments = null;
            String into = "stream";
            int piece = Integer.MAX_VALUE;
            DataPath path = DataPath.AUTO;
            Outcome o = Outcome.OK;
            Boolean end = null;
            if (v != null && v.isScalar()) {
                segments = segmentsCount(v);
            } else if (v != null) {
                var f = v.fields("the save step", keys("segments", "into", "piece", "path", "errno", "end"));
                segments = f.get("segments").map(Parser::segmentsCount).orElse(null);
                if (f.has("into")) {
                    YamlNode i = f.require("into", "");
                    into = i.text("into").strip();
                    if (!NAME.matcher(into).matches()) {
                        throw i.error("into: '" + into + "' is not a name (letters, digits, _)");
                    }
                }
                piece = piece(f.get("piece").orElse(null));
                path = path(f.get("path").orElse(null));
                o = outcome(f.get("errno").orElse(null));
                end = f.get("end").map(n -> n.bool("end")).orElse(null);
            }
            streams.add(into);
            return new Step.Save(w, segments, into, piece, path, o, end);
        }

        static Integer segmentsCount(YamlNode n) {
            if (n.text("segments").strip().equalsIgnoreCase("all")) {
                return null;
            }
            return n.integer("segments", 1, 1 << 20);
        }

        Step resume(Where w, YamlNode v, YamlNode at) {
            if (v == null || v.isScalar()) {
                String name = knownStream(v == null ? "stream" : v.text("resume").strip(), v == null ? at : v);
                return new Step.Resume(w, name, 0, null, Integer.MAX_VALUE, DataPath.AUTO, 0, false, Outcome.OK, null);
            }
            var f = v.fields("the resume step", keys("stream", "from", "count", "piece", "path", "size_delta",
                    "check_sizes", "errno", "at"));
            String stream = usedStream(f, v);
            int from = f.get("from").map(n -> n.integer("from", 0, 1 << 20)).orElse(0);
            Integer count = f.get("count").map(n -> n.integer("count", 0, 1 << 20)).orElse(null);
            long delta = f.get("size_delta").map(n -> n.number("size_delta")).orElse(0L);
            Outcome o = outcome(f.get("errno").orElse(null));
            Integer atSeg = f.get("at").map(n -> n.integer("at", 0, 1 << 20)).orElse(null);
            if (atSeg != null && o.ok()) {
                throw f.key("at").error("at: names the segment whose write fails; give errno: too");
            }
            return new Step.Resume(w, stream, from, count, piece(f.get("piece").orElse(null)),
                    path(f.get("path").orElse(null)), delta,
                    f.get("check_sizes").map(n -> n.bool("check_sizes")).orElse(false), o, atSeg);
        }

        Step dma(Where w, YamlNode v) {
            if (v == null) {
                return new Step.Dma(w, true, 2000, 4096, true);
            }
            if (v.isScalar()) {
                return new Step.Dma(w, v.choice("dma", List.of("start", "stop")).equals("start"), 2000, 4096, true);
            }
            var f = v.fields("the dma step", keys("period_us", "length", "irq"));
            int period = f.get("period_us").map(n -> n.integer("period_us", 1000, 10_000_000)).orElse(2000);
            YamlNode l = f.get("length").orElse(null);
            int length = l == null ? 4096 : l.integer("length", 4, 65536);
            if (length % 4 != 0) {
                throw l.error("length: " + length + " is not a multiple of 4 (DMA_LEN)");
            }
            return new Step.Dma(w, true, period, length, f.get("irq").map(n -> n.bool("irq")).orElse(true));
        }

        Step observe(Where w, YamlNode v) {
            var f = v.fields("the observe step", keys("ms", "dma", "irqs", "counter"));
            Duration window = f.get("ms").map(n -> n.duration("ms")).orElse(Duration.ofMillis(200));
            Activity dma = f.get("dma").map(n -> activity(n, "dma", "active", "quiet")).orElse(Activity.ANY);
            Activity irqs = f.get("irqs").map(n -> activity(n, "irqs", "active", "quiet")).orElse(Activity.ANY);
            Activity counter = f.get("counter").map(n -> activity(n, "counter", "advancing", "frozen"))
                    .orElse(Activity.ANY);
            if (dma == Activity.ANY && irqs == Activity.ANY && counter == Activity.ANY) {
                throw v.error("observe has no expectation: add dma: active|quiet, irqs: active|quiet or "
                        + "counter: advancing|frozen");
            }
            return new Step.Observe(w, window, dma, irqs, counter);
        }

        static Activity activity(YamlNode n, String what, String active, String quiet) {
            return n.choice(what, List.of(active, quiet)).equals(active) ? Activity.ACTIVE : Activity.QUIET;
        }

        Final finalExpect(YamlNode n) {
            var f = n.fields("expect", FINAL);
            if (f.present().isEmpty()) {
                throw n.error("expect: no expectation; give state:, checksum: or interrupts:");
            }
            States state = f.get("state").map(s -> states(s, "state")).orElse(null);
            Value checksum = f.get("checksum").map(c -> c.isScalar() ? new Value(valueText(c, "checksum"), null, null,
                    null) : value(c.fields("checksum", VALUE_KEYS))).orElse(null);
            Value irqs = f.get("interrupts").map(c -> c.isScalar() ? new Value(valueText(c, "interrupts"), null, null,
                    null) : value(c.fields("interrupts", VALUE_KEYS))).orElse(null);
            return new Final(n.where(), state, checksum, irqs);
        }
    }

    /** "NAME (FILE)". */
    @Override
    public String toString() {
        return name + " (" + file + ")";
    }
}
