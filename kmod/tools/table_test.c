// SPDX-License-Identifier: GPL-2.0
/*
 * Host-side unit test of migtest_table.c: the validity predicate against
 * the RFC's rules, and every cell of the 16x16 work table against a
 * derivation written here from the text, not from the driver's macros.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef uint8_t u8;
typedef uint32_t u32;

#include "../migtest_table.c"

#define R	MIGTEST_DEVICE_STATE_RUNNING
#define S	MIGTEST_DEVICE_STATE_SAVING
#define X	MIGTEST_DEVICE_STATE_RESUMING
#define N	MIGTEST_DEVICE_STATE_NDMA

static int passed, failed;

static void check(bool ok, const char *what, u32 a, u32 b)
{
	if (ok) {
		passed++;
		return;
	}
	failed++;
	printf("FAIL %s (0x%x, 0x%x)\n", what, a, b);
}

/* the RFC: SAVING|RESUMING and RESUMING|RUNNING invalid, bits 31:4 reserved */
static bool spec_valid(u32 s)
{
	if (s > 0xf)
		return false;
	if ((s & S) && (s & X))
		return false;
	if ((s & X) && (s & R))
		return false;
	return true;
}

/* a session exists in a state with its bit, except ERROR (S|X exactly) */
static bool saving(u32 s)
{
	return (s & S) && s != (S | X);
}

static bool resuming(u32 s)
{
	return (s & X) && s != (S | X);
}

/* NDMA is a sub-state of RUNNING: DMA only with RUNNING and without NDMA */
static bool may_dma(u32 s)
{
	return (s & R) && !(s & N);
}

static u8 spec_work(u32 f, u32 t)
{
	u8 w = 0;

	if ((f & R) && !(t & R))
		w |= MIGTEST_W_STOP;
	if (!(f & R) && (t & R))
		w |= MIGTEST_W_RUN;
	if (may_dma(f) && !may_dma(t))
		w |= MIGTEST_W_QUIESCE;
	if (!may_dma(f) && may_dma(t))
		w |= MIGTEST_W_UNQUIESCE;
	if (!saving(f) && saving(t))
		w |= MIGTEST_W_SAVE_OPEN;
	if (saving(f) && !saving(t))
		w |= MIGTEST_W_SAVE_CLOSE;
	if (!resuming(f) && resuming(t))
		w |= MIGTEST_W_RESUME_OPEN;
	if (resuming(f) && !resuming(t))
		w |= MIGTEST_W_RESUME_CLOSE;
	return w;
}

int main(void)
{
	u32 f, t, i;

	for (i = 0; i < 0x400; i++)
		check(migtest_state_is_valid(i) == spec_valid(i), "valid", i, 0);
	check(migtest_state_is_valid(1U << 31) == false, "valid", 1U << 31, 0);
	check(!migtest_state_is_valid(S | X), "ERROR not requestable", S | X, 0);
	for (f = 0; f < MIGTEST_NSTATES; f++) {
		for (t = 0; t < MIGTEST_NSTATES; t++)
			check(migtest_work[f][t] == spec_work(f, t), "work", f, t);
		check(migtest_dma_allowed_in(f) == may_dma(f), "dma", f, 0);
		check(strlen(migtest_state_name(f)) > 0, "name", f, 0);
	}
	check(!strcmp(migtest_state_name(0x10), "reserved-bits"), "name", 0x10, 0);
	check(!strcmp(migtest_state_name(S | X), "ERROR"), "name", S | X, 0);
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
