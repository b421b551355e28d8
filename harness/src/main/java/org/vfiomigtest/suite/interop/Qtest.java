package org.vfiomigtest.suite.interop;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.function.BooleanSupplier;

/**
 * A client of QEMU's qtest protocol ({@code -qtest unix:PATH,server=on,wait=off}, QEMU 7.2
 * {@code softmmu/qtest.c}): one command per line, answered {@code OK [value]} or
 * {@code FAIL ...}. Its memory commands run {@code address_space_read/write} on the guest's
 * physical address space, the same dispatch a vCPU's MMIO access takes: an access to a
 * vfio-pci BAR becomes a {@code pread/pwrite} of that region of the VFIO device fd, of the
 * width asked for. Used here as a stand-in for guest code touching the device.
 */
final class Qtest implements AutoCloseable {
    private final LineSocket socket;
    private final Duration answerTimeout;

    private Qtest(LineSocket socket, Duration answerTimeout) {
        this.socket = socket;
        this.answerTimeout = answerTimeout;
    }

    static Qtest connect(Path path, Duration connectTimeout, Duration answerTimeout, BooleanSupplier alive) {
        return new Qtest(LineSocket.connect(path, connectTimeout, alive), answerTimeout);
    }

    /** {@code readl ADDR}: a 4-byte read. */
    int readl(long addr) {
        return (int) Long.parseUnsignedLong(call("readl 0x" + Long.toHexString(addr)).substring(2), 16);
    }

    /** {@code readq ADDR}: an 8-byte read. */
    long readq(long addr) {
        return Long.parseUnsignedLong(call("readq 0x" + Long.toHexString(addr)).substring(2), 16);
    }

    /** {@code writel ADDR VALUE}: a 4-byte write. */
    void writel(long addr, int value) {
        call("writel 0x" + Long.toHexString(addr) + " 0x" + Integer.toHexString(value));
    }

    /** {@code writeq ADDR VALUE}: an 8-byte write. */
    void writeq(long addr, long value) {
        call("writeq 0x" + Long.toHexString(addr) + " 0x" + Long.toHexString(value));
    }

    /** {@code b64read ADDR SIZE}: {@code size} bytes from {@code addr}. */
    byte[] read(long addr, int size) {
        return Base64.getDecoder().decode(call("b64read 0x" + Long.toHexString(addr) + " 0x"
                + Integer.toHexString(size)));
    }

    /** {@code b64write ADDR SIZE DATA}: writes {@code data} at {@code addr}. */
    void write(long addr, byte[] data) {
        call("b64write 0x" + Long.toHexString(addr) + " 0x" + Integer.toHexString(data.length) + " "
                + Base64.getEncoder().encodeToString(data));
    }

    /** Sends one command; the text after {@code OK } (empty if none). */
    private String call(String command) {
        socket.send(command);
        while (true) {
            String line = socket.next(answerTimeout);
            if (line.startsWith("IRQ ")) {
                continue; // interrupt notifications, only sent after irq_intercept_*
            }
            if (line.equals("OK")) {
                return "";
            }
            if (line.startsWith("OK ")) {
                return line.substring(3).strip();
            }
            String shown = command.length() > 80 ? command.substring(0, 80) + "..." : command;
            throw new IllegalStateException("qtest '" + shown + "' answered '" + line + "'");
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
