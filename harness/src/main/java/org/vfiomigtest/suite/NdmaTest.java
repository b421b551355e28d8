package org.vfiomigtest.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.vfiomigtest.suite.support.DeviceTests.deviceTest;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.vfiomigtest.migration.DeviceState;
import org.vfiomigtest.migration.DeviceState.Bit;
import org.vfiomigtest.migration.TransitionResult;
import org.vfiomigtest.rules.SpecRule;
import org.vfiomigtest.suite.support.Conformance;
import org.vfiomigtest.suite.support.DeviceUnderTest;
import org.vfiomigtest.suite.support.NeedsNdma;
import org.vfiomigtest.suite.support.WithoutNdma;

/**
 * The optional NDMA bit observed through the device: with it set the DMA engine starts no
 * transfer and raises no interrupt, what was in flight is finished when write(2) returns,
 * clearing it lets the engine go again, and in !RUNNING states it changes nothing. Support is
 * advertised by VFIO_REGION_INFO_CAP_MIG_NDMA; without the capability these tests are skipped
 * (the capability-absent path has its own NDMA-01 test; the capability-present one is in
 * {@link TransitionMatrixTest}).
 */
@Conformance
@DataFlow
@DisplayName("NDMA observed through the device")
class NdmaTest {
    static final DeviceState RUNNING_NDMA = DeviceState.RUNNING.with(Bit.NDMA);
    static final DeviceState PRE_COPY_NDMA = DeviceState.PRE_COPY.with(Bit.NDMA);

    /** RUNNING (or pre-copy) with the engine active, then NDMA set by one write. */
    static DmaEngine activeThen(DeviceUnderTest dut, DeviceState running, DeviceState ndma, String rule)
            throws InterruptedException {
        if (!running.equals(DeviceState.RUNNING)) {
            Migrations.transition(dut, running, "enter " + running);
        }
        return RunningTest.runThenStop(SimulatedDevice.of(dut), ndma, rule);
    }

    @Test
    @WithoutNdma
    @SpecRule("NDMA-01")
    @DisplayName("NDMA-01 without VFIO_REGION_INFO_CAP_MIG_NDMA a write setting NDMA is refused with an errno")
    void ndma01_noCapabilityMeansNdmaRefused(DeviceUnderTest dut) {
        Migrations.traceStart(dut);
        assertFalse(dut.migration().hasNdma(), "set-up: the fixture chose a device with the NDMA capability");
        for (DeviceState s : List.of(RUNNING_NDMA, DeviceState.STOP.with(Bit.NDMA))) {
            dut.reset();
            TransitionResult r = dut.attempt(s);
            assertFalse(r.ok(), "the region lacks VFIO_REGION_INFO_CAP_MIG_NDMA, so the NDMA bit is not supported, "
                    + "but writing " + s + " in RUNNING was accepted: " + r + " (NDMA-01)");
            assertTrue(r.errno() != 0, "refused without errno: " + r + " (NDMA-01)");
            assertTrue(r.after().equals(DeviceState.RUNNING) || r.after().isError(), "after the refused NDMA write "
                    + "device_state reads " + r.after() + " (NDMA-01)");
        }
    }

    /** The RUNNING states NDMA is tested in: RUNNING and pre-copy. */
    static final List<DeviceState[]> RUNNING_CASES = List.of(
            new DeviceState[] {DeviceState.RUNNING, RUNNING_NDMA},
            new DeviceState[] {DeviceState.PRE_COPY, PRE_COPY_NDMA});

    @TestFactory
    @NeedsNdma
    @SpecRule("NDMA-02")
    @DisplayName("NDMA-02 with NDMA set the device starts no DMA: buffer untouched, DMA_COUNT still")
    Stream<DynamicTest> ndma02_noNewDma(DeviceUnderTest dut) {
        return RUNNING_CASES.stream().map(c -> deviceTest(c[0] + " -> " + c[1], dut, () -> {
            try (DmaEngine engine = activeThen(dut, c[0], c[1], "NDMA-02")) {
                engine.assertQuiet(true, false, false, "NDMA-02", "in " + c[1]);
            }
        }));
    }

    @TestFactory
    @NeedsNdma
    @SpecRule("NDMA-03")
    @DisplayName("NDMA-03 with NDMA set the device raises no interrupt: MSI eventfd silent, IRQ_COUNT still")
    Stream<DynamicTest> ndma03_noNewInterrupts(DeviceUnderTest dut) {
        return RUNNING_CASES.stream().map(c -> deviceTest(c[0] + " -> " + c[1], dut, () -> {
            try (DmaEngine engine = activeThen(dut, c[0], c[1], "NDMA-03")) {
                engine.assertQuiet(false, true, false, "NDMA-03", "in " + c[1]);
            }
        }));
    }

    @Test
    @NeedsNdma
    @SpecRule("NDMA-04")
    @DisplayName("NDMA-04 when the write setting NDMA returns, the last transfer and its interrupt are complete")
    void ndma04_outstandingCompletedBeforeReturn(DeviceUnderTest dut) throws InterruptedException {
        Migrations.traceStart(dut);
        SimulatedDevice dev = SimulatedDevice.of(dut);
        try (DmaEngine engine = DmaEngine.start(dev)) {
            for (int round = 0; round < 5; round++) {
                engine.awaitActivity(1, "NDMA-04", "round " + round + ", RUNNING");
                Thread.sleep(round);            // land the write at different points of a period
                Migrations.transition(dut, RUNNING_NDMA, "set NDMA");
                DmaEngine.Snapshot at = engine.snapshot();
                int word = DmaEngine.PATTERN + (int) (at.dmaCount() - 1);
                if (!engine.allWords(word)) {
                    fail("round " + round + ": right after the NDMA write returned (" + at + ") the buffer does not "
                            + "hold transfer " + (at.dmaCount() - 1) + " completely (first word 0x"
                            + Integer.toHexString(engine.firstWord()) + ") (NDMA-04)");
                }
                assertEquals(at.irqCount(), at.signals(), "round " + round + ": interrupts counted vs eventfd signals "
                        + "right after the NDMA write returned (NDMA-04)");
                Thread.sleep(DmaEngine.QUIET.toMillis());
                DmaEngine.Snapshot later = engine.snapshot();
                if (later.dmaCount() != at.dmaCount() || later.signals() != at.signals()
                        || later.irqCount() != at.irqCount() || !engine.allWords(word)) {
                    fail("round " + round + ": after the NDMA write returned (" + at + "), the device still completed "
                            + "work: " + later + ", buffer word 0x" + Integer.toHexString(engine.firstWord())
                            + "; outstanding DMA and interrupts must be done before the write returns (NDMA-04)");
                }
                Migrations.transition(dut, DeviceState.RUNNING, "clear NDMA");
            }
        }
    }

    @TestFactory
    @NeedsNdma
    @SpecRule("NDMA-05")
    @DisplayName("NDMA-05 in !RUNNING states NDMA changes nothing: quiet and frozen with it, without it, and again")
    Stream<DynamicTest> ndma05_superfluousWhenStopped(DeviceUnderTest dut) {
        return dut.model().supportedStates().stream().filter(s -> s.has(Bit.NDMA) && !s.has(Bit.RUNNING))
                .map(s -> deviceTest("RUNNING -> " + s + " -> " + s.without(Bit.NDMA) + " -> " + s, dut, () -> {
                    try (DmaEngine engine = RunningTest.runThenStop(SimulatedDevice.of(dut), s, "NDMA-05")) {
                        engine.assertQuiet(true, true, true, "NDMA-05", "in " + s);
                        Migrations.transition(dut, s.without(Bit.NDMA), "clear NDMA while !RUNNING");
                        engine.assertQuiet(true, true, true, "NDMA-05", "in " + s.without(Bit.NDMA)
                                + " after clearing NDMA");
                        Migrations.transition(dut, s, "set NDMA again while !RUNNING");
                        engine.assertQuiet(true, true, true, "NDMA-05", "in " + s + " again");
                    }
                }));
    }

    @TestFactory
    @NeedsNdma
    @SpecRule("NDMA-06")
    @DisplayName("NDMA-06 clearing NDMA lets the device DMA and interrupt again")
    Stream<DynamicTest> ndma06_clearingRestoresDma(DeviceUnderTest dut) {
        return RUNNING_CASES.stream().map(c -> deviceTest(c[1] + " -> " + c[0], dut, () -> {
            try (DmaEngine engine = activeThen(dut, c[0], c[1], "NDMA-06")) {
                engine.assertQuiet(true, true, false, "NDMA-06", "set-up: in " + c[1]);
                Migrations.transition(dut, c[0], "clear NDMA");
                engine.awaitActivity(3, "NDMA-06", "after clearing NDMA (" + c[1] + " -> " + c[0] + ")");
            }
        }));
    }
}
