package org.vfiomigtest.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.vfiomigtest.suite.support.DeviceTests.deviceTest;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.vfiomigtest.migration.DeviceState.Bit;
import org.vfiomigtest.rules.SpecRule;
import org.vfiomigtest.suite.support.Conformance;
import org.vfiomigtest.suite.support.DeviceUnderTest;
import org.vfiomigtest.suite.support.Situation;
import org.vfiomigtest.sys.SyscallException;
import org.vfiomigtest.vfio.Region;

/**
 * A stopped device still serves the subsystems around it: "The device and kernel migration
 * driver must accept and respond to interaction to support external subsystems in the !RUNNING
 * state, for example PCI MSI-X and PCI config space."
 */
@Conformance
@DisplayName("!RUNNING device")
class StoppedDeviceTest {

    /** VFIO_PCI_CONFIG_REGION_INDEX, include/uapi/linux/vfio.h (Linux 6.1). */
    static final int PCI_CONFIG_REGION_INDEX = 7;
    /** PCI_VENDOR_ID, PCI_DEVICE_ID, PCI_COMMAND: include/uapi/linux/pci_regs.h. */
    static final int PCI_VENDOR_ID = 0x00;
    static final int PCI_DEVICE_ID = 0x02;
    static final int PCI_COMMAND = 0x04;

    @TestFactory
    @SpecRule("RUN-07")
    @DisplayName("RUN-07 PCI config space reads and writes work in every !RUNNING situation, ERROR included")
    Stream<DynamicTest> run07_configSpaceAnswersWhileStopped(DeviceUnderTest dut) {
        List<Situation> stopped = new ArrayList<>();
        for (Situation s : Situation.all(dut.model())) {
            if (!s.state().has(Bit.RUNNING)) {
                stopped.add(s);
            }
        }
        return stopped.stream().map(sit -> deviceTest(sit.name(), dut, () -> {
            Assumptions.assumeTrue(dut.device().getInfo().isPci(),
                    () -> dut.name() + " is not a vfio-pci device: no PCI config space region");
            Region config = dut.device().region(dut.device().getRegionInfo(PCI_CONFIG_REGION_INDEX));
            long vendor = config.read(PCI_VENDOR_ID, 2);
            long device = config.read(PCI_DEVICE_ID, 2);
            long id = config.read(PCI_VENDOR_ID, 4);
            long command = config.read(PCI_COMMAND, 2);
            sit.enter(dut);
            try {
                assertEquals(vendor, config.read(PCI_VENDOR_ID, 2), "PCI vendor id in " + sit + " (RUN-07)");
                assertEquals(device, config.read(PCI_DEVICE_ID, 2), "PCI device id in " + sit + " (RUN-07)");
                assertEquals(id, config.read(PCI_VENDOR_ID, 4), "PCI vendor/device dword in " + sit + " (RUN-07)");
                config.write(PCI_COMMAND, 2, command);
                assertEquals(command, config.read(PCI_COMMAND, 2),
                        "PCI command register written back in " + sit + " (RUN-07)");
            } catch (SyscallException e) {
                throw new AssertionError("PCI config space access refused in " + sit + ": " + e.getMessage()
                        + "; a !RUNNING device must still answer it (RUN-07)", e);
            }
        }));
    }
}
