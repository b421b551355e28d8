package org.vfiomigtest.vm;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The QEMU command line of a test VM: direct kernel boot, serial console on
 * stdio, the host root shared read-only over 9p (tag {@code hostroot}) and
 * the results directory read-write (tag {@code results}). Pure: builds the
 * argument list, starts nothing.
 */
public final class QemuCommand {
    public static final String QEMU = "qemu-system-x86_64";

    private final Path kernel;
    private final Path initrd;
    private final Path results;
    private final Accel accel;
    private final int memoryMiB;
    private final int cpus;
    private final Map<String, String> kernelParams;

    public QemuCommand(Path kernel, Path initrd, Path results, Accel accel, int memoryMiB, int cpus,
            Map<String, String> kernelParams) {
        if (accel == Accel.AUTO) {
            throw new IllegalArgumentException("resolve --accel auto before building the command");
        }
        this.kernel = kernel;
        this.initrd = initrd;
        this.results = results;
        this.accel = accel;
        this.memoryMiB = memoryMiB;
        this.cpus = cpus;
        this.kernelParams = Map.copyOf(kernelParams);
    }

    /**
     * Kernel command line: console, fail-fast on oops and panic, user-space /dev/kmsg lines never
     * rate-limited (the per-test console markers), then our parameters.
     */
    public String append() {
        var sb = new StringBuilder("console=ttyS0 panic=-1 oops=panic printk.devkmsg=on");
        kernelParams.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> sb.append(' ').append(e.getKey()).append('=').append(e.getValue()));
        return sb.toString();
    }

    public List<String> argv() {
        List<String> a = new ArrayList<>(List.of(QEMU,
                "-nodefaults", "-no-user-config", "-display", "none", "-no-reboot",
                "-machine", "q35",
                "-bios", "qboot.rom",
                "-accel", accel == Accel.TCG ? "tcg,thread=multi" : "kvm",
                "-cpu", accel == Accel.TCG ? "max" : "host",
                "-smp", Integer.toString(cpus),
                "-m", Integer.toString(memoryMiB),
                "-kernel", kernel.toString(),
                "-initrd", initrd.toString(),
                "-append", append(),
                "-serial", "stdio",
                "-virtfs", "local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap",
                "-virtfs", "local,path=" + qemuOptValue(results.toString()) + ",mount_tag=results,security_model=none,multidevs=remap"));
        return a;
    }

    /** QEMU's option syntax escapes a comma in a value by doubling it. */
    static String qemuOptValue(String s) {
        return s.replace(",", ",,");
    }

    public Accel accel() {
        return accel;
    }

    /** The command as one shell-quoted line, for --dry-run and logs. */
    public String toShellLine() {
        var sb = new StringBuilder();
        for (String s : argv()) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(s.matches("[A-Za-z0-9_./,=:+-]+") ? s : "'" + s.replace("'", "'\\''") + "'");
        }
        return sb.toString();
    }
}
