package org.vfiomigtest.vfio;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.vfiomigtest.sys.Vfio;
import org.vfiomigtest.sys.Vfio.VfioInfoCapHeader;
import org.vfiomigtest.sys.Vfio.VfioRegionInfoCapSparseMmap;
import org.vfiomigtest.sys.Vfio.VfioRegionInfoCapType;
import org.vfiomigtest.sys.Vfio.VfioRegionSparseMmapArea;

/**
 * Parses a VFIO capability chain: {@code struct vfio_info_cap_header} entries linked by
 * {@code next}, an offset from the start of the info struct, 0 ending the chain
 * (include/uapi/linux/vfio.h, Linux 6.1). Layouts come from the ABI-checked {@link Vfio} structs.
 */
final class CapabilityChain {
    static final int CAP_SPARSE_MMAP = Vfio.REGION_INFO_CAP_SPARSE_MMAP;
    static final int CAP_TYPE = Vfio.REGION_INFO_CAP_TYPE;
    static final int CAP_MIG_NDMA = Vfio.REGION_INFO_CAP_MIG_NDMA;

    private CapabilityChain() {
    }

    /**
     * The capabilities of {@code info} (the whole buffer the kernel filled), starting at
     * {@code firstOffset} (0: none).
     *
     * @throws IllegalArgumentException on a capability outside the buffer or a loop
     */
    static List<Capability> parse(byte[] info, int firstOffset) {
        List<Capability> caps = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        for (int off = firstOffset; off != 0; ) {
            if (!seen.add(off)) {
                throw new IllegalArgumentException("capability chain loops back to offset " + off);
            }
            VfioInfoCapHeader h = new VfioInfoCapHeader().readFrom(info, off);
            caps.add(parseOne(info, off, Short.toUnsignedInt(h.id), Short.toUnsignedInt(h.version)));
            off = h.next;
        }
        return List.copyOf(caps);
    }

    private static Capability parseOne(byte[] info, int off, int id, int version) {
        switch (id) {
            case CAP_TYPE: {
                VfioRegionInfoCapType t = new VfioRegionInfoCapType().readFrom(info, off);
                return new Capability.RegionType(version, t.type, t.subtype);
            }
            case CAP_SPARSE_MMAP:
                return sparseMmap(info, off, version);
            case CAP_MIG_NDMA:
                return new Capability.MigNdma(version);
            default:
                return new Capability.Other(id, version, off);
        }
    }

    private static Capability sparseMmap(byte[] info, int off, int version) {
        VfioRegionInfoCapSparseMmap s = new VfioRegionInfoCapSparseMmap().readFrom(info, off);
        int count = s.nr_areas;
        int areaSize = new VfioRegionSparseMmapArea().size();
        if (count < 0 || (long) count * areaSize > info.length - off - s.size()) {
            throw new IllegalArgumentException("sparse mmap capability at offset " + off + " declares "
                    + Integer.toUnsignedString(count) + " areas, more than fit in " + info.length + " bytes");
        }
        List<SparseArea> areas = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            VfioRegionSparseMmapArea a = new VfioRegionSparseMmapArea().readFrom(info, off + s.size() + i * areaSize);
            areas.add(new SparseArea(a.offset, a.size));
        }
        return new Capability.SparseMmap(version, areas);
    }
}
