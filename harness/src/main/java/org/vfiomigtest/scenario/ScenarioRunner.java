package org.vfiomigtest.scenario;

import io.qameta.allure.Allure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.opentest4j.TestAbortedException;
import org.vfiomigtest.migration.DataPath;
import org.vfiomigtest.migration.DeviceState;
import org.vfiomigtest.migration.MigrationRegion;
import org.vfiomigtest.migration.MigrationStream;
import org.vfiomigtest.migration.TransitionResult;
import org.vfiomigtest.scenario.Expect.Activity;
import org.vfiomigtest.scenario.Expect.Outcome;
import org.vfiomigtest.scenario.Expect.Value;
import org.vfiomigtest.scenario.Step.Space;
import org.vfiomigtest.scenario.Step.Target;
import org.vfiomigtest.sys.ShortTransferException;
import org.vfiomigtest.sys.SyscallException;
import org.vfiomigtest.vfio.Region;

/**
 * Runs one {@link ScenarioFile} against a {@link ScenarioDevice} through the migration client,
 * each step as an Allure step. Before the first step it sets the device up as the
 * {@code device:} section asks (reopening it for capability knobs and bug switches, resetting
 * it otherwise); after the last (or the failing) one it stops DMA and puts everything back:
 * injections off, the scenario's bug switches off, knobs restored, VFIO_DEVICE_RESET.
 *
 * <p>A failing step throws an {@link AssertionError} whose message starts with the step's
 * {@code FILE:LINE:COLUMN}. A scenario that needs what the device lacks (the sample driver's
 * controls, the NDMA capability) is aborted with the reason.
 */
public final class ScenarioRunner {
    /** Bound on segments of one {@code save: all}. */
    static final int MAX_SEGMENTS = 4096;
    /** How long an {@code active} observation may wait for the first sign of activity. */
    static final Duration ACTIVE_WAIT = Duration.ofSeconds(5);

    /** Told about every step as it ends. */
    public interface Listener {
        /** {@code failure} is null for a step that passed. */
        void stepEnded(ScenarioFile scenario, int index, Step step, Duration took, Throwable failure);
    }

    /** region index of BAR0, BAR2 and config space (vfio-pci numbering). */
    private static final Map<Space, Integer> INDEX = Map.of(Space.BAR0, 0, Space.BAR2, 2, Space.CONFIG, 7);

    private final ScenarioFile sf;
    private final ScenarioDevice dev;
    private final Listener listener;
    private final DriverControls controls;

    private final Map<String, MigrationStream> streams = new HashMap<>();
    private final Map<String, Long> vars = new HashMap<>();
    private final Map<Space, Region> regions = new HashMap<>();
    private final List<String> bugsTurnedOn = new ArrayList<>();
    private long lastDataOffset = -1;
    private SampleDma dma;
    private long signalsAtLastCount;
    private long irqCountAtLastCount;

    private ScenarioRunner(ScenarioFile sf, ScenarioDevice dev, Listener listener) {
        this.sf = sf;
        this.dev = dev;
        this.listener = listener;
        this.controls = dev.controls().map(DriverControls::new).orElse(null);
    }

    /** Runs {@code sf} on {@code dev}. */
    public static void run(ScenarioFile sf, ScenarioDevice dev, Listener listener) {
        new ScenarioRunner(sf, dev, listener).run();
    }

    private void run() {
        for (String r : sf.rules()) {
            Allure.label("rule", r);
        }
        Allure.label("scenario", sf.file());
        DeviceOptions o = sf.device();
        if (o.needsSampleDriver() || usesSampleDriver()) {
            requireControls("its device: section or steps use the sample driver's debugfs controls");
        }
        Map<String, String> originals = new LinkedHashMap<>();
        try {
            setUp(o, originals);
            List<Step> steps = sf.steps();
            for (int i = 0; i < steps.size(); i++) {
                Step s = steps.get(i);
                long t0 = System.nanoTime();
                try {
                    Allure.step(label(s), () -> execute(s));
                } catch (Throwable t) {
                    listener.stepEnded(sf, i, s, Duration.ofNanos(System.nanoTime() - t0), t);
                    throw t;
                }
                listener.stepEnded(sf, i, s, Duration.ofNanos(System.nanoTime() - t0), null);
            }
            Allure.step(sf.expect().where().line() + ": expect", this::checkFinal);
        } finally {
            tearDown(originals);
        }
    }

    private boolean usesSampleDriver() {
        return sf.steps().stream().anyMatch(s -> s instanceof Step.Inject || s instanceof Step.Bug);
    }

    private void requireControls(String why) {
        if (controls == null) {
            throw new TestAbortedException(sf.file() + ": " + dev.name() + " is not a migtest_mdev instance (no "
                    + "debugfs controls) but " + why);
        }
    }

    private static String label(Step s) {
        return s.where().line() + ": " + s.describe();
    }

    /* ---- set-up and tear-down ---- */

    private void setUp(DeviceOptions o, Map<String, String> originals) {
        if (controls != null) {
            controls.clearInjections();
        }
        Map<String, String> knobs = new LinkedHashMap<>();
        if (o.ndma() != null && o.ndma() != dev.migration().hasNdma()) {
            if (controls == null) {
                throw new TestAbortedException(sf.file() + ": the scenario needs a migration region "
                        + (o.ndma() ? "with" : "without") + " VFIO_REGION_INFO_CAP_MIG_NDMA, and " + dev.name()
                        + " has no sample-driver knob to change that");
            }
            knobs.put("ndma_cap", o.ndma() ? "1" : "0");
        }
        if (o.mmap() != null) {
            knobs.put("mmap_data", o.mmap() ? "1" : "0");
        }
        if (o.window() != null) {
            knobs.put("window_size", Long.toString(o.window()));
        }
        if (o.memory() != null) {
            knobs.put("mem_size", Long.toString(o.memory()));
        }
        if (o.resumeFailPrior() != null) {
            originals.put("resume_fail_prior", controls.read("resume_fail_prior"));
            controls.write("resume_fail_prior", o.resumeFailPrior() ? "1" : "0");
        }
        if (controls != null) {
            for (String k : knobs.keySet()) {
                originals.put(k, controls.read(k));
            }
        }
        if (o.reopen() || !knobs.isEmpty() || !o.bugs().isEmpty()) {
            dev.reopen(() -> {
                knobs.forEach(controls == null ? (k, v) -> { } : controls::write);
                for (String b : o.bugs()) {
                    bug(b, true);
                }
            });
            regions.clear();
            if (o.ndma() != null && o.ndma() != dev.migration().hasNdma()) {
                throw new AssertionError(sf.where() + ": set-up: ndma_cap " + knobs.get("ndma_cap") + " and a reopen "
                        + "left the NDMA capability " + (dev.migration().hasNdma() ? "present" : "absent"));
            }
        } else {
            dev.reset();
        }
        dev.trace().clear();
        for (Injection i : o.injections()) {
            controls.arm(i);
        }
    }

    private void bug(String name, boolean on) {
        requireControls("it switches the bug '" + name + "'");
        if (on && !controls.bugOn(name)) {
            bugsTurnedOn.add(name);
        }
        controls.bug(name, on);
    }

    private void tearDown(Map<String, String> originals) {
        List<RuntimeException> errors = new ArrayList<>();
        attempt(errors, this::stopDma);
        if (controls != null) {
            attempt(errors, controls::clearInjections);
            for (String b : bugsTurnedOn) {
                attempt(errors, () -> controls.bug(b, false));
            }
            String prior = originals.remove("resume_fail_prior");
            if (prior != null) {
                attempt(errors, () -> controls.write("resume_fail_prior", prior));
            }
            if (!originals.isEmpty()) {
                attempt(errors, () -> dev.reopen(() -> originals.forEach(controls::write)));
            }
        }
        regions.clear();
        attempt(errors, dev::reset);
        if (!errors.isEmpty()) {
            RuntimeException first = errors.get(0);
            errors.subList(1, errors.size()).forEach(first::addSuppressed);
            throw first;
        }
    }

    private static void attempt(List<RuntimeException> errors, Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            errors.add(e);
        }
    }

    /* ---- steps ---- */

    private void execute(Step s) throws InterruptedException {
        if (s instanceof Step.SetState x) {
            set(x);
        } else if (s instanceof Step.ExpectState x) {
            DeviceState now = m().deviceState();
            check(s, x.states().matches(now), "device_state reads " + now + ", expected " + x.states());
        } else if (s instanceof Step.Read x) {
            read(x);
        } else if (s instanceof Step.Write x) {
            write(x);
        } else if (s instanceof Step.Save x) {
            save(x);
        } else if (s instanceof Step.Resume x) {
            resume(x);
        } else if (s instanceof Step.Corrupt x) {
            edit(x.stream(), st -> {
                int i = StreamEdits.resolve(st, x.segment());
                byte[] seg = StreamEdits.flipped(st.segment(i), x.at());
                return st.withSegment(i, x.reseal() ? StreamEdits.resealed(seg) : seg);
            });
        } else if (s instanceof Step.Drop x) {
            edit(x.stream(), st -> st.withoutSegment(StreamEdits.resolve(st, x.segment())));
        } else if (s instanceof Step.Reorder x) {
            edit(x.stream(), st -> st.withSwapped(StreamEdits.resolve(st, x.segment()),
                    StreamEdits.resolve(st, x.with())));
        } else if (s instanceof Step.Duplicate x) {
            edit(x.stream(), st -> st.withDuplicate(StreamEdits.resolve(st, x.segment())));
        } else if (s instanceof Step.Inject x) {
            requireControls("it injects faults");
            controls.arm(x.injection());
        } else if (s instanceof Step.Bug x) {
            bug(x.name(), x.on());
        } else if (s instanceof Step.Reset x) {
            int errno = 0;
            try {
                dev.reset();
            } catch (SyscallException e) {
                errno = e.errnoNumber();
            }
            regions.clear();
            expectOutcome(s, x.outcome(), errno, "VFIO_DEVICE_RESET");
        } else if (s instanceof Step.Dma x) {
            dma(x);
        } else if (s instanceof Step.Observe x) {
            observe(x);
        } else if (s instanceof Step.Interrupts x) {
            interrupts(x);
        } else if (s instanceof Step.Wait x) {
            Thread.sleep(x.duration().toMillis());
        } else {
            throw new IllegalStateException("no runner for " + s);
        }
    }

    private MigrationRegion m() {
        return dev.migration();
    }

    private void fail(Step s, String problem) {
        throw new AssertionError(s.where() + ": " + s.describe() + ": " + problem);
    }

    private void check(Step s, boolean ok, String problem) {
        if (!ok) {
            fail(s, problem);
        }
    }

    private void expectOutcome(Step s, Outcome want, int errno, String what) {
        if (!want.matches(errno)) {
            fail(s, what + " " + (errno == 0 ? "succeeded" : "failed with " + ErrnoName.describe(errno)) + ", expected "
                    + want);
        }
    }

    private void set(Step.SetState x) {
        TransitionResult r = m().attemptTransition(x.state());
        if (x.outcome().ok()) {
            check(x, r.ok(), "the write was refused: " + r);
            if (x.then() != null) {
                check(x, x.then().matches(r.after()), "device_state reads " + r.after() + ", expected " + x.then());
            } else {
                check(x, r.after().equals(x.state()), "the write succeeded but device_state reads " + r.after()
                        + " right after it (the transition must be complete when write(2) returns)");
            }
            return;
        }
        check(x, !r.ok(), "the write was accepted (" + r + "), expected " + x.outcome());
        check(x, x.outcome().matches(r.errno()), "the write failed with " + (r.errno() == 0 ? r.note()
                : ErrnoName.describe(r.errno())) + ", expected " + x.outcome() + ": " + r);
        if (x.then() != null) {
            check(x, x.then().matches(r.after()), "after the refused write device_state reads " + r.after()
                    + ", expected " + x.then());
        } else {
            check(x, r.after().equals(r.before()) || r.after().isError(), "after the refused write device_state reads "
                    + r.after() + ", neither the prior state " + r.before() + " nor ERROR");
        }
    }

    /* ---- register and data accesses ---- */

    private Region region(Space space) {
        return regions.computeIfAbsent(space, sp -> {
            var d = dev.attached().device();
            return d.region(d.getRegionInfo(INDEX.get(sp)));
        });
    }

    private long offsetOf(Step s, Target t) {
        if (t.data()) {
            check(s, lastDataOffset >= 0, "no data_offset was read yet, so the data window's place is unknown");
            return lastDataOffset + t.offset();
        }
        return t.field() != null ? t.field().offset() + t.offset() : t.offset();
    }

    private void read(Step.Read x) {
        Target t = x.target();
        long off = offsetOf(x, t);
        int length = x.length() == null ? -1 : (int) Value.resolve(x.length(), vars);
        long value = 0;
        int errno = 0;
        String note = "";
        try {
            if (length >= 0) {
                byte[] buf = new byte[length];
                int n = t.space() == Space.MIGRATION ? m().read(off, buf) : region(t.space()).read(off, buf);
                if (n != length) {
                    note = "short read: " + n + " of " + length + " bytes";
                }
            } else {
                value = t.space() == Space.MIGRATION ? m().read(off, x.width()) : region(t.space()).read(off, x.width());
            }
        } catch (SyscallException e) {
            errno = e.errnoNumber();
        } catch (ShortTransferException e) {
            note = "short read: " + e.transferred() + " of " + e.requested() + " bytes";
        }
        check(x, note.isEmpty(), note);
        expectOutcome(x, x.outcome(), errno, "the read");
        if (errno != 0) {
            return;
        }
        if (t.field() == org.vfiomigtest.migration.MigrationField.DATA_OFFSET && t.offset() == 0) {
            lastDataOffset = value;
        }
        String problem = x.value().check(value, vars);
        check(x, problem.isEmpty(), "read " + Value.show(value) + ", " + problem);
        if (x.as() != null) {
            vars.put(x.as(), value);
        }
    }

    private void write(Step.Write x) {
        Target t = x.target();
        long off = offsetOf(x, t);
        int errno = 0;
        String note = "";
        try {
            if (x.length() != null) {
                byte[] buf = new byte[x.length()];
                Arrays.fill(buf, (byte) x.value());
                int n = t.space() == Space.MIGRATION ? m().write(off, buf) : region(t.space()).write(off, buf);
                if (n != buf.length) {
                    note = "short write: " + n + " of " + buf.length + " bytes";
                }
            } else if (t.space() == Space.MIGRATION) {
                m().write(off, x.width(), x.value());
            } else {
                region(t.space()).write(off, x.width(), x.value());
            }
        } catch (SyscallException e) {
            errno = e.errnoNumber();
        } catch (ShortTransferException e) {
            note = "short write: " + e.transferred() + " of " + e.requested() + " bytes";
        }
        check(x, note.isEmpty(), note);
        expectOutcome(x, x.outcome(), errno, "the write");
    }

    /* ---- save and resume ---- */

    private void save(Step.Save x) {
        MigrationStream s = streams.getOrDefault(x.into(), MigrationStream.empty());
        int got = 0;
        int limit = x.segments() == null ? MAX_SEGMENTS : x.segments();
        String phase = "pending_bytes";
        try {
            while (got < limit) {
                phase = "pending_bytes before segment " + got;
                long pending = m().pendingBytes();
                if (pending == 0) {
                    if (x.segments() != null) {
                        fail(x, "pending_bytes read 0 after " + got + " of " + x.segments() + " segments ("
                                + s + " collected)");
                    }
                    break;
                }
                phase = "data_offset of segment " + got;
                long offset = m().dataOffset();
                lastDataOffset = offset;
                phase = "data_size of segment " + got;
                long size = m().dataSize();
                phase = "data of segment " + got + " (" + size + " bytes at " + offset + ")";
                s = s.append(collect(x, offset, size, x.piece(), x.path()));
                got++;
            }
            if (x.segments() == null && got == MAX_SEGMENTS) {
                fail(x, "pending_bytes still non-zero after " + MAX_SEGMENTS + " segments");
            }
            if (x.end() != null) {
                phase = "pending_bytes after the last segment";
                long pending = m().pendingBytes();
                check(x, (pending == 0) == x.end(), "after " + got + " segments pending_bytes reads " + pending
                        + ", expected " + (x.end() ? "0 (end of stream)" : "non-zero"));
            }
        } catch (SyscallException e) {
            streams.put(x.into(), s);
            expectOutcome(x, x.outcome(), e.errnoNumber(), phase);
            return;
        }
        streams.put(x.into(), s);
        check(x, x.outcome().ok(), "every access succeeded (" + got + " segments), expected " + x.outcome());
    }

    private byte[] collect(Step s, long offset, long size, int piece, DataPath path) {
        check(s, size >= 0 && size <= Integer.MAX_VALUE - 8, "data_size " + size + " is too large to collect");
        byte[] data = new byte[(int) size];
        boolean mmap = useMmap(offset, data.length, path);
        for (int done = 0; done < data.length; ) {
            int len = Math.min(piece, data.length - done);
            if (mmap) {
                System.arraycopy(m().readMapped(offset + done, len), 0, data, done, len);
                done += len;
            } else {
                byte[] p = new byte[len];
                int n = m().read(offset + done, p);
                check(s, n > 0, "pread of " + len + " bytes of the data window at " + (offset + done) + " returned " + n);
                System.arraycopy(p, 0, data, done, n);
                done += n;
            }
        }
        return data;
    }

    private void put(Step s, long offset, byte[] data, int piece, DataPath path) {
        boolean mmap = useMmap(offset, data.length, path);
        for (int done = 0; done < data.length; ) {
            int len = Math.min(piece, data.length - done);
            byte[] p = Arrays.copyOfRange(data, done, done + len);
            if (mmap) {
                m().writeMapped(offset + done, p);
                done += len;
            } else {
                int n = m().write(offset + done, p);
                check(s, n > 0, "pwrite of " + len + " bytes of the data window at " + (offset + done) + " returned "
                        + n);
                done += n;
            }
        }
    }

    private boolean useMmap(long offset, int length, DataPath path) {
        return switch (path) {
            case PREAD -> false;
            case MMAP -> true;
            case AUTO -> length > 0 && m().areaCovering(offset, length).isPresent();
        };
    }

    private void resume(Step.Resume x) {
        MigrationStream s = streams.get(x.stream());
        int end = x.count() == null ? s.size() : x.from() + x.count();
        check(x, x.from() <= s.size() && end <= s.size(), "segments " + x.from() + ".." + (end - 1)
                + " asked, but " + x.stream() + " has " + s.size() + " (" + s + ")");
        for (int i = x.from(); i < end; i++) {
            byte[] seg = s.segment(i);
            long size = seg.length + (i == end - 1 ? x.sizeDelta() : 0);
            String phase = "data_offset for segment " + i;
            try {
                long offset = m().dataOffset();
                lastDataOffset = offset;
                phase = "data of segment " + i + " (" + seg.length + " bytes at " + offset + ")";
                put(x, offset, seg, x.piece(), x.path());
                phase = "data_size " + size + " of segment " + i;
                m().setDataSize(size);
                if (x.checkSizes()) {
                    long back = m().dataSize();
                    check(x, back == size, "data_size reads " + back + " after writing " + size + " for segment " + i);
                }
            } catch (SyscallException e) {
                expectOutcome(x, x.outcome(), e.errnoNumber(), phase);
                check(x, x.at() == null || x.at() == i, phase + " failed with " + ErrnoName.describe(e.errnoNumber()) + ", expected the failure at "
                        + "segment " + x.at());
                return;
            }
        }
        check(x, x.outcome().ok(), "every segment " + x.from() + ".." + (end - 1) + " was accepted, expected "
                + x.outcome() + (x.at() == null ? "" : " at segment " + x.at()));
    }

    private void edit(String name, java.util.function.UnaryOperator<MigrationStream> op) {
        streams.put(name, op.apply(streams.get(name)));
    }

    /* ---- DMA and interrupts ---- */

    private void dma(Step.Dma x) {
        stopDma();
        if (!x.start()) {
            return;
        }
        dma = SampleDma.start(dev.attached(), region(Space.BAR0), x.periodUs(), x.length(), x.irq());
        signalsAtLastCount = 0;
        irqCountAtLastCount = reg(SampleDma.REG_IRQ_COUNT);
    }

    private void stopDma() {
        if (dma != null) {
            SampleDma d = dma;
            dma = null;
            d.close();
        }
    }

    private long reg(int offset) {
        return region(Space.BAR0).read(offset, offset == SampleDma.REG_DMA_PATTERN || offset == SampleDma.REG_CHECKSUM
                ? 4 : 8);
    }

    private record Snapshot(long dmaCount, long irqCount, long signals, long counter) {
        @Override
        public String toString() {
            return "DMA_COUNT " + dmaCount + ", IRQ_COUNT " + irqCount + ", eventfd signals " + signals + ", COUNTER "
                    + counter;
        }
    }

    private Snapshot snapshot() {
        return new Snapshot(reg(SampleDma.REG_DMA_COUNT), reg(SampleDma.REG_IRQ_COUNT),
                dma == null ? 0 : dma.signals(), reg(SampleDma.REG_COUNTER));
    }

    private void observe(Step.Observe x) throws InterruptedException {
        if (x.dma() != Activity.ANY || x.irqs() != Activity.ANY) {
            check(x, dma != null, "no DMA engine was started (a dma: step before this one)");
        }
        boolean allActive = (x.dma() != Activity.QUIET) && (x.irqs() != Activity.QUIET)
                && (x.counter() != Activity.QUIET);
        Snapshot before = snapshot();
        if (x.dma() == Activity.QUIET) {
            dma.fillSentinel();
        }
        long start = System.nanoTime();
        long deadline = start + (allActive ? Math.max(x.window().toNanos(), ACTIVE_WAIT.toNanos()) : x.window().toNanos());
        Snapshot after;
        while (true) {
            Thread.sleep(allActive ? 5 : x.window().toMillis());
            after = snapshot();
            if (!allActive || System.nanoTime() >= deadline || findings(x, before, after).isEmpty()) {
                break;
            }
        }
        List<String> f = findings(x, before, after);
        check(x, f.isEmpty(), String.join("; ", f) + " (from " + before + " to " + after + " in "
                + Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms)");
    }

    private List<String> findings(Step.Observe x, Snapshot a, Snapshot b) {
        List<String> f = new ArrayList<>();
        if (x.dma() == Activity.ACTIVE && b.dmaCount() == a.dmaCount()) {
            f.add("no DMA transfer");
        }
        if (x.dma() == Activity.QUIET && b.dmaCount() != a.dmaCount()) {
            f.add((b.dmaCount() - a.dmaCount()) + " DMA transfers");
        }
        if (x.dma() == Activity.QUIET && dma.firstOverwritten() >= 0) {
            f.add("the DMA buffer was written at offset " + dma.firstOverwritten());
        }
        if (x.irqs() == Activity.ACTIVE && (b.signals() == a.signals() || b.irqCount() == a.irqCount())) {
            f.add("no interrupt (eventfd and IRQ_COUNT)");
        }
        if (x.irqs() == Activity.QUIET && (b.signals() != a.signals() || b.irqCount() != a.irqCount())) {
            f.add((b.signals() - a.signals()) + " eventfd signals, IRQ_COUNT +" + (b.irqCount() - a.irqCount()));
        }
        if (x.counter() == Activity.ACTIVE && b.counter() == a.counter()) {
            f.add("COUNTER did not advance");
        }
        if (x.counter() == Activity.QUIET && b.counter() != a.counter()) {
            f.add("COUNTER advanced by " + (b.counter() - a.counter()) + " us");
        }
        return f;
    }

    private void interrupts(Step.Interrupts x) {
        check(x, dma != null, "no DMA engine was started (a dma: step before this one)");
        long signals = dma.signals();
        long irqCount = reg(SampleDma.REG_IRQ_COUNT);
        long n = signals - signalsAtLastCount;
        String problem = x.count().check(n, vars);
        check(x, problem.isEmpty(), n + " eventfd signals since the last count, " + problem + " (IRQ_COUNT +"
                + (irqCount - irqCountAtLastCount) + ")");
        signalsAtLastCount = signals;
        irqCountAtLastCount = irqCount;
    }

    /* ---- final expectations ---- */

    private void checkFinal() {
        ScenarioFile.Final f = sf.expect();
        List<String> problems = new ArrayList<>();
        if (f.state() != null) {
            DeviceState now = m().deviceState();
            if (!f.state().matches(now)) {
                problems.add("device_state reads " + now + ", expected " + f.state());
            }
        }
        if (f.checksum() != null) {
            long sum = region(Space.BAR0).read(SampleDma.REG_CHECKSUM, 4);
            String p = f.checksum().check(sum, vars);
            if (!p.isEmpty()) {
                problems.add("CHECKSUM reads " + Value.show(sum) + ", " + p);
            }
        }
        if (f.interrupts() != null) {
            long total = Optional.ofNullable(dma).map(SampleDma::signals).orElse(0L);
            String p = f.interrupts().check(total, vars);
            if (!p.isEmpty()) {
                problems.add(total + " eventfd signals in all, " + p);
            }
        }
        if (!problems.isEmpty()) {
            throw new AssertionError(f.where() + ": expect: " + String.join("; ", problems));
        }
    }
}
