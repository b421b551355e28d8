/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * What the migtest_mdev sample driver and its userspace
 * share beyond include/uapi/linux/vfio.h (Linux 6.1).
 *
 * Part 1 is the migration-region vocabulary of the RFC "vfio: Update/Clarify
 * migration uAPI, add NDMA state" (shared/spec/migration-region-spec.h.txt)
 * that no released kernel header carries.  The RFC's own names
 * (VFIO_DEVICE_STATE_NDMA, _ERROR, _MASK, _VALID, _IS_ERROR, _SET_ERROR)
 * collide with the 6.1 header, which kept the v1 bits as
 * VFIO_DEVICE_STATE_V1_* and reused VFIO_DEVICE_STATE_ERROR, _RUNNING and
 * _MASK for the v2 state machine; so each is spelled here with the MIGTEST_
 * prefix and the comment names the RFC symbol it stands for.  The harness
 * mirrors this file (org.vfiomigtest.migration.DeviceState) and a host test
 * checks that both agree.
 *
 * Part 2 is the register layout of the simulated device.
 */
#ifndef MIGTEST_UAPI_H
#define MIGTEST_UAPI_H

#include <linux/types.h>

/* ---- Part 1: the RFC's migration-region definitions ---- */

/* VFIO_REGION_TYPE_MIGRATION / VFIO_REGION_SUBTYPE_MIGRATION (RFC) */
#define MIGTEST_REGION_TYPE_MIGRATION		3
#define MIGTEST_REGION_SUBTYPE_MIGRATION	1

/* VFIO_REGION_INFO_CAP_MIG_NDMA (RFC): the region supports the NDMA bit */
#define MIGTEST_REGION_INFO_CAP_MIG_NDMA	6

/* VFIO_DEVICE_STATE_{RUNNING,SAVING,RESUMING,NDMA} (RFC) */
#define MIGTEST_DEVICE_STATE_RUNNING		(1U << 0)
#define MIGTEST_DEVICE_STATE_SAVING		(1U << 1)
#define MIGTEST_DEVICE_STATE_RESUMING		(1U << 2)
#define MIGTEST_DEVICE_STATE_NDMA		(1U << 3)

/* VFIO_DEVICE_STATE_ERROR (RFC): !NDMA | RESUMING | SAVING | !RUNNING */
#define MIGTEST_DEVICE_STATE_ERROR		(MIGTEST_DEVICE_STATE_SAVING | \
						 MIGTEST_DEVICE_STATE_RESUMING)

/* VFIO_DEVICE_STATE_MASK (RFC): the defined bits; bits 31:4 are reserved */
#define MIGTEST_DEVICE_STATE_MASK		(MIGTEST_DEVICE_STATE_RUNNING | \
						 MIGTEST_DEVICE_STATE_SAVING | \
						 MIGTEST_DEVICE_STATE_RESUMING | \
						 MIGTEST_DEVICE_STATE_NDMA)

/* VFIO_DEVICE_STATE_VALID(state) (RFC) */
#define MIGTEST_DEVICE_STATE_VALID(state) \
	(!(((state) & MIGTEST_DEVICE_STATE_SAVING) && \
	   ((state) & MIGTEST_DEVICE_STATE_RESUMING)) && \
	 !(((state) & MIGTEST_DEVICE_STATE_RESUMING) && \
	   ((state) & MIGTEST_DEVICE_STATE_RUNNING)))

/* VFIO_DEVICE_STATE_IS_ERROR(state) (RFC) */
#define MIGTEST_DEVICE_STATE_IS_ERROR(state) \
	(((state) & MIGTEST_DEVICE_STATE_MASK) == MIGTEST_DEVICE_STATE_ERROR)

/* VFIO_DEVICE_STATE_SET_ERROR(state) (RFC) */
#define MIGTEST_DEVICE_STATE_SET_ERROR(state) \
	(((state) & ~MIGTEST_DEVICE_STATE_MASK) | MIGTEST_DEVICE_STATE_ERROR)

/*
 * struct vfio_device_migration_info field offsets (the layout of the 6.1
 * header, see shared/spec/README.md).
 */
#define MIGTEST_MIG_OFF_DEVICE_STATE		0
#define MIGTEST_MIG_OFF_RESERVED		4
#define MIGTEST_MIG_OFF_PENDING_BYTES		8
#define MIGTEST_MIG_OFF_DATA_OFFSET		16
#define MIGTEST_MIG_OFF_DATA_SIZE		24

/* ---- Part 2: the simulated device ---- */

/*
 * PCI identity (config space, VFIO_PCI_CONFIG_REGION_INDEX).  0x1b36 is the
 * QEMU/Red Hat vendor id; 0x11f0 is no device QEMU knows, so vfio-pci applies
 * no quirk.  Class 0xff0000: unassigned.
 */
#define MIGTEST_PCI_VENDOR_ID			0x1b36
#define MIGTEST_PCI_DEVICE_ID			0x11f0
#define MIGTEST_PCI_CLASS			0xff0000
#define MIGTEST_PCI_REVISION			0x01
#define MIGTEST_PCI_CONFIG_SIZE			256
/* MSI capability (1 vector, 64-bit address) at this config offset */
#define MIGTEST_PCI_MSI_CAP_OFFSET		0x40

/* region indexes: the 9 standard PCI ones, then the migration region */
#define MIGTEST_REGION_INDEX_BAR0		0	/* registers */
#define MIGTEST_REGION_INDEX_BAR2		2	/* device memory */
#define MIGTEST_REGION_INDEX_CONFIG		7	/* config space */
#define MIGTEST_REGION_INDEX_MIGRATION		9
#define MIGTEST_NUM_REGIONS			10
/* offset of region N in the device fd: N << MIGTEST_REGION_SHIFT */
#define MIGTEST_REGION_SHIFT			40

/*
 * BAR0: registers.  Each register must be accessed at its own width and
 * natural alignment (4 or 8 bytes), anything else fails with EINVAL.
 * Writes to read-only registers fail with EACCES.
 */
#define MIGTEST_BAR0_SIZE			4096

#define MIGTEST_REG_ID				0x00	/* u32 RO: MIGTEST_DEVICE_MAGIC */
#define MIGTEST_REG_VERSION			0x04	/* u32 RO: MIGTEST_DEVICE_VERSION */
#define MIGTEST_REG_COUNTER			0x08	/* u64 RO: us of RUNNING time */
#define MIGTEST_REG_CONTROL			0x10	/* u32 RW: MIGTEST_CTRL_* */
#define MIGTEST_REG_STATUS			0x14	/* u32 RO: MIGTEST_STATUS_* */
#define MIGTEST_REG_DMA_IOVA			0x18	/* u64 RW: target IOVA */
#define MIGTEST_REG_DMA_LEN			0x20	/* u32 RW: bytes per transfer */
#define MIGTEST_REG_DMA_PATTERN			0x24	/* u32 RW: see below */
#define MIGTEST_REG_DMA_PERIOD			0x28	/* u32 RW: microseconds */
#define MIGTEST_REG_DMA_ERRORS			0x2c	/* u32 RO: failed transfers */
#define MIGTEST_REG_DMA_COUNT			0x30	/* u64 RO: completed transfers */
#define MIGTEST_REG_CHECKSUM			0x38	/* u32 RO: crc32 of state */
#define MIGTEST_REG_IRQ_COUNT			0x40	/* u64 RO: interrupts raised */
#define MIGTEST_REG_SCRATCH			0x48	/* u64 RW: migrated as is */
#define MIGTEST_REG_MEM_SIZE			0x50	/* u64 RO: BAR2 size */

#define MIGTEST_DEVICE_MAGIC			0x474d544d	/* "MTMG" */
#define MIGTEST_DEVICE_VERSION			1

/* CONTROL bits */
#define MIGTEST_CTRL_DMA_ENABLE			0x1	/* run the DMA engine */
#define MIGTEST_CTRL_IRQ_ENABLE			0x2	/* interrupt per transfer */
#define MIGTEST_CTRL_MASK			0x3

/* STATUS bits */
#define MIGTEST_STATUS_DMA_ACTIVE		0x1	/* engine may transfer now */
#define MIGTEST_STATUS_DMA_FAULT		0x2	/* last transfer failed */

/*
 * DMA engine: every DMA_PERIOD microseconds while RUNNING and !NDMA with
 * CONTROL.DMA_ENABLE set, transfer number n (the DMA_COUNT value before it)
 * fills DMA_LEN bytes at DMA_IOVA with the little-endian u32 word
 * (DMA_PATTERN + n), then DMA_COUNT becomes n + 1 and, with
 * CONTROL.IRQ_ENABLE, one interrupt is raised (INTx or MSI eventfd).
 */
#define MIGTEST_DMA_LEN_MAX			65536	/* multiple of 4 */
#define MIGTEST_DMA_PERIOD_MIN			1000	/* microseconds */
#define MIGTEST_DMA_PERIOD_MAX			10000000	/* 10 s */

/* BAR2: device memory, plain read/write at any width */
#define MIGTEST_MEM_SIZE_DEFAULT		(1 << 20)
#define MIGTEST_MEM_SIZE_MIN			4096
#define MIGTEST_MEM_SIZE_MAX			(64 << 20)	/* power of 2 */

/* migration region: the header, then the data window at data_offset */
#define MIGTEST_MIG_DATA_OFFSET			4096
#define MIGTEST_MIG_WINDOW_DEFAULT		(64 << 10)
#define MIGTEST_MIG_WINDOW_MIN			8192	/* a page + segment header */
#define MIGTEST_MIG_WINDOW_MAX			(1 << 20)	/* page multiple */

/*
 * Migration stream.  Each data segment (what one data_size covers) is one
 * segment header followed by its payload; all integers little-endian.
 *
 *  off size segment header
 *    0    4 magic        MIGTEST_SEG_MAGIC
 *    4    2 type         MIGTEST_SEG_*
 *    6    2 flags        0
 *    8    4 seq          0 for the first segment, then +1 each
 *   12    4 len          payload bytes; header + len == data_size
 *   16    8 offset       MEM: device memory offset; others 0
 *   24    4 payload_crc  crc32_le(~0, payload, len) ^ ~0
 *   28    4 header_crc   crc32_le(~0, bytes 0..27, 28) ^ ~0
 *
 * Order: one HEADER (seq 0); MEM segments (pre-copy: dirty pages while
 * RUNNING; stop-and-copy: the rest); REGS; END last.  MEM and REGS may repeat
 * (later ones win).
 */
#define MIGTEST_SEG_MAGIC			0x4753544d	/* "MTSG" */
#define MIGTEST_SEG_HDR_SIZE			32
#define MIGTEST_SEG_HEADER			1
#define MIGTEST_SEG_MEM				2
#define MIGTEST_SEG_REGS			3
#define MIGTEST_SEG_END				4

/*
 * HEADER payload (device configuration):
 *    0    4 magic        MIGTEST_STREAM_MAGIC
 *    4    4 version      MIGTEST_STREAM_VERSION
 *    8    8 mem_size     must equal the destination's
 *   16    4 window_size  of the source (informational)
 *   20    4 features     MIGTEST_FEAT_* of the source (informational)
 */
#define MIGTEST_STREAM_MAGIC			0x534d544d	/* "MTMS" */
#define MIGTEST_STREAM_VERSION			1
#define MIGTEST_STREAM_HDR_SIZE			24
#define MIGTEST_FEAT_NDMA			0x1
#define MIGTEST_FEAT_MMAP			0x2

/*
 * REGS payload: the migrated registers, u64 each in this order: COUNTER,
 * CONTROL, DMA_IOVA, DMA_LEN, DMA_PATTERN, DMA_PERIOD, DMA_ERRORS,
 * DMA_COUNT, IRQ_COUNT, SCRATCH.
 */
#define MIGTEST_REGS_COUNT			10
#define MIGTEST_REGS_SIZE			80

/*
 * END payload:
 *    0    4 segments     number of segments before END
 *    4    4 checksum     the CHECKSUM register of the source when stopped
 */
#define MIGTEST_END_SIZE			8

/*
 * CHECKSUM register and END checksum: crc32_le(~0, REGS payload) continued
 * over the whole device memory, ^ ~0.
 */

#endif /* MIGTEST_UAPI_H */
