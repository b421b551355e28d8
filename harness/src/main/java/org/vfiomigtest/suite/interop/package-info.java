/**
 * Interoperability with a real VFIO migration client: the host's QEMU 7.2 (the last QEMU with
 * the v1 migration-region client, {@code hw/vfio/migration.c}), run nested inside the test VM
 * with the sample device attached, migrates a running VM to a file and restores it on a second
 * instance. {@link org.vfiomigtest.suite.interop.NestedQemu} starts and stops QEMU;
 * {@link org.vfiomigtest.suite.interop.Qmp} and {@link org.vfiomigtest.suite.interop.Qtest} are
 * small clients of its control sockets (no new dependencies); {@link
 * org.vfiomigtest.suite.interop.VfioTrace} reads its {@code vfio_*} trace events.
 */
package org.vfiomigtest.suite.interop;
