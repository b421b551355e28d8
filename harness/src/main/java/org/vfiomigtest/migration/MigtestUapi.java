package org.vfiomigtest.migration;

/**
 * Java mirror of Part 1 of {@code kmod/include/migtest_uapi.h}: the RFC's migration-region
 * vocabulary (spelled {@code MIGTEST_*} there because the RFC names collide with Linux 6.1's
 * {@code vfio.h}). Names here drop the {@code MIGTEST_} prefix; the host ABI test compiles the
 * header and compares every constant and the three state macros.
 */
public final class MigtestUapi {
    private MigtestUapi() {
    }

    /** VFIO_REGION_TYPE_MIGRATION (RFC). */
    public static final int REGION_TYPE_MIGRATION = 3;
    /** VFIO_REGION_SUBTYPE_MIGRATION (RFC). */
    public static final int REGION_SUBTYPE_MIGRATION = 1;
    /** VFIO_REGION_INFO_CAP_MIG_NDMA (RFC): the region supports the NDMA bit. */
    public static final int REGION_INFO_CAP_MIG_NDMA = 6;

    /** VFIO_DEVICE_STATE_RUNNING (RFC), bit 0. */
    public static final int DEVICE_STATE_RUNNING = 1 << 0;
    /** VFIO_DEVICE_STATE_SAVING (RFC), bit 1. */
    public static final int DEVICE_STATE_SAVING = 1 << 1;
    /** VFIO_DEVICE_STATE_RESUMING (RFC), bit 2. */
    public static final int DEVICE_STATE_RESUMING = 1 << 2;
    /** VFIO_DEVICE_STATE_NDMA (RFC), bit 3, optional. */
    public static final int DEVICE_STATE_NDMA = 1 << 3;
    /** VFIO_DEVICE_STATE_ERROR (RFC): !NDMA | RESUMING | SAVING | !RUNNING. */
    public static final int DEVICE_STATE_ERROR = DEVICE_STATE_SAVING | DEVICE_STATE_RESUMING;
    /** VFIO_DEVICE_STATE_MASK (RFC): the defined bits; bits 31:4 are reserved. */
    public static final int DEVICE_STATE_MASK =
            DEVICE_STATE_RUNNING | DEVICE_STATE_SAVING | DEVICE_STATE_RESUMING | DEVICE_STATE_NDMA;

    /* struct vfio_device_migration_info field offsets (6.1 layout, shared/spec/README.md) */
    public static final int MIG_OFF_DEVICE_STATE = 0;
    public static final int MIG_OFF_RESERVED = 4;
    public static final int MIG_OFF_PENDING_BYTES = 8;
    public static final int MIG_OFF_DATA_OFFSET = 16;
    public static final int MIG_OFF_DATA_SIZE = 24;
}
