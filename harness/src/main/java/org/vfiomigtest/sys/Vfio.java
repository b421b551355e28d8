package org.vfiomigtest.sys;

import com.sun.jna.Structure.FieldOrder;
import org.vfiomigtest.sys.Ioctl.Request;

/**
 * Mirror of {@code include/uapi/linux/vfio.h} (Linux 6.1, Debian linux-libc-dev): the constants,
 * ioctl requests and structs the harness uses, under their C names minus the {@code VFIO_}
 * prefix for constants; structs keep the C name in {@link CStruct#cType()} and C field names.
 * The host ABI test compiles against the real header and compares all of it.
 *
 * @see <a href="https://elixir.bootlin.com/linux/v6.1/source/include/uapi/linux/vfio.h">vfio.h (6.1)</a>
 */
public final class Vfio {
    private Vfio() {
    }

    /* ---- API version, IOMMU types, ioctl base ---- */
    public static final int API_VERSION = 0;
    public static final int TYPE1_IOMMU = 1;
    public static final int TYPE1v2_IOMMU = 3;
    /** {@code VFIO_TYPE} = {@code ';'}. */
    public static final int TYPE = ';';
    public static final int BASE = 100;

    /* ---- ioctls on the container fd ---- */
    public static final Request GET_API_VERSION = Ioctl.io("VFIO_GET_API_VERSION", TYPE, BASE + 0);
    public static final Request CHECK_EXTENSION = Ioctl.io("VFIO_CHECK_EXTENSION", TYPE, BASE + 1);
    public static final Request SET_IOMMU = Ioctl.io("VFIO_SET_IOMMU", TYPE, BASE + 2);
    public static final Request IOMMU_MAP_DMA = Ioctl.io("VFIO_IOMMU_MAP_DMA", TYPE, BASE + 13);
    public static final Request IOMMU_UNMAP_DMA = Ioctl.io("VFIO_IOMMU_UNMAP_DMA", TYPE, BASE + 14);

    /* ---- ioctls on the group fd ---- */
    public static final Request GROUP_GET_STATUS = Ioctl.io("VFIO_GROUP_GET_STATUS", TYPE, BASE + 3);
    public static final Request GROUP_SET_CONTAINER = Ioctl.io("VFIO_GROUP_SET_CONTAINER", TYPE, BASE + 4);
    public static final Request GROUP_UNSET_CONTAINER = Ioctl.io("VFIO_GROUP_UNSET_CONTAINER", TYPE, BASE + 5);
    public static final Request GROUP_GET_DEVICE_FD = Ioctl.io("VFIO_GROUP_GET_DEVICE_FD", TYPE, BASE + 6);

    /* ---- ioctls on the device fd ---- */
    public static final Request DEVICE_GET_INFO = Ioctl.io("VFIO_DEVICE_GET_INFO", TYPE, BASE + 7);
    public static final Request DEVICE_GET_REGION_INFO = Ioctl.io("VFIO_DEVICE_GET_REGION_INFO", TYPE, BASE + 8);
    public static final Request DEVICE_GET_IRQ_INFO = Ioctl.io("VFIO_DEVICE_GET_IRQ_INFO", TYPE, BASE + 9);
    public static final Request DEVICE_SET_IRQS = Ioctl.io("VFIO_DEVICE_SET_IRQS", TYPE, BASE + 10);
    public static final Request DEVICE_RESET = Ioctl.io("VFIO_DEVICE_RESET", TYPE, BASE + 11);

    /** Every request above, for the ABI test. */
    public static final Request[] REQUESTS = {
        GET_API_VERSION, CHECK_EXTENSION, SET_IOMMU, IOMMU_MAP_DMA, IOMMU_UNMAP_DMA,
        GROUP_GET_STATUS, GROUP_SET_CONTAINER, GROUP_UNSET_CONTAINER, GROUP_GET_DEVICE_FD,
        DEVICE_GET_INFO, DEVICE_GET_REGION_INFO, DEVICE_GET_IRQ_INFO, DEVICE_SET_IRQS, DEVICE_RESET,
    };

    /* ---- struct vfio_group_status.flags ---- */
    public static final int GROUP_FLAGS_VIABLE = 1 << 0;
    public static final int GROUP_FLAGS_CONTAINER_SET = 1 << 1;

    /* ---- struct vfio_device_info.flags ---- */
    public static final int DEVICE_FLAGS_RESET = 1 << 0;
    public static final int DEVICE_FLAGS_PCI = 1 << 1;
    public static final int DEVICE_FLAGS_CAPS = 1 << 7;

    /* ---- struct vfio_region_info.flags, capability ids ---- */
    public static final int REGION_INFO_FLAG_READ = 1 << 0;
    public static final int REGION_INFO_FLAG_WRITE = 1 << 1;
    public static final int REGION_INFO_FLAG_MMAP = 1 << 2;
    public static final int REGION_INFO_FLAG_CAPS = 1 << 3;
    public static final int REGION_INFO_CAP_SPARSE_MMAP = 1;
    public static final int REGION_INFO_CAP_TYPE = 2;
    public static final int REGION_INFO_CAP_MSIX_MAPPABLE = 3;
    /**
     * {@code VFIO_REGION_INFO_CAP_MIG_NDMA} of the NDMA RFC (not in 6.1; the ABI test checks it
     * against {@code MIGTEST_REGION_INFO_CAP_MIG_NDMA} of kmod/include/migtest_uapi.h).
     */
    public static final int REGION_INFO_CAP_MIG_NDMA = 6;

    /* ---- struct vfio_irq_info.flags ---- */
    public static final int IRQ_INFO_EVENTFD = 1 << 0;
    public static final int IRQ_INFO_MASKABLE = 1 << 1;
    public static final int IRQ_INFO_AUTOMASKED = 1 << 2;
    public static final int IRQ_INFO_NORESIZE = 1 << 3;

    /* ---- struct vfio_irq_set.flags ---- */
    public static final int IRQ_SET_DATA_NONE = 1 << 0;
    public static final int IRQ_SET_DATA_BOOL = 1 << 1;
    public static final int IRQ_SET_DATA_EVENTFD = 1 << 2;
    public static final int IRQ_SET_ACTION_MASK = 1 << 3;
    public static final int IRQ_SET_ACTION_UNMASK = 1 << 4;
    public static final int IRQ_SET_ACTION_TRIGGER = 1 << 5;

    /* ---- struct vfio_iommu_type1_dma_map / _unmap flags ---- */
    public static final int DMA_MAP_FLAG_READ = 1 << 0;
    public static final int DMA_MAP_FLAG_WRITE = 1 << 1;

    /* ---- vfio-pci fixed offsets (drivers/vfio/pci/vfio_pci_priv.h, not uapi) ---- */
    /** Region offset shift of vfio-pci; prefer {@code vfio_region_info.offset}. */
    public static final int PCI_OFFSET_SHIFT = 40;

    /** {@code struct vfio_info_cap_header}. */
    @FieldOrder({"id", "version", "next"})
    public static class VfioInfoCapHeader extends CStruct {
        public short id;        /* identifies capability */
        public short version;   /* version specific to the capability id */
        public int next;        /* offset of next capability, from the start of the info struct */

        @Override
        public String cType() {
            return "struct vfio_info_cap_header";
        }
    }

    /** {@code struct vfio_group_status}. */
    @FieldOrder({"argsz", "flags"})
    public static class VfioGroupStatus extends CStruct {
        public int argsz;       /* set by the constructor */
        public int flags;       /* GROUP_FLAGS_* */

        public VfioGroupStatus() {
            argsz = size();
        }

        @Override
        public String cType() {
            return "struct vfio_group_status";
        }
    }

    /** {@code struct vfio_device_info}. */
    @FieldOrder({"argsz", "flags", "num_regions", "num_irqs", "cap_offset"})
    public static class VfioDeviceInfo extends CStruct {
        public int argsz;       /* set by the constructor */
        public int flags;       /* DEVICE_FLAGS_* */
        public int num_regions; /* max region index + 1 */
        public int num_irqs;    /* max IRQ index + 1 */
        public int cap_offset;  /* offset within info struct of first cap */

        public VfioDeviceInfo() {
            argsz = size();
        }

        @Override
        public String cType() {
            return "struct vfio_device_info";
        }
    }

    /** {@code struct vfio_region_info}. */
    @FieldOrder({"argsz", "flags", "index", "cap_offset", "size", "offset"})
    public static class VfioRegionInfo extends CStruct {
        public int argsz;       /* set by the constructor */
        public int flags;       /* REGION_INFO_FLAG_* */
        public int index;       /* region index */
        public int cap_offset;  /* offset within info struct of first cap */
        public long size;       /* region size (bytes) */
        public long offset;     /* region offset from start of device fd */

        public VfioRegionInfo() {
            argsz = size();
        }

        public VfioRegionInfo(int index) {
            this();
            this.index = index;
        }

        @Override
        public String cType() {
            return "struct vfio_region_info";
        }
    }

    /** {@code struct vfio_region_sparse_mmap_area}. */
    @FieldOrder({"offset", "size"})
    public static class VfioRegionSparseMmapArea extends CStruct {
        public long offset;     /* offset of mmap'able area within region */
        public long size;       /* size of mmap'able area */

        @Override
        public String cType() {
            return "struct vfio_region_sparse_mmap_area";
        }
    }

    /** {@code struct vfio_region_info_cap_sparse_mmap}, without the flexible {@code areas[]}. */
    @FieldOrder({"header", "nr_areas", "reserved"})
    public static class VfioRegionInfoCapSparseMmap extends CStruct {
        public VfioInfoCapHeader header;    /* id REGION_INFO_CAP_SPARSE_MMAP */
        public int nr_areas;                /* entries in areas[] that follow */
        public int reserved;                /* explicit padding */

        @Override
        public String cType() {
            return "struct vfio_region_info_cap_sparse_mmap";
        }
    }

    /** {@code struct vfio_region_info_cap_type}. */
    @FieldOrder({"header", "type", "subtype"})
    public static class VfioRegionInfoCapType extends CStruct {
        public VfioInfoCapHeader header;    /* id REGION_INFO_CAP_TYPE */
        public int type;                    /* global per bus driver */
        public int subtype;                 /* type specific */

        @Override
        public String cType() {
            return "struct vfio_region_info_cap_type";
        }
    }

    /** {@code struct vfio_irq_info}. */
    @FieldOrder({"argsz", "flags", "index", "count"})
    public static class VfioIrqInfo extends CStruct {
        public int argsz;       /* set by the constructor */
        public int flags;       /* IRQ_INFO_* */
        public int index;       /* IRQ index */
        public int count;       /* number of IRQs within this index */

        public VfioIrqInfo() {
            argsz = size();
        }

        public VfioIrqInfo(int index) {
            this();
            this.index = index;
        }

        @Override
        public String cType() {
            return "struct vfio_irq_info";
        }
    }

    /** {@code struct vfio_irq_set}, without the flexible {@code data[]}. */
    @FieldOrder({"argsz", "flags", "index", "start", "count"})
    public static class VfioIrqSet extends CStruct {
        public int argsz;       /* size() plus the bytes of data[] */
        public int flags;       /* IRQ_SET_DATA_* | IRQ_SET_ACTION_* */
        public int index;       /* IRQ index */
        public int start;       /* first subindex */
        public int count;       /* number of subindexes */

        public VfioIrqSet() {
            argsz = size();
        }

        @Override
        public String cType() {
            return "struct vfio_irq_set";
        }
    }

    /** {@code struct vfio_iommu_type1_dma_map}. */
    @FieldOrder({"argsz", "flags", "vaddr", "iova", "size"})
    public static class VfioIommuType1DmaMap extends CStruct {
        public int argsz;       /* set by the constructor */
        public int flags;       /* DMA_MAP_FLAG_* */
        public long vaddr;      /* process virtual address */
        public long iova;       /* IO virtual address */
        public long size;       /* size of mapping (bytes) */

        public VfioIommuType1DmaMap() {
            argsz = size();
        }

        @Override
        public String cType() {
            return "struct vfio_iommu_type1_dma_map";
        }
    }

    /** {@code struct vfio_iommu_type1_dma_unmap}, without the flexible {@code data[]}. */
    @FieldOrder({"argsz", "flags", "iova", "size"})
    public static class VfioIommuType1DmaUnmap extends CStruct {
        public int argsz;       /* set by the constructor */
        public int flags;       /* DMA_UNMAP_FLAG_* */
        public long iova;       /* IO virtual address */
        public long size;       /* in: size to unmap; out: size unmapped */

        public VfioIommuType1DmaUnmap() {
            argsz = size();
        }

        @Override
        public String cType() {
            return "struct vfio_iommu_type1_dma_unmap";
        }
    }

    /**
     * {@code struct vfio_device_migration_info}: the v1 migration region header, kept by 6.1 under
     * {@code VFIO_REGION_TYPE_MIGRATION_DEPRECATED}; the RFC's text governs its semantics.
     */
    @FieldOrder({"device_state", "reserved", "pending_bytes", "data_offset", "data_size"})
    public static class VfioDeviceMigrationInfo extends CStruct {
        public int device_state;    /* RUNNING | SAVING | RESUMING | NDMA bits */
        public int reserved;        /* reads zero, writes ignored */
        public long pending_bytes;  /* read only */
        public long data_offset;    /* read only */
        public long data_size;      /* read/write */

        @Override
        public String cType() {
            return "struct vfio_device_migration_info";
        }
    }

    /** One instance of every struct above, for the ABI test. */
    public static CStruct[] structs() {
        return new CStruct[] {
            new VfioInfoCapHeader(), new VfioGroupStatus(), new VfioDeviceInfo(), new VfioRegionInfo(),
            new VfioRegionSparseMmapArea(), new VfioRegionInfoCapSparseMmap(), new VfioRegionInfoCapType(),
            new VfioIrqInfo(), new VfioIrqSet(), new VfioIommuType1DmaMap(), new VfioIommuType1DmaUnmap(),
            new VfioDeviceMigrationInfo(),
        };
    }
}
