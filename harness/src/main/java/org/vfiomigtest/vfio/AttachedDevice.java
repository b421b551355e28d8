package org.vfiomigtest.vfio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * A device opened the legacy-group way: container, group (viable, attached), IOMMU set, device fd.
 * {@link #close()} releases them in reverse order.
 */
public record AttachedDevice(Container container, Group group, Device device, IommuType iommu)
        implements AutoCloseable {

    /**
     * Opens the device at {@code sysfsDevice} (e.g. {@code /sys/bus/mdev/devices/<uuid>}); its
     * directory name is the name passed to {@code VFIO_GROUP_GET_DEVICE_FD}.
     *
     * @param allowType1Fallback use type1 when type1v2 is unsupported
     */
    public static AttachedDevice open(Path sysfsDevice, boolean allowType1Fallback) {
        Container container = Container.open();
        Group group = null;
        try {
            group = Group.ofDevice(sysfsDevice);
            Group.Status status = group.getStatus();
            if (!status.viable()) {
                throw new IllegalStateException("group " + group.number() + " of " + sysfsDevice
                        + " is not viable (flags 0x" + Integer.toHexString(status.flags())
                        + "): bind every device of the group to a vfio driver");
            }
            group.setContainer(container);
            IommuType iommu = container.setIommu(allowType1Fallback);
            Device device = group.getDeviceFd(sysfsDevice.toRealPath().getFileName().toString());
            return new AttachedDevice(container, group, device, iommu);
        } catch (IOException e) {
            closeAfterFailure(group, container, e);
            throw new UncheckedIOException("cannot resolve " + sysfsDevice, e);
        } catch (RuntimeException e) {
            closeAfterFailure(group, container, e);
            throw e;
        }
    }

    private static void closeAfterFailure(Group group, Container container, Exception primary) {
        for (AutoCloseable c : new AutoCloseable[] {group, container}) {
            if (c == null) {
                continue;
            }
            try {
                c.close();
            } catch (Exception suppressed) {
                primary.addSuppressed(suppressed);
            }
        }
    }

    @Override
    public void close() {
        try (container; group; device) {
            // closes device, then group, then container
        }
    }
}
