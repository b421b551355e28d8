package org.vfiomigtest.vfio;

import java.util.List;
import org.vfiomigtest.sys.Fd;
import org.vfiomigtest.sys.Ioctl;
import org.vfiomigtest.sys.Mapping;
import org.vfiomigtest.sys.Vfio;
import org.vfiomigtest.sys.Vfio.VfioIommuType1DmaMap;
import org.vfiomigtest.sys.Vfio.VfioIommuType1DmaUnmap;

/** A VFIO container: {@code /dev/vfio/vfio}, the IOMMU context that groups attach to. */
public final class Container implements AutoCloseable {
    /** The container device node. */
    public static final String PATH = "/dev/vfio/vfio";

    private final Fd fd;

    private Container(Fd fd) {
        this.fd = fd;
    }

    /** Opens {@value #PATH}. */
    public static Container open() {
        return open(PATH);
    }

    /** Opens a container node at {@code path}. */
    public static Container open(String path) {
        return new Container(Fd.open(path, true));
    }

    /** VFIO_GET_API_VERSION, include/uapi/linux/vfio.h (Linux 6.1): {@link Vfio#API_VERSION} expected. */
    public int getApiVersion() {
        return Ioctl.call(fd, Vfio.GET_API_VERSION);
    }

    /** VFIO_CHECK_EXTENSION, include/uapi/linux/vfio.h (Linux 6.1): true if supported. */
    public boolean checkExtension(int extension) {
        return Ioctl.call(fd, Vfio.CHECK_EXTENSION, extension) > 0;
    }

    /** VFIO_CHECK_EXTENSION for an IOMMU type. */
    public boolean supports(IommuType type) {
        return checkExtension(type.extension());
    }

    /** VFIO_SET_IOMMU, include/uapi/linux/vfio.h (Linux 6.1); needs a group attached first. */
    public void setIommu(IommuType type) {
        Ioctl.call(fd, Vfio.SET_IOMMU, type.extension());
    }

    /**
     * Sets type1v2, or type1 when v2 is unsupported and {@code allowType1Fallback}; returns the
     * type set.
     *
     * @throws IllegalStateException when neither may be used
     */
    public IommuType setIommu(boolean allowType1Fallback) {
        List<IommuType> candidates = allowType1Fallback ? List.of(IommuType.TYPE1V2, IommuType.TYPE1)
                : List.of(IommuType.TYPE1V2);
        IommuType type = candidates.stream().filter(this::supports).findFirst()
                .orElseThrow(() -> new IllegalStateException(fd.name() + " supports none of " + candidates
                        + " (VFIO_CHECK_EXTENSION); is vfio_iommu_type1 loaded?"));
        setIommu(type);
        return type;
    }

    /**
     * VFIO_IOMMU_MAP_DMA, include/uapi/linux/vfio.h (Linux 6.1): maps all of {@code memory} at
     * {@code iova}, readable and writable by the device.
     */
    public void mapDma(Mapping memory, long iova) {
        var map = new VfioIommuType1DmaMap();
        map.flags = Vfio.DMA_MAP_FLAG_READ | Vfio.DMA_MAP_FLAG_WRITE;
        map.vaddr = memory.address();
        map.iova = iova;
        map.size = memory.size();
        Ioctl.call(fd, Vfio.IOMMU_MAP_DMA, map);
    }

    /** VFIO_IOMMU_UNMAP_DMA, include/uapi/linux/vfio.h (Linux 6.1); returns the bytes unmapped. */
    public long unmapDma(long iova, long size) {
        var unmap = new VfioIommuType1DmaUnmap();
        unmap.iova = iova;
        unmap.size = size;
        Ioctl.call(fd, Vfio.IOMMU_UNMAP_DMA, unmap);
        return unmap.size;
    }

    /** Allocates anonymous memory and maps it for DMA at {@code iova}; closing undoes both. */
    public DmaBuffer dmaBuffer(long iova, long size) {
        Mapping memory = Mapping.anonymous(size);
        try {
            mapDma(memory, iova);
        } catch (RuntimeException e) {
            memory.close();
            throw e;
        }
        return new DmaBuffer(this, memory, iova);
    }

    Fd fd() {
        return fd;
    }

    @Override
    public void close() {
        fd.close();
    }

    @Override
    public String toString() {
        return "Container[" + fd + "]";
    }
}
