/**
 * Raw Linux system interface: the only package that imports {@code com.sun.jna}.
 *
 * <p>One package-private interface per C header ({@link Fcntl} for {@code fcntl.h}, {@link Unistd}
 * for {@code unistd.h}, {@link SysIoctl} for {@code sys/ioctl.h}, {@link SysEventfd}, {@link Poll}),
 * every native declared {@code throws LastErrorException}; jna-platform supplies what it already
 * has ({@code close}, {@code munmap}, {@code LibCUtil.mmap}, the {@code ErrNo}, {@code Fcntl} and
 * {@code Mman} constants). The public surface is typed: {@link Fd}, {@link Ioctl}, {@link Mapping},
 * {@link CStruct} and the {@link Vfio} mirror of {@code include/uapi/linux/vfio.h}. Every failure is
 * a {@link SyscallException} carrying the {@link Errno}.
 */
package org.vfiomigtest.sys;
