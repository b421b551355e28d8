package org.vfiomigtest.sys;

import com.sun.jna.Native;
import com.sun.jna.Structure;
import java.util.List;

/**
 * A C struct mirror: subclasses list every field in C order with {@code @FieldOrder}, keep the C
 * names, and say which C type they mirror so the ABI test can compare sizes and offsets.
 */
public abstract class CStruct extends Structure {

    /** The C type this mirrors, e.g. {@code "struct vfio_region_info"}. */
    public abstract String cType();

    /** The fields in C order. */
    public List<String> fields() {
        return getFieldOrder();
    }

    /** {@code offsetof(cType(), field)} as JNA lays it out. */
    public int offsetOf(String field) {
        return fieldOffset(field);
    }

    /** {@code sizeof} of {@code field} as JNA lays it out (a nested struct counts whole). */
    public int sizeOf(String field) {
        try {
            Object value = getClass().getField(field).get(this);
            return value instanceof Structure nested ? nested.size()
                    : Native.getNativeSize(getClass().getField(field).getType());
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(cType() + " has no public field " + field, e);
        }
    }

    /** The struct as the kernel would see it (written from the Java fields first). */
    public byte[] toBytes() {
        write();
        return getPointer().getByteArray(0, size());
    }

    /**
     * Loads the fields from {@code size()} bytes of {@code src} at {@code offset}.
     *
     * @throws IllegalArgumentException if the struct does not fit
     */
    public <T extends CStruct> T readFrom(byte[] src, int offset) {
        if (offset < 0 || offset > src.length - size()) {
            throw new IllegalArgumentException(cType() + " (" + size() + " bytes) at offset " + offset
                    + " does not fit in " + src.length + " bytes");
        }
        getPointer().write(0, src, offset, size());
        read();
        @SuppressWarnings("unchecked")
        T self = (T) this;
        return self;
    }
}
