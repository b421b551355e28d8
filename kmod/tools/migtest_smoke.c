// SPDX-License-Identifier: GPL-2.0
/*
 * Smoke test and stream reader for migtest_mdev.
 *
 *   migtest_smoke SRC-UUID [DST-UUID]    run the smoke checks
 *   migtest_smoke -s SRC-UUID FILE       save SRC's stream to FILE
 *   migtest_smoke -r DST-UUID FILE       resume DST from FILE
 *
 * A stream file is a sequence of (u64 little-endian size, size bytes), one
 * record per data segment, as collected with the SAVING protocol of the
 * RFC.  The smoke run ends with "N passed, N failed" and exits non-zero
 * on any failure.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <linux/vfio.h>

#include "migtest_uapi.h"

#define ST_RUN		MIGTEST_DEVICE_STATE_RUNNING
#define ST_SAV		MIGTEST_DEVICE_STATE_SAVING
#define ST_RES		MIGTEST_DEVICE_STATE_RESUMING
#define ST_NDMA		MIGTEST_DEVICE_STATE_NDMA
#define MIG(off)	(((uint64_t)MIGTEST_REGION_INDEX_MIGRATION << \
			  MIGTEST_REGION_SHIFT) + (off))
#define BAR0(off)	(((uint64_t)MIGTEST_REGION_INDEX_BAR0 << \
			  MIGTEST_REGION_SHIFT) + (off))
#define BAR2(off)	(((uint64_t)MIGTEST_REGION_INDEX_BAR2 << \
			  MIGTEST_REGION_SHIFT) + (off))
#define CFG(off)	(((uint64_t)MIGTEST_REGION_INDEX_CONFIG << \
			  MIGTEST_REGION_SHIFT) + (off))
#define DMA_IOVA	0x100000ULL
#define DMA_SIZE	(1 << 20)
#define MAX_ITER	100000

struct dev {
	const char *uuid;
	int group;
	int fd;
	uint64_t mem_size;
	uint64_t mig_size;
	bool ndma;
	bool mmap;
};

struct stream {
	uint8_t *buf;
	size_t len;
	size_t cap;
	unsigned int segs;
};

static int container = -1;
static bool iommu_set;
static int passed, failed;

static void check(bool ok, const char *fmt, ...)
{
	va_list ap;

	printf("%s ", ok ? "ok  " : "FAIL");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	if (ok)
		passed++;
	else
		failed++;
}

static void die(const char *what)
{
	perror(what);
	exit(2);
}

/* ---- register access: return 0 or -errno ---- */

static int rd(struct dev *d, uint64_t off, void *v, size_t n)
{
	ssize_t r = pread(d->fd, v, n, off);

	return r == (ssize_t)n ? 0 : r < 0 ? -errno : -EIO;
}

static int wr(struct dev *d, uint64_t off, const void *v, size_t n)
{
	ssize_t r = pwrite(d->fd, v, n, off);

	return r == (ssize_t)n ? 0 : r < 0 ? -errno : -EIO;
}

static uint32_t rd32(struct dev *d, uint64_t off)
{
	uint32_t v = 0xffffffff;

	rd(d, off, &v, 4);
	return v;
}

static uint64_t rd64(struct dev *d, uint64_t off)
{
	uint64_t v = ~0ULL;

	rd(d, off, &v, 8);
	return v;
}

static int wr32(struct dev *d, uint64_t off, uint32_t v)
{
	return wr(d, off, &v, 4);
}

static int wr64(struct dev *d, uint64_t off, uint64_t v)
{
	return wr(d, off, &v, 8);
}

static uint32_t state(struct dev *d)
{
	return rd32(d, MIG(MIGTEST_MIG_OFF_DEVICE_STATE));
}

static int set_state(struct dev *d, uint32_t s)
{
	return wr32(d, MIG(MIGTEST_MIG_OFF_DEVICE_STATE), s);
}

static void msleep(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* ---- setup ---- */

static void open_dev(struct dev *d, const char *uuid)
{
	char path[256], link[256];
	struct vfio_group_status gs = { .argsz = sizeof(gs) };
	struct vfio_region_info ri = { .argsz = sizeof(ri) };
	ssize_t n;
	int g;

	d->uuid = uuid;
	snprintf(path, sizeof(path), "/sys/bus/mdev/devices/%s/iommu_group",
		 uuid);
	n = readlink(path, link, sizeof(link) - 1);
	if (n < 0)
		die(path);
	link[n] = 0;
	d->group = atoi(strrchr(link, '/') + 1);
	snprintf(path, sizeof(path), "/dev/vfio/%d", d->group);
	g = open(path, O_RDWR);
	if (g < 0)
		die(path);
	if (ioctl(g, VFIO_GROUP_GET_STATUS, &gs) ||
	    !(gs.flags & VFIO_GROUP_FLAGS_VIABLE))
		die("group not viable");
	if (ioctl(g, VFIO_GROUP_SET_CONTAINER, &container))
		die("VFIO_GROUP_SET_CONTAINER");
	if (!iommu_set && ioctl(container, VFIO_SET_IOMMU, VFIO_TYPE1v2_IOMMU))
		die("VFIO_SET_IOMMU");
	iommu_set = true;
	d->fd = ioctl(g, VFIO_GROUP_GET_DEVICE_FD, uuid);
	if (d->fd < 0)
		die("VFIO_GROUP_GET_DEVICE_FD");
	ri.index = MIGTEST_REGION_INDEX_BAR2;
	if (ioctl(d->fd, VFIO_DEVICE_GET_REGION_INFO, &ri))
		die("GET_REGION_INFO bar2");
	d->mem_size = ri.size;
}

/* walk the capability chain of the migration region */
static void check_mig_region(struct dev *d)
{
	uint8_t buf[512] = { 0 };
	struct vfio_region_info *ri = (void *)buf;
	struct vfio_info_cap_header *h;
	bool type_ok = false, sparse_ok = false;
	uint32_t off;

	ri->argsz = sizeof(buf);
	ri->index = MIGTEST_REGION_INDEX_MIGRATION;
	check(!ioctl(d->fd, VFIO_DEVICE_GET_REGION_INFO, ri),
	      "GET_REGION_INFO(9)");
	d->mig_size = ri->size;
	d->mmap = ri->flags & VFIO_REGION_INFO_FLAG_MMAP;
	check(ri->flags & VFIO_REGION_INFO_FLAG_CAPS, "region 9 has caps");
	for (off = ri->cap_offset; off && off < sizeof(buf); off = h->next) {
		h = (void *)(buf + off);
		if (h->id == VFIO_REGION_INFO_CAP_TYPE) {
			struct vfio_region_info_cap_type *t = (void *)h;

			type_ok = t->type == MIGTEST_REGION_TYPE_MIGRATION &&
				  t->subtype == MIGTEST_REGION_SUBTYPE_MIGRATION;
		} else if (h->id == MIGTEST_REGION_INFO_CAP_MIG_NDMA) {
			d->ndma = h->version == 1;
		} else if (h->id == VFIO_REGION_INFO_CAP_SPARSE_MMAP) {
			sparse_ok = true;
		}
	}
	check(type_ok, "CAP_TYPE migration 3/1");
	check(sparse_ok == d->mmap, "sparse mmap cap iff MMAP flag (%d)",
	      d->mmap);
	printf("#   %s: mem %" PRIu64 " region %" PRIu64 " ndma %d mmap %d\n",
	       d->uuid, d->mem_size, d->mig_size, d->ndma, d->mmap);
}

/* ---- stream ---- */

static void stream_add(struct stream *s, const void *p, uint64_t n)
{
	if (s->len + n + 8 > s->cap) {
		s->cap = (s->len + n + 8) * 2;
		s->buf = realloc(s->buf, s->cap);
		if (!s->buf)
			die("realloc");
	}
	memcpy(s->buf + s->len, &n, 8);
	memcpy(s->buf + s->len + 8, p, n);
	s->len += n + 8;
	s->segs++;
}

/* the data window mapped through the sparse mmap area, or NULL */
static uint8_t *window_map;

/* collect segments until pending_bytes reads 0; 0 or -errno */
static int save_drain(struct dev *d, struct stream *s, uint8_t *tmp,
		      bool stopped)
{
	uint64_t pending, off, size;
	int i, r;

	for (i = 0; i < MAX_ITER; i++) {
		r = rd(d, MIG(MIGTEST_MIG_OFF_PENDING_BYTES), &pending, 8);
		if (r || !pending)
			return r;
		r = rd(d, MIG(MIGTEST_MIG_OFF_DATA_OFFSET), &off, 8);
		if (!r)
			r = rd(d, MIG(MIGTEST_MIG_OFF_DATA_SIZE), &size, 8);
		if (r)
			return r;
		if (!size)	/* nothing now: fine only in pre-copy */
			return stopped ? -EPROTO : 0;
		if (size > d->mig_size - off)
			return -E2BIG;
		if (window_map) {
			memcpy(tmp, window_map + off - 4096, size);
			stream_add(s, tmp, size);
			continue;
		}
		/* collect in two pieces: the driver must allow it */
		r = rd(d, MIG(off), tmp, size / 2);
		if (!r)
			r = rd(d, MIG(off + size / 2), tmp + size / 2,
			       size - size / 2);
		if (r)
			return r;
		stream_add(s, tmp, size);
	}
	return -ELOOP;
}

static int save_stream(struct dev *d, struct stream *s)
{
	uint8_t *tmp = malloc(d->mig_size);
	int r;

	memset(s, 0, sizeof(*s));
	r = set_state(d, ST_RUN | ST_SAV);
	if (!r)
		r = save_drain(d, s, tmp, false);	/* pre-copy */
	if (!r)
		r = set_state(d, ST_SAV);	/* stop-and-copy */
	if (!r)
		r = save_drain(d, s, tmp, true);
	if (!r)
		r = set_state(d, 0);
	free(tmp);
	return r;
}

/* write every record, then clear RESUMING; returns the first error */
static int resume_stream(struct dev *d, const struct stream *s,
			 uint32_t final)
{
	uint64_t off, n;
	size_t pos = 0;
	int r;

	r = set_state(d, ST_RES);
	while (!r && pos < s->len) {
		memcpy(&n, s->buf + pos, 8);
		r = rd(d, MIG(MIGTEST_MIG_OFF_DATA_OFFSET), &off, 8);
		if (!r)
			r = wr(d, MIG(off), s->buf + pos + 8, n);
		if (!r)
			r = wr64(d, MIG(MIGTEST_MIG_OFF_DATA_SIZE), n);
		pos += 8 + n;
	}
	if (r)
		return r;
	return set_state(d, final);
}

/* offset of record i in the stream */
static size_t rec_at(const struct stream *s, unsigned int i)
{
	size_t pos = 0;
	uint64_t n;

	while (i--) {
		memcpy(&n, s->buf + pos, 8);
		pos += 8 + n;
	}
	return pos;
}

/* ---- checks ---- */

static bool ctl(struct dev *d, const char *file, const char *val);

static void check_basics(struct dev *d)
{
	uint64_t v8;
	uint32_t v4;
	uint16_t v2;

	check(state(d) == ST_RUN, "default state RUNNING (0x%x)", state(d));
	check(rd32(d, CFG(0)) == (MIGTEST_PCI_DEVICE_ID << 16 |
				  MIGTEST_PCI_VENDOR_ID), "config ids 0x%08x",
	      rd32(d, CFG(0)));
	check(rd32(d, BAR0(MIGTEST_REG_ID)) == MIGTEST_DEVICE_MAGIC, "REG_ID");
	check(rd32(d, MIG(MIGTEST_MIG_OFF_RESERVED)) == 0, "reserved reads 0");
	check(wr32(d, MIG(MIGTEST_MIG_OFF_RESERVED), 7) == 0 &&
	      rd32(d, MIG(MIGTEST_MIG_OFF_RESERVED)) == 0,
	      "reserved ignores writes");
	check(rd(d, MIG(MIGTEST_MIG_OFF_DEVICE_STATE), &v8, 8) == -EINVAL,
	      "8-byte device_state read refused");
	check(rd(d, MIG(1), &v2, 2) == -EINVAL, "unaligned read refused");
	check(rd(d, MIG(MIGTEST_MIG_OFF_PENDING_BYTES), &v4, 4) == -EINVAL,
	      "4-byte pending_bytes read refused");
	check(rd(d, MIG(40), &v4, 4) == -EINVAL, "gap read refused");
	check(rd(d, MIG(d->mig_size), &v4, 4) == -EINVAL,
	      "read past region refused");
	check(set_state(d, ST_SAV | ST_RES) == -EINVAL &&
	      state(d) == ST_RUN, "SAVING|RESUMING refused, state kept");
	check(set_state(d, ST_RES | ST_RUN) == -EINVAL && state(d) == ST_RUN,
	      "RESUMING|RUNNING refused");
	check(set_state(d, ST_RUN | 0x10) == -EINVAL && state(d) == ST_RUN,
	      "reserved bit 4 refused");
	check(set_state(d, ST_RUN | ST_NDMA) == (d->ndma ? 0 : -EINVAL),
	      "NDMA accepted iff capability (%d)", d->ndma);
	check(set_state(d, ST_RUN) == 0 && state(d) == ST_RUN, "back to RUNNING");
	check(set_state(d, ST_RUN | ST_SAV) == 0 &&
	      wr64(d, MIG(MIGTEST_MIG_OFF_PENDING_BYTES), 0) == -EINVAL &&
	      wr64(d, MIG(MIGTEST_MIG_OFF_DATA_OFFSET), 0) == -EINVAL,
	      "pending_bytes and data_offset are read only");
	check(set_state(d, ST_RES) == 0 && state(d) == ST_RES,
	      "RUNNING|SAVING -> RESUMING in one write");
	check(ioctl(d->fd, VFIO_DEVICE_RESET) == 0 && state(d) == ST_RUN,
	      "reset");
	check(wr64(d, MIG(MIGTEST_MIG_OFF_DATA_SIZE), 1) == -EINVAL,
	      "data_size write outside RESUMING refused");
	check(set_state(d, ST_RUN | ST_SAV) == 0 &&
	      rd64(d, MIG(MIGTEST_MIG_OFF_PENDING_BYTES)) != 0 &&
	      set_state(d, ST_SAV) == 0 && state(d) == ST_SAV,
	      "!RUNNING reached with pending_bytes != 0");
	check(set_state(d, 0) == 0, "SAVING cleared mid-stream");
	check(set_state(d, ST_RES) == 0 && set_state(d, ST_RES | ST_NDMA) ==
	      (d->ndma ? 0 : -EINVAL), "RESUMING, NDMA bit while RESUMING");
	check(ioctl(d->fd, VFIO_DEVICE_RESET) == 0 && state(d) == ST_RUN,
	      "reset mid-resume -> RUNNING");
}

static void check_counter(struct dev *d)
{
	uint64_t a, b, c;
	uint32_t v;

	a = rd64(d, BAR0(MIGTEST_REG_COUNTER));
	msleep(30);
	b = rd64(d, BAR0(MIGTEST_REG_COUNTER));
	check(b > a, "counter advances while RUNNING (%" PRIu64 " -> %" PRIu64 ")",
	      a, b);
	check(set_state(d, 0) == 0, "STOP");
	b = rd64(d, BAR0(MIGTEST_REG_COUNTER));
	msleep(30);
	c = rd64(d, BAR0(MIGTEST_REG_COUNTER));
	check(b == c, "counter frozen while stopped");
	check(rd(d, CFG(0), &v, 4) == 0, "config space answers while stopped");
	check(set_state(d, ST_RUN) == 0, "RUNNING again");
}

static int irq_setup(struct dev *d, int index)
{
	char buf[sizeof(struct vfio_irq_set) + sizeof(int32_t)];
	struct vfio_irq_set *set = (void *)buf;
	int32_t efd = eventfd(0, EFD_NONBLOCK);

	set->argsz = sizeof(buf);
	set->flags = VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_TRIGGER;
	set->index = index;
	set->start = 0;
	set->count = 1;
	memcpy(set->data, &efd, sizeof(efd));
	check(!ioctl(d->fd, VFIO_DEVICE_SET_IRQS, set), "SET_IRQS eventfd");
	return efd;
}

/* ACTION_* with DATA_NONE and the given count on an IRQ index */
static int irq_none(struct dev *d, int index, uint32_t action, uint32_t count)
{
	struct vfio_irq_set set = {
		.argsz = sizeof(set), .index = index, .count = count,
		.flags = VFIO_IRQ_SET_DATA_NONE | action,
	};

	return ioctl(d->fd, VFIO_DEVICE_SET_IRQS, &set) ? -errno : 0;
}

static uint64_t irq_drain(int efd)
{
	uint64_t n = 0;

	if (read(efd, &n, 8) != 8)
		return 0;
	return n;
}

static void check_dma(struct dev *d, uint8_t *mem)
{
	struct vfio_iommu_type1_dma_map map = {
		.argsz = sizeof(map),
		.flags = VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE,
		.vaddr = (uintptr_t)mem, .iova = DMA_IOVA, .size = DMA_SIZE,
	};
	uint64_t c1, c2 = 0, i1, n, a;
	uint32_t word;
	int efd;

	ioctl(container, VFIO_IOMMU_MAP_DMA, &map);
	efd = irq_setup(d, VFIO_PCI_MSI_IRQ_INDEX);
	wr64(d, BAR0(MIGTEST_REG_DMA_IOVA), DMA_IOVA);
	wr32(d, BAR0(MIGTEST_REG_DMA_LEN), 256);
	wr32(d, BAR0(MIGTEST_REG_DMA_PATTERN), 0x1000);
	check(wr32(d, BAR0(MIGTEST_REG_DMA_PERIOD), 2000) == 0, "DMA period");
	check(wr32(d, BAR0(MIGTEST_REG_CONTROL), MIGTEST_CTRL_DMA_ENABLE |
		   MIGTEST_CTRL_IRQ_ENABLE) == 0, "DMA enable");
	msleep(100);
	c1 = rd64(d, BAR0(MIGTEST_REG_DMA_COUNT));
	n = irq_drain(efd);
	memcpy(&word, mem, 4);
	check(c1 > 0 && rd32(d, BAR0(MIGTEST_REG_DMA_ERRORS)) == 0,
	      "DMA transfers (%" PRIu64 ", errors %u)", c1,
	      rd32(d, BAR0(MIGTEST_REG_DMA_ERRORS)));
	check(n > 0, "MSI eventfd signalled (%" PRIu64 ")", n);
	check(word >= 0x1000 && word < 0x1000 + c1 + 2, "DMA pattern 0x%x",
	      word);
	if (d->ndma) {
		check(set_state(d, ST_RUN | ST_NDMA) == 0, "RUNNING|NDMA");
		c1 = rd64(d, BAR0(MIGTEST_REG_DMA_COUNT));
		i1 = rd64(d, BAR0(MIGTEST_REG_IRQ_COUNT));
		irq_drain(efd);
		msleep(50);
		c2 = rd64(d, BAR0(MIGTEST_REG_DMA_COUNT));
		check(c1 == c2 && irq_drain(efd) == 0 &&
		      rd64(d, BAR0(MIGTEST_REG_IRQ_COUNT)) == i1,
		      "no DMA or interrupt under NDMA");
		check(set_state(d, ST_RUN) == 0, "NDMA cleared");
		msleep(30);
		check(rd64(d, BAR0(MIGTEST_REG_DMA_COUNT)) > c2,
		      "DMA resumes after NDMA cleared");
	}
	if (ctl(d, "inject_transition", "0x1 0x0 5 error 1")) {
		check(set_state(d, 0) == -EIO &&
		      state(d) == MIGTEST_DEVICE_STATE_ERROR, "ERROR entered");
		c1 = rd64(d, BAR0(MIGTEST_REG_DMA_COUNT));
		a = rd64(d, BAR0(MIGTEST_REG_COUNTER));
		msleep(30);
		check(rd64(d, BAR0(MIGTEST_REG_DMA_COUNT)) == c1 &&
		      rd64(d, BAR0(MIGTEST_REG_COUNTER)) == a,
		      "device stopped in ERROR");
		ioctl(d->fd, VFIO_DEVICE_RESET);
		check(state(d) == ST_RUN, "reset");
		wr64(d, BAR0(MIGTEST_REG_DMA_IOVA), DMA_IOVA);
		wr32(d, BAR0(MIGTEST_REG_DMA_LEN), 256);
		wr32(d, BAR0(MIGTEST_REG_DMA_PERIOD), 2000);
		wr32(d, BAR0(MIGTEST_REG_CONTROL), MIGTEST_CTRL_DMA_ENABLE);
	}
	/* INTx instead of MSI: signalled, masked, unmasked */
	{
		char buf[sizeof(struct vfio_irq_set) + sizeof(int32_t)];
		struct vfio_irq_set *set = (void *)buf;
		int32_t fd = efd;

		set->argsz = sizeof(buf);
		set->flags = VFIO_IRQ_SET_DATA_EVENTFD |
			     VFIO_IRQ_SET_ACTION_TRIGGER;
		set->index = VFIO_PCI_INTX_IRQ_INDEX;
		set->start = 0;
		set->count = 1;
		memcpy(set->data, &fd, sizeof(fd));
		check(ioctl(d->fd, VFIO_DEVICE_SET_IRQS, set) && errno == EINVAL,
		      "INTx refused while MSI is enabled");
	}
	check(irq_none(d, VFIO_PCI_MSI_IRQ_INDEX, VFIO_IRQ_SET_ACTION_TRIGGER,
		       0) == 0, "MSI disabled");
	close(efd);
	efd = irq_setup(d, VFIO_PCI_INTX_IRQ_INDEX);
	wr32(d, BAR0(MIGTEST_REG_CONTROL), MIGTEST_CTRL_DMA_ENABLE |
	     MIGTEST_CTRL_IRQ_ENABLE);
	msleep(30);
	check(irq_drain(efd) > 0, "INTx eventfd signalled");
	check(irq_none(d, VFIO_PCI_INTX_IRQ_INDEX, VFIO_IRQ_SET_ACTION_MASK,
		       1) == 0, "INTx masked");
	irq_drain(efd);
	msleep(30);
	check(irq_drain(efd) == 0, "no INTx while masked");
	irq_none(d, VFIO_PCI_INTX_IRQ_INDEX, VFIO_IRQ_SET_ACTION_UNMASK, 1);
	msleep(30);
	check(irq_drain(efd) > 0, "INTx again after unmask");
	check(irq_none(d, VFIO_PCI_MSIX_IRQ_INDEX, VFIO_IRQ_SET_ACTION_TRIGGER,
		       0) == -EINVAL, "MSI-X has no vectors");

	check(set_state(d, 0) == 0, "STOP");
	c1 = rd64(d, BAR0(MIGTEST_REG_DMA_COUNT));
	msleep(50);
	check(rd64(d, BAR0(MIGTEST_REG_DMA_COUNT)) == c1, "no DMA while stopped");
	check(set_state(d, ST_RUN) == 0, "RUNNING");
	close(efd);
}

static void fill_mem(struct dev *d, uint8_t seed)
{
	uint8_t page[4096];
	uint64_t off;

	for (off = 0; off < d->mem_size; off += sizeof(page)) {
		memset(page, seed + (uint8_t)(off >> 12), sizeof(page));
		wr(d, BAR2(off), page, sizeof(page));
	}
}

static void check_migration(struct dev *src, struct dev *dst)
{
	struct stream s, bad;
	uint32_t csum;
	uint64_t scratch = 0x1122334455667788ULL;
	size_t pos;
	int r;

	fill_mem(src, 3);
	wr64(src, BAR0(MIGTEST_REG_SCRATCH), scratch);
	r = save_stream(src, &s);
	check(r == 0 && s.segs >= 4, "save stream: %d, %u segments, %zu bytes",
	      r, s.segs, s.len);
	if (r || s.segs < 4) {
		free(s.buf);
		return;
	}
	csum = rd32(src, BAR0(MIGTEST_REG_CHECKSUM));
	check(set_state(src, ST_SAV) == 0 &&
	      rd64(src, MIG(MIGTEST_MIG_OFF_PENDING_BYTES)) != 0,
	      "new SAVING session has data");
	check(ioctl(src->fd, VFIO_DEVICE_RESET) == 0 && state(src) == ST_RUN,
	      "reset mid-save -> RUNNING");

	r = resume_stream(dst, &s, 0);
	check(r == 0 && state(dst) == 0, "resume: %d, state 0x%x", r,
	      state(dst));
	check(rd32(dst, BAR0(MIGTEST_REG_CHECKSUM)) == csum,
	      "checksum equal after resume");
	check(rd64(dst, BAR0(MIGTEST_REG_SCRATCH)) == scratch, "scratch");
	check(set_state(dst, ST_RUN) == 0, "destination RUNNING");

	/* saved again through the mmap'd window, resumed again */
	if (src->mmap) {
		struct stream m;

		window_map = mmap(NULL, src->mig_size - 4096,
				  PROT_READ | PROT_WRITE, MAP_SHARED, src->fd,
				  MIG(4096));
		check(window_map != MAP_FAILED, "mmap of the data window");
		if (window_map == MAP_FAILED) {
			window_map = NULL;
		} else {
			set_state(src, 0);
			r = save_stream(src, &m);
			munmap(window_map, src->mig_size - 4096);
			window_map = NULL;
			check(r == 0, "save through mmap (%d, %u segments)", r,
			      m.segs);
			csum = rd32(src, BAR0(MIGTEST_REG_CHECKSUM));
			set_state(dst, 0);
			r = resume_stream(dst, &m, 0);
			check(r == 0 && rd32(dst, BAR0(MIGTEST_REG_CHECKSUM)) ==
			      csum, "mmap-saved stream resumes (%d)", r);
			free(m.buf);
		}
	}

	/* injected validation failure, landing in RESUMING */
	if (ctl(dst, "inject_resume", "74 prior")) {
		r = resume_stream(dst, &s, 0);
		check(r == -EBADMSG && state(dst) == ST_RES,
		      "injected resume failure stays RESUMING (%d, 0x%x)", r,
		      state(dst));
		ctl(dst, "inject_resume", "off");
		check(set_state(dst, 0) == 0, "then the same stream completes");
	}

	/* truncated: drop END */
	bad = s;
	bad.len = rec_at(&s, s.segs - 1);
	r = resume_stream(dst, &bad, 0);
	check(r != 0 && (state(dst) == ST_RES ||
			 state(dst) == MIGTEST_DEVICE_STATE_ERROR),
	      "truncated stream refused (%d), state 0x%x", r, state(dst));
	check(ioctl(dst->fd, VFIO_DEVICE_RESET) == 0 && state(dst) == ST_RUN,
	      "reset from failed resume -> RUNNING");
	check(set_state(dst, 0) == 0, "STOP");

	/* corrupt: flip one payload byte of segment 1 */
	bad.buf = malloc(s.len);
	memcpy(bad.buf, s.buf, s.len);
	bad.len = s.len;
	pos = rec_at(&s, 1) + 8 + MIGTEST_SEG_HDR_SIZE + 5;
	bad.buf[pos] ^= 0x40;
	r = resume_stream(dst, &bad, 0);
	check(r != 0, "corrupt stream refused (%d), state 0x%x", r,
	      state(dst));
	ioctl(dst->fd, VFIO_DEVICE_RESET);
	set_state(dst, 0);

	/* duplicated: segment 1 twice */
	memcpy(bad.buf, s.buf, s.len);
	pos = rec_at(&s, 2);
	memcpy(bad.buf + pos, s.buf + rec_at(&s, 1), pos - rec_at(&s, 1));
	r = resume_stream(dst, &bad, 0);
	check(r != 0, "duplicated segment refused (%d)", r);
	ioctl(dst->fd, VFIO_DEVICE_RESET);
	free(bad.buf);

	/* ERROR is only left by reset */
	check(set_state(dst, ST_SAV | ST_RES) == -EINVAL, "ERROR not writable");
	free(s.buf);
}

/* write a debugfs control of the device; false if debugfs is absent */
static bool ctl(struct dev *d, const char *file, const char *val)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "/sys/kernel/debug/migtest_mdev/%s/%s",
		 d->uuid, file);
	f = fopen(path, "w");
	if (!f)
		return false;
	fputs(val, f);
	return fclose(f) == 0;
}

static void check_inject(struct dev *d)
{
	struct timespec a, b;
	uint64_t v;
	long ms;

	if (!ctl(d, "inject_transition", "off"))
		return;
	ctl(d, "inject_transition", "0x1 0x0 5 error 1");
	check(set_state(d, 0) == -EIO &&
	      state(d) == MIGTEST_DEVICE_STATE_ERROR,
	      "injected EIO RUNNING->STOP lands in ERROR");
	check(set_state(d, ST_RUN) == -EIO, "ERROR refuses writes");
	check(ioctl(d->fd, VFIO_DEVICE_RESET) == 0 && state(d) == ST_RUN,
	      "reset from ERROR -> RUNNING");
	ctl(d, "inject_transition", "any 0x3 16 prior");
	check(set_state(d, ST_RUN | ST_SAV) == -EBUSY && state(d) == ST_RUN,
	      "injected EBUSY lands in prior state");
	ctl(d, "inject_transition", "off");
	ctl(d, "inject_field", "pending_bytes read 61 1");
	set_state(d, ST_RUN | ST_SAV);
	check(rd(d, MIG(MIGTEST_MIG_OFF_PENDING_BYTES), &v, 8) == -ENODATA,
	      "injected field read error");
	check(rd(d, MIG(MIGTEST_MIG_OFF_PENDING_BYTES), &v, 8) == 0,
	      "one-shot field injection spent");
	ctl(d, "delay_transition", "0x3 0x1 100");
	clock_gettime(CLOCK_MONOTONIC, &a);
	check(set_state(d, ST_RUN) == 0, "delayed transition");
	clock_gettime(CLOCK_MONOTONIC, &b);
	ms = (b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000;
	check(ms >= 90 && state(d) == ST_RUN, "delay %ld ms, then done", ms);
	ctl(d, "delay_transition", "off");
	check(!ctl(d, "mem_size", "65536"), "capabilities refused while open");
}

/* several processes at once on one device, then close mid-stream */
static void check_stress(struct dev *d)
{
	static const uint32_t states[] = { 0, 1, 2, 3, 4, 8, 9, 10, 11, 12, 6,
					   5, 7, 0x10 };
	uint8_t buf[256];
	uint64_t v;
	int i, k, status;
	pid_t pid[3];

	for (k = 0; k < 3; k++) {
		pid[k] = fork();
		if (pid[k])
			continue;
		srand(k + 1);
		for (i = 0; i < 3000; i++) {
			int op = rand() % 7;

			if (op == 0)
				set_state(d, states[rand() % 14]);
			else if (op == 1)
				rd(d, MIG(MIGTEST_MIG_OFF_PENDING_BYTES), &v, 8);
			else if (op == 2)
				rd(d, MIG(MIGTEST_MIG_OFF_DATA_OFFSET), &v, 8);
			else if (op == 3)
				wr64(d, MIG(MIGTEST_MIG_OFF_DATA_SIZE),
				     rand() % 70000);
			else if (op == 4)
				rd(d, MIG(4096 + rand() % 4096), buf,
				   rand() % sizeof(buf) + 1);
			else if (op == 5)
				wr(d, MIG(4096 + rand() % 4096), buf,
				   rand() % sizeof(buf) + 1);
			else if (i % 50 == 0)
				ioctl(d->fd, VFIO_DEVICE_RESET);
		}
		_exit(0);
	}
	for (k = 0; k < 3; k++)
		waitpid(pid[k], &status, 0);
	check(ioctl(d->fd, VFIO_DEVICE_RESET) == 0 && state(d) == ST_RUN,
	      "concurrent access survived, reset -> RUNNING");
	set_state(d, ST_RUN | ST_SAV);
	rd(d, MIG(MIGTEST_MIG_OFF_PENDING_BYTES), &v, 8);
	rd(d, MIG(MIGTEST_MIG_OFF_DATA_OFFSET), &v, 8);
}

/* ---- stream file modes ---- */

static uint64_t now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000u + t.tv_nsec;
}

/* save to FILE; the time printed is the protocol's alone (migtest bench) */
static int save_file(struct dev *d, const char *file)
{
	struct stream s;
	FILE *f;
	uint64_t t0 = now_ns(), ns;
	int r = save_stream(d, &s);

	ns = now_ns() - t0;
	if (r) {
		fprintf(stderr, "save: %s\n", strerror(-r));
		return 1;
	}
	f = fopen(file, "w");
	if (!f || fwrite(s.buf, 1, s.len, f) != s.len || fclose(f))
		die(file);
	printf("saved %u segments, %zu bytes in %" PRIu64 " ns\n", s.segs, s.len,
	       ns);
	return 0;
}

static int resume_file(struct dev *d, const char *file)
{
	struct stream s = { 0 };
	FILE *f = fopen(file, "r");
	uint8_t buf[65536];
	size_t n;
	int r;

	if (!f)
		die(file);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
		s.buf = realloc(s.buf, s.len + n);
		memcpy(s.buf + s.len, buf, n);
		s.len += n;
	}
	fclose(f);
	r = resume_stream(d, &s, ST_RUN);
	printf("resume: %s\n", r ? strerror(-r) : "ok");
	return r ? 1 : 0;
}

int main(int argc, char **argv)
{
	struct dev src = { 0 }, dst = { 0 };
	uint8_t *dmamem;

	if (argc < 2) {
		fprintf(stderr, "usage: %s SRC-UUID [DST-UUID] | -s UUID FILE | -r UUID FILE\n",
			argv[0]);
		return 2;
	}
	container = open("/dev/vfio/vfio", O_RDWR);
	if (container < 0)
		die("/dev/vfio/vfio");
	if (!strcmp(argv[1], "-s") || !strcmp(argv[1], "-r")) {
		if (argc != 4)
			return 2;
		open_dev(&src, argv[2]);
		check_mig_region(&src);
		return argv[1][1] == 's' ? save_file(&src, argv[3]) :
					   resume_file(&src, argv[3]);
	}
	open_dev(&src, argv[1]);
	check_mig_region(&src);
	check_basics(&src);
	check_counter(&src);
	dmamem = mmap(NULL, DMA_SIZE, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (dmamem == MAP_FAILED)
		die("mmap");
	check_dma(&src, dmamem);
	check_inject(&src);
	if (argc > 2) {
		open_dev(&dst, argv[2]);
		check_mig_region(&dst);
		check_migration(&src, &dst);
	}
	check_stress(&src);	/* leaves a save session open: closed by exit */
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
