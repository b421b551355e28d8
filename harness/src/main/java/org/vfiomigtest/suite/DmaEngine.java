package org.vfiomigtest.suite;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import org.vfiomigtest.scenario.SampleDma;

/**
 * The simulated device's DMA engine, programmed against a buffer of this process mapped with
 * VFIO_IOMMU_MAP_DMA, with its completion interrupt on an MSI eventfd. Every period the engine
 * fills {@code DMA_LEN} bytes at {@code DMA_IOVA} with the u32 {@code DMA_PATTERN + n}, counts
 * {@code DMA_COUNT} and, with {@code CONTROL.IRQ_ENABLE}, signals the eventfd and counts
 * {@code IRQ_COUNT} ({@code kmod/README.md}, "DMA engine"). Observations go through all three
 * witnesses: the registers, the eventfd and the buffer contents, so a driver that lies in one
 * is still seen in the others.
 *
 * <p>{@link #close()} stops the engine (CONTROL 0), de-assigns the eventfd and unmaps the buffer.
 */
final class DmaEngine implements AutoCloseable {
    /** VFIO_PCI_MSI_IRQ_INDEX, include/uapi/linux/vfio.h (Linux 6.1). */
    static final int MSI_IRQ_INDEX = SampleDma.MSI_IRQ_INDEX;
    /** Bytes per transfer and buffer size. */
    static final int LEN = 4096;
    /** Microseconds between transfers: 2 ms (the engine's minimum is 1 ms). */
    static final int PERIOD_US = 2000;
    static final int PATTERN = SampleDma.PATTERN;
    /** How long a quiet device is watched: 50 periods. */
    static final Duration QUIET = Duration.ofMillis(100);
    /** How long an active device gets to show transfers (TCG guests are slow). */
    static final Duration ACTIVE = Duration.ofSeconds(5);

    private final SimulatedDevice dev;
    private final SampleDma dma;

    private DmaEngine(SimulatedDevice dev, SampleDma dma) {
        this.dev = dev;
        this.dma = dma;
    }

    /**
     * Maps a buffer, assigns an MSI eventfd (VFIO_DEVICE_SET_IRQS) and starts the engine with
     * interrupts. The device should be RUNNING for it to start transferring.
     */
    static DmaEngine start(SimulatedDevice dev) {
        return new DmaEngine(dev, SampleDma.start(dev.dut().attached(), dev.bar0(), PERIOD_US, LEN, true));
    }

    /** What the three witnesses say at one moment. */
    record Snapshot(long dmaCount, long irqCount, long signals, long counter) {
        @Override
        public String toString() {
            return "DMA_COUNT " + dmaCount + ", IRQ_COUNT " + irqCount + ", eventfd signals " + signals
                    + ", COUNTER " + counter;
        }
    }

    Snapshot snapshot() {
        return new Snapshot(dev.dmaCount(), dev.irqCount(), dma.signals(), dev.counter());
    }

    /**
     * Waits until at least {@code transfers} more transfers and interrupts happened; fails
     * naming {@code rule} if they do not within {@link #ACTIVE}.
     */
    Snapshot awaitActivity(int transfers, String rule, String context) throws InterruptedException {
        Snapshot start = snapshot();
        long end = System.nanoTime() + ACTIVE.toNanos();
        Snapshot now = start;
        while (System.nanoTime() < end) {
            Thread.sleep(PERIOD_US / 1000);
            now = snapshot();
            if (now.dmaCount() - start.dmaCount() >= transfers && now.signals() - start.signals() >= transfers
                    && now.irqCount() - start.irqCount() >= transfers) {
                return now;
            }
        }
        fail(context + ": the DMA engine programmed for a transfer every " + PERIOD_US + " us with interrupts "
                + "did not show " + transfers + " transfers and interrupts within " + ACTIVE.toMillis() + " ms: "
                + "from " + start + " to " + now + " (" + rule + ")");
        return now;
    }

    /** Fills the buffer with the sentinel, so any later transfer shows. */
    void fillSentinel() {
        dma.fillSentinel();
    }

    /** The offset of the first buffer byte that is not the sentinel, or -1. */
    int firstOverwritten() {
        return dma.firstOverwritten();
    }

    /** The buffer's first u32 (the word of the last transfer). */
    int firstWord() {
        return dma.word(0);
    }

    /** True if every u32 of the buffer is {@code word}: one transfer landed completely. */
    boolean allWords(int word) {
        for (int i = 0; i < LEN; i += 4) {
            if (dma.word(i) != word) {
                return false;
            }
        }
        return true;
    }

    /**
     * Watches the device for {@link #QUIET} with the buffer filled with the sentinel: asserts no
     * transfer (DMA_COUNT, buffer) when {@code dma}, no interrupt (IRQ_COUNT, eventfd) when
     * {@code irqs}, COUNTER frozen when {@code counter}.
     */
    void assertQuiet(boolean dma, boolean irqs, boolean counter, String rule, String context)
            throws InterruptedException {
        Snapshot before = snapshot();
        fillSentinel();
        Thread.sleep(QUIET.toMillis());
        Snapshot after = snapshot();
        int overwritten = firstOverwritten();
        StringBuilder seen = new StringBuilder();
        if (dma && after.dmaCount() != before.dmaCount()) {
            seen.append("; DMA_COUNT went from ").append(before.dmaCount()).append(" to ").append(after.dmaCount());
        }
        if (dma && overwritten >= 0) {
            seen.append("; the DMA buffer was written at offset ").append(overwritten).append(" (word 0x")
                    .append(Integer.toHexString(firstWord())).append(")");
        }
        if (irqs && after.signals() != before.signals()) {
            seen.append("; the MSI eventfd was signalled ").append(after.signals() - before.signals())
                    .append(" times");
        }
        if (irqs && after.irqCount() != before.irqCount()) {
            seen.append("; IRQ_COUNT went from ").append(before.irqCount()).append(" to ").append(after.irqCount());
        }
        if (counter && after.counter() != before.counter()) {
            seen.append("; COUNTER advanced from ").append(before.counter()).append(" to ").append(after.counter())
                    .append(" us");
        }
        if (seen.length() > 0) {
            fail(context + ", watched for " + QUIET.toMillis() + " ms with the engine programmed for a transfer "
                    + "every " + PERIOD_US + " us" + seen + " (" + rule + ")");
        }
    }

    @Override
    public void close() {
        dma.close();
    }
}
