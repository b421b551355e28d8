package org.vfiomigtest.vfio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.vfiomigtest.sys.Fd;
import org.vfiomigtest.sys.Ioctl;
import org.vfiomigtest.sys.Vfio;
import org.vfiomigtest.sys.Vfio.VfioGroupStatus;

/** A VFIO group, {@code /dev/vfio/N}: the unit of ownership that hands out device fds. */
public final class Group implements AutoCloseable {
    private final int number;
    private final Fd fd;

    private Group(int number, Fd fd) {
        this.number = number;
        this.fd = fd;
    }

    /** Group status flags from {@code struct vfio_group_status}. */
    public record Status(int flags) {
        /** {@code VFIO_GROUP_FLAGS_VIABLE}: every device of the group is bound to a vfio driver. */
        public boolean viable() {
            return (flags & Vfio.GROUP_FLAGS_VIABLE) != 0;
        }

        /** {@code VFIO_GROUP_FLAGS_CONTAINER_SET}. */
        public boolean containerSet() {
            return (flags & Vfio.GROUP_FLAGS_CONTAINER_SET) != 0;
        }
    }

    /** Opens {@code /dev/vfio/<number>}. */
    public static Group open(int number) {
        return new Group(number, Fd.open("/dev/vfio/" + number, true));
    }

    /** Opens the group of a sysfs device ({@code /sys/bus/mdev/devices/<uuid>}, a PCI device...). */
    public static Group ofDevice(Path sysfsDevice) {
        return open(numberOf(sysfsDevice));
    }

    /** The IOMMU group number, from the device's {@code iommu_group} link. */
    public static int numberOf(Path sysfsDevice) {
        Path link = sysfsDevice.resolve("iommu_group");
        try {
            return Integer.parseInt(Files.readSymbolicLink(link).getFileName().toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + link
                    + ": is the device present and bound to a vfio driver?", e);
        }
    }

    public int number() {
        return number;
    }

    /** VFIO_GROUP_GET_STATUS, include/uapi/linux/vfio.h (Linux 6.1). */
    public Status getStatus() {
        var status = new VfioGroupStatus();
        Ioctl.call(fd, Vfio.GROUP_GET_STATUS, status);
        return new Status(status.flags);
    }

    /** VFIO_GROUP_SET_CONTAINER, include/uapi/linux/vfio.h (Linux 6.1). */
    public void setContainer(Container container) {
        Ioctl.callIntRef(fd, Vfio.GROUP_SET_CONTAINER, container.fd().number());
    }

    /** VFIO_GROUP_UNSET_CONTAINER, include/uapi/linux/vfio.h (Linux 6.1). */
    public void unsetContainer() {
        Ioctl.call(fd, Vfio.GROUP_UNSET_CONTAINER);
    }

    /**
     * VFIO_GROUP_GET_DEVICE_FD, include/uapi/linux/vfio.h (Linux 6.1): the device named as in the
     * group's sysfs {@code devices/} directory (an mdev UUID, a PCI address).
     */
    public Device getDeviceFd(String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        int deviceFd = Ioctl.call(fd, Vfio.GROUP_GET_DEVICE_FD, Arrays.copyOf(bytes, bytes.length + 1));
        return new Device(name, Fd.adopt(deviceFd, fd.name() + " device '" + name + "'"));
    }

    @Override
    public void close() {
        fd.close();
    }

    @Override
    public String toString() {
        return "Group[" + fd + "]";
    }
}
