// SPDX-License-Identifier: GPL-2.0
/*
 * Test controls in debugfs, per instance:
 * /sys/kernel/debug/migtest_mdev/<uuid>/ holds the capabilities (settable
 * while the device is closed), error injections, and bugs/<name>, one
 * switch per deliberate spec violation.  kmod/README.md documents them.
 * Every violation site tests migtest_bug(mt, MIGTEST_BUG_X).
 */
#include <linux/ctype.h>
#include <linux/debugfs.h>
#include <linux/kernel.h>
#include <linux/log2.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "migtest.h"

#define MIGTEST_CTL_LINE	128	/* longest control line accepted */

/* the bug switches: debugfs name, the rule each breaks, what it does */
const struct migtest_bug_info migtest_bugs[MIGTEST_BUG_COUNT] = {
	[MIGTEST_BUG_RESET_KEEPS_STATE] = { "reset_keeps_state", "RST-04,RST-02",
		"VFIO_DEVICE_RESET leaves device_state as it was" },
	[MIGTEST_BUG_OPEN_NOT_RUNNING] = { "open_not_running", "DS-01",
		"device_state is 0 (stopped) after open, not RUNNING" },
	[MIGTEST_BUG_ASYNC_STATE] = { "async_state", "DS-11",
		"RUNNING clears by itself 20 ms after a write that set it" },
	[MIGTEST_BUG_LATE_TRANSITION] = { "late_transition", "DS-09",
		"write(2) returns at once, the transition happens 20 ms later" },
	[MIGTEST_BUG_ACCEPT_SAVING_RESUMING] = { "accept_saving_resuming",
		"DS-03", "SAVING|RESUMING (without RUNNING) is accepted" },
	[MIGTEST_BUG_ACCEPT_RESUMING_RUNNING] = { "accept_resuming_running",
		"DS-04", "RESUMING|RUNNING (without SAVING) is accepted" },
	[MIGTEST_BUG_ACCEPT_RESERVED_BITS] = { "accept_reserved_bits",
		"DS-05", "writes setting bits 31:4 are accepted and read back" },
	[MIGTEST_BUG_FAIL_LANDS_ELSEWHERE] = { "fail_lands_elsewhere",
		"ERR-02", "a failed transition lands in STOP (RUNNING from STOP), neither prior state nor ERROR" },
	[MIGTEST_BUG_PENDING_NEVER_ZERO] = { "pending_never_zero", "PS-02,PS-01",
		"pending_bytes stays non-zero after the stream ended while !RUNNING" },
	[MIGTEST_BUG_REQUIRE_ZERO_PENDING] = { "require_zero_pending",
		"PB-05", "clearing RUNNING while SAVING fails with EBUSY until pending_bytes is 0" },
	[MIGTEST_BUG_DMA_UNDER_NDMA] = { "dma_under_ndma", "NDMA-02,NDMA-03",
		"DMA and interrupts go on in RUNNING|NDMA" },
	[MIGTEST_BUG_NDMA_LATE_COMPLETION] = { "ndma_late_completion",
		"NDMA-04", "one more DMA transfer and interrupt after the write setting NDMA (or clearing RUNNING) returned" },
	[MIGTEST_BUG_DMA_WHEN_STOPPED] = { "dma_when_stopped", "RUN-03,RUN-04",
		"DMA and interrupts go on while !RUNNING" },
	[MIGTEST_BUG_COUNTER_WHEN_STOPPED] = { "counter_when_stopped",
		"RUN-05", "COUNTER keeps advancing while !RUNNING" },
	[MIGTEST_BUG_RESERVED_NONZERO] = { "reserved_nonzero", "RSV-02",
		"the reserved field reads 0x5a5a5a5a" },
	[MIGTEST_BUG_UNALIGNED_ACCEPTED] = { "unaligned_accepted", "ACC-02",
		"header field accesses of other width or alignment succeed" },
	[MIGTEST_BUG_ACCEPT_CORRUPT] = { "accept_corrupt", "RES-06,RES-05",
		"resume ignores segment and state checksums" },
	[MIGTEST_BUG_DATA_SIZE_OVERFLOW] = { "data_size_overflow", "DSZ-01",
		"data_size while SAVING exceeds the data window by its size" },
	[MIGTEST_BUG_MMAP_REQUIRED] = { "mmap_required", "MMAP-02",
		"with the mmap capability, read/write(2) of the data window fails with EINVAL" },
	[MIGTEST_BUG_CONFIG_DEAD_STOPPED] = { "config_dead_stopped",
		"RUN-07", "config space access fails with EIO while !RUNNING" },
	[MIGTEST_BUG_PENDING_READ_CONSUMES] = { "pending_read_consumes",
		"PS-03", "a pending_bytes read with no segment in the window silently drops the next segment" },
	[MIGTEST_BUG_PENDING_NO_ACK] = { "pending_no_ack", "PS-09",
		"re-reading pending_bytes does not acknowledge: data_offset hands out the same segment again" },
	[MIGTEST_BUG_SINGLE_PIECE] = { "single_piece", "PS-08",
		"while SAVING, a data read must cover the whole segment from its start, else EINVAL" },
	[MIGTEST_BUG_RESERVED_WRITE_STORED] = { "reserved_write_stored",
		"RSV-03", "writes to reserved are stored and read back" },
	[MIGTEST_BUG_SILENT_FAILURE] = { "silent_failure", "ERR-01",
		"a failed transition (e.g. injected) returns success from write(2)" },
	[MIGTEST_BUG_NDMA_WITHOUT_CAP] = { "ndma_without_cap", "NDMA-01",
		"the NDMA bit is accepted without the NDMA capability" },
	[MIGTEST_BUG_NDMA_STICKY] = { "ndma_sticky", "NDMA-06",
		"clearing NDMA does not restart DMA and interrupts" },
	[MIGTEST_BUG_ERROR_KEEPS_RUNNING] = { "error_keeps_running",
		"ERR-04", "entering ERROR from a running state leaves DMA, interrupts and COUNTER going" },
	[MIGTEST_BUG_SINGLE_BIT_ONLY] = { "single_bit_only", "DS-06,DS-10",
		"a device_state write changing more than one bit fails with EINVAL" },
	[MIGTEST_BUG_READONLY_WRITABLE] = { "readonly_writable",
		"PB-01,DO-01", "writes to pending_bytes and data_offset succeed (and are ignored)" },
	[MIGTEST_BUG_DATA_OFFSET_OUTSIDE] = { "data_offset_outside", "DO-02",
		"data_offset points at the end of the region, outside the data window" },
	[MIGTEST_BUG_RESET_UNSUPPORTED] = { "reset_unsupported", "RST-03",
		"VFIO_DEVICE_RESET fails with ENOTTY" },
	[MIGTEST_BUG_NATIVE_WIDTH_REFUSED] = { "native_width_refused", "ACC-01",
		"8-byte accesses of the u64 fields fail with EINVAL" },
};

static const char * const migtest_field_names[MIGTEST_F_COUNT] = {
	[MIGTEST_F_DEVICE_STATE] = "device_state",
	[MIGTEST_F_RESERVED] = "reserved",
	[MIGTEST_F_PENDING_BYTES] = "pending_bytes",
	[MIGTEST_F_DATA_OFFSET] = "data_offset",
	[MIGTEST_F_DATA_SIZE] = "data_size",
	[MIGTEST_F_DATA] = "data",
};

static struct dentry *migtest_dbg_root;

/* one text control file: show under state_lock, store a parsed line */
struct migtest_ctl_desc {
	const char *name;
	umode_t mode;
	void (*show)(struct seq_file *s, struct migtest_state *mt);
	int (*store)(struct migtest_state *mt, char *line);
};

/* ---- injection hooks, called under state_lock ---- */

static bool migtest_state_match(u32 pattern, u32 state)
{
	return pattern == MIGTEST_ANY_STATE || pattern == state;
}

/**
 * migtest_inject_field() - injected failure of a field access
 * @mt: device
 * @f: field
 * @write: direction
 *
 * Return: 0 or the injected -errno.
 */
int migtest_inject_field(struct migtest_state *mt, enum migtest_field f,
			 bool write)
{
	struct migtest_inj_field *i = &mt->inj_field;

	lockdep_assert_held(&mt->state_lock);
	if (!i->on || i->field != f || i->write != write)
		return 0;
	if (i->count && !--i->count)
		i->on = false;
	return -i->err;
}

/**
 * migtest_inject_transition() - injected failure of a transition
 * @mt: device
 * @from: current device_state
 * @to: requested device_state
 * @to_error: set when the failure must land in ERROR
 *
 * Return: 0 or the injected -errno.
 */
int migtest_inject_transition(struct migtest_state *mt, u32 from, u32 to,
			      bool *to_error)
{
	struct migtest_inj_transition *i = &mt->inj_transition;

	lockdep_assert_held(&mt->state_lock);
	if (!i->on || !migtest_state_match(i->from, from) ||
	    !migtest_state_match(i->to, to))
		return 0;
	if (i->count && !--i->count)
		i->on = false;
	*to_error = i->to_error;
	return -i->err;
}

/**
 * migtest_inject_delay() - injected delay of a transition
 * @mt: device
 * @from: current device_state
 * @to: requested device_state
 *
 * Return: milliseconds to sleep, 0 for none.
 */
unsigned int migtest_inject_delay(struct migtest_state *mt, u32 from, u32 to)
{
	struct migtest_inj_delay *i = &mt->inj_delay;

	lockdep_assert_held(&mt->state_lock);
	if (!i->on || !migtest_state_match(i->from, from) ||
	    !migtest_state_match(i->to, to))
		return 0;
	return i->msecs;
}

/* ---- parsing helpers ---- */

static int migtest_parse_state(const char *tok, u32 *state)
{
	if (!strcmp(tok, "any")) {
		*state = MIGTEST_ANY_STATE;
		return 0;
	}
	return kstrtou32(tok, 0, state);
}

static int migtest_parse_errno(const char *tok, int *err)
{
	int ret = kstrtoint(tok, 0, err);

	if (ret)
		return ret;
	if (*err < 0)
		*err = -*err;
	return (*err >= 1 && *err < MAX_ERRNO) ? 0 : -EINVAL;
}

static int migtest_parse_land(const char *tok, bool *to_error)
{
	if (!strcmp(tok, "prior"))
		*to_error = false;
	else if (!strcmp(tok, "error"))
		*to_error = true;
	else
		return -EINVAL;
	return 0;
}

static void migtest_show_state(struct seq_file *s, u32 state)
{
	if (state == MIGTEST_ANY_STATE)
		seq_puts(s, "any");
	else
		seq_printf(s, "0x%x", state);
}

/* ---- capabilities: refused with EBUSY while the device is open ---- */

static void migtest_ndma_cap_show(struct seq_file *s, struct migtest_state *mt)
{
	seq_printf(s, "%d\n", mt->caps.ndma);
}

static int migtest_ndma_cap_store(struct migtest_state *mt, char *line)
{
	return kstrtobool(line, &mt->caps.ndma);
}

static void migtest_mmap_data_show(struct seq_file *s,
				   struct migtest_state *mt)
{
	seq_printf(s, "%d\n", mt->caps.mmap);
}

static int migtest_mmap_data_store(struct migtest_state *mt, char *line)
{
	return kstrtobool(line, &mt->caps.mmap);
}

static void migtest_window_size_show(struct seq_file *s,
				     struct migtest_state *mt)
{
	seq_printf(s, "%u\n", mt->caps.window_size);
}

static int migtest_window_size_store(struct migtest_state *mt, char *line)
{
	u32 v;
	int ret = kstrtou32(line, 0, &v);

	if (ret)
		return ret;
	if (v < MIGTEST_MIG_WINDOW_MIN || v > MIGTEST_MIG_WINDOW_MAX ||
	    !PAGE_ALIGNED(v))
		return -EINVAL;
	mt->caps.window_size = v;
	return 0;
}

static void migtest_mem_size_show(struct seq_file *s,
				  struct migtest_state *mt)
{
	seq_printf(s, "%llu\n", mt->caps.mem_size);
}

static int migtest_mem_size_store(struct migtest_state *mt, char *line)
{
	u64 v;
	int ret = kstrtou64(line, 0, &v);

	if (ret)
		return ret;
	if (v < MIGTEST_MEM_SIZE_MIN || v > MIGTEST_MEM_SIZE_MAX ||
	    !is_power_of_2(v) || !PAGE_ALIGNED(v))
		return -EINVAL;
	mt->caps.mem_size = v;
	return 0;
}

/* ---- behaviour and injections ---- */

static void migtest_resume_fail_prior_show(struct seq_file *s,
					   struct migtest_state *mt)
{
	seq_printf(s, "%d\n", mt->resume_fail_prior);
}

static int migtest_resume_fail_prior_store(struct migtest_state *mt,
					   char *line)
{
	return kstrtobool(line, &mt->resume_fail_prior);
}

static void migtest_inject_transition_show(struct seq_file *s,
					   struct migtest_state *mt)
{
	struct migtest_inj_transition *i = &mt->inj_transition;

	if (!i->on) {
		seq_puts(s, "off\n");
		return;
	}
	migtest_show_state(s, i->from);
	seq_putc(s, ' ');
	migtest_show_state(s, i->to);
	seq_printf(s, " %d %s %u\n", i->err, i->to_error ? "error" : "prior",
		   i->count);
}

/* "FROM TO ERRNO prior|error [COUNT]" or "off" */
static int migtest_inject_transition_store(struct migtest_state *mt,
					   char *line)
{
	struct migtest_inj_transition i = { .on = true };
	char from[16], to[16], err[16], land[16];
	int n, ret;

	if (!strcmp(line, "off")) {
		mt->inj_transition.on = false;
		return 0;
	}
	n = sscanf(line, "%15s %15s %15s %15s %u", from, to, err, land,
		   &i.count);
	if (n < 4)
		return -EINVAL;
	ret = migtest_parse_state(from, &i.from);
	if (!ret)
		ret = migtest_parse_state(to, &i.to);
	if (!ret)
		ret = migtest_parse_errno(err, &i.err);
	if (!ret)
		ret = migtest_parse_land(land, &i.to_error);
	if (!ret)
		mt->inj_transition = i;
	return ret;
}

static void migtest_inject_field_show(struct seq_file *s,
				      struct migtest_state *mt)
{
	struct migtest_inj_field *i = &mt->inj_field;

	if (!i->on) {
		seq_puts(s, "off\n");
		return;
	}
	seq_printf(s, "%s %s %d %u\n", migtest_field_names[i->field],
		   i->write ? "write" : "read", i->err, i->count);
}

/* "FIELD read|write ERRNO [COUNT]" or "off" */
static int migtest_inject_field_store(struct migtest_state *mt, char *line)
{
	struct migtest_inj_field i = { .on = true };
	char field[16], dir[16], err[16];
	int n, ret;

	if (!strcmp(line, "off")) {
		mt->inj_field.on = false;
		return 0;
	}
	n = sscanf(line, "%15s %15s %15s %u", field, dir, err, &i.count);
	if (n < 3)
		return -EINVAL;
	ret = match_string(migtest_field_names, MIGTEST_F_COUNT, field);
	if (ret < 0)
		return -EINVAL;
	i.field = ret;
	if (!strcmp(dir, "write"))
		i.write = true;
	else if (strcmp(dir, "read"))
		return -EINVAL;
	ret = migtest_parse_errno(err, &i.err);
	if (!ret)
		mt->inj_field = i;
	return ret;
}

static void migtest_inject_resume_show(struct seq_file *s,
				       struct migtest_state *mt)
{
	struct migtest_inj_resume *i = &mt->inj_resume;

	if (!i->on)
		seq_puts(s, "off\n");
	else
		seq_printf(s, "%d %s\n", i->err,
			   i->to_error ? "error" : "prior");
}

/* "ERRNO prior|error" or "off" */
static int migtest_inject_resume_store(struct migtest_state *mt, char *line)
{
	struct migtest_inj_resume i = { .on = true };
	char err[16], land[16];
	int ret;

	if (!strcmp(line, "off")) {
		mt->inj_resume.on = false;
		return 0;
	}
	if (sscanf(line, "%15s %15s", err, land) != 2)
		return -EINVAL;
	ret = migtest_parse_errno(err, &i.err);
	if (!ret)
		ret = migtest_parse_land(land, &i.to_error);
	if (!ret)
		mt->inj_resume = i;
	return ret;
}

static void migtest_delay_transition_show(struct seq_file *s,
					  struct migtest_state *mt)
{
	struct migtest_inj_delay *i = &mt->inj_delay;

	if (!i->on) {
		seq_puts(s, "off\n");
		return;
	}
	migtest_show_state(s, i->from);
	seq_putc(s, ' ');
	migtest_show_state(s, i->to);
	seq_printf(s, " %u\n", i->msecs);
}

/* "FROM TO MSECS" or "off" */
static int migtest_delay_transition_store(struct migtest_state *mt,
					  char *line)
{
	struct migtest_inj_delay i = { .on = true };
	char from[16], to[16];
	int ret;

	if (!strcmp(line, "off")) {
		mt->inj_delay.on = false;
		return 0;
	}
	if (sscanf(line, "%15s %15s %u", from, to, &i.msecs) != 3 ||
	    i.msecs > 10000)
		return -EINVAL;
	ret = migtest_parse_state(from, &i.from);
	if (!ret)
		ret = migtest_parse_state(to, &i.to);
	if (!ret)
		mt->inj_delay = i;
	return ret;
}

static void migtest_device_state_show(struct seq_file *s,
				      struct migtest_state *mt)
{
	seq_printf(s, "0x%x %s %s\n", mt->device_state,
		   migtest_state_name(mt->device_state),
		   mt->opened ? "open" : "closed");
}

/* capabilities first: migtest_ctl_write() refuses them while open */
#define MIGTEST_CTL_NCAPS	4

static const struct migtest_ctl_desc migtest_ctls[] = {
	{ "ndma_cap", 0644, migtest_ndma_cap_show, migtest_ndma_cap_store },
	{ "mmap_data", 0644, migtest_mmap_data_show, migtest_mmap_data_store },
	{ "window_size", 0644, migtest_window_size_show,
	  migtest_window_size_store },
	{ "mem_size", 0644, migtest_mem_size_show, migtest_mem_size_store },
	{ "resume_fail_prior", 0644, migtest_resume_fail_prior_show,
	  migtest_resume_fail_prior_store },
	{ "inject_transition", 0644, migtest_inject_transition_show,
	  migtest_inject_transition_store },
	{ "inject_field", 0644, migtest_inject_field_show,
	  migtest_inject_field_store },
	{ "inject_resume", 0644, migtest_inject_resume_show,
	  migtest_inject_resume_store },
	{ "delay_transition", 0644, migtest_delay_transition_show,
	  migtest_delay_transition_store },
	{ "device_state", 0444, migtest_device_state_show, NULL },
};

/* ---- file operations ---- */

/* i_private of a control file: the instance and the row of migtest_ctls */
struct migtest_ctl_slot {
	struct migtest_state *mt;
	const struct migtest_ctl_desc *desc;
};

static int migtest_ctl_show(struct seq_file *s, void *unused)
{
	struct migtest_ctl_slot *slot = s->private;

	mutex_lock(&slot->mt->state_lock);
	slot->desc->show(s, slot->mt);
	mutex_unlock(&slot->mt->state_lock);
	return 0;
}

static int migtest_ctl_open(struct inode *inode, struct file *file)
{
	return single_open(file, migtest_ctl_show, inode->i_private);
}

static ssize_t migtest_ctl_write(struct file *file, const char __user *ubuf,
				 size_t count, loff_t *ppos)
{
	struct seq_file *s = file->private_data;
	struct migtest_ctl_slot *slot = s->private;
	struct migtest_state *mt = slot->mt;
	bool is_cap = slot->desc - migtest_ctls < MIGTEST_CTL_NCAPS;
	char line[MIGTEST_CTL_LINE];
	int ret;

	if (!slot->desc->store)
		return -EPERM;
	if (!count || count >= sizeof(line))
		return -EINVAL;
	if (copy_from_user(line, ubuf, count))
		return -EFAULT;
	line[count] = '\0';

	mutex_lock(&mt->state_lock);
	if (is_cap && mt->opened)
		ret = -EBUSY;
	else
		ret = slot->desc->store(mt, strim(line));
	mutex_unlock(&mt->state_lock);
	return ret ? ret : count;
}

static const struct file_operations migtest_ctl_fops = {
	.owner = THIS_MODULE,
	.open = migtest_ctl_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.write = migtest_ctl_write,
	.release = single_release,
};

static int migtest_bug_table_show(struct seq_file *s, void *unused)
{
	int i;

	for (i = 0; i < MIGTEST_BUG_COUNT; i++)
		seq_printf(s, "%s\t%s\t%s\n", migtest_bugs[i].name,
			   migtest_bugs[i].rule, migtest_bugs[i].help);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(migtest_bug_table);

/* ---- setup ---- */

/**
 * migtest_ctl_init() - default controls of a new instance
 * @mt: device; caps.ndma is set from the type beforehand
 */
void migtest_ctl_init(struct migtest_state *mt)
{
	mt->caps.mmap = true;
	mt->caps.window_size = MIGTEST_MIG_WINDOW_DEFAULT;
	mt->caps.mem_size = MIGTEST_MEM_SIZE_DEFAULT;
}

/**
 * migtest_ctl_create() - the instance's debugfs directory
 * @mt: device, probed; its mdev has its UUID
 *
 * debugfs failures are not fatal: the device works without its controls.
 */
void migtest_ctl_create(struct migtest_state *mt)
{
	struct migtest_ctl_slot *slots;
	struct dentry *bugs;
	size_t i;

	mt->dbg_dir = debugfs_create_dir(dev_name(mdev_dev(mt->mdev)),
					 migtest_dbg_root);
	slots = devm_kcalloc(mdev_dev(mt->mdev), ARRAY_SIZE(migtest_ctls),
			     sizeof(*slots), GFP_KERNEL);
	if (slots) {
		for (i = 0; i < ARRAY_SIZE(migtest_ctls); i++) {
			slots[i].mt = mt;
			slots[i].desc = &migtest_ctls[i];
			debugfs_create_file(migtest_ctls[i].name,
					    migtest_ctls[i].mode, mt->dbg_dir,
					    &slots[i], &migtest_ctl_fops);
		}
	}
	bugs = debugfs_create_dir("bugs", mt->dbg_dir);
	for (i = 0; i < MIGTEST_BUG_COUNT; i++)
		debugfs_create_bool(migtest_bugs[i].name, 0644, bugs,
				    &mt->bugs[i]);
}

/**
 * migtest_ctl_remove() - remove the instance's debugfs directory
 * @mt: device
 *
 * Waits for accesses in progress, so @mt may be freed afterwards.
 */
void migtest_ctl_remove(struct migtest_state *mt)
{
	debugfs_remove_recursive(mt->dbg_dir);
	mt->dbg_dir = NULL;
}

/**
 * migtest_ctl_module_init() - /sys/kernel/debug/migtest_mdev and bug_table
 *
 * Return: 0; debugfs errors are not fatal.
 */
int migtest_ctl_module_init(void)
{
	migtest_dbg_root = debugfs_create_dir(KBUILD_MODNAME, NULL);
	debugfs_create_file("bug_table", 0444, migtest_dbg_root, NULL,
			    &migtest_bug_table_fops);
	return 0;
}

/**
 * migtest_ctl_module_exit() - remove /sys/kernel/debug/migtest_mdev
 */
void migtest_ctl_module_exit(void)
{
	debugfs_remove_recursive(migtest_dbg_root);
	migtest_dbg_root = NULL;
}
