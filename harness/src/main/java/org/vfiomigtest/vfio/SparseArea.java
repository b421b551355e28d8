package org.vfiomigtest.vfio;

/** {@code struct vfio_region_sparse_mmap_area}: an mmap-able range, relative to its region. */
public record SparseArea(long offset, long size) {
    /** True if {@code [offset, offset + length)} of the region lies inside this area. */
    public boolean covers(long regionOffset, long length) {
        return regionOffset >= offset && length >= 0 && regionOffset - offset <= size - length;
    }
}
