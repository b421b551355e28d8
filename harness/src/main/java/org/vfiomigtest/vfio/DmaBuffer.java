package org.vfiomigtest.vfio;

import org.vfiomigtest.sys.Mapping;

/** Anonymous memory mapped for device DMA at {@link #iova()}; {@link #close()} unmaps both. */
public final class DmaBuffer implements AutoCloseable {
    private final Container container;
    private final Mapping memory;
    private final long iova;

    DmaBuffer(Container container, Mapping memory, long iova) {
        this.container = container;
        this.memory = memory;
        this.iova = iova;
    }

    public long iova() {
        return iova;
    }

    public long size() {
        return memory.size();
    }

    /** The process-side view of the buffer. */
    public Mapping memory() {
        return memory;
    }

    @Override
    public void close() {
        try {
            container.unmapDma(iova, memory.size());
        } finally {
            memory.close();
        }
    }
}
