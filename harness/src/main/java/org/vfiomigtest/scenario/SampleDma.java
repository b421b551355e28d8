package org.vfiomigtest.scenario;

import java.util.Arrays;
import org.vfiomigtest.vfio.AttachedDevice;
import org.vfiomigtest.vfio.DmaBuffer;
import org.vfiomigtest.vfio.EventFd;
import org.vfiomigtest.vfio.Region;

/**
 * The sample device's DMA engine ({@code kmod/README.md}, "DMA engine"; registers from
 * {@code kmod/include/migtest_uapi.h} Part 2) programmed against a buffer mapped with
 * VFIO_IOMMU_MAP_DMA, its completion interrupt on an MSI eventfd. {@link #close()} stops the
 * engine, de-assigns the eventfd and unmaps the buffer. Scenario steps and the conformance
 * suite's DMA tests both drive it through this class.
 */
public final class SampleDma implements AutoCloseable {
    /** VFIO_PCI_MSI_IRQ_INDEX, include/uapi/linux/vfio.h (Linux 6.1). */
    public static final int MSI_IRQ_INDEX = 1;
    public static final long IOVA = 0x10000000L;
    /** The first transfer's u32 pattern; transfer n writes PATTERN + n. */
    public static final int PATTERN = 0x6d740000;
    /** A byte no transfer writes (pattern words are 0x6d74xxxx). */
    public static final byte SENTINEL = (byte) 0xee;

    /* MIGTEST_REG_* */
    static final int REG_COUNTER = 0x08;
    static final int REG_CONTROL = 0x10;
    static final int REG_DMA_IOVA = 0x18;
    static final int REG_DMA_LEN = 0x20;
    static final int REG_DMA_PATTERN = 0x24;
    static final int REG_DMA_PERIOD = 0x28;
    static final int REG_DMA_COUNT = 0x30;
    static final int REG_CHECKSUM = 0x38;
    static final int REG_IRQ_COUNT = 0x40;
    static final int CTRL_DMA_ENABLE = 0x1;
    static final int CTRL_IRQ_ENABLE = 0x2;

    private final AttachedDevice dev;
    private final Region bar0;
    private final DmaBuffer buffer;
    private final EventFd irq;
    private final int length;
    /** Eventfd signals drained so far. */
    private long signals;

    private SampleDma(AttachedDevice dev, Region bar0, DmaBuffer buffer, EventFd irq, int length) {
        this.dev = dev;
        this.bar0 = bar0;
        this.buffer = buffer;
        this.irq = irq;
        this.length = length;
    }

    /**
     * Maps a buffer of {@code length} bytes (rounded up to pages), assigns an MSI eventfd
     * (VFIO_DEVICE_SET_IRQS) and starts the engine: a transfer every {@code periodUs}, with
     * interrupts when {@code irqs}.
     */
    public static SampleDma start(AttachedDevice dev, Region bar0, int periodUs, int length, boolean irqs) {
        long size = (length + 4095L) & ~4095L;
        DmaBuffer buffer = dev.container().dmaBuffer(IOVA, size);
        EventFd irq = null;
        try {
            irq = EventFd.create();
            dev.device().setIrqs(MSI_IRQ_INDEX, 0, irq);
            var dma = new SampleDma(dev, bar0, buffer, irq, length);
            bar0.write(REG_DMA_IOVA, 8, IOVA);
            bar0.write(REG_DMA_LEN, 4, length);
            bar0.write(REG_DMA_PATTERN, 4, PATTERN);
            bar0.write(REG_DMA_PERIOD, 4, periodUs);
            bar0.write(REG_CONTROL, 4, CTRL_DMA_ENABLE | (irqs ? CTRL_IRQ_ENABLE : 0));
            return dma;
        } catch (RuntimeException e) {
            if (irq != null) {
                irq.close();
            }
            buffer.close();
            throw e;
        }
    }

    /** Eventfd signals so far (cumulative). */
    public long signals() {
        signals += irq.drain();
        return signals;
    }

    /** Fills the buffer with {@link #SENTINEL}, so any later transfer shows. */
    public void fillSentinel() {
        byte[] s = new byte[length];
        Arrays.fill(s, SENTINEL);
        buffer.memory().write(0, s);
    }

    /** The offset of the first buffer byte a transfer overwrote since {@link #fillSentinel()}, or -1. */
    public int firstOverwritten() {
        byte[] b = buffer.memory().read(0, length);
        for (int i = 0; i < b.length; i++) {
            if (b[i] != SENTINEL) {
                return i;
            }
        }
        return -1;
    }

    /** The buffer's u32 at {@code offset} (native order). */
    public int word(int offset) {
        return buffer.memory().buffer().getInt(offset);
    }

    @Override
    public void close() {
        RuntimeException first = null;
        try {
            bar0.write(REG_CONTROL, 4, 0);
        } catch (RuntimeException e) {
            first = e;
        }
        try {
            dev.device().disableIrqs(MSI_IRQ_INDEX);
        } catch (RuntimeException e) {
            first = keep(first, e);
        }
        try {
            irq.close();
        } catch (RuntimeException e) {
            first = keep(first, e);
        }
        try {
            buffer.close();
        } catch (RuntimeException e) {
            first = keep(first, e);
        }
        if (first != null) {
            throw first;
        }
    }

    private static RuntimeException keep(RuntimeException first, RuntimeException e) {
        if (first == null) {
            return e;
        }
        first.addSuppressed(e);
        return first;
    }
}
