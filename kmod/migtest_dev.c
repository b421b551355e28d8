// SPDX-License-Identifier: GPL-2.0
/*
 * The simulated PCI device behind each migtest mdev.
 *
 * Config space with one MSI capability; BAR0 holds the registers of
 * include/migtest_uapi.h (a counter that advances while RUNNING, control,
 * a DMA engine, a state checksum); BAR2 is device memory whose writes are
 * logged page by page for pre-copy.  The DMA engine runs from a delayed work
 * item, writes user memory through vfio_dma_rw() and raises one INTx or MSI
 * eventfd per transfer.  Everything here runs under dev_lock.
 */
#include <linux/bitmap.h>
#include <linux/crc32.h>
#include <linux/overflow.h>
#include <linux/pci_regs.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#include <asm/unaligned.h>

#include "migtest.h"

#define MIGTEST_BAR0_CFG	PCI_BASE_ADDRESS_0
#define MIGTEST_BAR2_CFG	PCI_BASE_ADDRESS_2

/* one BAR0 register: offset, width, writable */
struct migtest_reg_desc {
	u16 off;
	u8 size;
	bool rw;
};

static const struct migtest_reg_desc migtest_reg_descs[] = {
	{ MIGTEST_REG_ID,		4, false },
	{ MIGTEST_REG_VERSION,		4, false },
	{ MIGTEST_REG_COUNTER,		8, false },
	{ MIGTEST_REG_CONTROL,		4, true },
	{ MIGTEST_REG_STATUS,		4, false },
	{ MIGTEST_REG_DMA_IOVA,		8, true },
	{ MIGTEST_REG_DMA_LEN,		4, true },
	{ MIGTEST_REG_DMA_PATTERN,	4, true },
	{ MIGTEST_REG_DMA_PERIOD,	4, true },
	{ MIGTEST_REG_DMA_ERRORS,	4, false },
	{ MIGTEST_REG_DMA_COUNT,	8, false },
	{ MIGTEST_REG_CHECKSUM,		4, false },
	{ MIGTEST_REG_IRQ_COUNT,	8, false },
	{ MIGTEST_REG_SCRATCH,		8, true },
	{ MIGTEST_REG_MEM_SIZE,		8, false },
};

/* ---- config space ---- */

static void migtest_config_set(struct migtest_state *mt, unsigned int off,
			       u32 val, u32 wmask, unsigned int size)
{
	unsigned int i;

	for (i = 0; i < size; i++) {
		mt->vconfig[off + i] = val >> (8 * i);
		mt->wmask[off + i] = wmask >> (8 * i);
	}
}

/* build config space for the capabilities of this open */
static void migtest_config_init(struct migtest_state *mt)
{
	u32 msi = MIGTEST_PCI_MSI_CAP_OFFSET;

	memset(mt->vconfig, 0, sizeof(mt->vconfig));
	memset(mt->wmask, 0, sizeof(mt->wmask));
	migtest_config_set(mt, PCI_VENDOR_ID, MIGTEST_PCI_VENDOR_ID, 0, 2);
	migtest_config_set(mt, PCI_DEVICE_ID, MIGTEST_PCI_DEVICE_ID, 0, 2);
	migtest_config_set(mt, PCI_COMMAND, 0,
			   PCI_COMMAND_IO | PCI_COMMAND_MEMORY |
			   PCI_COMMAND_MASTER | PCI_COMMAND_PARITY |
			   PCI_COMMAND_SERR | PCI_COMMAND_INTX_DISABLE, 2);
	migtest_config_set(mt, PCI_STATUS, PCI_STATUS_CAP_LIST, 0, 2);
	migtest_config_set(mt, PCI_CLASS_REVISION,
			   MIGTEST_PCI_CLASS << 8 | MIGTEST_PCI_REVISION, 0, 4);
	migtest_config_set(mt, MIGTEST_BAR0_CFG, 0, 0xffffffff, 4);
	migtest_config_set(mt, MIGTEST_BAR2_CFG, 0, 0xffffffff, 4);
	migtest_config_set(mt, PCI_SUBSYSTEM_VENDOR_ID,
			   MIGTEST_PCI_VENDOR_ID, 0, 2);
	migtest_config_set(mt, PCI_SUBSYSTEM_ID, MIGTEST_PCI_DEVICE_ID, 0, 2);
	migtest_config_set(mt, PCI_CAPABILITY_LIST, msi, 0, 1);
	migtest_config_set(mt, PCI_INTERRUPT_LINE, 0, 0xff, 1);
	migtest_config_set(mt, PCI_INTERRUPT_PIN, 1, 0, 1);
	migtest_config_set(mt, msi + PCI_CAP_LIST_ID, PCI_CAP_ID_MSI, 0, 1);
	migtest_config_set(mt, msi + PCI_MSI_FLAGS, PCI_MSI_FLAGS_64BIT,
			   PCI_MSI_FLAGS_ENABLE | PCI_MSI_FLAGS_QSIZE, 2);
	migtest_config_set(mt, msi + PCI_MSI_ADDRESS_LO, 0, 0xfffffffc, 4);
	migtest_config_set(mt, msi + PCI_MSI_ADDRESS_HI, 0, 0xffffffff, 4);
	migtest_config_set(mt, msi + PCI_MSI_DATA_64, 0, 0xffff, 2);
}

/* a BAR register keeps its size bits clear, as BAR sizing expects */
static void migtest_config_fix_bar(struct migtest_state *mt,
				   unsigned int off, u64 size)
{
	u32 val = get_unaligned_le32(mt->vconfig + off);

	val &= ~(u32)(size - 1) & PCI_BASE_ADDRESS_MEM_MASK;
	put_unaligned_le32(val, mt->vconfig + off);
}

/**
 * migtest_config_rw() - access config space
 * @mt: device
 * @ubuf: user buffer
 * @count: bytes, any number within the 256 bytes
 * @pos: offset in config space
 * @write: direction
 *
 * Config space answers in every device_state (RUNNING rule: external
 * subsystems such as PCI config space keep working while !RUNNING).
 *
 * Return: @count or -errno.
 */
ssize_t migtest_config_rw(struct migtest_state *mt, char __user *ubuf,
			  size_t count, u64 pos, bool write)
{
	u8 buf[MIGTEST_PCI_CONFIG_SIZE];
	u64 end;
	size_t i;

	if (check_add_overflow(pos, (u64)count, &end) ||
	    end > MIGTEST_PCI_CONFIG_SIZE)
		return -EINVAL;
	if (migtest_bug(mt, MIGTEST_BUG_CONFIG_DEAD_STOPPED) &&
	    !(READ_ONCE(mt->device_state) & MIGTEST_DEVICE_STATE_RUNNING))
		return -EIO;
	if (write && copy_from_user(buf, ubuf, count))
		return -EFAULT;

	mutex_lock(&mt->dev_lock);
	if (write) {
		for (i = 0; i < count; i++) {
			u8 *c = &mt->vconfig[pos + i];
			u8 wm = mt->wmask[pos + i];

			*c = (*c & ~wm) | (buf[i] & wm);
		}
		migtest_config_fix_bar(mt, MIGTEST_BAR0_CFG, MIGTEST_BAR0_SIZE);
		migtest_config_fix_bar(mt, MIGTEST_BAR2_CFG, mt->live.mem_size);
	} else {
		memcpy(buf, mt->vconfig + pos, count);
	}
	mutex_unlock(&mt->dev_lock);

	if (!write && copy_to_user(ubuf, buf, count))
		return -EFAULT;
	return count;
}

/* ---- counter, checksum, register snapshots ---- */

static u64 migtest_counter_now(struct migtest_state *mt)
{
	lockdep_assert_held(&mt->dev_lock);
	if (!mt->counting)
		return mt->regs.counter;
	return mt->regs.counter + ktime_us_delta(ktime_get(), mt->run_since);
}

/**
 * migtest_counter_set_running() - start or freeze the counter
 * @mt: device
 * @run: advance from now on
 */
void migtest_counter_set_running(struct migtest_state *mt, bool run)
{
	mutex_lock(&mt->dev_lock);
	if (run && !mt->counting) {
		mt->run_since = ktime_get();
		mt->counting = true;
	} else if (!run && mt->counting) {
		mt->regs.counter = migtest_counter_now(mt);
		mt->counting = false;
		mt->regs_dirty = true;
	}
	mutex_unlock(&mt->dev_lock);
}

/**
 * migtest_regs_snapshot() - copy the register file, counter included
 * @mt: device
 * @r: destination
 */
void migtest_regs_snapshot(struct migtest_state *mt, struct migtest_regs *r)
{
	lockdep_assert_held(&mt->dev_lock);
	*r = mt->regs;
	r->counter = migtest_counter_now(mt);
}

/**
 * migtest_regs_restore() - load the register file, counter included
 * @mt: device
 * @r: source
 */
void migtest_regs_restore(struct migtest_state *mt,
			  const struct migtest_regs *r)
{
	lockdep_assert_held(&mt->dev_lock);
	mt->regs = *r;
	mt->run_since = ktime_get();
	mt->status = 0;
	mt->regs_dirty = true;
}

/**
 * migtest_regs_encode() - REGS payload of a register file
 * @r: registers
 * @buf: MIGTEST_REGS_SIZE bytes
 */
void migtest_regs_encode(const struct migtest_regs *r, u8 *buf)
{
	const u64 v[MIGTEST_REGS_COUNT] = {
		r->counter, r->control, r->dma_iova, r->dma_len,
		r->dma_pattern, r->dma_period, r->dma_errors, r->dma_count,
		r->irq_count, r->scratch,
	};
	int i;

	for (i = 0; i < MIGTEST_REGS_COUNT; i++)
		put_unaligned_le64(v[i], buf + 8 * i);
}

/**
 * migtest_regs_decode() - register file of a REGS payload
 * @r: registers
 * @buf: MIGTEST_REGS_SIZE bytes
 */
void migtest_regs_decode(struct migtest_regs *r, const u8 *buf)
{
	r->counter = get_unaligned_le64(buf);
	r->control = get_unaligned_le64(buf + 8);
	r->dma_iova = get_unaligned_le64(buf + 16);
	r->dma_len = get_unaligned_le64(buf + 24);
	r->dma_pattern = get_unaligned_le64(buf + 32);
	r->dma_period = get_unaligned_le64(buf + 40);
	r->dma_errors = get_unaligned_le64(buf + 48);
	r->dma_count = get_unaligned_le64(buf + 56);
	r->irq_count = get_unaligned_le64(buf + 64);
	r->scratch = get_unaligned_le64(buf + 72);
}

/**
 * migtest_state_csum() - the CHECKSUM of registers and device memory
 * @r: registers
 * @mem: device memory
 * @mem_size: its size
 *
 * Return: crc32 as zlib computes it: REGS payload, then memory.
 */
u32 migtest_state_csum(const struct migtest_regs *r, const u8 *mem,
		       u64 mem_size)
{
	u8 buf[MIGTEST_REGS_SIZE];
	u32 crc;

	migtest_regs_encode(r, buf);
	crc = crc32_le(~0U, buf, sizeof(buf));
	return crc32_le(crc, mem, mem_size) ^ ~0U;
}

/* ---- interrupts ---- */

/* one interrupt from the device (DMA completion) */
static void migtest_irq_raise(struct migtest_state *mt)
{
	struct eventfd_ctx *ctx = NULL;

	lockdep_assert_held(&mt->dev_lock);
	if (mt->irq_type == VFIO_PCI_MSI_IRQ_INDEX)
		ctx = mt->msi_trigger;
	else if (mt->irq_type == VFIO_PCI_INTX_IRQ_INDEX && !mt->intx_masked)
		ctx = mt->intx_trigger;
	if (!ctx)
		return;
	eventfd_signal(ctx, 1);
	mt->regs.irq_count++;
}

static void migtest_irq_put(struct eventfd_ctx **ctx)
{
	if (*ctx)
		eventfd_ctx_put(*ctx);
	*ctx = NULL;
}

/**
 * migtest_irqs_release() - drop every eventfd
 * @mt: device
 */
void migtest_irqs_release(struct migtest_state *mt)
{
	mutex_lock(&mt->dev_lock);
	migtest_irq_put(&mt->intx_trigger);
	migtest_irq_put(&mt->msi_trigger);
	mt->irq_type = -1;
	mt->intx_masked = false;
	mutex_unlock(&mt->dev_lock);
}

/**
 * migtest_irq_info() - VFIO_DEVICE_GET_IRQ_INFO
 * @info: index in, flags and count out
 *
 * Return: 0 or -EINVAL for an index beyond VFIO_PCI_NUM_IRQS.
 */
int migtest_irq_info(struct vfio_irq_info *info)
{
	switch (info->index) {
	case VFIO_PCI_INTX_IRQ_INDEX:
		info->flags = VFIO_IRQ_INFO_EVENTFD | VFIO_IRQ_INFO_MASKABLE;
		info->count = 1;
		return 0;
	case VFIO_PCI_MSI_IRQ_INDEX:
		info->flags = VFIO_IRQ_INFO_EVENTFD | VFIO_IRQ_INFO_NORESIZE;
		info->count = 1;
		return 0;
	case VFIO_PCI_MSIX_IRQ_INDEX:
	case VFIO_PCI_ERR_IRQ_INDEX:
	case VFIO_PCI_REQ_IRQ_INDEX:
		info->flags = 0;
		info->count = 0;
		return 0;
	default:
		return -EINVAL;
	}
}

/* ACTION_TRIGGER on INTx or MSI: set, clear or fire the eventfd */
static int migtest_irq_trigger(struct migtest_state *mt, int index,
			       struct eventfd_ctx **slot,
			       struct vfio_irq_set *hdr, void *data)
{
	u32 dtype = hdr->flags & VFIO_IRQ_SET_DATA_TYPE_MASK;
	struct eventfd_ctx *ctx;
	s32 fd;

	lockdep_assert_held(&mt->dev_lock);
	if (dtype == VFIO_IRQ_SET_DATA_NONE && !hdr->count) {
		migtest_irq_put(slot);
		if (mt->irq_type == index)
			mt->irq_type = -1;
		return 0;
	}
	if (!hdr->count)
		return -EINVAL;
	if (dtype == VFIO_IRQ_SET_DATA_EVENTFD) {
		fd = *(s32 *)data;
		if (fd < 0) {
			migtest_irq_put(slot);
			if (mt->irq_type == index)
				mt->irq_type = -1;
			return 0;
		}
		if (mt->irq_type != -1 && mt->irq_type != index)
			return -EINVAL;
		ctx = eventfd_ctx_fdget(fd);
		if (IS_ERR(ctx))
			return PTR_ERR(ctx);
		migtest_irq_put(slot);
		*slot = ctx;
		mt->irq_type = index;
		return 0;
	}
	/* DATA_NONE with count 1, or DATA_BOOL: loopback test */
	if (*slot && (dtype == VFIO_IRQ_SET_DATA_NONE || *(u8 *)data))
		eventfd_signal(*slot, 1);
	return 0;
}

/* ACTION_MASK / ACTION_UNMASK of INTx (no resample eventfd) */
static int migtest_intx_mask(struct migtest_state *mt,
			     struct vfio_irq_set *hdr, void *data)
{
	u32 dtype = hdr->flags & VFIO_IRQ_SET_DATA_TYPE_MASK;
	bool mask = (hdr->flags & VFIO_IRQ_SET_ACTION_MASK) != 0;

	lockdep_assert_held(&mt->dev_lock);
	if (dtype == VFIO_IRQ_SET_DATA_EVENTFD)
		return -EINVAL;
	if (!hdr->count)
		return 0;
	if (dtype == VFIO_IRQ_SET_DATA_NONE || *(u8 *)data)
		mt->intx_masked = mask;
	return 0;
}

/**
 * migtest_set_irqs() - VFIO_DEVICE_SET_IRQS after generic validation
 * @mt: device
 * @hdr: validated header (index INTx or MSI, count 0 or 1)
 * @data: hdr->count items of the data type, or NULL
 *
 * Return: 0 or -errno.
 */
int migtest_set_irqs(struct migtest_state *mt, struct vfio_irq_set *hdr,
		     void *data)
{
	u32 action = hdr->flags & VFIO_IRQ_SET_ACTION_TYPE_MASK;
	int ret = -EINVAL;

	mutex_lock(&mt->dev_lock);
	switch (hdr->index) {
	case VFIO_PCI_INTX_IRQ_INDEX:
		if (action == VFIO_IRQ_SET_ACTION_TRIGGER)
			ret = migtest_irq_trigger(mt, hdr->index,
						  &mt->intx_trigger, hdr, data);
		else
			ret = migtest_intx_mask(mt, hdr, data);
		break;
	case VFIO_PCI_MSI_IRQ_INDEX:
		if (action == VFIO_IRQ_SET_ACTION_TRIGGER)
			ret = migtest_irq_trigger(mt, hdr->index,
						  &mt->msi_trigger, hdr, data);
		break;
	default:
		break;
	}
	mutex_unlock(&mt->dev_lock);
	return ret;
}

/* ---- DMA engine ---- */

/* the registers ask for transfers (state aside) */
static bool migtest_dma_configured(struct migtest_state *mt)
{
	lockdep_assert_held(&mt->dev_lock);
	return (mt->regs.control & MIGTEST_CTRL_DMA_ENABLE) &&
	       mt->regs.dma_len && mt->regs.dma_period && mt->dma_buf;
}

static void migtest_dma_kick(struct migtest_state *mt)
{
	lockdep_assert_held(&mt->dev_lock);
	if ((mt->dma_allowed || mt->dma_one_more) &&
	    migtest_dma_configured(mt))
		queue_delayed_work(system_wq, &mt->dma_work,
				   usecs_to_jiffies(mt->regs.dma_period));
}

/* one transfer: fill, write to user memory, count, interrupt */
static void migtest_dma_transfer(struct migtest_state *mt)
{
	u32 len = mt->regs.dma_len;
	u32 word = mt->regs.dma_pattern + (u32)mt->regs.dma_count;
	u32 i;
	int ret;

	lockdep_assert_held(&mt->dev_lock);
	for (i = 0; i < len; i += 4)
		put_unaligned_le32(word, mt->dma_buf + i);
	ret = vfio_dma_rw(&mt->vdev, mt->regs.dma_iova, mt->dma_buf, len,
			  true);
	mt->regs_dirty = true;
	if (ret) {
		mt->regs.dma_errors++;
		mt->status |= MIGTEST_STATUS_DMA_FAULT;
		dev_dbg(mdev_dev(mt->mdev), "DMA to iova 0x%llx len %u: %d\n",
			mt->regs.dma_iova, len, ret);
		return;
	}
	mt->status &= ~MIGTEST_STATUS_DMA_FAULT;
	mt->regs.dma_count++;
	if (mt->regs.control & MIGTEST_CTRL_IRQ_ENABLE)
		migtest_irq_raise(mt);
}

static void migtest_dma_fn(struct work_struct *work)
{
	struct migtest_state *mt = container_of(to_delayed_work(work),
						struct migtest_state,
						dma_work);
	bool late;

	mutex_lock(&mt->dev_lock);
	late = mt->dma_one_more;
	mt->dma_one_more = false;
	if ((mt->dma_allowed || late) && migtest_dma_configured(mt)) {
		migtest_dma_transfer(mt);
		if (mt->dma_allowed)
			migtest_dma_kick(mt);
	}
	mutex_unlock(&mt->dev_lock);
}

/**
 * migtest_dma_update() - let the DMA engine run or stop it for a state
 * @mt: device
 * @state: the device_state being entered
 * @sync: wait for a transfer in flight (NDMA rule: outstanding DMA and
 *        interrupts complete before the transition does)
 */
void migtest_dma_update(struct migtest_state *mt, u32 state, bool sync)
{
	bool allowed = migtest_dma_allowed_in(state);
	bool late = false;

	if (migtest_bug(mt, MIGTEST_BUG_DMA_UNDER_NDMA) &&
	    (state & MIGTEST_DEVICE_STATE_RUNNING))
		allowed = true;
	if (migtest_bug(mt, MIGTEST_BUG_DMA_WHEN_STOPPED) &&
	    !MIGTEST_DEVICE_STATE_IS_ERROR(state))
		allowed = true;

	mutex_lock(&mt->dev_lock);
	if (!allowed && mt->dma_allowed &&
	    migtest_bug(mt, MIGTEST_BUG_NDMA_LATE_COMPLETION)) {
		mt->dma_one_more = true;
		late = true;
	}
	mt->dma_allowed = allowed;
	migtest_dma_kick(mt);
	mutex_unlock(&mt->dev_lock);

	if (!allowed && sync && !late)
		cancel_delayed_work_sync(&mt->dma_work);
}

/* ---- BAR0 registers ---- */

static const struct migtest_reg_desc *migtest_reg_find(u64 pos)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(migtest_reg_descs); i++)
		if (migtest_reg_descs[i].off == pos)
			return &migtest_reg_descs[i];
	return NULL;
}

static u64 migtest_reg_read(struct migtest_state *mt, u64 pos)
{
	struct migtest_regs r;

	lockdep_assert_held(&mt->dev_lock);
	switch (pos) {
	case MIGTEST_REG_ID:
		return MIGTEST_DEVICE_MAGIC;
	case MIGTEST_REG_VERSION:
		return MIGTEST_DEVICE_VERSION;
	case MIGTEST_REG_COUNTER:
		return migtest_counter_now(mt);
	case MIGTEST_REG_CONTROL:
		return mt->regs.control;
	case MIGTEST_REG_STATUS:
		return mt->status | (mt->dma_allowed &&
				     migtest_dma_configured(mt) ?
				     MIGTEST_STATUS_DMA_ACTIVE : 0);
	case MIGTEST_REG_DMA_IOVA:
		return mt->regs.dma_iova;
	case MIGTEST_REG_DMA_LEN:
		return mt->regs.dma_len;
	case MIGTEST_REG_DMA_PATTERN:
		return mt->regs.dma_pattern;
	case MIGTEST_REG_DMA_PERIOD:
		return mt->regs.dma_period;
	case MIGTEST_REG_DMA_ERRORS:
		return mt->regs.dma_errors;
	case MIGTEST_REG_DMA_COUNT:
		return mt->regs.dma_count;
	case MIGTEST_REG_CHECKSUM:
		migtest_regs_snapshot(mt, &r);
		return migtest_state_csum(&r, mt->mem, mt->live.mem_size);
	case MIGTEST_REG_IRQ_COUNT:
		return mt->regs.irq_count;
	case MIGTEST_REG_SCRATCH:
		return mt->regs.scratch;
	case MIGTEST_REG_MEM_SIZE:
		return mt->live.mem_size;
	default:
		return 0;
	}
}

static int migtest_reg_write(struct migtest_state *mt, u64 pos, u64 val)
{
	lockdep_assert_held(&mt->dev_lock);
	switch (pos) {
	case MIGTEST_REG_CONTROL:
		if (val & ~(u64)MIGTEST_CTRL_MASK)
			return -EINVAL;
		mt->regs.control = val;
		break;
	case MIGTEST_REG_DMA_IOVA:
		mt->regs.dma_iova = val;
		break;
	case MIGTEST_REG_DMA_LEN:
		if (val % 4 || val > MIGTEST_DMA_LEN_MAX)
			return -EINVAL;
		mt->regs.dma_len = val;
		break;
	case MIGTEST_REG_DMA_PATTERN:
		mt->regs.dma_pattern = val;
		break;
	case MIGTEST_REG_DMA_PERIOD:
		if (val && (val < MIGTEST_DMA_PERIOD_MIN ||
			    val > MIGTEST_DMA_PERIOD_MAX))
			return -EINVAL;
		mt->regs.dma_period = val;
		break;
	case MIGTEST_REG_SCRATCH:
		mt->regs.scratch = val;
		break;
	default:
		return -EACCES;
	}
	mt->regs_dirty = true;
	migtest_dma_kick(mt);
	return 0;
}

/**
 * migtest_bar0_rw() - access one BAR0 register
 * @mt: device
 * @ubuf: user buffer
 * @count: the register's width
 * @pos: the register's offset
 * @write: direction
 *
 * Return: @count; -EINVAL for no register at @pos or a width other than
 * its own; -EACCES writing a read-only register; -EFAULT.
 */
ssize_t migtest_bar0_rw(struct migtest_state *mt, char __user *ubuf,
			size_t count, u64 pos, bool write)
{
	const struct migtest_reg_desc *d = migtest_reg_find(pos);
	u64 val = 0;
	int ret = 0;

	if (!d || count != d->size)
		return -EINVAL;
	if (write && copy_from_user(&val, ubuf, count))
		return -EFAULT;

	mutex_lock(&mt->dev_lock);
	if (write)
		ret = d->rw ? migtest_reg_write(mt, pos, val) : -EACCES;
	else
		val = migtest_reg_read(mt, pos);
	mutex_unlock(&mt->dev_lock);
	if (ret)
		return ret;

	if (!write && copy_to_user(ubuf, &val, count))
		return -EFAULT;
	return count;
}

/* ---- BAR2 device memory ---- */

/**
 * migtest_mem_rw() - access device memory; writes are dirty-logged
 * @mt: device
 * @ubuf: user buffer
 * @count: bytes
 * @pos: offset in BAR2
 * @write: direction
 *
 * Return: @count or -EINVAL (out of range) or -EFAULT.
 */
ssize_t migtest_mem_rw(struct migtest_state *mt, char __user *ubuf,
		       size_t count, u64 pos, bool write)
{
	unsigned long first, last;
	u64 end;
	int ret = 0;

	if (!count || check_add_overflow(pos, (u64)count, &end) ||
	    end > mt->live.mem_size)
		return -EINVAL;

	mutex_lock(&mt->dev_lock);
	if (write) {
		first = pos >> PAGE_SHIFT;
		last = (end - 1) >> PAGE_SHIFT;
		bitmap_set(mt->dirty, first, last - first + 1);
		if (copy_from_user(mt->mem + pos, ubuf, count))
			ret = -EFAULT;
	} else if (copy_to_user(ubuf, mt->mem + pos, count)) {
		ret = -EFAULT;
	}
	mutex_unlock(&mt->dev_lock);
	return ret ? ret : count;
}

/* ---- life cycle ---- */

/**
 * migtest_dev_init() - one-time setup at probe
 * @mt: device
 */
void migtest_dev_init(struct migtest_state *mt)
{
	mutex_init(&mt->dev_lock);
	INIT_DELAYED_WORK(&mt->dma_work, migtest_dma_fn);
	mt->irq_type = -1;
}

/**
 * migtest_dev_open() - allocate the device for the capabilities in mt->live
 * @mt: device
 *
 * Return: 0 or -ENOMEM.
 */
int migtest_dev_open(struct migtest_state *mt)
{
	unsigned long pages = mt->live.mem_size >> PAGE_SHIFT;

	mt->mem = vzalloc(mt->live.mem_size);
	if (!mt->mem)
		return -ENOMEM;
	mt->dirty = bitmap_zalloc(pages, GFP_KERNEL);
	if (!mt->dirty)
		goto err_mem;
	mt->dma_buf = kvzalloc(MIGTEST_DMA_LEN_MAX, GFP_KERNEL);
	if (!mt->dma_buf)
		goto err_dirty;
	mutex_lock(&mt->dev_lock);
	migtest_config_init(mt);
	mutex_unlock(&mt->dev_lock);
	migtest_dev_reset(mt);
	return 0;

err_dirty:
	bitmap_free(mt->dirty);
	mt->dirty = NULL;
err_mem:
	vfree(mt->mem);
	mt->mem = NULL;
	return -ENOMEM;
}

/**
 * migtest_dev_close() - stop DMA, drop eventfds, free memory
 * @mt: device
 */
void migtest_dev_close(struct migtest_state *mt)
{
	mutex_lock(&mt->dev_lock);
	mt->dma_allowed = false;
	mt->dma_one_more = false;
	mutex_unlock(&mt->dev_lock);
	cancel_delayed_work_sync(&mt->dma_work);
	migtest_irqs_release(mt);

	mutex_lock(&mt->dev_lock);
	kvfree(mt->dma_buf);
	mt->dma_buf = NULL;
	bitmap_free(mt->dirty);
	mt->dirty = NULL;
	vfree(mt->mem);
	mt->mem = NULL;
	mutex_unlock(&mt->dev_lock);
}

/**
 * migtest_dev_reset() - registers and memory to power-on values
 * @mt: device
 *
 * The eventfds stay configured, as with vfio-pci.  The counter restarts at
 * zero and keeps advancing only if it was (the state decides that).
 */
void migtest_dev_reset(struct migtest_state *mt)
{
	mutex_lock(&mt->dev_lock);
	memset(&mt->regs, 0, sizeof(mt->regs));
	mt->status = 0;
	mt->run_since = ktime_get();
	mt->regs_dirty = true;
	mt->intx_masked = false;
	memset(mt->mem, 0, mt->live.mem_size);
	bitmap_zero(mt->dirty, mt->live.mem_size >> PAGE_SHIFT);
	mutex_unlock(&mt->dev_lock);
}
