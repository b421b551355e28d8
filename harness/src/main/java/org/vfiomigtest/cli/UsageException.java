package org.vfiomigtest.cli;

/** Bad command-line input: reported with the usage hint, exit 2. */
final class UsageException extends Exception {
    UsageException(String message) {
        super(message);
    }
}
