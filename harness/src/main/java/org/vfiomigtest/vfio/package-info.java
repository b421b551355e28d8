/**
 * Typed VFIO client: {@link Container}, {@link Group}, {@link Device}, {@link Region},
 * {@link EventFd}. One method per ioctl, named after it and citing
 * {@code include/uapi/linux/vfio.h} (Linux 6.1); results are records, no JNA type leaves
 * this package. Failures are {@link org.vfiomigtest.sys.SyscallException}s.
 *
 * <p>Typical use: {@link AttachedDevice#open} on a sysfs device path (an mdev UUID or PCI address
 * bound to a vfio driver).
 */
package org.vfiomigtest.vfio;
