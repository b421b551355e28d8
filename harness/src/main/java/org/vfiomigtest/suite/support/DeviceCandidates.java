package org.vfiomigtest.suite.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The devices a run may test, from system properties:
 * <ul>
 * <li>{@code -Dmigtest.device=PATH[,PATH...]}: sysfs devices of your own
 * ({@code /sys/bus/mdev/devices/<uuid>}, {@code /sys/bus/pci/devices/0000:01:00.0}), bound to a
 * vfio driver; it wins over the next one;</li>
 * <li>{@code -Dmigtest.mdevs=TYPE=UUID[,TYPE=UUID...]}: what {@code migtest run} created, in
 * order (default {@code migtest-ndma, migtest-ndma, migtest-basic}).</li>
 * </ul>
 */
public final class DeviceCandidates {
    /** System property: the sysfs paths of devices to test. */
    public static final String DEVICE_PROPERTY = "migtest.device";
    /** System property: the mdev instances {@code migtest run} created. */
    public static final String MDEVS_PROPERTY = "migtest.mdevs";
    /** Where mdev instances appear in sysfs. */
    public static final Path MDEV_DEVICES = Path.of("/sys/bus/mdev/devices");

    /** One device: its sysfs directory and its type (mdev type name, or {@code pci:VVVV:DDDD}). */
    public record Candidate(Path sysfs, String type) {
        /** The name VFIO knows it by: the sysfs directory name (UUID, PCI address). */
        public String name() {
            return sysfs.getFileName().toString();
        }

        @Override
        public String toString() {
            return name() + " (" + type + ")";
        }
    }

    private DeviceCandidates() {
    }

    /** The candidates named by the system properties, in order; empty if neither is set. */
    public static List<Candidate> fromProperties() {
        return parse(System.getProperty(DEVICE_PROPERTY), System.getProperty(MDEVS_PROPERTY));
    }

    /** {@link #fromProperties()} with the property values given. */
    static List<Candidate> parse(String devices, String mdevs) {
        List<Candidate> out = new ArrayList<>();
        if (devices != null && !devices.isBlank()) {
            for (String p : split(devices)) {
                Path path = Path.of(p);
                out.add(new Candidate(path, typeOf(path)));
            }
            return List.copyOf(out);
        }
        if (mdevs != null && !mdevs.isBlank()) {
            for (String spec : split(mdevs)) {
                int eq = spec.indexOf('=');
                if (eq <= 0 || eq == spec.length() - 1) {
                    throw new IllegalArgumentException("-D" + MDEVS_PROPERTY + ": '" + spec
                            + "' is not TYPE=UUID (e.g. migtest-ndma=4b1c0a0e-...)");
                }
                out.add(new Candidate(MDEV_DEVICES.resolve(spec.substring(eq + 1)), spec.substring(0, eq)));
            }
        }
        return List.copyOf(out);
    }

    private static List<String> split(String list) {
        return List.of(list.split(",")).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /**
     * The type of a device given by path: the name of its {@code mdev_type}, else
     * {@code pci:VVVV:DDDD} from its {@code vendor} and {@code device} files, else "unknown".
     */
    static String typeOf(Path sysfs) {
        try {
            Path mdevType = sysfs.resolve("mdev_type");
            if (Files.exists(mdevType)) {
                return mdevType.toRealPath().getFileName().toString();
            }
            Path vendor = sysfs.resolve("vendor");
            Path device = sysfs.resolve("device");
            if (Files.isRegularFile(vendor) && Files.isRegularFile(device)) {
                return "pci:" + Files.readString(vendor).strip().replace("0x", "") + ":"
                        + Files.readString(device).strip().replace("0x", "");
            }
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
        return "unknown";
    }
}
