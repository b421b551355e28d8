// SPDX-License-Identifier: GPL-2.0
/*
 * Validity of device_state and the work of each transition.
 *
 * The RFC (shared/spec/migration-region-spec.h.txt) calls device_state a
 * bitfield: every combination is valid except SAVING|RESUMING (the ERROR
 * value among them) and RESUMING|RUNNING, and drivers "should attempt to
 * support any transition between valid states".  So validity is one
 * predicate taken from VFIO_DEVICE_STATE_VALID, and the 16x16 table records
 * only the work a transition needs.  Nothing here calls into the kernel, so
 * a host-side unit test can build this file as it is.
 */
#include "migtest.h"

#define MIGTEST_S_RUN		MIGTEST_DEVICE_STATE_RUNNING
#define MIGTEST_S_SAV		MIGTEST_DEVICE_STATE_SAVING
#define MIGTEST_S_RES		MIGTEST_DEVICE_STATE_RESUMING
#define MIGTEST_S_NDMA		MIGTEST_DEVICE_STATE_NDMA

#define MIGTEST_HAS(s, b)	(((s) & (b)) != 0)
#define MIGTEST_IS_ERR(s)	((s) == MIGTEST_DEVICE_STATE_ERROR)
/* a save or resume session is open in state s (never in ERROR) */
#define MIGTEST_SAV(s)		(MIGTEST_HAS(s, MIGTEST_S_SAV) && !MIGTEST_IS_ERR(s))
#define MIGTEST_RES(s)		(MIGTEST_HAS(s, MIGTEST_S_RES) && !MIGTEST_IS_ERR(s))
/* NDMA: no DMA or interrupts; !RUNNING: none either */
#define MIGTEST_DMA(s)		(MIGTEST_HAS(s, MIGTEST_S_RUN) && \
				 !MIGTEST_HAS(s, MIGTEST_S_NDMA))

/* one work bit when predicate p goes from false (f) to true (t) */
#define MIGTEST_EDGE(p, f, t, w)	((!p(f) && p(t)) ? (w) : 0)
#define MIGTEST_RUN(s)		MIGTEST_HAS(s, MIGTEST_S_RUN)
#define MIGTEST_NRUN(s)		(!MIGTEST_RUN(s))
#define MIGTEST_NDMA_(s)	(!MIGTEST_DMA(s))
#define MIGTEST_NSAV(s)		(!MIGTEST_SAV(s))
#define MIGTEST_NRES(s)		(!MIGTEST_RES(s))

#define MIGTEST_WORK(f, t)						\
	(MIGTEST_EDGE(MIGTEST_NRUN, f, t, MIGTEST_W_STOP) |		\
	 MIGTEST_EDGE(MIGTEST_RUN, f, t, MIGTEST_W_RUN) |		\
	 MIGTEST_EDGE(MIGTEST_NDMA_, f, t, MIGTEST_W_QUIESCE) |		\
	 MIGTEST_EDGE(MIGTEST_DMA, f, t, MIGTEST_W_UNQUIESCE) |		\
	 MIGTEST_EDGE(MIGTEST_SAV, f, t, MIGTEST_W_SAVE_OPEN) |		\
	 MIGTEST_EDGE(MIGTEST_NSAV, f, t, MIGTEST_W_SAVE_CLOSE) |	\
	 MIGTEST_EDGE(MIGTEST_RES, f, t, MIGTEST_W_RESUME_OPEN) |	\
	 MIGTEST_EDGE(MIGTEST_NRES, f, t, MIGTEST_W_RESUME_CLOSE))

#define MIGTEST_ROW(f) {						\
	MIGTEST_WORK(f, 0x0), MIGTEST_WORK(f, 0x1), MIGTEST_WORK(f, 0x2), \
	MIGTEST_WORK(f, 0x3), MIGTEST_WORK(f, 0x4), MIGTEST_WORK(f, 0x5), \
	MIGTEST_WORK(f, 0x6), MIGTEST_WORK(f, 0x7), MIGTEST_WORK(f, 0x8), \
	MIGTEST_WORK(f, 0x9), MIGTEST_WORK(f, 0xa), MIGTEST_WORK(f, 0xb), \
	MIGTEST_WORK(f, 0xc), MIGTEST_WORK(f, 0xd), MIGTEST_WORK(f, 0xe), \
	MIGTEST_WORK(f, 0xf) }

/* row: current device_state, column: requested; value: MIGTEST_W_* to do */
const u8 migtest_work[MIGTEST_NSTATES][MIGTEST_NSTATES] = {
	MIGTEST_ROW(0x0), MIGTEST_ROW(0x1), MIGTEST_ROW(0x2), MIGTEST_ROW(0x3),
	MIGTEST_ROW(0x4), MIGTEST_ROW(0x5), MIGTEST_ROW(0x6), MIGTEST_ROW(0x7),
	MIGTEST_ROW(0x8), MIGTEST_ROW(0x9), MIGTEST_ROW(0xa), MIGTEST_ROW(0xb),
	MIGTEST_ROW(0xc), MIGTEST_ROW(0xd), MIGTEST_ROW(0xe), MIGTEST_ROW(0xf),
};

static const char * const migtest_state_names[MIGTEST_NSTATES] = {
	[0x0] = "STOP",
	[0x1] = "RUNNING",
	[0x2] = "SAVING",
	[0x3] = "RUNNING|SAVING",
	[0x4] = "RESUMING",
	[0x5] = "RUNNING|RESUMING",
	[0x6] = "ERROR",
	[0x7] = "RUNNING|SAVING|RESUMING",
	[0x8] = "NDMA",
	[0x9] = "RUNNING|NDMA",
	[0xa] = "SAVING|NDMA",
	[0xb] = "RUNNING|SAVING|NDMA",
	[0xc] = "RESUMING|NDMA",
	[0xd] = "RUNNING|RESUMING|NDMA",
	[0xe] = "SAVING|RESUMING|NDMA",
	[0xf] = "RUNNING|SAVING|RESUMING|NDMA",
};

/**
 * migtest_state_is_valid() - may device_state hold this value
 * @state: a device_state value
 *
 * VFIO_DEVICE_STATE_VALID of the RFC, restricted to the defined bits: bits
 * 31:4 are reserved, so no state with one of them set is reachable.
 *
 * Return: true for a valid state.
 */
bool migtest_state_is_valid(u32 state)
{
	if (state & ~MIGTEST_DEVICE_STATE_MASK)
		return false;
	return MIGTEST_DEVICE_STATE_VALID(state);
}

/**
 * migtest_dma_allowed_in() - may the device DMA or interrupt in this state
 * @state: a valid device_state value
 *
 * Return: true when RUNNING is set and NDMA is not.
 */
bool migtest_dma_allowed_in(u32 state)
{
	return MIGTEST_DMA(state);
}

/**
 * migtest_state_name() - printable name of a device_state value
 * @state: any u32; validated before it indexes the table
 *
 * Return: a static string.
 */
const char *migtest_state_name(u32 state)
{
	if (state & ~MIGTEST_DEVICE_STATE_MASK)
		return "reserved-bits";
	return migtest_state_names[state];
}
