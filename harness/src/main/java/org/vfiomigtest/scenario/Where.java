package org.vfiomigtest.scenario;

/**
 * A place in a scenario file: the file as given (path or {@code classpath:} name), 1-based line
 * and column. {@link #toString()} is {@code FILE:LINE:COLUMN}, the prefix of every scenario error.
 */
public record Where(String file, int line, int column) {

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
