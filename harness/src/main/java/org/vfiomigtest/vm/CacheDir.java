package org.vfiomigtest.vm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Housekeeping of the content-addressed cache: every change of an input makes a new entry. */
final class CacheDir {
    private CacheDir() {
    }

    /** Deletes all entries beside {@code keep} but the {@code newest - 1} most recently modified. */
    static void pruneBeside(Path keep, int newest) throws IOException {
        try (Stream<Path> s = Files.list(keep.getParent())) {
            List<Path> old = s.filter(p -> !p.equals(keep))
                    .sorted(Comparator.comparing((Path p) -> p.toFile().lastModified()).reversed())
                    .skip(Math.max(0, newest - 1))
                    .toList();
            for (Path p : old) {
                DriverBuilder.deleteTree(p);
            }
        }
    }
}
