package org.vfiomigtest.vfio;

import org.vfiomigtest.sys.Vfio;

/** IOMMU backends for {@code VFIO_SET_IOMMU}, include/uapi/linux/vfio.h (Linux 6.1). */
public enum IommuType {
    /** {@code VFIO_TYPE1_IOMMU}. */
    TYPE1(Vfio.TYPE1_IOMMU),
    /** {@code VFIO_TYPE1v2_IOMMU}. */
    TYPE1V2(Vfio.TYPE1v2_IOMMU);

    private final int extension;

    IommuType(int extension) {
        this.extension = extension;
    }

    /** The extension number passed to {@code VFIO_CHECK_EXTENSION} and {@code VFIO_SET_IOMMU}. */
    public int extension() {
        return extension;
    }
}
