package org.vfiomigtest.suite;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.vfiomigtest.suite.support.DeviceUnderTest;
import org.vfiomigtest.sys.SyscallException;
import org.vfiomigtest.vfio.Device;
import org.vfiomigtest.vfio.Region;

/**
 * The non-migration regions of the migtest simulated PCI device, {@code
 * kmod/include/migtest_uapi.h} Part 2: BAR0 registers (each at its own width), BAR2 device memory
 * and config space. The tests that watch the device work (RUN, NDMA) or compare a source with a
 * resumed target need them; on any other device they abort with the reason.
 */
final class SimulatedDevice {
    /* region indexes, MIGTEST_REGION_INDEX_* (vfio-pci numbering) */
    static final int BAR0 = 0;
    static final int BAR2 = 2;
    static final int CONFIG = 7;

    /* BAR0 registers, MIGTEST_REG_* */
    static final int REG_ID = 0x00;
    static final int REG_VERSION = 0x04;
    static final int REG_COUNTER = 0x08;
    static final int REG_CONTROL = 0x10;
    static final int REG_STATUS = 0x14;
    static final int REG_DMA_IOVA = 0x18;
    static final int REG_DMA_LEN = 0x20;
    static final int REG_DMA_PATTERN = 0x24;
    static final int REG_DMA_PERIOD = 0x28;
    static final int REG_DMA_ERRORS = 0x2c;
    static final int REG_DMA_COUNT = 0x30;
    static final int REG_CHECKSUM = 0x38;
    static final int REG_IRQ_COUNT = 0x40;
    static final int REG_SCRATCH = 0x48;
    static final int REG_MEM_SIZE = 0x50;

    /** Offset and width of every register, in header order. */
    static final int[][] REGISTERS = {
        {REG_ID, 4}, {REG_VERSION, 4}, {REG_COUNTER, 8}, {REG_CONTROL, 4}, {REG_STATUS, 4},
        {REG_DMA_IOVA, 8}, {REG_DMA_LEN, 4}, {REG_DMA_PATTERN, 4}, {REG_DMA_PERIOD, 4},
        {REG_DMA_ERRORS, 4}, {REG_DMA_COUNT, 8}, {REG_CHECKSUM, 4}, {REG_IRQ_COUNT, 8},
        {REG_SCRATCH, 8}, {REG_MEM_SIZE, 8},
    };
    /** The registers the REGS segment migrates (MIGTEST_REGS_*), plus CHECKSUM and MEM_SIZE. */
    static final int[][] MIGRATED = {
        {REG_COUNTER, 8}, {REG_CONTROL, 4}, {REG_DMA_IOVA, 8}, {REG_DMA_LEN, 4}, {REG_DMA_PATTERN, 4},
        {REG_DMA_PERIOD, 4}, {REG_DMA_ERRORS, 4}, {REG_DMA_COUNT, 8}, {REG_IRQ_COUNT, 8}, {REG_SCRATCH, 8},
        {REG_CHECKSUM, 4}, {REG_MEM_SIZE, 8},
    };

    /** MIGTEST_DEVICE_MAGIC ("MTMG"). */
    static final int DEVICE_MAGIC = 0x474d544d;
    /** CONTROL bits. */
    static final int CTRL_DMA_ENABLE = 0x1;
    static final int CTRL_IRQ_ENABLE = 0x2;

    private final DeviceUnderTest dut;
    private final Region bar0;
    private final Region bar2;
    private final Region config;

    private SimulatedDevice(DeviceUnderTest dut) {
        this.dut = dut;
        Device d = dut.device();
        this.bar0 = d.region(d.getRegionInfo(BAR0));
        this.bar2 = d.region(d.getRegionInfo(BAR2));
        this.config = d.region(d.getRegionInfo(CONFIG));
    }

    /**
     * The simulated device behind {@code dut}; aborts the test (skip with the reason) when its BAR0
     * ID register does not read MIGTEST_DEVICE_MAGIC. BAR0, not config space: the identity check
     * must not depend on config space answering while !RUNNING (that is RUN-07's question).
     */
    static SimulatedDevice of(DeviceUnderTest dut) {
        var d = new SimulatedDevice(dut);
        int[] id = new int[1];
        boolean migtest;
        try {
            id[0] = (int) d.bar0.read(REG_ID, 4);
            migtest = id[0] == DEVICE_MAGIC;
        } catch (SyscallException e) {
            migtest = false;
        }
        Assumptions.assumeTrue(migtest, () -> dut.name() + " is not the migtest simulated device (BAR0 ID register "
                + "0x" + Integer.toHexString(id[0]) + ", expected 0x" + Integer.toHexString(DEVICE_MAGIC) + "): "
                + "observing DMA, interrupts, the counter and device memory needs its registers "
                + "(kmod/include/migtest_uapi.h)");
        return d;
    }

    DeviceUnderTest dut() {
        return dut;
    }

    Region bar0() {
        return bar0;
    }

    Region bar2() {
        return bar2;
    }

    Region config() {
        return config;
    }

    /* ---- registers ---- */

    long reg(int offset, int width) {
        return bar0.read(offset, width);
    }

    void setReg(int offset, int width, long value) {
        bar0.write(offset, width, value);
    }

    long counter() {
        return reg(REG_COUNTER, 8);
    }

    long dmaCount() {
        return reg(REG_DMA_COUNT, 8);
    }

    long irqCount() {
        return reg(REG_IRQ_COUNT, 8);
    }

    long checksum() {
        return reg(REG_CHECKSUM, 4);
    }

    long memSize() {
        return bar2.info().size();
    }

    /** Every migrated register by name, e.g. {"COUNTER": 1234, ...}. */
    Map<String, Long> migratedRegisters() {
        Map<String, Long> m = new LinkedHashMap<>();
        String[] names = {"COUNTER", "CONTROL", "DMA_IOVA", "DMA_LEN", "DMA_PATTERN", "DMA_PERIOD", "DMA_ERRORS",
            "DMA_COUNT", "IRQ_COUNT", "SCRATCH", "CHECKSUM", "MEM_SIZE"};
        for (int i = 0; i < MIGRATED.length; i++) {
            m.put(names[i], reg(MIGRATED[i][0], MIGRATED[i][1]));
        }
        return m;
    }

    /* ---- device memory ---- */

    /** All of BAR2, in 64 KiB preads. */
    byte[] memory() {
        byte[] all = new byte[Math.toIntExact(memSize())];
        int chunk = 1 << 16;
        for (int off = 0; off < all.length; off += chunk) {
            byte[] piece = new byte[Math.min(chunk, all.length - off)];
            int n = bar2.read(off, piece);
            if (n != piece.length) {
                throw new IllegalStateException("BAR2 pread at 0x" + Integer.toHexString(off) + " returned " + n
                        + " of " + piece.length + " bytes");
            }
            System.arraycopy(piece, 0, all, off, n);
        }
        return all;
    }

    /** Writes {@code data} at BAR2 offset {@code offset}. */
    void writeMemory(long offset, byte[] data) {
        int n = bar2.write(offset, data);
        if (n != data.length) {
            throw new IllegalStateException("BAR2 pwrite at 0x" + Long.toHexString(offset) + " wrote " + n + " of "
                    + data.length + " bytes");
        }
    }

    /**
     * Gives the device a recognizable state to migrate: pseudo-random device memory from
     * {@code seed} (every 4th page left zero), SCRATCH and the DMA registers set, CONTROL left 0
     * (no DMA engine on the target, which has no buffer mapped).
     */
    void fill(long seed) {
        var rnd = new Random(seed);
        int page = 4096;
        byte[] buf = new byte[page];
        for (long off = 0; off < memSize(); off += page) {
            if ((off / page) % 4 == 3) {
                continue;
            }
            rnd.nextBytes(buf);
            writeMemory(off, buf);
        }
        setReg(REG_SCRATCH, 8, 0x5ca1ab1e00000000L | (seed & 0xffffffffL));
        setReg(REG_DMA_IOVA, 8, 0x40000000L + (seed & 0xf) * 0x1000);
        setReg(REG_DMA_LEN, 4, 256);
        setReg(REG_DMA_PATTERN, 4, 0xa5000000L | (seed & 0xffff));
        setReg(REG_DMA_PERIOD, 4, 5000);
    }

    /* ---- config space ---- */

    long configRead(int offset, int width) {
        return config.read(offset, width);
    }

    void configWrite(int offset, int width, long value) {
        config.write(offset, width, value);
    }

    @Override
    public String toString() {
        return "SimulatedDevice[" + dut.name() + "]";
    }
}
