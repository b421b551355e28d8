package org.vfiomigtest.vfio;

import java.util.List;
import java.util.Optional;
import org.vfiomigtest.sys.Vfio;

/**
 * {@code struct vfio_region_info} with its parsed capability chain, include/uapi/linux/vfio.h
 * (Linux 6.1). {@link #offset()} is where the region starts in the device fd.
 */
public record RegionInfo(int index, int flags, long size, long offset, List<Capability> capabilities) {
    public RegionInfo {
        capabilities = List.copyOf(capabilities);
    }

    public boolean readable() {
        return (flags & Vfio.REGION_INFO_FLAG_READ) != 0;
    }

    public boolean writable() {
        return (flags & Vfio.REGION_INFO_FLAG_WRITE) != 0;
    }

    /** {@code VFIO_REGION_INFO_FLAG_MMAP}. */
    public boolean mmappable() {
        return (flags & Vfio.REGION_INFO_FLAG_MMAP) != 0;
    }

    /** The {@code VFIO_REGION_INFO_CAP_TYPE} capability, if present. */
    public Optional<Capability.RegionType> type() {
        return find(Capability.RegionType.class);
    }

    /** True if the region carries CAP_TYPE {@code type}/{@code subtype}. */
    public boolean isType(int type, int subtype) {
        return type().filter(t -> t.type() == type && t.subtype() == subtype).isPresent();
    }

    /** The sparse mmap areas; empty when the capability is absent. */
    public List<SparseArea> sparseAreas() {
        return find(Capability.SparseMmap.class).map(Capability.SparseMmap::areas).orElse(List.of());
    }

    /** True if a capability with {@code id} is in the chain. */
    public boolean hasCapability(int id) {
        return capabilities.stream().anyMatch(c -> c.id() == id);
    }

    private <T extends Capability> Optional<T> find(Class<T> kind) {
        return capabilities.stream().filter(kind::isInstance).map(kind::cast).findFirst();
    }
}
