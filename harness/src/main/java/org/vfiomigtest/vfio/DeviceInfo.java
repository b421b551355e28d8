package org.vfiomigtest.vfio;

import org.vfiomigtest.sys.Vfio;

/** {@code struct vfio_device_info}, include/uapi/linux/vfio.h (Linux 6.1). */
public record DeviceInfo(int flags, int numRegions, int numIrqs) {
    /** {@code VFIO_DEVICE_FLAGS_RESET}: the device supports {@code VFIO_DEVICE_RESET}. */
    public boolean supportsReset() {
        return (flags & Vfio.DEVICE_FLAGS_RESET) != 0;
    }

    /** {@code VFIO_DEVICE_FLAGS_PCI}: a vfio-pci device (fixed region indexes). */
    public boolean isPci() {
        return (flags & Vfio.DEVICE_FLAGS_PCI) != 0;
    }
}
