/**
 * Migration client for the v1 migration region of the NDMA RFC
 * ({@code shared/spec/migration-region-spec.h.txt}): {@link DeviceState}, the
 * {@link MigrationRegion} header fields, {@link SaveSession} and {@link ResumeSession},
 * {@link MigrationStream}, and the {@link AccessTrace} of every region access.
 */
package org.vfiomigtest.migration;
