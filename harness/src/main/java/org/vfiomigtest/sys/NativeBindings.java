package org.vfiomigtest.sys;

import java.util.List;

/**
 * Loads the C library bindings ahead of their first use. JNA's first load
 * unpacks its dispatch library, asks {@code ldconfig} for the search path
 * and builds a proxy per interface: under TCG that is most of a second,
 * which the guest spends in a background thread while JUnit discovers the
 * suite instead of in the first test.
 */
public final class NativeBindings {
    private NativeBindings() {
    }

    /** Initialises every binding of this package; idempotent and thread-safe (class initialisation). */
    public static void load() {
        // List.of rejects nulls: each binding is initialised, not merely referenced
        List.of(Fcntl.INSTANCE, SysIoctl.INSTANCE, Poll.INSTANCE, SysEventfd.INSTANCE);
        Unistd.register();
        new Vfio.VfioRegionInfo(); // a structure's layout is computed reflectively, once per class
    }
}
