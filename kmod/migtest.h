/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internals shared by the files of the migtest_mdev driver.
 *
 * Files by concern: migtest_main.c (module glue, mdev, vfio ops),
 * migtest_dev.c (the simulated PCI device), migtest_mig.c (the migration
 * region and stream), migtest_table.c (transition table, validity
 * predicate), migtest_ctl.c (debugfs controls: capabilities, injections,
 * bug switches).
 */
#ifndef MIGTEST_H
#define MIGTEST_H

#include <linux/types.h>
#include <migtest_uapi.h>

/* ---- transition table (migtest_table.c, no kernel-only calls) ---- */

#define MIGTEST_NSTATES		16	/* every value of device_state & MASK */
#define MIGTEST_BIT(s)		(1U << (s))

/* work a transition needs, one bit each; see migtest_work[][] */
enum migtest_work_bits {
	MIGTEST_W_STOP		= MIGTEST_BIT(0),	/* RUNNING cleared */
	MIGTEST_W_RUN		= MIGTEST_BIT(1),	/* RUNNING set */
	MIGTEST_W_QUIESCE	= MIGTEST_BIT(2),	/* DMA now forbidden */
	MIGTEST_W_UNQUIESCE	= MIGTEST_BIT(3),	/* DMA now allowed */
	MIGTEST_W_SAVE_OPEN	= MIGTEST_BIT(4),	/* SAVING set */
	MIGTEST_W_SAVE_CLOSE	= MIGTEST_BIT(5),	/* SAVING cleared */
	MIGTEST_W_RESUME_OPEN	= MIGTEST_BIT(6),	/* RESUMING set */
	MIGTEST_W_RESUME_CLOSE	= MIGTEST_BIT(7),	/* RESUMING cleared */
};

extern const u8 migtest_work[MIGTEST_NSTATES][MIGTEST_NSTATES];
bool migtest_state_is_valid(u32 state);
bool migtest_dma_allowed_in(u32 state);
const char *migtest_state_name(u32 state);

#ifdef __KERNEL__

#include <linux/debugfs.h>
#include <linux/eventfd.h>
#include <linux/ktime.h>
#include <linux/mdev.h>
#include <linux/mutex.h>
#include <linux/vfio.h>
#include <linux/workqueue.h>

/* ---- bug switches (migtest_ctl.c) ---- */

enum migtest_bug_id {
	MIGTEST_BUG_RESET_KEEPS_STATE,
	MIGTEST_BUG_OPEN_NOT_RUNNING,
	MIGTEST_BUG_ASYNC_STATE,
	MIGTEST_BUG_LATE_TRANSITION,
	MIGTEST_BUG_ACCEPT_SAVING_RESUMING,
	MIGTEST_BUG_ACCEPT_RESUMING_RUNNING,
	MIGTEST_BUG_ACCEPT_RESERVED_BITS,
	MIGTEST_BUG_FAIL_LANDS_ELSEWHERE,
	MIGTEST_BUG_PENDING_NEVER_ZERO,
	MIGTEST_BUG_REQUIRE_ZERO_PENDING,
	MIGTEST_BUG_DMA_UNDER_NDMA,
	MIGTEST_BUG_NDMA_LATE_COMPLETION,
	MIGTEST_BUG_DMA_WHEN_STOPPED,
	MIGTEST_BUG_COUNTER_WHEN_STOPPED,
	MIGTEST_BUG_RESERVED_NONZERO,
	MIGTEST_BUG_UNALIGNED_ACCEPTED,
	MIGTEST_BUG_ACCEPT_CORRUPT,
	MIGTEST_BUG_DATA_SIZE_OVERFLOW,
	MIGTEST_BUG_MMAP_REQUIRED,
	MIGTEST_BUG_CONFIG_DEAD_STOPPED,
	MIGTEST_BUG_PENDING_READ_CONSUMES,
	MIGTEST_BUG_PENDING_NO_ACK,
	MIGTEST_BUG_SINGLE_PIECE,
	MIGTEST_BUG_RESERVED_WRITE_STORED,
	MIGTEST_BUG_SILENT_FAILURE,
	MIGTEST_BUG_NDMA_WITHOUT_CAP,
	MIGTEST_BUG_NDMA_STICKY,
	MIGTEST_BUG_ERROR_KEEPS_RUNNING,
	MIGTEST_BUG_SINGLE_BIT_ONLY,
	MIGTEST_BUG_READONLY_WRITABLE,
	MIGTEST_BUG_DATA_OFFSET_OUTSIDE,
	MIGTEST_BUG_RESET_UNSUPPORTED,
	MIGTEST_BUG_NATIVE_WIDTH_REFUSED,
	MIGTEST_BUG_COUNT
};

/* one row of the bug table: debugfs file name, spec rule, what it does */
struct migtest_bug_info {
	const char *name;
	const char *rule;
	const char *help;
};

extern const struct migtest_bug_info migtest_bugs[MIGTEST_BUG_COUNT];

/* ---- error injection (migtest_ctl.c) ---- */

#define MIGTEST_ANY_STATE	0xffffffffU

/* the migration-region fields, in region order, plus the data window */
enum migtest_field {
	MIGTEST_F_DEVICE_STATE,
	MIGTEST_F_RESERVED,
	MIGTEST_F_PENDING_BYTES,
	MIGTEST_F_DATA_OFFSET,
	MIGTEST_F_DATA_SIZE,
	MIGTEST_F_DATA,
	MIGTEST_F_COUNT
};

/* fail device_state writes from -> to with errno, landing prior or ERROR */
struct migtest_inj_transition {
	bool on;		/* armed */
	u32 from;		/* state or MIGTEST_ANY_STATE */
	u32 to;			/* state or MIGTEST_ANY_STATE */
	int err;		/* positive errno */
	bool to_error;		/* land in ERROR instead of the prior state */
	unsigned int count;	/* remaining hits, 0: unlimited */
};

/* fail reads or writes of one field with errno */
struct migtest_inj_field {
	bool on;		/* armed */
	enum migtest_field field;	/* which field */
	bool write;		/* writes, else reads */
	int err;		/* positive errno */
	unsigned int count;	/* remaining hits, 0: unlimited */
};

/* fail the validation done when RESUMING is cleared */
struct migtest_inj_resume {
	bool on;		/* armed */
	int err;		/* positive errno */
	bool to_error;		/* land in ERROR instead of RESUMING */
};

/* sleep inside device_state writes from -> to */
struct migtest_inj_delay {
	bool on;		/* armed */
	u32 from;		/* state or MIGTEST_ANY_STATE */
	u32 to;			/* state or MIGTEST_ANY_STATE */
	unsigned int msecs;	/* sleep before the work */
};

/* capabilities, settable through debugfs while the device is closed */
struct migtest_caps {
	bool ndma;		/* VFIO_REGION_INFO_CAP_MIG_NDMA offered */
	bool mmap;		/* sparse mmap of the data window offered */
	u32 window_size;	/* data window bytes */
	u64 mem_size;		/* BAR2 bytes */
};

/* ---- the device ---- */

/* the migrated registers, in REGS payload order */
struct migtest_regs {
	u64 counter;		/* snapshot only; live value is computed */
	u32 control;		/* MIGTEST_CTRL_* */
	u64 dma_iova;		/* DMA target */
	u32 dma_len;		/* bytes per transfer */
	u32 dma_pattern;	/* base word */
	u32 dma_period;		/* microseconds */
	u32 dma_errors;		/* failed transfers */
	u64 dma_count;		/* completed transfers */
	u64 irq_count;		/* interrupts raised */
	u64 scratch;		/* free for the user */
};

/* save session: what the next segment will be */
struct migtest_save {
	bool active;		/* SAVING is set */
	u32 seq;		/* sequence number of the next segment */
	bool hdr_sent;		/* HEADER segment handed out */
	bool end_sent;		/* END handed out: stream complete */
	bool prepared;		/* a segment sits in the window */
	u32 seg_size;		/* its size (data_size) */
};

/* resume session: what arrived so far, staged until RESUMING clears */
struct migtest_resume {
	bool active;		/* RESUMING is set */
	u32 seq;		/* expected sequence number */
	bool hdr_seen;		/* HEADER accepted */
	bool regs_seen;		/* REGS accepted */
	bool end_seen;		/* END accepted */
	int err;		/* first validation error, sticky */
	u64 data_size;		/* last data_size written */
	u8 *mem;		/* staged device memory */
	struct migtest_regs regs;	/* staged registers */
	u32 end_csum;		/* checksum carried by END */
};

struct migtest_type;

/* one mdev instance */
struct migtest_state {
	struct vfio_device vdev;	/* must be first for vfio_alloc_device */
	struct mdev_device *mdev;	/* our mdev */
	const struct migtest_type *type;	/* instance type */

	/* state_lock: device_state, sessions, window, open, caps, injections */
	struct mutex state_lock;
	u32 device_state;	/* assigned only in migtest_set_state() */
	bool opened;		/* between open_device and close_device */
	struct migtest_caps caps;	/* capabilities for the next open */
	struct migtest_caps live;	/* capabilities of the open device */
	u8 *window;		/* data window, vmalloc_user */
	struct migtest_save save;	/* save session */
	struct migtest_resume resume;	/* resume session */
	struct delayed_work deferred_work;	/* driver-made transitions */
	bool deferred_pending;	/* deferred_work has a target */
	u32 deferred_target;	/* its target state */

	/* dev_lock (inside state_lock): registers, memory, irqs, DMA */
	struct mutex dev_lock;
	u8 vconfig[MIGTEST_PCI_CONFIG_SIZE];	/* config space */
	u8 wmask[MIGTEST_PCI_CONFIG_SIZE];	/* its writable bits */
	u8 *mem;		/* BAR2, live.mem_size bytes */
	unsigned long *dirty;	/* one bit per page of mem */
	struct migtest_regs regs;	/* register file */
	u32 status;		/* MIGTEST_STATUS_DMA_FAULT */
	bool regs_dirty;	/* registers changed since the last REGS */
	bool counting;		/* counter advancing */
	ktime_t run_since;	/* when counting started */
	bool dma_allowed;	/* state permits DMA */
	bool dma_one_more;	/* MIGTEST_BUG_NDMA_LATE_COMPLETION */
	struct delayed_work dma_work;	/* DMA engine */
	u8 *dma_buf;		/* transfer buffer */
	int irq_type;		/* VFIO_PCI_*_IRQ_INDEX or -1 */
	struct eventfd_ctx *intx_trigger;	/* INTx eventfd */
	struct eventfd_ctx *msi_trigger;	/* MSI eventfd */
	bool intx_masked;	/* INTx masked by the user */

	/* controls (debugfs), read locklessly by the data path */
	bool bugs[MIGTEST_BUG_COUNT];	/* bug switches */
	bool resume_fail_prior;	/* real resume failures stay RESUMING */
	u32 reserved_val;	/* MIGTEST_BUG_RESERVED_WRITE_STORED */
	struct migtest_inj_transition inj_transition;
	struct migtest_inj_field inj_field;
	struct migtest_inj_resume inj_resume;
	struct migtest_inj_delay inj_delay;
	struct dentry *dbg_dir;	/* /sys/kernel/debug/migtest_mdev/<uuid> */
};

static inline bool migtest_bug(const struct migtest_state *mt,
			       enum migtest_bug_id id)
{
	return READ_ONCE(mt->bugs[id]);
}

/* origin of a device_state change */
enum migtest_origin {
	MIGTEST_BY_USER,	/* write(2) of device_state */
	MIGTEST_BY_DEFERRED,	/* deferred work (bug switches only) */
	MIGTEST_BY_DRIVER,	/* landing after a failure: sessions abort */
	MIGTEST_BY_RESET,	/* open, close, VFIO_DEVICE_RESET */
};

/* migtest_dev.c */
void migtest_dev_init(struct migtest_state *mt);
int migtest_dev_open(struct migtest_state *mt);
void migtest_dev_close(struct migtest_state *mt);
void migtest_dev_reset(struct migtest_state *mt);
ssize_t migtest_config_rw(struct migtest_state *mt, char __user *ubuf,
			  size_t count, u64 pos, bool write);
ssize_t migtest_bar0_rw(struct migtest_state *mt, char __user *ubuf,
			size_t count, u64 pos, bool write);
ssize_t migtest_mem_rw(struct migtest_state *mt, char __user *ubuf,
		       size_t count, u64 pos, bool write);
void migtest_counter_set_running(struct migtest_state *mt, bool run);
void migtest_dma_update(struct migtest_state *mt, u32 state, bool sync);
void migtest_regs_snapshot(struct migtest_state *mt, struct migtest_regs *r);
void migtest_regs_restore(struct migtest_state *mt,
			  const struct migtest_regs *r);
void migtest_regs_encode(const struct migtest_regs *r, u8 *buf);
void migtest_regs_decode(struct migtest_regs *r, const u8 *buf);
u32 migtest_state_csum(const struct migtest_regs *r, const u8 *mem,
		       u64 mem_size);
int migtest_irq_info(struct vfio_irq_info *info);
int migtest_set_irqs(struct migtest_state *mt, struct vfio_irq_set *hdr,
		     void *data);
void migtest_irqs_release(struct migtest_state *mt);

/* migtest_mig.c */
int migtest_mig_open(struct migtest_state *mt);
void migtest_mig_close(struct migtest_state *mt);
int migtest_set_state(struct migtest_state *mt, u32 state,
		      enum migtest_origin origin);
int migtest_reset(struct migtest_state *mt);
ssize_t migtest_mig_rw(struct migtest_state *mt, char __user *ubuf,
		       size_t count, u64 pos, bool write);
u64 migtest_mig_region_size(const struct migtest_caps *caps);
int migtest_mig_mmap(struct migtest_state *mt, struct vm_area_struct *vma);
void migtest_deferred_fn(struct work_struct *work);

/* migtest_ctl.c */
void migtest_ctl_init(struct migtest_state *mt);
void migtest_ctl_create(struct migtest_state *mt);
void migtest_ctl_remove(struct migtest_state *mt);
int migtest_ctl_module_init(void);
void migtest_ctl_module_exit(void);
int migtest_inject_field(struct migtest_state *mt, enum migtest_field f,
			 bool write);
int migtest_inject_transition(struct migtest_state *mt, u32 from, u32 to,
			      bool *to_error);
unsigned int migtest_inject_delay(struct migtest_state *mt, u32 from, u32 to);

#endif /* __KERNEL__ */
#endif /* MIGTEST_H */
