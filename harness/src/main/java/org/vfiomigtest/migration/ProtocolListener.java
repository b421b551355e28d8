package org.vfiomigtest.migration;

/**
 * Hears the protocol operations made on a {@link MigrationRegion}: one device_state transition,
 * one header field read or written, one segment collected or restored, one reset. The
 * {@link AccessTrace} records every single access; a listener hears one event per operation,
 * however many accesses it takes, and only the outermost operation when one is made of others
 * (a segment read includes its data_offset and data_size reads). The report turns these into
 * steps; this package knows nothing of reports.
 */
public interface ProtocolListener {
    /** Hears nothing. */
    ProtocolListener NONE = new ProtocolListener() {
        @Override
        public Object started(String operation) {
            return null;
        }

        @Override
        public void finished(Object token, String outcome, Throwable failure) {
        }
    };

    /**
     * An operation begins, e.g. "set device_state RUNNING|SAVING (0x3)".
     *
     * @return a token handed back to {@link #finished}
     */
    Object started(String operation);

    /**
     * The operation that returned {@code token} ended: {@code outcome} says what it gave ("0x2000",
     * "EINVAL, reads RUNNING (0x1)"); {@code failure} is what it threw, null when it returned.
     */
    void finished(Object token, String outcome, Throwable failure);
}
