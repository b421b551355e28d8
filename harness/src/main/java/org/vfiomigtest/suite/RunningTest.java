package org.vfiomigtest.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.vfiomigtest.suite.support.DeviceTests.deviceTest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.vfiomigtest.migration.DataPath;
import org.vfiomigtest.migration.DeviceState;
import org.vfiomigtest.migration.DeviceState.Bit;
import org.vfiomigtest.migration.MigrationStream;
import org.vfiomigtest.migration.SaveSession;
import org.vfiomigtest.migration.TransitionResult;
import org.vfiomigtest.rules.SpecRule;
import org.vfiomigtest.suite.support.Conformance;
import org.vfiomigtest.suite.support.DeviceUnderTest;
import org.vfiomigtest.suite.support.ResumeTarget;
import org.vfiomigtest.sys.ShortTransferException;
import org.vfiomigtest.sys.SyscallException;
import org.vfiomigtest.vfio.EventFd;
import org.vfiomigtest.vfio.Region;

/**
 * The RUNNING bit observed through the device: the DMA engine (registers, MSI eventfd, buffer
 * contents) and the COUNTER while RUNNING and in every !RUNNING state the device supports;
 * config space, MSI and BAR accesses while stopped.
 */
@Conformance
@DataFlow
@DisplayName("RUNNING observed through the device")
class RunningTest {

    /** The supported states without RUNNING, each entered by one write from RUNNING. */
    static List<DeviceState> stoppedStates(DeviceUnderTest dut) {
        return dut.model().supportedStates().stream().filter(s -> !s.has(Bit.RUNNING)).toList();
    }

    /** With the DMA engine active in RUNNING, writes {@code stopped}; the engine stays programmed. */
    static DmaEngine runThenStop(SimulatedDevice dev, DeviceState stopped, String rule) throws InterruptedException {
        DmaEngine engine = DmaEngine.start(dev);
        try {
            engine.awaitActivity(2, rule, "set-up: RUNNING with the DMA engine started");
            TransitionResult r = dev.dut().attempt(stopped);
            if (!r.ok() || !r.after().equals(stopped)) {
                fail("set-up: " + r);
            }
            return engine;
        } catch (RuntimeException | AssertionError | InterruptedException e) {
            engine.close();
            throw e;
        }
    }

    @TestFactory
    @SpecRule("RUN-02")
    @DisplayName("RUN-02 RUNNING: the device DMAs complete transfers, interrupts, counts and answers its BARs")
    Stream<DynamicTest> run02_runningDeviceOperates(DeviceUnderTest dut) {
        return Stream.of("after reset", "after STOP -> RUNNING", "in RUNNING|SAVING (pre-copy)")
                .map(how -> deviceTest(how, dut, () -> {
                    SimulatedDevice dev = SimulatedDevice.of(dut);
                    if (how.startsWith("after STOP")) {
                        Migrations.transition(dut, DeviceState.STOP, "stop");
                        Migrations.transition(dut, DeviceState.RUNNING, "run again");
                    } else if (how.startsWith("in RUNNING|SAVING")) {
                        Migrations.transition(dut, DeviceState.PRE_COPY, "start pre-copy");
                    }
                    long c0 = dev.counter();
                    try (DmaEngine engine = DmaEngine.start(dev)) {
                        engine.awaitActivity(3, "RUN-02", "RUNNING " + how);
                        dev.setReg(SimulatedDevice.REG_CONTROL, 4, 0);
                        long n = dev.dmaCount();
                        int word = DmaEngine.PATTERN + (int) (n - 1);
                        assertTrue(engine.allWords(word), "RUNNING " + how + ": after " + n + " transfers the buffer "
                                + "does not hold transfer " + (n - 1) + " (word 0x" + Integer.toHexString(word)
                                + "), first word 0x" + Integer.toHexString(engine.firstWord()) + " (RUN-02)");
                    }
                    assertTrue(dev.counter() > c0, "RUNNING " + how + ": COUNTER did not advance (RUN-02)");
                    dev.writeMemory(0x2000, new byte[] {9, 8, 7, 6});
                    byte[] back = new byte[4];
                    assertEquals(4, dev.bar2().read(0x2000, back), "BAR2 read while RUNNING (RUN-02)");
                    assertEquals(9, back[0], "BAR2 byte written while RUNNING reads back (RUN-02)");
                }));
    }

    @TestFactory
    @SpecRule("RUN-03")
    @DisplayName("RUN-03 !RUNNING: no interrupt reaches the MSI eventfd and IRQ_COUNT stands still")
    Stream<DynamicTest> run03_stoppedRaisesNoInterrupts(DeviceUnderTest dut) {
        return stoppedStates(dut).stream().map(s -> deviceTest("RUNNING -> " + s, dut, () -> {
            try (DmaEngine engine = runThenStop(SimulatedDevice.of(dut), s, "RUN-03")) {
                engine.assertQuiet(false, true, false, "RUN-03", "in " + s);
            }
        }));
    }

    @TestFactory
    @SpecRule("RUN-04")
    @DisplayName("RUN-04 !RUNNING: no DMA reaches the buffer and DMA_COUNT stands still")
    Stream<DynamicTest> run04_stoppedDoesNoDma(DeviceUnderTest dut) {
        return stoppedStates(dut).stream().map(s -> deviceTest("RUNNING -> " + s, dut, () -> {
            try (DmaEngine engine = runThenStop(SimulatedDevice.of(dut), s, "RUN-04")) {
                engine.assertQuiet(true, false, false, "RUN-04", "in " + s);
            }
        }));
    }

    @TestFactory
    @SpecRule("RUN-05")
    @DisplayName("RUN-05 !RUNNING: COUNTER is frozen and CHECKSUM of the device state does not change")
    Stream<DynamicTest> run05_stoppedStateFrozen(DeviceUnderTest dut) {
        return stoppedStates(dut).stream().map(s -> deviceTest("RUNNING -> " + s, dut, () -> {
            SimulatedDevice dev = SimulatedDevice.of(dut);
            dev.setReg(SimulatedDevice.REG_SCRATCH, 8, 0x1234);
            TransitionResult r = dut.attempt(s);
            assertTrue(r.ok(), "set-up: " + r);
            long counter = dev.counter();
            long sum = dev.checksum();
            Thread.sleep(DmaEngine.QUIET.toMillis());
            assertEquals(counter, dev.counter(), "COUNTER (us of RUNNING time) after " + DmaEngine.QUIET.toMillis()
                    + " ms in " + s + " (RUN-05)");
            assertEquals(sum, dev.checksum(), "CHECKSUM of registers and memory after " + DmaEngine.QUIET.toMillis()
                    + " ms in " + s + " (RUN-05)");
        }));
    }

    @Test
    @SpecRule("RUN-06")
    @DisplayName("RUN-06 with BARs left alone while stopped, the device stays as stopped and the target gets exactly that")
    void run06_restrictedAccessKeepsStreamTrue(DeviceUnderTest dut, @ResumeTarget DeviceUnderTest target) {
        Migrations.traceStart(dut, target);
        SimulatedDevice src = SimulatedDevice.of(dut);
        src.fill(206);
        SaveSession save = Migrations.saver(dut, DataPath.AUTO, Integer.MAX_VALUE);
        Migrations.transition(dut, DeviceState.PRE_COPY, "start pre-copy");
        MigrationStream s = Migrations.drain(save, MigrationStream.empty(), "pre-copy");
        Migrations.transition(dut, DeviceState.STOP_COPY, "enter stop-and-copy");
        long atStop = src.checksum();
        s = Migrations.drain(save, s, "stop-and-copy");
        Migrations.transition(dut, DeviceState.STOP, "end the save session");
        assertEquals(atStop, src.checksum(), "CHECKSUM of the source changed while only the migration region was "
                + "used after RUNNING was cleared (RUN-06)");
        Migrations.resumeOk(target, s, "RUN-06");
        assertEquals(atStop, SimulatedDevice.of(target).checksum(), "CHECKSUM of the target vs the source at the "
                + "moment RUNNING was cleared (RUN-06)");
    }

    /** Config space accesses a PCI subsystem makes; the answers (reads) in order. */
    static List<Long> configProbe(SimulatedDevice dev) {
        List<Long> out = new ArrayList<>();
        out.add(dev.configRead(0x00, 4));                     // vendor, device
        out.add(dev.configRead(0x08, 4));                     // class, revision
        dev.configWrite(0x04, 2, 0x0006);                      // COMMAND: memory, bus master
        out.add(dev.configRead(0x04, 2));
        dev.configWrite(0x10, 4, 0xffffffffL);                 // BAR0 sizing
        out.add(dev.configRead(0x10, 4));
        dev.configWrite(0x10, 4, 0);
        out.add(dev.configRead(0x34, 1));                     // capability pointer
        return out;
    }

    @TestFactory
    @SpecRule("RUN-07")
    @DisplayName("RUN-07 !RUNNING: config space reads, writes and BAR sizing answer as while RUNNING")
    Stream<DynamicTest> run07_configSpaceWhileStopped(DeviceUnderTest dut) {
        return stoppedStates(dut).stream().map(s -> deviceTest("in " + s, dut, () -> {
            SimulatedDevice dev = SimulatedDevice.of(dut);
            List<Long> running = configProbe(dev);
            Migrations.transition(dut, s, "stop");
            List<Long> stopped;
            try {
                stopped = configProbe(dev);
            } catch (SyscallException e) {
                throw new AssertionError("config space access in " + s + " failed: " + e.getMessage()
                        + "; the device must answer config space while !RUNNING (RUN-07)", e);
            }
            assertEquals(running, stopped, "config space answers (id, class, COMMAND, BAR0 sizing, cap pointer) in "
                    + s + " vs RUNNING (RUN-07)");
        }));
    }

    /** Offset of the MSI (0x05) or MSI-X (0x11) capability in config space, or -1. */
    static int msiCapability(SimulatedDevice dev) {
        int p = (int) dev.configRead(0x34, 1) & 0xfc;
        for (int hops = 0; p != 0 && hops < 48; hops++) {
            int id = (int) dev.configRead(p, 1);
            if (id == 0x05 || id == 0x11) {
                return p;
            }
            p = (int) dev.configRead(p + 1, 1) & 0xfc;
        }
        return -1;
    }

    /** Programs the MSI capability as a guest would and reads it back; VFIO_DEVICE_SET_IRQS on MSI. */
    static List<Long> msiProbe(SimulatedDevice dev, int cap) {
        List<Long> out = new ArrayList<>();
        dev.configWrite(cap + 4, 4, 0xfee01000L);               // address low
        dev.configWrite(cap + 8, 4, 0);                         // address high (64-bit capability)
        dev.configWrite(cap + 12, 2, 0x4041);                   // data
        dev.configWrite(cap + 2, 2, 0x0001);                    // flags: enable
        for (int off : new int[] {2, 4, 8, 12}) {
            out.add(dev.configRead(cap + off, off == 2 || off == 12 ? 2 : 4));
        }
        try (EventFd e = EventFd.create()) {
            dev.dut().device().setIrqs(DmaEngine.MSI_IRQ_INDEX, 0, e);
            dev.dut().device().setIrqs(DmaEngine.MSI_IRQ_INDEX, 0, (EventFd) null);
            dev.dut().device().setIrqs(DmaEngine.MSI_IRQ_INDEX, 0, e);
            dev.dut().device().disableIrqs(DmaEngine.MSI_IRQ_INDEX);
        }
        dev.configWrite(cap + 2, 2, 0);
        return out;
    }

    @TestFactory
    @SpecRule("RUN-08")
    @DisplayName("RUN-08 !RUNNING: the MSI capability is programmable and VFIO_DEVICE_SET_IRQS on MSI works")
    Stream<DynamicTest> run08_msiWhileStopped(DeviceUnderTest dut) {
        return stoppedStates(dut).stream().map(s -> deviceTest("in " + s, dut, () -> {
            SimulatedDevice dev = SimulatedDevice.of(dut);
            int cap = msiCapability(dev);
            org.junit.jupiter.api.Assumptions.assumeTrue(cap > 0, "capability absent: no MSI or MSI-X capability "
                    + "in config space");
            List<Long> running = msiProbe(dev, cap);
            Migrations.transition(dut, s, "stop");
            List<Long> stopped;
            try {
                stopped = msiProbe(dev, cap);
            } catch (SyscallException e) {
                throw new AssertionError("MSI set-up in " + s + " failed: " + e.getMessage() + "; interrupt set-up by "
                        + "external subsystems must work while !RUNNING (RUN-08)", e);
            }
            assertEquals(running, stopped, "MSI capability flags, address, data read back in " + s + " vs RUNNING "
                    + "(RUN-08)");
        }));
    }

    /** /proc/sys/kernel/tainted: a WARN, oops or BUG in the guest kernel sets bits here. */
    static long taint() {
        try {
            return Long.parseLong(Files.readString(Path.of("/proc/sys/kernel/tainted")).strip());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /** One access that must answer with data or an errno; returns a short description. */
    static String poke(Region r, long off, int width, boolean write, long value) {
        try {
            if (write) {
                r.write(off, width, value);
                return "ok";
            }
            r.read(off, width);
            return "ok";
        } catch (SyscallException e) {
            return e.errno().name();
        } catch (ShortTransferException e) {
            return "short";
        }
    }

    @TestFactory
    @SpecRule("RUN-09")
    @DisplayName("RUN-09 !RUNNING: every BAR and config access answers data or an errno; no kernel taint; device usable")
    Stream<DynamicTest> run09_stoppedAccessNeverFaults(DeviceUnderTest dut) {
        return stoppedStates(dut).stream().map(s -> deviceTest("in " + s, dut, () -> {
            SimulatedDevice dev = SimulatedDevice.of(dut);
            Migrations.transition(dut, s, "stop");
            long taintBefore = taint();
            List<String> answers = new ArrayList<>();
            for (int[] reg : SimulatedDevice.REGISTERS) {
                answers.add(poke(dev.bar0(), reg[0], reg[1], false, 0));
                answers.add(poke(dev.bar0(), reg[0], reg[1], true, 0));
            }
            for (long off : new long[] {0x3, 0xff8, 0x1000, 1L << 32}) {
                answers.add(poke(dev.bar0(), off, 4, false, 0));
                answers.add(poke(dev.bar0(), off, 8, true, 0));
            }
            for (long off : new long[] {0, 0x1001, dev.memSize() - 8, dev.memSize(), dev.memSize() + 4096}) {
                answers.add(poke(dev.bar2(), off, 8, false, 0));
                answers.add(poke(dev.bar2(), off, 8, true, 0x1122334455667788L));
            }
            for (long off : new long[] {0, 0x3c, 0xfc, 0x100, 0x1000}) {
                answers.add(poke(dev.config(), off, 4, false, 0));
            }
            long taintAfter = taint();
            assertEquals(taintBefore, taintAfter, "kernel taint flags changed during BAR and config accesses in " + s
                    + " (a WARN, oops or BUG in the host kernel); answers: " + answers + " (RUN-09)");
            assertEquals(s, dut.state(), "device_state after the accesses in " + s + " (RUN-09)");
            dut.reset();
            assertEquals(DeviceState.RUNNING, dut.state(), "device_state after VFIO_DEVICE_RESET following the "
                    + "accesses (RUN-09)");
            MigrationStream saved = Migrations.saveAll(dut);
            assertTrue(saved.size() > 0, "the device saves no stream after the accesses (RUN-09)");
        }));
    }
}
