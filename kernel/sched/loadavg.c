/*
 * Load averages, as Linux defines them: every 5 seconds the number of
 * runnable tasks feeds three exponentially decaying averages (1, 5 and 15
 * minutes), in fixed point with 11 fraction bits. Mica has no periodic
 * tick, so the averages are brought up to date when they are read: the
 * 5-second steps since the last read are applied with the count seen now
 * (Linux's NO_HZ catch-up does the same over idle periods).
 */
#include <kernel/sched.h>
#include <core/cpu.h>

#define FSHIFT 11
#define FIXED_1 (1UL << FSHIFT)
#define LOAD_FREQ_NS (5 * NSEC_PER_SEC)
/* FIXED_1 * exp(-5s / 1, 5, 15 min) */
static const unsigned long load_exp[3] = { 1884, 2014, 2037 };
#define MAX_STEPS 2048	/* after this many steps the old value is gone anyway */

static DEFINE_SPINLOCK(loadavg_lock);
static unsigned long avenrun[3];	/* [loadavg_lock] */
static u64 last_ns;			/* [loadavg_lock] time of the last step */

static unsigned long decay(unsigned long load, unsigned long exp, unsigned long active)
{
	unsigned long next = load * exp + active * (FIXED_1 - exp);

	if (active >= load)
		next += FIXED_1 - 1;	/* round up while rising, as Linux does */
	return next / FIXED_1;
}

void sched_loadavg(unsigned long out[3])
{
	unsigned long active = 0;
	u64 now = clock_ns(), steps;

	for_each_online_cpu(c)
		active += sched_nr_queued(c) + (sched_cpu_busy(c) ? 1 : 0);
	if (active)
		active--;	/* the reader itself */
	active *= FIXED_1;
	spin_lock(&loadavg_lock);
	steps = (now - last_ns) / LOAD_FREQ_NS;
	if (steps) {
		last_ns += steps * LOAD_FREQ_NS;
		for (u64 i = 0; i < MIN(steps, (u64)MAX_STEPS); i++)
			for (int k = 0; k < 3; k++)
				avenrun[k] = decay(avenrun[k], load_exp[k], active);
	}
	for (int k = 0; k < 3; k++)
		out[k] = avenrun[k];
	spin_unlock(&loadavg_lock);
}
