package org.vfiomigtest.vfio;

import org.vfiomigtest.sys.Vfio;

/** {@code struct vfio_irq_info}, include/uapi/linux/vfio.h (Linux 6.1). */
public record IrqInfo(int index, int flags, int count) {
    /** {@code VFIO_IRQ_INFO_EVENTFD}: the index can signal an eventfd. */
    public boolean eventfd() {
        return (flags & Vfio.IRQ_INFO_EVENTFD) != 0;
    }

    public boolean maskable() {
        return (flags & Vfio.IRQ_INFO_MASKABLE) != 0;
    }

    public boolean automasked() {
        return (flags & Vfio.IRQ_INFO_AUTOMASKED) != 0;
    }
}
