package org.vfiomigtest.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.vfiomigtest.suite.support.DeviceTests.deviceTest;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.vfiomigtest.migration.DeviceState;
import org.vfiomigtest.migration.MigrationField;
import org.vfiomigtest.migration.MigrationRegion;
import org.vfiomigtest.rules.SpecRule;
import org.vfiomigtest.suite.support.Conformance;
import org.vfiomigtest.suite.support.DeviceUnderTest;
import org.vfiomigtest.suite.support.Situation;
import org.vfiomigtest.sys.SyscallException;

/** The {@code reserved} field at offset 4: "Reads on this field return zero and writes are ignored." */
@Conformance
@DisplayName("reserved field")
class ReservedFieldTest {

    /** Values a user might write into reserved by mistake. */
    private static final List<Long> PATTERNS = List.of(0xffffffffL, 0x1L, 0x5a5a5a5aL, 0x80000000L);

    @TestFactory
    @SpecRule("RSV-02")
    @DisplayName("RSV-02 reserved reads zero in every situation")
    Stream<DynamicTest> rsv02_reservedReadsZero(DeviceUnderTest dut) {
        return Situation.all(dut.model()).stream().map(sit -> deviceTest(sit.name(), dut, () -> {
            sit.enter(dut);
            assertEquals(0L, dut.migration().read(MigrationField.RESERVED),
                    "reserved (u32 at offset 4) read in " + sit + " (RSV-02)");
        }));
    }

    @TestFactory
    @SpecRule("RSV-03")
    @DisplayName("RSV-03 writes to reserved succeed and change nothing: reserved, device_state")
    Stream<DynamicTest> rsv03_reservedWritesIgnored(DeviceUnderTest dut) {
        return Situation.all(dut.model()).stream().map(sit -> deviceTest(sit.name(), dut, () -> {
            sit.enter(dut);
            MigrationRegion m = dut.migration();
            long before = m.read(MigrationField.RESERVED);
            DeviceState state = dut.state();
            for (long value : PATTERNS) {
                try {
                    m.write(MigrationField.RESERVED, value);
                } catch (SyscallException e) {
                    throw new AssertionError("write of 0x" + Long.toHexString(value) + " to reserved in " + sit
                            + " failed: " + e.getMessage() + "; writes are to be ignored (RSV-03)", e);
                }
                assertEquals(before, m.read(MigrationField.RESERVED),
                        "reserved after writing 0x" + Long.toHexString(value) + " in " + sit + " (RSV-03)");
                assertEquals(state, dut.state(),
                        "device_state after writing 0x" + Long.toHexString(value) + " to reserved (RSV-03)");
            }
        }));
    }
}
