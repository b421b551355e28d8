package org.vfiomigtest.suite.interop;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * The sample device's BARs as the nested guest sees them: BAR0 registers and BAR2 memory at the
 * guest-physical addresses the firmware assigned, read and written through {@link Qtest}.
 * Register offsets and the REGS payload order are those of {@code kmod/include/migtest_uapi.h}.
 */
final class MigtestBars {
    /** MIGTEST_REG_ID reads MIGTEST_DEVICE_MAGIC ("MTMG"). */
    static final int REG_ID = 0x00;
    static final int DEVICE_MAGIC = 0x474d544d;
    static final int REG_CHECKSUM = 0x38;
    static final int REG_MEM_SIZE = 0x50;

    /** One register of the REGS payload: name, BAR0 offset, width in bytes. */
    record Reg(String name, int offset, int width) {
    }

    /** The REGS payload (migtest_uapi.h): u64 each, in this order. */
    static final List<Reg> REGS = List.of(
            new Reg("COUNTER", 0x08, 8),
            new Reg("CONTROL", 0x10, 4),
            new Reg("DMA_IOVA", 0x18, 8),
            new Reg("DMA_LEN", 0x20, 4),
            new Reg("DMA_PATTERN", 0x24, 4),
            new Reg("DMA_PERIOD", 0x28, 4),
            new Reg("DMA_ERRORS", 0x2c, 4),
            new Reg("DMA_COUNT", 0x30, 8),
            new Reg("IRQ_COUNT", 0x40, 8),
            new Reg("SCRATCH", 0x48, 8));

    /** Bytes per qtest memory command (base64 on one line). */
    private static final int CHUNK = 64 << 10;

    private final Qtest qtest;
    private final long bar0;
    private final long bar2;

    MigtestBars(Qtest qtest, long bar0, long bar2) {
        this.qtest = qtest;
        this.bar0 = bar0;
        this.bar2 = bar2;
    }

    /**
     * The BAR0 and BAR2 addresses of device {@code qdevId} from {@code query-pci}, if the
     * firmware has mapped both (QEMU reports an unmapped BAR, or one with decoding off, as
     * address -1).
     */
    static Optional<long[]> barAddresses(Qmp qmp, String qdevId) {
        for (Object bus : Json.array(qmp.execute("query-pci"), "query-pci")) {
            for (Object d : Json.array(Json.object(bus, "PCI bus").get("devices"), "devices")) {
                Map<String, Object> dev = Json.object(d, "PCI device");
                if (!qdevId.equals(dev.get("qdev_id"))) {
                    continue;
                }
                long[] bars = {-1, -1, -1};
                for (Object r : Json.array(dev.get("regions"), "regions")) {
                    Map<String, Object> region = Json.object(r, "PCI region");
                    int bar = (int) Json.asLong(region.get("bar"));
                    if (bar == 0 || bar == 2) {
                        bars[bar] = Json.asLong(region.get("address"));
                    }
                }
                boolean mapped = bars[0] != -1 && bars[0] != 0 && bars[2] != -1 && bars[2] != 0;
                return mapped ? Optional.of(new long[] {bars[0], bars[2]}) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    long bar0() {
        return bar0;
    }

    long bar2() {
        return bar2;
    }

    int id() {
        return qtest.readl(bar0 + REG_ID);
    }

    long memSize() {
        return qtest.readq(bar0 + REG_MEM_SIZE);
    }

    void writeReg(Reg r, long value) {
        if (r.width() == 8) {
            qtest.writeq(bar0 + r.offset(), value);
        } else {
            qtest.writel(bar0 + r.offset(), (int) value);
        }
    }

    long readReg(Reg r) {
        return r.width() == 8 ? qtest.readq(bar0 + r.offset()) : Integer.toUnsignedLong(qtest.readl(bar0 + r.offset()));
    }

    static Reg reg(String name) {
        return REGS.stream().filter(r -> r.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no register " + name));
    }

    /** Writes {@code data} into device memory at {@code offset}. */
    void writeMemory(long offset, byte[] data) {
        for (int done = 0; done < data.length; done += CHUNK) {
            qtest.write(bar2 + offset + done, Arrays.copyOfRange(data, done, Math.min(data.length, done + CHUNK)));
        }
    }

    /** Reads {@code size} bytes of device memory from offset 0. */
    byte[] readMemory(int size) {
        byte[] out = new byte[size];
        for (int done = 0; done < size; done += CHUNK) {
            byte[] part = qtest.read(bar2 + done, Math.min(CHUNK, size - done));
            System.arraycopy(part, 0, out, done, part.length);
        }
        return out;
    }

    /** The device as seen at one moment: REGS payload values, CHECKSUM, the whole memory. */
    record Snapshot(long[] regs, int checksum, byte[] memory) {
        /** crc32 of the REGS payload (u64 LE each) continued over the memory: what CHECKSUM should read. */
        int computedChecksum() {
            ByteBuffer payload = ByteBuffer.allocate(REGS.size() * 8).order(ByteOrder.LITTLE_ENDIAN);
            for (long v : regs) {
                payload.putLong(v);
            }
            CRC32 crc = new CRC32();
            crc.update(payload.array());
            crc.update(memory);
            return (int) crc.getValue();
        }

        long reg(String name) {
            return regs[REGS.indexOf(MigtestBars.reg(name))];
        }

        String describe() {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < REGS.size(); i++) {
                b.append(REGS.get(i).name()).append("=0x").append(Long.toHexString(regs[i])).append(' ');
            }
            return b.append("CHECKSUM=0x").append(Integer.toHexString(checksum)).append(" memory[0..16]=")
                    .append(HexFormat.of().formatHex(memory, 0, Math.min(16, memory.length))).toString();
        }
    }

    /** Reads every REGS register, CHECKSUM and the whole memory ({@code memSize} bytes). */
    Snapshot snapshot(int memSize) {
        long[] regs = new long[REGS.size()];
        for (int i = 0; i < regs.length; i++) {
            regs[i] = readReg(REGS.get(i));
        }
        byte[] mem = readMemory(memSize);
        int checksum = qtest.readl(bar0 + REG_CHECKSUM);
        return new Snapshot(regs, checksum, mem);
    }
}
