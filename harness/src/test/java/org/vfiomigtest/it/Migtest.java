package org.vfiomigtest.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.vfiomigtest.vm.HostCommand;

/** Runs {@code harness/bin/migtest COMMAND --out OUT/NAME ARGS} for the ITs, echoing its output tagged with NAME. */
final class Migtest {
    static final Path HOME = Path.of(System.getProperty("migtest.home", ".")).toAbsolutePath().normalize();
    static final Path ROOT = HOME.getParent();
    static final Path OUT = Path.of(System.getProperty("migtest.out", "target/migtest-it")).toAbsolutePath();

    /** One command's exit status, stdout, stderr and results directory. */
    record Run(int exit, List<String> stdout, List<String> stderr, Path out) {
        String summary() throws IOException {
            return Files.readString(out.resolve("summary.json"));
        }
    }

    private Migtest() {
    }

    static Run command(String name, String command, String... args) throws IOException {
        Path out = OUT.resolve(name);
        List<String> argv = new ArrayList<>(List.of(HOME.resolve("bin/migtest").toString(), command, "--out",
                out.toString()));
        argv.addAll(List.of(args));
        List<String> err = new ArrayList<>();
        var r = HostCommand.run(argv, ROOT, Map.of(), Duration.ofMinutes(20), line -> {
            err.add(line);
            System.err.println("[" + name + "] " + line);
        });
        r.stdout().forEach(l -> System.out.println("[" + name + "] " + l));
        return new Run(r.exitCode(), r.stdout(), err, out);
    }
}
