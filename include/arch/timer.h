/* The per-CPU clock: a free-running counter and a one-shot compare. */
#ifndef ARCH_TIMER_H
#define ARCH_TIMER_H

#include <mica/types.h>

static inline u64 arch_clock_read(void);	/* counter ticks since reset */
void arch_timer_program(u64 deadline);		/* one-shot interrupt at deadline */
void arch_timer_cancel(void);			/* no timer interrupt on this CPU */

#include <asm/timer.h>

#endif
