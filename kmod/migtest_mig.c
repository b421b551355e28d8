// SPDX-License-Identifier: GPL-2.0
/*
 * The v1 migration region with the RFC's NDMA state.
 *
 * Region layout: struct vfio_device_migration_info at offset 0 (fields
 * accessed only at native width and alignment), the data window at
 * MIGTEST_MIG_DATA_OFFSET.  migtest_set_state() is the only place that
 * assigns device_state; every access runs under state_lock.
 *
 * Save: SAVING opens a session with every page of device memory dirty.
 * Reading data_offset puts the next segment in the window (HEADER, then MEM
 * runs of dirty pages, and once !RUNNING: REGS and END); re-reading
 * pending_bytes marks it collected.  Resume: each data_size write parses
 * one segment from the window into a staging copy; clearing RESUMING checks
 * that the stream was complete and consistent, then loads the device.
 */
#include <linux/bitops.h>
#include <linux/crc32.h>
#include <linux/delay.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#include <asm/unaligned.h>

#include "migtest.h"

#define MIGTEST_MIG_HDR_END	32	/* end of vfio_device_migration_info */
#define MIGTEST_DEFER_MS	20	/* delay of driver-made transitions */

/* one field of struct vfio_device_migration_info */
struct migtest_field_desc {
	u32 off;
	u32 size;
};

static const struct migtest_field_desc migtest_fields[] = {
	[MIGTEST_F_DEVICE_STATE] = { MIGTEST_MIG_OFF_DEVICE_STATE, 4 },
	[MIGTEST_F_RESERVED] = { MIGTEST_MIG_OFF_RESERVED, 4 },
	[MIGTEST_F_PENDING_BYTES] = { MIGTEST_MIG_OFF_PENDING_BYTES, 8 },
	[MIGTEST_F_DATA_OFFSET] = { MIGTEST_MIG_OFF_DATA_OFFSET, 8 },
	[MIGTEST_F_DATA_SIZE] = { MIGTEST_MIG_OFF_DATA_SIZE, 8 },
};

/* ---- small helpers ---- */

static u32 migtest_crc(const void *buf, size_t len)
{
	return crc32_le(~0U, buf, len) ^ ~0U;
}

static bool migtest_running(struct migtest_state *mt)
{
	return mt->device_state & MIGTEST_DEVICE_STATE_RUNNING;
}

static unsigned long migtest_mem_pages(struct migtest_state *mt)
{
	return mt->live.mem_size >> PAGE_SHIFT;
}

/* payload capacity of a MEM segment, in pages (window >= 2 pages) */
static unsigned long migtest_mem_seg_pages(struct migtest_state *mt)
{
	return (mt->live.window_size - MIGTEST_SEG_HDR_SIZE) >> PAGE_SHIFT;
}

/**
 * migtest_mig_region_size() - size of the migration region
 * @caps: capabilities of the open device
 *
 * Return: header page plus data window.
 */
u64 migtest_mig_region_size(const struct migtest_caps *caps)
{
	return MIGTEST_MIG_DATA_OFFSET + caps->window_size;
}

/* ---- save stream ---- */

/* write the segment header in front of a payload already in the window */
static u32 migtest_seg_seal(struct migtest_state *mt, u16 type, u32 len,
			    u64 offset)
{
	u8 *h = mt->window;

	lockdep_assert_held(&mt->state_lock);
	put_unaligned_le32(MIGTEST_SEG_MAGIC, h);
	put_unaligned_le16(type, h + 4);
	put_unaligned_le16(0, h + 6);
	put_unaligned_le32(mt->save.seq++, h + 8);
	put_unaligned_le32(len, h + 12);
	put_unaligned_le64(offset, h + 16);
	put_unaligned_le32(migtest_crc(h + MIGTEST_SEG_HDR_SIZE, len), h + 24);
	put_unaligned_le32(migtest_crc(h, 28), h + 28);
	return MIGTEST_SEG_HDR_SIZE + len;
}

static u32 migtest_save_header(struct migtest_state *mt)
{
	u8 *p = mt->window + MIGTEST_SEG_HDR_SIZE;
	u32 feat = 0;

	lockdep_assert_held(&mt->state_lock);
	if (mt->live.ndma)
		feat |= MIGTEST_FEAT_NDMA;
	if (mt->live.mmap)
		feat |= MIGTEST_FEAT_MMAP;
	put_unaligned_le32(MIGTEST_STREAM_MAGIC, p);
	put_unaligned_le32(MIGTEST_STREAM_VERSION, p + 4);
	put_unaligned_le64(mt->live.mem_size, p + 8);
	put_unaligned_le32(mt->live.window_size, p + 16);
	put_unaligned_le32(feat, p + 20);
	mt->save.hdr_sent = true;
	return migtest_seg_seal(mt, MIGTEST_SEG_HEADER,
				MIGTEST_STREAM_HDR_SIZE, 0);
}

/* the next run of dirty pages, or 0 when memory is clean */
static u32 migtest_save_mem(struct migtest_state *mt)
{
	unsigned long pages = migtest_mem_pages(mt);
	unsigned long cap = migtest_mem_seg_pages(mt);
	unsigned long first, n = 0;
	u64 off;

	lockdep_assert_held(&mt->dev_lock);
	first = find_first_bit(mt->dirty, pages);
	if (first >= pages)
		return 0;
	while (first + n < pages && n < cap && test_bit(first + n, mt->dirty))
		n++;
	off = (u64)first << PAGE_SHIFT;
	memcpy(mt->window + MIGTEST_SEG_HDR_SIZE, mt->mem + off,
	       n << PAGE_SHIFT);
	bitmap_clear(mt->dirty, first, n);
	return migtest_seg_seal(mt, MIGTEST_SEG_MEM, n << PAGE_SHIFT, off);
}

static u32 migtest_save_regs(struct migtest_state *mt)
{
	struct migtest_regs r;

	lockdep_assert_held(&mt->dev_lock);
	migtest_regs_snapshot(mt, &r);
	migtest_regs_encode(&r, mt->window + MIGTEST_SEG_HDR_SIZE);
	mt->regs_dirty = false;
	return migtest_seg_seal(mt, MIGTEST_SEG_REGS, MIGTEST_REGS_SIZE, 0);
}

static u32 migtest_save_end(struct migtest_state *mt)
{
	u8 *p = mt->window + MIGTEST_SEG_HDR_SIZE;
	struct migtest_regs r;

	lockdep_assert_held(&mt->dev_lock);
	migtest_regs_snapshot(mt, &r);
	put_unaligned_le32(mt->save.seq, p);
	put_unaligned_le32(migtest_state_csum(&r, mt->mem, mt->live.mem_size),
			   p + 4);
	mt->save.end_sent = true;
	return migtest_seg_seal(mt, MIGTEST_SEG_END, MIGTEST_END_SIZE, 0);
}

/* step b) of the SAVING protocol: put the next segment in the window */
static void migtest_save_prepare(struct migtest_state *mt)
{
	bool stopped = !migtest_running(mt);
	u32 size = 0;

	lockdep_assert_held(&mt->state_lock);
	if (mt->save.end_sent) {
		size = 0;
	} else if (!mt->save.hdr_sent) {
		size = migtest_save_header(mt);
	} else {
		mutex_lock(&mt->dev_lock);
		size = migtest_save_mem(mt);
		if (!size && stopped && mt->regs_dirty)
			size = migtest_save_regs(mt);
		else if (!size && stopped)
			size = migtest_save_end(mt);
		mutex_unlock(&mt->dev_lock);
	}
	mt->save.prepared = true;
	mt->save.seg_size = size;
}

/* estimate of what remains; PB: zero while !RUNNING ends the stream */
static u64 migtest_save_pending(struct migtest_state *mt)
{
	unsigned long dirty;
	u64 n = 0;

	lockdep_assert_held(&mt->state_lock);
	if (mt->save.end_sent)
		return 0;
	if (!mt->save.hdr_sent)
		n += MIGTEST_SEG_HDR_SIZE + MIGTEST_STREAM_HDR_SIZE;
	mutex_lock(&mt->dev_lock);
	dirty = bitmap_weight(mt->dirty, migtest_mem_pages(mt));
	if (dirty)
		n += MIGTEST_SEG_HDR_SIZE + ((u64)dirty << PAGE_SHIFT);
	if (!migtest_running(mt)) {
		if (mt->regs_dirty)
			n += MIGTEST_SEG_HDR_SIZE + MIGTEST_REGS_SIZE;
		n += MIGTEST_SEG_HDR_SIZE + MIGTEST_END_SIZE;
	}
	mutex_unlock(&mt->dev_lock);
	return n;
}

static void migtest_save_open(struct migtest_state *mt)
{
	lockdep_assert_held(&mt->state_lock);
	memset(&mt->save, 0, sizeof(mt->save));
	mt->save.active = true;
	mutex_lock(&mt->dev_lock);
	bitmap_fill(mt->dirty, migtest_mem_pages(mt));
	mt->regs_dirty = true;
	mutex_unlock(&mt->dev_lock);
}

static void migtest_save_close(struct migtest_state *mt)
{
	lockdep_assert_held(&mt->state_lock);
	memset(&mt->save, 0, sizeof(mt->save));
}

/* ---- resume stream ---- */

static int migtest_resume_open(struct migtest_state *mt)
{
	lockdep_assert_held(&mt->state_lock);
	memset(&mt->resume, 0, sizeof(mt->resume));
	mt->resume.mem = vzalloc(mt->live.mem_size);
	if (!mt->resume.mem)
		return -ENOMEM;
	mt->resume.active = true;
	return 0;
}

static void migtest_resume_close(struct migtest_state *mt)
{
	lockdep_assert_held(&mt->state_lock);
	vfree(mt->resume.mem);
	memset(&mt->resume, 0, sizeof(mt->resume));
}

static int migtest_resume_header(struct migtest_state *mt, const u8 *p,
				 u32 len)
{
	lockdep_assert_held(&mt->state_lock);
	if (len != MIGTEST_STREAM_HDR_SIZE)
		return -EINVAL;
	if (get_unaligned_le32(p) != MIGTEST_STREAM_MAGIC ||
	    get_unaligned_le32(p + 4) != MIGTEST_STREAM_VERSION ||
	    get_unaligned_le64(p + 8) != mt->live.mem_size) {
		dev_dbg(mdev_dev(mt->mdev),
			"resume: incompatible stream header (version %u, mem_size %llu)\n",
			get_unaligned_le32(p + 4), get_unaligned_le64(p + 8));
		return -EINVAL;
	}
	mt->resume.hdr_seen = true;
	return 0;
}

static int migtest_resume_mem(struct migtest_state *mt, const u8 *p,
			      u32 len, u64 off)
{
	u64 end;

	lockdep_assert_held(&mt->state_lock);
	if (!len || check_add_overflow(off, (u64)len, &end) ||
	    end > mt->live.mem_size)
		return -EINVAL;
	memcpy(mt->resume.mem + off, p, len);
	return 0;
}

static int migtest_resume_regs(struct migtest_state *mt, const u8 *p,
			       u32 len)
{
	struct migtest_regs *r = &mt->resume.regs;

	lockdep_assert_held(&mt->state_lock);
	if (len != MIGTEST_REGS_SIZE)
		return -EINVAL;
	migtest_regs_decode(r, p);
	if (r->control & ~MIGTEST_CTRL_MASK || r->dma_len % 4 ||
	    r->dma_len > MIGTEST_DMA_LEN_MAX ||
	    (r->dma_period && r->dma_period < MIGTEST_DMA_PERIOD_MIN))
		return -EINVAL;
	mt->resume.regs_seen = true;
	return 0;
}

static int migtest_resume_end(struct migtest_state *mt, const u8 *p,
			      u32 len, u32 seq)
{
	lockdep_assert_held(&mt->state_lock);
	if (len != MIGTEST_END_SIZE)
		return -EINVAL;
	if (get_unaligned_le32(p) != seq || !mt->resume.regs_seen)
		return -EPROTO;
	mt->resume.end_csum = get_unaligned_le32(p + 4);
	mt->resume.end_seen = true;
	return 0;
}

/* check the framing of the segment in the window */
static int migtest_resume_frame(struct migtest_state *mt, u64 size)
{
	const u8 *h = mt->window;
	bool lax = migtest_bug(mt, MIGTEST_BUG_ACCEPT_CORRUPT);
	u32 len = get_unaligned_le32(h + 12);

	lockdep_assert_held(&mt->state_lock);
	if (size < MIGTEST_SEG_HDR_SIZE ||
	    get_unaligned_le32(h) != MIGTEST_SEG_MAGIC)
		return -EINVAL;
	if (!lax && get_unaligned_le32(h + 28) != migtest_crc(h, 28))
		return -EBADMSG;
	if ((u64)len + MIGTEST_SEG_HDR_SIZE != size)
		return -EINVAL;
	if (!lax && get_unaligned_le32(h + 24) !=
	    migtest_crc(h + MIGTEST_SEG_HDR_SIZE, len))
		return -EBADMSG;
	if (get_unaligned_le32(h + 8) != mt->resume.seq)
		return -EPROTO;
	return 0;
}

/* one data_size write while RESUMING: validate and stage a segment */
static int migtest_resume_segment(struct migtest_state *mt, u64 size)
{
	const u8 *h = mt->window;
	const u8 *p = h + MIGTEST_SEG_HDR_SIZE;
	u16 type;
	u32 len;
	int ret;

	lockdep_assert_held(&mt->state_lock);
	ret = migtest_resume_frame(mt, size);
	if (ret)
		return ret;
	type = get_unaligned_le16(h + 4);
	len = get_unaligned_le32(h + 12);
	if (mt->resume.end_seen ||
	    mt->resume.hdr_seen == (type == MIGTEST_SEG_HEADER))
		return -EPROTO;

	switch (type) {
	case MIGTEST_SEG_HEADER:
		ret = migtest_resume_header(mt, p, len);
		break;
	case MIGTEST_SEG_MEM:
		ret = migtest_resume_mem(mt, p, len, get_unaligned_le64(h + 16));
		break;
	case MIGTEST_SEG_REGS:
		ret = migtest_resume_regs(mt, p, len);
		break;
	case MIGTEST_SEG_END:
		ret = migtest_resume_end(mt, p, len, mt->resume.seq);
		break;
	default:
		ret = -EINVAL;
		break;
	}
	if (!ret)
		mt->resume.seq++;
	return ret;
}

/* RESUMING cleared by the user: final checks, then load the device */
static int migtest_resume_finish(struct migtest_state *mt)
{
	struct migtest_resume *rs = &mt->resume;
	u32 csum;

	lockdep_assert_held(&mt->state_lock);
	if (mt->inj_resume.on)
		return -mt->inj_resume.err;
	if (rs->err)
		return -rs->err;
	if (!rs->end_seen)
		return -ENODATA;	/* truncated stream */
	csum = migtest_state_csum(&rs->regs, rs->mem, mt->live.mem_size);
	if (csum != rs->end_csum &&
	    !migtest_bug(mt, MIGTEST_BUG_ACCEPT_CORRUPT))
		return -EBADMSG;

	mutex_lock(&mt->dev_lock);
	memcpy(mt->mem, rs->mem, mt->live.mem_size);
	migtest_regs_restore(mt, &rs->regs);
	mutex_unlock(&mt->dev_lock);
	return 0;
}

/* ---- device_state ---- */

/* what a user write may request; DS rules of the RFC */
static int migtest_state_check(struct migtest_state *mt, u32 old, u32 state)
{
	u32 v = state & MIGTEST_DEVICE_STATE_MASK;
	bool sr = (v & MIGTEST_DEVICE_STATE_SAVING) &&
		  (v & MIGTEST_DEVICE_STATE_RESUMING);
	bool rr = (v & MIGTEST_DEVICE_STATE_RESUMING) &&
		  (v & MIGTEST_DEVICE_STATE_RUNNING);

	lockdep_assert_held(&mt->state_lock);
	if (MIGTEST_DEVICE_STATE_IS_ERROR(old))
		return -EIO;	/* only VFIO_DEVICE_RESET leaves ERROR */
	if ((state & ~MIGTEST_DEVICE_STATE_MASK) &&
	    !migtest_bug(mt, MIGTEST_BUG_ACCEPT_RESERVED_BITS))
		return -EINVAL;
	if ((v & MIGTEST_DEVICE_STATE_NDMA) && !mt->live.ndma &&
	    !migtest_bug(mt, MIGTEST_BUG_NDMA_WITHOUT_CAP))
		return -EINVAL;
	if (hweight32(old ^ state) > 1 &&
	    migtest_bug(mt, MIGTEST_BUG_SINGLE_BIT_ONLY))
		return -EINVAL;
	if (!migtest_state_is_valid(v) &&
	    !(sr && !rr && migtest_bug(mt, MIGTEST_BUG_ACCEPT_SAVING_RESUMING)) &&
	    !(rr && !sr && migtest_bug(mt, MIGTEST_BUG_ACCEPT_RESUMING_RUNNING)))
		return -EINVAL;
	if (migtest_bug(mt, MIGTEST_BUG_REQUIRE_ZERO_PENDING) &&
	    mt->save.active && (old & MIGTEST_DEVICE_STATE_RUNNING) &&
	    !(v & MIGTEST_DEVICE_STATE_RUNNING) && migtest_save_pending(mt))
		return -EBUSY;
	return 0;
}

static void migtest_defer(struct migtest_state *mt, u32 state)
{
	lockdep_assert_held(&mt->state_lock);
	mt->deferred_target = state;
	mt->deferred_pending = true;
	mod_delayed_work(system_wq, &mt->deferred_work,
			 msecs_to_jiffies(MIGTEST_DEFER_MS));
}

/**
 * migtest_deferred_fn() - a transition made by the driver itself
 * @work: mt->deferred_work
 *
 * Only bug switches schedule this (asynchronous or late transitions).
 */
void migtest_deferred_fn(struct work_struct *work)
{
	struct migtest_state *mt = container_of(to_delayed_work(work),
						struct migtest_state,
						deferred_work);

	mutex_lock(&mt->state_lock);
	if (mt->opened && mt->deferred_pending) {
		mt->deferred_pending = false;
		migtest_set_state(mt, mt->deferred_target, MIGTEST_BY_DEFERRED);
	}
	mutex_unlock(&mt->state_lock);
}

/* the work of one transition; the only step that can fail comes first */
static int migtest_do_work(struct migtest_state *mt, u32 old, u32 state,
			   enum migtest_origin origin)
{
	u8 work = migtest_work[old & MIGTEST_DEVICE_STATE_MASK]
			      [state & MIGTEST_DEVICE_STATE_MASK];
	bool abort = origin == MIGTEST_BY_DRIVER || origin == MIGTEST_BY_RESET;
	int ret;

	lockdep_assert_held(&mt->state_lock);
	if (work & MIGTEST_W_RESUME_OPEN) {
		ret = migtest_resume_open(mt);
		if (ret)
			return ret;
	}
	if ((work & MIGTEST_W_RESUME_CLOSE) && !abort) {
		ret = migtest_resume_finish(mt);
		if (ret)
			return ret;
	}
	if (work & MIGTEST_W_RESUME_CLOSE)
		migtest_resume_close(mt);
	if (MIGTEST_DEVICE_STATE_IS_ERROR(state) &&
	    migtest_bug(mt, MIGTEST_BUG_ERROR_KEEPS_RUNNING))
		work &= ~(MIGTEST_W_QUIESCE | MIGTEST_W_STOP);
	if ((old & MIGTEST_DEVICE_STATE_NDMA) &&
	    migtest_bug(mt, MIGTEST_BUG_NDMA_STICKY))
		work &= ~MIGTEST_W_UNQUIESCE;
	if (work & (MIGTEST_W_QUIESCE | MIGTEST_W_STOP))
		migtest_dma_update(mt, state, true);
	if (work & MIGTEST_W_STOP)
		migtest_counter_set_running(mt,
			migtest_bug(mt, MIGTEST_BUG_COUNTER_WHEN_STOPPED));
	if (work & MIGTEST_W_SAVE_CLOSE)
		migtest_save_close(mt);
	if (work & MIGTEST_W_SAVE_OPEN)
		migtest_save_open(mt);
	if (work & MIGTEST_W_RUN)
		migtest_counter_set_running(mt, true);
	if (work & MIGTEST_W_UNQUIESCE)
		migtest_dma_update(mt, state, false);
	return 0;
}

/* after a failed transition: prior state, or ERROR (or, as a bug, other) */
static int migtest_land(struct migtest_state *mt, u32 old, int err,
			bool to_error)
{
	u32 target = MIGTEST_DEVICE_STATE_ERROR;

	lockdep_assert_held(&mt->state_lock);
	if (migtest_bug(mt, MIGTEST_BUG_FAIL_LANDS_ELSEWHERE)) {
		target = old ? 0 : MIGTEST_DEVICE_STATE_RUNNING;
		migtest_set_state(mt, target, MIGTEST_BY_DRIVER);
	} else if (to_error) {
		migtest_set_state(mt, target, MIGTEST_BY_DRIVER);
	}
	dev_dbg(mdev_dev(mt->mdev), "device_state now %s after error %d\n",
		migtest_state_name(mt->device_state), err);
	if (migtest_bug(mt, MIGTEST_BUG_SILENT_FAILURE))
		return 0;
	return err;
}

/**
 * migtest_set_state() - the one place that changes device_state
 * @mt: device
 * @state: requested device_state
 * @origin: user write, driver-made, or reset
 *
 * A user request is checked against the RFC rules, then injected faults
 * and delays apply; the work of the transition completes before this
 * returns (DS: fully transitioned before write(2) returns).  On failure
 * device_state is the prior state or ERROR.
 *
 * Return: 0 or -errno, which write(2) returns unchanged.
 */
int migtest_set_state(struct migtest_state *mt, u32 state,
		      enum migtest_origin origin)
{
	u32 old = mt->device_state;
	bool to_error = false;
	unsigned int ms;
	int ret;

	lockdep_assert_held(&mt->state_lock);
	if (origin == MIGTEST_BY_USER) {
		ret = migtest_state_check(mt, old, state);
		if (ret) {
			dev_dbg(mdev_dev(mt->mdev),
				"device_state write 0x%x refused in %s: %d\n",
				state, migtest_state_name(old), ret);
			return ret;
		}
		ret = migtest_inject_transition(mt, old, state, &to_error);
		if (ret)
			return migtest_land(mt, old, ret, to_error);
		ms = migtest_inject_delay(mt, old, state);
		if (ms)
			msleep(ms);
		if (state != old &&
		    migtest_bug(mt, MIGTEST_BUG_LATE_TRANSITION)) {
			migtest_defer(mt, state);
			return 0;
		}
	}

	ret = migtest_do_work(mt, old, state, origin);
	if (ret) {
		to_error = origin == MIGTEST_BY_USER &&
			   (old & MIGTEST_DEVICE_STATE_RESUMING) &&
			   !(state & MIGTEST_DEVICE_STATE_RESUMING);
		if (mt->inj_resume.on && to_error)
			to_error = mt->inj_resume.to_error;
		else if (to_error)
			to_error = !mt->resume_fail_prior;
		return migtest_land(mt, old, ret, to_error);
	}
	mt->device_state = state;
	dev_dbg(mdev_dev(mt->mdev), "device_state %s -> %s\n",
		migtest_state_name(old), migtest_state_name(state));

	if (origin == MIGTEST_BY_USER &&
	    (state & MIGTEST_DEVICE_STATE_RUNNING) &&
	    migtest_bug(mt, MIGTEST_BUG_ASYNC_STATE))
		migtest_defer(mt, state & ~MIGTEST_DEVICE_STATE_RUNNING);
	return 0;
}

/* ---- field handlers: migtest_<field>_read/_write ---- */

static int migtest_device_state_read(struct migtest_state *mt, u64 *val)
{
	lockdep_assert_held(&mt->state_lock);
	*val = mt->device_state;
	return 0;
}

static int migtest_device_state_write(struct migtest_state *mt, u64 val)
{
	lockdep_assert_held(&mt->state_lock);
	return migtest_set_state(mt, val, MIGTEST_BY_USER);
}

/* reserved: reads return zero and writes are ignored */
static int migtest_reserved_read(struct migtest_state *mt, u64 *val)
{
	lockdep_assert_held(&mt->state_lock);
	*val = migtest_bug(mt, MIGTEST_BUG_RESERVED_NONZERO) ? 0x5a5a5a5a : 0;
	if (migtest_bug(mt, MIGTEST_BUG_RESERVED_WRITE_STORED))
		*val = mt->reserved_val;
	return 0;
}

static int migtest_reserved_write(struct migtest_state *mt, u64 val)
{
	lockdep_assert_held(&mt->state_lock);
	if (migtest_bug(mt, MIGTEST_BUG_RESERVED_WRITE_STORED))
		mt->reserved_val = val;
	return 0;
}

static int migtest_pending_bytes_read(struct migtest_state *mt, u64 *val)
{
	lockdep_assert_held(&mt->state_lock);
	if (!mt->save.active)
		return -EINVAL;
	/* step e): re-reading pending_bytes means the segment was collected */
	if (!mt->save.prepared &&
	    migtest_bug(mt, MIGTEST_BUG_PENDING_READ_CONSUMES))
		migtest_save_prepare(mt);
	if (!migtest_bug(mt, MIGTEST_BUG_PENDING_NO_ACK))
		mt->save.prepared = false;
	*val = migtest_save_pending(mt);
	if (!*val && !migtest_running(mt) &&
	    migtest_bug(mt, MIGTEST_BUG_PENDING_NEVER_ZERO))
		*val = MIGTEST_SEG_HDR_SIZE;
	return 0;
}

static int migtest_pending_bytes_write(struct migtest_state *mt, u64 val)
{
	lockdep_assert_held(&mt->state_lock);
	if (migtest_bug(mt, MIGTEST_BUG_READONLY_WRITABLE))
		return 0;
	return -EINVAL;	/* read only */
}

static int migtest_data_offset_read(struct migtest_state *mt, u64 *val)
{
	lockdep_assert_held(&mt->state_lock);
	if (mt->save.active) {
		/* step b): commit to the next segment (once per iteration) */
		if (!mt->save.prepared)
			migtest_save_prepare(mt);
	} else if (!mt->resume.active) {
		return -EINVAL;
	}
	*val = MIGTEST_MIG_DATA_OFFSET;
	if (migtest_bug(mt, MIGTEST_BUG_DATA_OFFSET_OUTSIDE))
		*val += mt->live.window_size;
	return 0;
}

static int migtest_data_offset_write(struct migtest_state *mt, u64 val)
{
	lockdep_assert_held(&mt->state_lock);
	if (migtest_bug(mt, MIGTEST_BUG_READONLY_WRITABLE))
		return 0;
	return -EINVAL;	/* read only */
}

static int migtest_data_size_read(struct migtest_state *mt, u64 *val)
{
	lockdep_assert_held(&mt->state_lock);
	if (mt->save.active) {
		*val = mt->save.prepared ? mt->save.seg_size : 0;
		if (migtest_bug(mt, MIGTEST_BUG_DATA_SIZE_OVERFLOW) && *val)
			*val += mt->live.window_size;
		return 0;
	}
	if (mt->resume.active) {
		*val = mt->resume.data_size;
		return 0;
	}
	return -EINVAL;
}

static int migtest_data_size_write(struct migtest_state *mt, u64 val)
{
	int ret;

	lockdep_assert_held(&mt->state_lock);
	if (!mt->resume.active || mt->save.active)
		return -EINVAL;	/* written only while RESUMING */
	if (mt->resume.err)
		return -mt->resume.err;
	if (!val)
		return 0;	/* an empty iteration */
	ret = -EINVAL;	/* RES: no segment is larger than the window */
	if (val <= mt->live.window_size) {
		mt->resume.data_size = val;
		ret = migtest_resume_segment(mt, val);
	}
	if (ret) {
		dev_dbg(mdev_dev(mt->mdev),
			"resume: segment %u of %llu bytes refused: %d\n",
			mt->resume.seq, val, ret);
		mt->resume.err = -ret;
	}
	return ret;
}

/* ---- dispatch ---- */

static int migtest_field_read(struct migtest_state *mt, enum migtest_field f,
			      u64 *val)
{
	switch (f) {
	case MIGTEST_F_DEVICE_STATE:
		return migtest_device_state_read(mt, val);
	case MIGTEST_F_RESERVED:
		return migtest_reserved_read(mt, val);
	case MIGTEST_F_PENDING_BYTES:
		return migtest_pending_bytes_read(mt, val);
	case MIGTEST_F_DATA_OFFSET:
		return migtest_data_offset_read(mt, val);
	case MIGTEST_F_DATA_SIZE:
		return migtest_data_size_read(mt, val);
	default:
		return -EINVAL;
	}
}

static int migtest_field_write(struct migtest_state *mt, enum migtest_field f,
			       u64 val)
{
	switch (f) {
	case MIGTEST_F_DEVICE_STATE:
		return migtest_device_state_write(mt, val);
	case MIGTEST_F_RESERVED:
		return migtest_reserved_write(mt, val);
	case MIGTEST_F_PENDING_BYTES:
		return migtest_pending_bytes_write(mt, val);
	case MIGTEST_F_DATA_OFFSET:
		return migtest_data_offset_write(mt, val);
	case MIGTEST_F_DATA_SIZE:
		return migtest_data_size_write(mt, val);
	default:
		return -EINVAL;
	}
}

/* the field that contains byte pos of the header, or MIGTEST_F_COUNT */
static enum migtest_field migtest_field_at(u64 pos)
{
	enum migtest_field f;

	for (f = 0; f < ARRAY_SIZE(migtest_fields); f++)
		if (pos >= migtest_fields[f].off &&
		    pos < migtest_fields[f].off + migtest_fields[f].size)
			return f;
	return MIGTEST_F_COUNT;
}

/*
 * The native_width_refused bug: a u64 field refuses its native, aligned
 * 8-byte access (ACC-01).  True when this access must fail for that
 * reason; other accesses of the field fail as they always do (ACC-02).
 */
static bool migtest_native_width_refused(struct migtest_state *mt,
					 const struct migtest_field_desc *d,
					 size_t skip, size_t count)
{
	return migtest_bug(mt, MIGTEST_BUG_NATIVE_WIDTH_REFUSED) &&
	       d->size == 8 && !skip && count == 8;
}

/*
 * One header field.  Only native width and alignment are accepted (the
 * RFC: other accesses "should return an error"); the unaligned bug switch
 * turns a partial access into a read-modify-write of the whole field.
 */
static ssize_t migtest_header_rw(struct migtest_state *mt, char __user *ubuf,
				 size_t count, u64 pos, bool write)
{
	enum migtest_field f = migtest_field_at(pos);
	const struct migtest_field_desc *d;
	u64 val = 0, in = 0;
	size_t skip, n;
	int ret;

	if (f == MIGTEST_F_COUNT)
		return -EINVAL;
	d = &migtest_fields[f];
	skip = pos - d->off;
	n = min_t(size_t, count, d->size - skip);
	if (migtest_native_width_refused(mt, d, skip, count))
		return -EINVAL;
	if ((skip || count != d->size) &&
	    !migtest_bug(mt, MIGTEST_BUG_UNALIGNED_ACCEPTED))
		return -EINVAL;
	if (!n)
		return -EINVAL;
	if (write && copy_from_user((u8 *)&in + skip, ubuf, n))
		return -EFAULT;

	mutex_lock(&mt->state_lock);
	ret = migtest_inject_field(mt, f, write);
	if (!ret && (!write || n != d->size))
		ret = migtest_field_read(mt, f, &val);
	if (!ret && write) {
		memcpy((u8 *)&val + skip, (u8 *)&in + skip, n);
		ret = migtest_field_write(mt, f, val);
	}
	mutex_unlock(&mt->state_lock);
	if (ret)
		return ret;

	if (!write && copy_to_user(ubuf, (u8 *)&val + skip, n))
		return -EFAULT;
	return n;
}

/* the data window: read while SAVING (or RESUMING), written while RESUMING */
static ssize_t migtest_data_rw(struct migtest_state *mt, char __user *ubuf,
			       size_t count, u64 pos, bool write)
{
	u64 off = pos - MIGTEST_MIG_DATA_OFFSET;
	u64 end;
	int ret;

	if (!count || check_add_overflow(off, (u64)count, &end) ||
	    end > mt->live.window_size)
		return -EINVAL;

	mutex_lock(&mt->state_lock);
	ret = migtest_inject_field(mt, MIGTEST_F_DATA, write);
	if (ret)
		goto out;
	ret = -EINVAL;
	if (mt->live.mmap && migtest_bug(mt, MIGTEST_BUG_MMAP_REQUIRED))
		goto out;
	if (write && !mt->resume.active)
		goto out;
	if (!write && mt->save.active && (off || count < mt->save.seg_size) &&
	    migtest_bug(mt, MIGTEST_BUG_SINGLE_PIECE))
		goto out;
	if (!write && !mt->resume.active && !mt->save.active)
		goto out;
	ret = 0;
	if (write && copy_from_user(mt->window + off, ubuf, count))
		ret = -EFAULT;
	else if (!write && copy_to_user(ubuf, mt->window + off, count))
		ret = -EFAULT;
out:
	mutex_unlock(&mt->state_lock);
	return ret ? ret : count;
}

/**
 * migtest_mig_rw() - read(2)/write(2) on the migration region
 * @mt: device
 * @ubuf: user buffer
 * @count: bytes
 * @pos: offset in the region
 * @write: direction
 *
 * Return: bytes done or -errno from the field handler.
 */
ssize_t migtest_mig_rw(struct migtest_state *mt, char __user *ubuf,
		       size_t count, u64 pos, bool write)
{
	if (pos < MIGTEST_MIG_HDR_END)
		return migtest_header_rw(mt, ubuf, count, pos, write);
	if (pos >= MIGTEST_MIG_DATA_OFFSET)
		return migtest_data_rw(mt, ubuf, count, pos, write);
	return -EINVAL;
}

/**
 * migtest_mig_mmap() - map (part of) the data window
 * @mt: device
 * @vma: a shared mapping inside [data_offset, data_offset + window)
 *
 * Offered only with the mmap capability; never required (MMAP-02).  Takes
 * no lock: mmap_lock is held here, and state_lock is held around
 * copy_to/from_user elsewhere, so taking it would invert that order.  What
 * is read here (live caps, window) is fixed while the device is open.
 *
 * Return: 0 or -errno.
 */
int migtest_mig_mmap(struct migtest_state *mt, struct vm_area_struct *vma)
{
	u64 off = ((u64)vma->vm_pgoff << PAGE_SHIFT) &
		  ((1ULL << MIGTEST_REGION_SHIFT) - 1);
	u64 len = vma->vm_end - vma->vm_start;

	if (!mt->live.mmap || !(vma->vm_flags & VM_SHARED))
		return -EINVAL;
	if (off < MIGTEST_MIG_DATA_OFFSET ||
	    off - MIGTEST_MIG_DATA_OFFSET > mt->live.window_size ||
	    len > mt->live.window_size - (off - MIGTEST_MIG_DATA_OFFSET))
		return -EINVAL;
	return remap_vmalloc_range(vma, mt->window,
				   (off - MIGTEST_MIG_DATA_OFFSET) >> PAGE_SHIFT);
}

/* ---- open, close, reset ---- */

/**
 * migtest_mig_open() - first open of the device fd
 * @mt: device
 *
 * Freezes the capabilities, allocates the device and enters the default
 * state: exactly RUNNING.
 *
 * Return: 0 or -ENOMEM.
 */
int migtest_mig_open(struct migtest_state *mt)
{
	u32 initial = MIGTEST_DEVICE_STATE_RUNNING;
	int ret;

	mutex_lock(&mt->state_lock);
	mt->live = mt->caps;
	mt->window = vmalloc_user(mt->live.window_size);
	ret = -ENOMEM;
	if (!mt->window)
		goto out;
	ret = migtest_dev_open(mt);
	if (ret) {
		vfree(mt->window);
		mt->window = NULL;
		goto out;
	}
	mt->opened = true;
	if (migtest_bug(mt, MIGTEST_BUG_OPEN_NOT_RUNNING))
		initial = 0;
	ret = migtest_set_state(mt, initial, MIGTEST_BY_RESET);
out:
	mutex_unlock(&mt->state_lock);
	return ret;
}

/**
 * migtest_mig_close() - last close: abort sessions, stop, free
 * @mt: device
 */
void migtest_mig_close(struct migtest_state *mt)
{
	mutex_lock(&mt->state_lock);
	migtest_set_state(mt, 0, MIGTEST_BY_RESET);
	mt->opened = false;
	mt->deferred_pending = false;
	mutex_unlock(&mt->state_lock);

	cancel_delayed_work_sync(&mt->deferred_work);
	migtest_dev_close(mt);

	mutex_lock(&mt->state_lock);
	vfree(mt->window);
	mt->window = NULL;
	mutex_unlock(&mt->state_lock);
}

/**
 * migtest_reset() - VFIO_DEVICE_RESET
 * @mt: device
 *
 * From any state (ERROR, mid-save, mid-resume) back to the default state,
 * exactly RUNNING (RST rule); registers and memory to power-on values.
 *
 * Return: 0.
 */
int migtest_reset(struct migtest_state *mt)
{
	u32 target = MIGTEST_DEVICE_STATE_RUNNING;
	int ret;

	cancel_delayed_work_sync(&mt->deferred_work);
	mutex_lock(&mt->state_lock);
	mt->deferred_pending = false;
	if (migtest_bug(mt, MIGTEST_BUG_RESET_KEEPS_STATE))
		target = mt->device_state;
	migtest_dev_reset(mt);
	ret = migtest_set_state(mt, target, MIGTEST_BY_RESET);
	/* whatever bug switches did to the engine, the state decides again */
	migtest_dma_update(mt, mt->device_state, true);
	mutex_unlock(&mt->state_lock);
	return ret;
}
