package org.vfiomigtest.vfio;

import java.util.List;

/** A region-info capability from {@code VFIO_DEVICE_GET_REGION_INFO}'s chain. */
public sealed interface Capability {
    /** The {@code vfio_info_cap_header.id}. */
    int id();

    /** The {@code vfio_info_cap_header.version}. */
    int version();

    /** {@code VFIO_REGION_INFO_CAP_TYPE} (2): {@code struct vfio_region_info_cap_type}. */
    record RegionType(int version, int type, int subtype) implements Capability {
        @Override
        public int id() {
            return CapabilityChain.CAP_TYPE;
        }
    }

    /** {@code VFIO_REGION_INFO_CAP_SPARSE_MMAP} (1): the mmap-able areas of the region. */
    record SparseMmap(int version, List<SparseArea> areas) implements Capability {
        public SparseMmap {
            areas = List.copyOf(areas);
        }

        @Override
        public int id() {
            return CapabilityChain.CAP_SPARSE_MMAP;
        }
    }

    /** {@code VFIO_REGION_INFO_CAP_MIG_NDMA} (6, from the NDMA RFC): header only. */
    record MigNdma(int version) implements Capability {
        @Override
        public int id() {
            return CapabilityChain.CAP_MIG_NDMA;
        }
    }

    /** Any other capability, kept with its header. */
    record Other(int id, int version, int offset) implements Capability {
    }
}
