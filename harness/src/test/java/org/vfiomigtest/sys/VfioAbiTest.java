package org.vfiomigtest.sys;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.vfiomigtest.sys.Ioctl.Request;

/** {@link Vfio} agrees with {@code <linux/vfio.h>} (Debian linux-libc-dev 6.1, the guest's uapi). */
class VfioAbiTest {
    /** Vfio constants whose C name is not {@code VFIO_<field>}; null: not a uapi macro. */
    private static final Map<String, String> C_NAMES = Map.of(
            "REGION_INFO_CAP_MIG_NDMA", "MIGTEST_REGION_INFO_CAP_MIG_NDMA",
            "PCI_OFFSET_SHIFT", "");

    @Test
    @DisplayName("struct sizes, field offsets and field sizes match vfio.h")
    void structLayoutsMatch() throws Exception {
        var probe = new CProbe().include("linux/vfio.h");
        for (CStruct s : Vfio.structs()) {
            probe.expect("sizeof(" + s.cType() + ")", s.size());
            for (String f : s.fields()) {
                probe.expect("offsetof(" + s.cType() + ", " + f + ")", s.offsetOf(f));
                probe.expect("sizeof(((" + s.cType() + " *)0)->" + f + ")", s.sizeOf(f));
            }
        }
        probe.verify();
    }

    @Test
    @DisplayName("ioctl request numbers match vfio.h")
    void ioctlNumbersMatch() throws Exception {
        var probe = new CProbe().include("linux/vfio.h");
        for (Request r : Vfio.REQUESTS) {
            probe.expect(r.name(), r.number());
        }
        probe.verify();
    }

    @Test
    @DisplayName("every int constant of Vfio matches its VFIO_ macro")
    void constantsMatch() throws Exception {
        var probe = new CProbe().include("linux/vfio.h").include("migtest_uapi.h");
        for (Field f : Vfio.class.getFields()) {
            if (f.getType() != int.class || !Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            String c = C_NAMES.getOrDefault(f.getName(), "VFIO_" + f.getName());
            if (!c.isEmpty()) {
                probe.expect(c, f.getInt(null));
            }
        }
        assertTrue(probe.size() >= 25, "expected the Vfio constants to be found by reflection");
        probe.verify();
    }
}
