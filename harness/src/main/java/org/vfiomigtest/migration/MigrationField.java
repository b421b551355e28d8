package org.vfiomigtest.migration;

import java.util.Locale;
import java.util.Optional;

/**
 * The fields of {@code struct vfio_device_migration_info} at the start of the migration region,
 * with their native width; the RFC supports only native width and alignment.
 */
public enum MigrationField {
    /** read/write. */
    DEVICE_STATE(MigtestUapi.MIG_OFF_DEVICE_STATE, Integer.BYTES),
    /** reads zero, writes ignored. */
    RESERVED(MigtestUapi.MIG_OFF_RESERVED, Integer.BYTES),
    /** read only. */
    PENDING_BYTES(MigtestUapi.MIG_OFF_PENDING_BYTES, Long.BYTES),
    /** read only. */
    DATA_OFFSET(MigtestUapi.MIG_OFF_DATA_OFFSET, Long.BYTES),
    /** read/write. */
    DATA_SIZE(MigtestUapi.MIG_OFF_DATA_SIZE, Long.BYTES);

    private final int offset;
    private final int width;

    MigrationField(int offset, int width) {
        this.offset = offset;
        this.width = width;
    }

    public int offset() {
        return offset;
    }

    public int width() {
        return width;
    }

    /** The C field name, e.g. {@code pending_bytes}. */
    public String cName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The field at {@code offset}, if one starts there. */
    public static Optional<MigrationField> at(long offset) {
        for (MigrationField f : values()) {
            if (f.offset == offset) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
