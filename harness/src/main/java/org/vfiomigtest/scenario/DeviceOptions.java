package org.vfiomigtest.scenario;

import java.util.List;

/**
 * The {@code device:} section: what the device must offer and how the sample driver is set up
 * before the first step. Null capability fields mean "as the device is".
 *
 * @param ndma            require (true) or hide (false) VFIO_REGION_INFO_CAP_MIG_NDMA
 * @param mmap            sparse mmap of the data window offered (sample driver {@code mmap_data})
 * @param window          data window bytes (sample driver {@code window_size})
 * @param memory          BAR2 bytes (sample driver {@code mem_size})
 * @param resumeFailPrior after a failed resume stay in RESUMING (sample driver {@code resume_fail_prior})
 * @param bugs            sample-driver bug switches turned on for the scenario
 * @param injections      faults armed before the first step
 * @param reopen          close and open the device before the first step (open-time behaviour)
 */
public record DeviceOptions(Boolean ndma, Boolean mmap, Long window, Long memory, Boolean resumeFailPrior,
        List<String> bugs, List<Injection> injections, boolean reopen) {

    public static final DeviceOptions DEFAULT = new DeviceOptions(null, null, null, null, null, List.of(), List.of(),
            false);

    /** True if the scenario needs the sample driver's debugfs controls. */
    public boolean needsSampleDriver() {
        return mmap != null || window != null || memory != null || resumeFailPrior != null || !bugs.isEmpty()
                || !injections.isEmpty();
    }
}
