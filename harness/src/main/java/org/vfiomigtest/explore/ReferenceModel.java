package org.vfiomigtest.explore;

import java.util.List;
import java.util.Optional;
import org.vfiomigtest.explore.Mismatch.Part;
import org.vfiomigtest.explore.Prediction.Expected;
import org.vfiomigtest.explore.Prediction.SegmentBounds;
import org.vfiomigtest.migration.DeviceState;
import org.vfiomigtest.migration.DeviceState.Bit;
import org.vfiomigtest.migration.MigrationField;
import org.vfiomigtest.migration.SaveSession.Segment;
import org.vfiomigtest.migration.SpecModel;
import org.vfiomigtest.migration.SpecModel.Clause;
import org.vfiomigtest.migration.TransitionResult;

/**
 * The reference model the explorer checks the driver against: the device_state it must hold,
 * what each {@link Action} must do in that state, and how the state moves on. Transitions come
 * from {@link SpecModel} (written from the spec text, never from a driver); the field rules from
 * the spec's field descriptions and the SAVING protocol. Where the spec lets the driver choose
 * ({@link Expected#EITHER}) or leaves a result undefined ({@link Expected#ANY}), the model takes
 * the state the device shows, as long as it is one the spec allows.
 */
public final class ReferenceModel {
    /** sizeof(struct vfio_device_migration_info): the data section cannot start before it. */
    static final long FIELDS_END = 32;
    /** A save of all segments while !RUNNING must end within this many (the scenario runner's bound). */
    public static final int MAX_SEGMENTS = 4096;

    private final SpecModel spec;
    private final long regionSize;
    private DeviceState state;

    /** The model of a freshly opened device whose migration region has {@code regionSize} bytes. */
    public ReferenceModel(SpecModel spec, long regionSize) {
        this.spec = spec;
        this.regionSize = regionSize;
        this.state = spec.defaultState();
    }

    /** The device_state the device must hold now. */
    public DeviceState state() {
        return state;
    }

    /* ---- prediction ---- */

    /** What {@code a} must do in the current state. */
    public Prediction predict(Action a) {
        if (a instanceof Action.SetState s) {
            SpecModel.Expectation e = spec.expect(state, s.state());
            Expected x = switch (e.outcome()) {
                case ACCEPT -> Expected.OK;
                case REFUSE -> Expected.ERROR;
                case EITHER -> Expected.EITHER;
            };
            return new Prediction(x, rule(e.because()), e.reason(), null, null, null, e, null);
        }
        if (a instanceof Action.ReadField r) {
            return read(r.field());
        }
        if (a instanceof Action.WriteField w) {
            return write(w.field());
        }
        if (a instanceof Action.Misaligned) {
            return Prediction.of(Expected.ERROR, "ACC-02", "only native width and alignment are supported; the "
                    + "driver should return an error otherwise");
        }
        if (a instanceof Action.Save) {
            if (!saving()) {
                return Prediction.of(Expected.ANY, "PB-07", "pending_bytes is undefined when !SAVING");
            }
            return new Prediction(Expected.OK, "PS-01", "the SAVING protocol works while SAVING", null, null, null,
                    null, new SegmentBounds(FIELDS_END, regionSize, !state.has(Bit.RUNNING)));
        }
        return Prediction.of(Expected.OK, "RST-03", "VFIO_DEVICE_RESET is supported and returns to RUNNING");
    }

    private boolean saving() {
        return !state.isError() && state.has(Bit.SAVING);
    }

    private Prediction read(MigrationField f) {
        if (!SpecModel.defined(f, state)) {
            return Prediction.of(Expected.ANY, "PB-07", f.cName() + " is undefined in " + state);
        }
        return switch (f) {
            case DEVICE_STATE -> Prediction.value(state.raw(), "DS-02", "device_state reads back the current state");
            case RESERVED -> Prediction.value(0, "RSV-02", "reserved reads zero");
            case PENDING_BYTES -> Prediction.of(Expected.OK, "PS-01", "pending_bytes is read while SAVING");
            case DATA_OFFSET -> Prediction.range(FIELDS_END, regionSize - 1, "DO-02",
                    "data_offset is region-relative and inside the region, after the fields");
            case DATA_SIZE -> saving() ? Prediction.range(0, regionSize - FIELDS_END, "DSZ-01",
                    "data_size is the length of a segment in the region's data section")
                    : Prediction.of(Expected.OK, "DSZ-02", "data_size is read while RESUMING");
        };
    }

    private Prediction write(MigrationField f) {
        return switch (f) {
            case RESERVED -> Prediction.of(Expected.OK, "RSV-03", "writes to reserved are ignored");
            case PENDING_BYTES -> Prediction.of(Expected.ERROR, "PB-01", "pending_bytes is read only");
            case DATA_OFFSET -> Prediction.of(Expected.ERROR, "DO-01", "data_offset is read only");
            case DATA_SIZE -> SpecModel.userWritable(f, state)
                    ? Prediction.of(Expected.EITHER, "DSZ-02", "the driver validates the segment written")
                    : Prediction.of(Expected.ANY, "DSZ-03", "data_size is undefined outside SAVING/RESUMING");
            case DEVICE_STATE -> throw new IllegalArgumentException("device_state is written by a set action");
        };
    }

    /* ---- judgement ---- */

    /** The first way {@code o} departs from {@code p}, if any. */
    public Optional<Mismatch> check(Action a, Prediction p, Observation o) {
        if (p.transition() != null) {
            return transition(p, o.transition());
        }
        if (p.outcome() == Expected.ANY) {
            return Optional.empty();
        }
        if (p.save() != null) {
            Optional<Mismatch> m = segments(p.save(), o.segments());
            if (m.isPresent()) {
                return m;
            }
        }
        if (p.outcome() == Expected.OK && !o.ok()) {
            return Optional.of(Mismatch.of(p.rule(), a.describe() + " in " + state + " failed with " + o.outcome()
                    + "; expected success: " + p.why(), Part.OUTCOME));
        }
        if (p.outcome() == Expected.ERROR && o.ok()) {
            return Optional.of(Mismatch.of(p.rule(), a.describe() + " in " + state + " succeeded; expected an "
                    + "error: " + p.why(), Part.OUTCOME));
        }
        if (o.ok() && p.constrainsValue()) {
            return value(a, p, o.value());
        }
        if (p.save() != null && o.ok() && !o.ended() && p.save().nonEmpty() && ((Action.Save) a).segments() == null) {
            return Optional.of(Mismatch.of("PS-02", "pending_bytes still non-zero after " + MAX_SEGMENTS
                    + " segments in " + state + ": the stream must end while !RUNNING", Part.NO_END));
        }
        return Optional.empty();
    }

    private Optional<Mismatch> transition(Prediction p, TransitionResult r) {
        List<SpecModel.Violation> v = p.transition().violations(r);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        SpecModel.Violation first = v.get(0);
        boolean before = !r.before().equals(state);
        return Optional.of(Mismatch.of(before ? "DS-11" : rule(first.clause()), first.toString(),
                before ? Part.BEFORE : Part.OUTCOME));
    }

    private Optional<Mismatch> segments(SegmentBounds b, List<Segment> segs) {
        for (int i = 0; i < segs.size(); i++) {
            Segment s = segs.get(i);
            String at = "segment " + i + " in " + state + ": ";
            if (s.offset() < b.minOffset() || s.offset() >= b.regionSize()) {
                return Optional.of(new Mismatch("DO-02", at + "data_offset " + s.offset() + " is outside ["
                        + b.minOffset() + ", " + b.regionSize() + ")", Part.SEGMENT, i));
            }
            if (Long.compareUnsigned(s.size(), b.regionSize() - s.offset()) > 0) {
                return Optional.of(new Mismatch("DSZ-01", at + "data_size " + s.size() + " at data_offset "
                        + s.offset() + " runs past the end of the " + b.regionSize() + "-byte region",
                        Part.SEGMENT, i));
            }
            if (b.nonEmpty() && s.size() == 0) {
                return Optional.of(new Mismatch("PS-01", at + "pending_bytes was non-zero but data_size reads 0: "
                        + "while !RUNNING, non-zero pending_bytes means data is available", Part.SEGMENT, i));
            }
        }
        return Optional.empty();
    }

    private Optional<Mismatch> value(Action a, Prediction p, long v) {
        boolean bad = (p.value() != null && v != p.value())
                || (p.min() != null && Long.compareUnsigned(v, p.min()) < 0)
                || (p.max() != null && Long.compareUnsigned(v, p.max()) > 0);
        if (!bad) {
            return Optional.empty();
        }
        String want = p.value() != null ? "0x" + Long.toHexString(p.value())
                : "in [" + p.min() + ", " + p.max() + "]";
        return Optional.of(Mismatch.of(p.rule(), a.describe() + " in " + state + " returned 0x" + Long.toHexString(v)
                + "; expected " + want + ": " + p.why(), Part.VALUE));
    }

    /* ---- the next state ---- */

    /** Moves the model on after {@code a} was seen to do {@code o} (which conforms). */
    public void advance(Action a, Observation o) {
        if (a instanceof Action.SetState) {
            // ACCEPT: the written state; a refusal: prior or ERROR, as the device shows (FAIL_STATE)
            state = o.transition().after();
        } else if (a instanceof Action.Reset && o.ok()) {
            state = spec.afterReset(state);
        }
    }

    /** The catalog id for a clause of the spec model. */
    static String rule(Clause c) {
        return switch (c) {
            case DEFAULT -> "DS-01";
            case RESET -> "RST-04";
            case SYNC -> "DS-09";
            case MULTI_BIT, SUPPORT_VALID -> "DS-06";
            case NO_ASYNC -> "DS-11";
            case FAIL_ERRNO -> "ERR-01";
            case FAIL_STATE -> "ERR-02";
            case ERROR_RESET -> "RST-01";
            case RESERVED_BITS -> "DS-05";
            case SAVING_RESUMING -> "DS-03";
            case ERROR_ENCODING -> "ERR-03";
            case RESUMING_RUNNING -> "DS-04";
            case RESUME_VALIDATE -> "RES-04";
            case NDMA_CAP -> "NDMA-01";
            case NATIVE_ACCESS -> "ACC-02";
            case RESERVED_FIELD -> "RSV-02";
        };
    }

    @Override
    public String toString() {
        return "ReferenceModel[" + state + ", " + spec + "]";
    }
}
