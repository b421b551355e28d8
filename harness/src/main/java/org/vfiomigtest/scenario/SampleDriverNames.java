package org.vfiomigtest.scenario;

import java.util.List;

/**
 * Names the sample driver accepts, so a scenario naming another fails on the host before any VM
 * boots: its bug switches ({@code migtest_bugs[]} in {@code kmod/migtest_ctl.c}, listed in
 * {@code kmod/README.md}) and the fields of {@code inject_field}. A host test compares both with
 * {@code kmod/migtest_ctl.c}.
 */
public final class SampleDriverNames {
    private SampleDriverNames() {
    }

    /** The bug switches, in table order. */
    public static final List<String> BUGS = List.of("reset_keeps_state", "open_not_running", "async_state",
            "late_transition", "accept_saving_resuming", "accept_resuming_running", "accept_reserved_bits",
            "fail_lands_elsewhere", "pending_never_zero", "require_zero_pending", "dma_under_ndma",
            "ndma_late_completion", "dma_when_stopped", "counter_when_stopped", "reserved_nonzero",
            "unaligned_accepted", "accept_corrupt", "data_size_overflow", "mmap_required", "config_dead_stopped",
            "pending_read_consumes", "pending_no_ack", "single_piece", "reserved_write_stored", "silent_failure",
            "ndma_without_cap", "ndma_sticky", "error_keeps_running", "single_bit_only", "readonly_writable",
            "data_offset_outside", "reset_unsupported", "native_width_refused");

    /** The FIELD names of {@code inject_field}. */
    public static final List<String> FIELDS = List.of("device_state", "reserved", "pending_bytes", "data_offset",
            "data_size", "data");
}
