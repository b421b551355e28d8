package org.vfiomigtest.vfio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.vfiomigtest.sys.Fd;
import org.vfiomigtest.sys.Ioctl;
import org.vfiomigtest.sys.Vfio;
import org.vfiomigtest.sys.Vfio.VfioDeviceInfo;
import org.vfiomigtest.sys.Vfio.VfioIrqInfo;
import org.vfiomigtest.sys.Vfio.VfioIrqSet;
import org.vfiomigtest.sys.Vfio.VfioRegionInfo;

/** A VFIO device fd, from {@link Group#getDeviceFd(String)}. */
public final class Device implements AutoCloseable {
    private final String name;
    private final Fd fd;

    Device(String name, Fd fd) {
        this.name = name;
        this.fd = fd;
    }

    /** The name the device was opened by (mdev UUID, PCI address). */
    public String name() {
        return name;
    }

    /** VFIO_DEVICE_GET_INFO, include/uapi/linux/vfio.h (Linux 6.1). */
    public DeviceInfo getInfo() {
        var info = new VfioDeviceInfo();
        Ioctl.callGrowing(fd, Vfio.DEVICE_GET_INFO, info);
        return new DeviceInfo(info.flags, info.num_regions, info.num_irqs);
    }

    /**
     * VFIO_DEVICE_GET_REGION_INFO, include/uapi/linux/vfio.h (Linux 6.1), with its capability
     * chain: re-issued with the returned {@code argsz} when the capabilities did not fit.
     */
    public RegionInfo getRegionInfo(int index) {
        var info = new VfioRegionInfo(index);
        byte[] all = Ioctl.callGrowing(fd, Vfio.DEVICE_GET_REGION_INFO, info);
        boolean caps = (info.flags & Vfio.REGION_INFO_FLAG_CAPS) != 0;
        return new RegionInfo(info.index, info.flags, info.size, info.offset,
                caps ? CapabilityChain.parse(all, info.cap_offset) : List.of());
    }

    /** {@link #getRegionInfo} for every index below {@code num_regions}. */
    public List<RegionInfo> regions() {
        int n = getInfo().numRegions();
        List<RegionInfo> all = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            all.add(getRegionInfo(i));
        }
        return all;
    }

    /** The first region whose CAP_TYPE capability is {@code type}/{@code subtype}. */
    public Optional<RegionInfo> findRegion(int type, int subtype) {
        return regions().stream().filter(r -> r.isType(type, subtype)).findFirst();
    }

    /** Access to the region {@code info} describes. */
    public Region region(RegionInfo info) {
        return new FdRegion(fd, info);
    }

    /** VFIO_DEVICE_GET_IRQ_INFO, include/uapi/linux/vfio.h (Linux 6.1). */
    public IrqInfo getIrqInfo(int index) {
        var info = new VfioIrqInfo(index);
        Ioctl.call(fd, Vfio.DEVICE_GET_IRQ_INFO, info);
        return new IrqInfo(info.index, info.flags, info.count);
    }

    /**
     * VFIO_DEVICE_SET_IRQS, include/uapi/linux/vfio.h (Linux 6.1), with
     * {@code DATA_EVENTFD | ACTION_TRIGGER}: subindexes {@code start..} signal the given eventfds; a
     * {@code null} entry de-assigns its subindex (fd -1).
     */
    public void setIrqs(int index, int start, EventFd... triggers) {
        ByteBuffer data = ByteBuffer.allocate(Integer.BYTES * triggers.length).order(ByteOrder.nativeOrder());
        for (EventFd e : triggers) {
            data.putInt(e == null ? -1 : e.number());
        }
        setIrqs(Vfio.IRQ_SET_DATA_EVENTFD | Vfio.IRQ_SET_ACTION_TRIGGER, index, start, triggers.length, data.array());
    }

    /**
     * VFIO_DEVICE_SET_IRQS, include/uapi/linux/vfio.h (Linux 6.1), with
     * {@code DATA_NONE | ACTION_TRIGGER} and count 0: disables the whole index.
     */
    public void disableIrqs(int index) {
        setIrqs(Vfio.IRQ_SET_DATA_NONE | Vfio.IRQ_SET_ACTION_TRIGGER, index, 0, 0, new byte[0]);
    }

    private void setIrqs(int flags, int index, int start, int count, byte[] data) {
        var set = new VfioIrqSet();
        set.argsz = set.size() + data.length;
        set.flags = flags;
        set.index = index;
        set.start = start;
        set.count = count;
        byte[] head = set.toBytes();
        byte[] arg = ByteBuffer.allocate(head.length + data.length).put(head).put(data).array();
        Ioctl.call(fd, Vfio.DEVICE_SET_IRQS, arg);
    }

    /** VFIO_DEVICE_RESET, include/uapi/linux/vfio.h (Linux 6.1). */
    public void reset() {
        Ioctl.call(fd, Vfio.DEVICE_RESET);
    }

    @Override
    public void close() {
        fd.close();
    }

    @Override
    public String toString() {
        return "Device[" + fd + "]";
    }
}
