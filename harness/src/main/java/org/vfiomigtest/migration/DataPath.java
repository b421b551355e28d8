package org.vfiomigtest.migration;

/** How a session moves migration data through the region's data window. */
public enum DataPath {
    /** {@code pread}/{@code pwrite} only. */
    PREAD,
    /** mmap of the sparse area covering the data window; fails if none covers it. */
    MMAP,
    /** mmap when a sparse area covers the data window, else {@code pread}/{@code pwrite}. */
    AUTO
}
