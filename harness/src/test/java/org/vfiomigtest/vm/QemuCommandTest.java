package org.vfiomigtest.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QemuCommandTest {
    private static final Path KERNEL = Path.of("/c/vmlinuz");
    private static final Path INITRD = Path.of("/c/initrd.gz");

    private static QemuCommand tcg(Path results) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("migtest_out", results.toString());
        p.put("migtest_init", "/repo/vm-images/guest-init");
        return new QemuCommand(KERNEL, INITRD, results, Accel.TCG, 2048, 2, p);
    }

    private static String after(List<String> argv, String opt) {
        return argv.get(argv.indexOf(opt) + 1);
    }

    @Test
    void bootsTheKernelDirectlyWithSerialConsoleAndNoReboot() {
        List<String> a = tcg(Path.of("/out")).argv();
        assertEquals("qemu-system-x86_64", a.get(0));
        assertEquals(KERNEL.toString(), after(a, "-kernel"));
        assertEquals(INITRD.toString(), after(a, "-initrd"));
        assertEquals("stdio", after(a, "-serial"));
        assertTrue(a.contains("-no-reboot") && a.contains("-nodefaults"));
        assertEquals("2048", after(a, "-m"));
    }

    @Test
    void kernelCommandLineFailsFastAndCarriesSortedParameters() {
        assertEquals("console=ttyS0 panic=-1 oops=panic printk.devkmsg=on migtest_init=/repo/vm-images/guest-init migtest_out=/out",
                tcg(Path.of("/out")).append());
    }

    @Test
    void hostRootIsReadOnlyAndResultsAreWritableAtTheSamePath() {
        List<String> a = tcg(Path.of("/r/out")).argv();
        List<String> shares = a.stream().filter(s -> s.startsWith("local,")).toList();
        assertEquals(List.of(
                "local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap",
                "local,path=/r/out,mount_tag=results,security_model=none,multidevs=remap"), shares);
    }

    @Test
    void aCommaInThePathIsEscapedForQemu() {
        List<String> a = tcg(Path.of("/r/a,b")).argv();
        assertTrue(a.contains("local,path=/r/a,,b,mount_tag=results,security_model=none,multidevs=remap"), a.toString());
    }

    @Test
    void acceleratorSelectsCpuModel() {
        var kvm = new QemuCommand(KERNEL, INITRD, Path.of("/o"), Accel.KVM, 1024, 2, Map.of());
        assertEquals("kvm", after(kvm.argv(), "-accel"));
        assertEquals("host", after(kvm.argv(), "-cpu"));
        assertEquals("tcg,thread=multi", after(tcg(Path.of("/o")).argv(), "-accel"));
        assertEquals("max", after(tcg(Path.of("/o")).argv(), "-cpu"));
    }

    @Test
    void autoMustBeResolvedFirst() {
        assertThrows(IllegalArgumentException.class,
                () -> new QemuCommand(KERNEL, INITRD, Path.of("/o"), Accel.AUTO, 1024, 2, Map.of()));
    }

    @Test
    void shellLineQuotesWhatNeedsIt() {
        String line = tcg(Path.of("/out")).toShellLine();
        assertTrue(line.contains("-append 'console=ttyS0 panic=-1 oops=panic"), line);
    }
}
