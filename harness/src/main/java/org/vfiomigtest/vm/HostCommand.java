package org.vfiomigtest.vm;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.LogOutputStream;
import org.apache.commons.exec.PumpStreamHandler;
import org.apache.commons.exec.ShutdownHookProcessDestroyer;

/**
 * Runs a short-lived host tool (build-image, make, apt-get) to completion
 * under Commons Exec, with a timeout and a shutdown hook that kills it on
 * Ctrl-C. Standard output lines are returned; standard error lines go to a
 * consumer.
 */
public final class HostCommand {
    /** Exit status and standard output of a finished command. */
    public record Result(int exitCode, List<String> stdout) {
    }

    private HostCommand() {
    }

    public static Result run(List<String> argv, Path dir, Map<String, String> env, Duration timeout,
            Consumer<String> stderr) throws IOException {
        CommandLine cmd = new CommandLine(argv.get(0));
        for (String a : argv.subList(1, argv.size())) {
            cmd.addArgument(a, false);
        }
        List<String> out = new ArrayList<>();
        var executor = DefaultExecutor.builder().setWorkingDirectory(dir.toFile()).get();
        executor.setExitValues(null);
        executor.setWatchdog(ExecuteWatchdog.builder().setTimeout(timeout).get());
        executor.setProcessDestroyer(new ShutdownHookProcessDestroyer());
        executor.setStreamHandler(new PumpStreamHandler(lines(out::add), lines(stderr)));
        Map<String, String> fullEnv = new java.util.HashMap<>(System.getenv());
        fullEnv.putAll(env);
        int rc = executor.execute(cmd, fullEnv);
        if (executor.getWatchdog().killedProcess()) {
            throw new IOException(String.join(" ", argv) + " timed out after " + timeout.toSeconds() + " s");
        }
        return new Result(rc, out);
    }

    static LogOutputStream lines(Consumer<String> sink) {
        return new LogOutputStream() {
            @Override
            protected void processLine(String line, int level) {
                sink.accept(line);
            }
        };
    }

    /** Absolute path of {@code tool} on PATH, or null. */
    public static Path which(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path p = Path.of(dir, tool);
            if (java.nio.file.Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
