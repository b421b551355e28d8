package org.vfiomigtest.migration;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.vfiomigtest.migration.AccessTrace.Entry;
import org.vfiomigtest.migration.AccessTrace.Op;
import org.vfiomigtest.sys.Errno;
import org.vfiomigtest.sys.Mapping;
import org.vfiomigtest.sys.ShortTransferException;
import org.vfiomigtest.sys.SyscallException;
import org.vfiomigtest.vfio.Device;
import org.vfiomigtest.vfio.Region;
import org.vfiomigtest.vfio.RegionInfo;
import org.vfiomigtest.vfio.SparseArea;

/**
 * The device's migration region (CAP_TYPE {@value MigtestUapi#REGION_TYPE_MIGRATION}/
 * {@value MigtestUapi#REGION_SUBTYPE_MIGRATION}): typed access to the
 * {@code vfio_device_migration_info} fields at native width, raw access at any offset and width,
 * and the data window by {@code pread}/{@code pwrite} or mmap. Every access goes to the
 * {@link AccessTrace}; every protocol operation (a transition, a field, a segment) to the
 * {@link ProtocolListener}. {@link #close()} unmaps the sparse areas it mapped.
 */
public final class MigrationRegion implements AutoCloseable {
    private final Region region;
    private final AccessTrace trace;
    private final Map<SparseArea, Mapping> mappings = new LinkedHashMap<>();
    /** Operations open on this thread: only the outermost is heard. */
    private final ThreadLocal<int[]> depth = ThreadLocal.withInitial(() -> new int[1]);
    private volatile ProtocolListener listener = ProtocolListener.NONE;

    private MigrationRegion(Region region, AccessTrace trace) {
        this.region = region;
        this.trace = trace;
    }

    /** The device's migration region, if it has one. */
    public static Optional<MigrationRegion> find(Device device, AccessTrace trace) {
        return device.findRegion(MigtestUapi.REGION_TYPE_MIGRATION, MigtestUapi.REGION_SUBTYPE_MIGRATION)
                .map(info -> new MigrationRegion(device.region(info), trace));
    }

    /** Wraps {@code region}, which the caller found to be a migration region. */
    public static MigrationRegion of(Region region, AccessTrace trace) {
        return new MigrationRegion(region, trace);
    }

    /**
     * The device's migration region.
     *
     * @throws IllegalStateException if it has none
     */
    public static MigrationRegion of(Device device, AccessTrace trace) {
        return find(device, trace).orElseThrow(() -> new IllegalStateException(device
                + " has no region with CAP_TYPE type " + MigtestUapi.REGION_TYPE_MIGRATION + " subtype "
                + MigtestUapi.REGION_SUBTYPE_MIGRATION + ": the driver does not offer v1 migration"));
    }

    public RegionInfo info() {
        return region.info();
    }

    public AccessTrace trace() {
        return trace;
    }

    /** Where the protocol operations go from now on ({@link ProtocolListener#NONE}: nowhere). */
    public void listen(ProtocolListener l) {
        listener = l;
    }

    /**
     * Runs {@code body} as one protocol operation named {@code name}: the listener hears its start
     * and its end with {@code outcome} of the result (or what it threw), unless an enclosing
     * operation on this thread already covers it.
     */
    public <T> T operation(String name, Supplier<T> body, Function<? super T, String> outcome) {
        int[] open = depth.get();
        if (open[0] > 0) {
            return body.get();
        }
        ProtocolListener l = listener;
        Object token = l.started(name);
        open[0]++;
        T result;
        try {
            result = body.get();
        } catch (RuntimeException | Error e) {
            open[0]--;
            l.finished(token, e.getClass().getSimpleName(), e);
            throw e;
        }
        open[0]--;
        l.finished(token, outcome.apply(result), null);
        return result;
    }

    /** {@link #operation(String, Supplier, Function)} of an action with no result. */
    public void operation(String name, Runnable body) {
        operation(name, () -> {
            body.run();
            return "ok";
        }, r -> r);
    }

    /** True if the region carries VFIO_REGION_INFO_CAP_MIG_NDMA: the NDMA bit is supported. */
    public boolean hasNdma() {
        return region.info().hasCapability(MigtestUapi.REGION_INFO_CAP_MIG_NDMA);
    }

    /** The sparse mmap areas (empty if the region offers none). */
    public List<SparseArea> sparseAreas() {
        return region.info().sparseAreas();
    }

    /* ---- fields at native width ---- */

    public DeviceState deviceState() {
        return operation("read device_state", () -> DeviceState.of((int) read(MigrationField.DEVICE_STATE)),
                DeviceState::toString);
    }

    /** Writes all 32 bits of {@code state}, reserved bits included. */
    public void setDeviceState(DeviceState state) {
        operation("set device_state " + state,
                () -> write(MigrationField.DEVICE_STATE, Integer.toUnsignedLong(state.raw())));
    }

    /**
     * Reads device_state, writes {@code target} (all 32 bits), and reads device_state again as soon
     * as {@code write(2)} returns. A refused write is part of the result, not thrown; a failing
     * read is thrown.
     */
    public TransitionResult attemptTransition(DeviceState target) {
        return operation("set device_state " + target, () -> attempt(target), TransitionResult::outcome);
    }

    private TransitionResult attempt(DeviceState target) {
        DeviceState before = deviceState();
        int errno = 0;
        String note = "";
        try {
            setDeviceState(target);
        } catch (SyscallException e) {
            errno = e.errnoNumber();
        } catch (ShortTransferException e) {
            note = "short write: " + e.transferred() + " of " + e.requested() + " bytes";
        }
        return new TransitionResult(before, target, errno, note, deviceState());
    }

    public long pendingBytes() {
        return readOperation(MigrationField.PENDING_BYTES);
    }

    public long dataOffset() {
        return readOperation(MigrationField.DATA_OFFSET);
    }

    public long dataSize() {
        return readOperation(MigrationField.DATA_SIZE);
    }

    public void setDataSize(long size) {
        operation("write data_size " + size, () -> write(MigrationField.DATA_SIZE, size));
    }

    private long readOperation(MigrationField field) {
        return operation("read " + field.cName(), () -> read(field), v -> Long.toString(v));
    }

    public long read(MigrationField field) {
        return read(field.offset(), field.width());
    }

    public void write(MigrationField field, long value) {
        write(field.offset(), field.width(), value);
    }

    /* ---- raw access ---- */

    /** One {@code pread} of {@code width} (1, 2, 4, 8) bytes at {@code offset}, little endian. */
    public long read(long offset, int width) {
        return traced(Op.READ, offset, width, 0, () -> region.read(offset, width));
    }

    /** One {@code pwrite} of the low {@code width} (1, 2, 4, 8) bytes of {@code value}. */
    public void write(long offset, int width, long value) {
        traced(Op.WRITE, offset, width, value, () -> {
            region.write(offset, width, value);
            return value;
        });
    }

    /** One {@code pread} of {@code dst.length} bytes (any length); returns the count. */
    public int read(long offset, byte[] dst) {
        return (int) traced(Op.READ, offset, dst.length, 0, () -> region.read(offset, dst));
    }

    /**
     * One {@code pread} into a direct buffer, from its position to its limit (advanced); returns the
     * count. No copy on the way in, unlike a Java array, which JNA copies both ways.
     */
    public int read(long offset, ByteBuffer dst) {
        int len = dst.remaining();
        return (int) traced(Op.READ, offset, len, 0, () -> region.read(offset, dst));
    }

    /** One {@code pwrite} of {@code src} (any length); returns the count. */
    public int write(long offset, byte[] src) {
        return (int) traced(Op.WRITE, offset, src.length, 0, () -> region.write(offset, src));
    }

    /* ---- refused accesses (libvfio-user's expect=errno) ---- */

    /**
     * A write that the driver must refuse with {@code expected}; traced like any access.
     *
     * @throws AssertionError naming the access, the expected and the actual outcome otherwise
     */
    public void write(long offset, int width, long value, Errno expected) {
        expectRefused("pwrite " + describe(offset, width) + " value 0x" + Long.toHexString(value), expected,
                () -> write(offset, width, value));
    }

    /** {@link #write(long, int, long, Errno)} of a header field at native width. */
    public void write(MigrationField field, long value, Errno expected) {
        write(field.offset(), field.width(), value, expected);
    }

    /**
     * A read that the driver must refuse with {@code expected}; traced like any access.
     *
     * @throws AssertionError naming the access, the expected and the actual outcome otherwise
     */
    public void read(long offset, int width, Errno expected) {
        expectRefused("pread " + describe(offset, width), expected, () -> read(offset, width));
    }

    private static void expectRefused(String access, Errno expected, Runnable run) {
        try {
            run.run();
        } catch (SyscallException e) {
            if (e.errno() == expected) {
                return;
            }
            throw new AssertionError(access + ": expected " + expected + ", got " + Errno.describe(e.errnoNumber()), e);
        } catch (ShortTransferException e) {
            throw new AssertionError(access + ": expected " + expected + ", got a short transfer", e);
        }
        throw new AssertionError(access + ": expected " + expected + ", got success");
    }

    private static String describe(long offset, int width) {
        String field = MigrationField.at(offset).filter(f -> f.width() == width).map(f -> f.cName() + " ").orElse("");
        return field + "(offset 0x" + Long.toHexString(offset) + ", width " + width + ")";
    }

    /* ---- data window through mmap ---- */

    /** The sparse area covering {@code [offset, offset + length)}, if the region is mmap-able. */
    public Optional<SparseArea> areaCovering(long offset, long length) {
        if (!region.info().mmappable()) {
            return Optional.empty();
        }
        return sparseAreas().stream().filter(a -> a.covers(offset, length)).findFirst();
    }

    /** Copies {@code length} bytes at region {@code offset} out of the covering area's mmap. */
    public byte[] readMapped(long offset, int length) {
        SparseArea area = requireArea(offset, length);
        byte[][] out = new byte[1][];
        traced(Op.MMAP_READ, offset, length, 0, () -> {
            out[0] = mapping(area).read(offset - area.offset(), length);
            return length;
        });
        return out[0];
    }

    /** Copies {@code length} bytes at region {@code offset} out of the covering area's mmap into {@code dst}. */
    public void readMapped(long offset, byte[] dst, int index, int length) {
        SparseArea area = requireArea(offset, length);
        traced(Op.MMAP_READ, offset, length, 0, () -> {
            mapping(area).read(offset - area.offset(), dst, index, length);
            return length;
        });
    }

    /** Copies {@code src} into the covering area's mmap at region {@code offset}. */
    public void writeMapped(long offset, byte[] src) {
        SparseArea area = requireArea(offset, src.length);
        traced(Op.MMAP_WRITE, offset, src.length, 0, () -> {
            mapping(area).write(offset - area.offset(), src);
            return src.length;
        });
    }

    private SparseArea requireArea(long offset, long length) {
        return areaCovering(offset, length).orElseThrow(() -> new IllegalStateException("no sparse mmap area of "
                + region + " covers [0x" + Long.toHexString(offset) + ", +" + length + "); areas: " + sparseAreas()
                + (region.info().mmappable() ? "" : " (region lacks VFIO_REGION_INFO_FLAG_MMAP)")));
    }

    private synchronized Mapping mapping(SparseArea area) {
        return mappings.computeIfAbsent(area, a -> region.mmap(a, region.info().writable()));
    }

    /** Unmaps every sparse area this object mapped. */
    @Override
    public synchronized void close() {
        RuntimeException first = null;
        for (Mapping m : mappings.values()) {
            try {
                m.close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        mappings.clear();
        if (first != null) {
            throw first;
        }
    }

    @Override
    public String toString() {
        return "MigrationRegion[" + region + (hasNdma() ? ", NDMA" : "") + "]";
    }

    /**
     * Runs one access and records it: on success the value {@code access} returns (register value
     * read or written, or bytes transferred); on failure {@code attempted} (the value a register
     * write tried, else 0) with the errno or a note, then rethrows.
     */
    private long traced(Op op, long offset, int width, long attempted, LongSupplier access) {
        long t = System.nanoTime();
        try {
            long result = access.getAsLong();
            trace.record(new Entry(t, op, offset, width, result, 0, ""));
            return result;
        } catch (SyscallException e) {
            trace.record(new Entry(t, op, offset, width, attempted, e.errnoNumber(), ""));
            throw e;
        } catch (ShortTransferException e) {
            trace.record(new Entry(t, op, offset, width, attempted, 0,
                    "short: " + e.transferred() + " of " + e.requested() + " bytes"));
            throw e;
        } catch (RuntimeException e) {
            trace.record(new Entry(t, op, offset, width, attempted, 0, e.getClass().getSimpleName()));
            throw e;
        }
    }
}
