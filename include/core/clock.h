/*
 * Time and per-CPU one-shot timers. A CPU's hardware timer is programmed
 * only for its earliest pending timer, and left off when none is pending.
 * Callbacks run in interrupt context on the timer's CPU, without locks.
 */
#ifndef CORE_CLOCK_H
#define CORE_CLOCK_H

#include <mica/types.h>
#include <lib/rbtree.h>

#define NSEC_PER_SEC 1000000000ULL
#define NSEC_PER_MSEC 1000000ULL
#define NSEC_PER_USEC 1000ULL

struct timer_base;

struct timer {
	struct rb_node node;
	u64 expires;			/* clock ticks */
	void (*fn)(struct timer *t);
	struct timer_base *base;	/* base it is queued on, or last ran on */
	bool queued;
};

extern u64 clock_freq;	/* ticks per second */

u64 clock_ticks(void);
/* Wall-clock time: nanoseconds since the Unix epoch (boot counts as 0
 * until an RTC driver calls clock_set_realtime). */
u64 clock_realtime_ns(void);
void clock_set_realtime(u64 ns_since_epoch);
u64 clock_ns(void);
u64 ns_to_ticks(u64 ns);
u64 ticks_to_ns(u64 ticks);

void timer_init(struct timer *t, void (*fn)(struct timer *));
/* Queue (or move) t to fire at expires ticks on this CPU / on cpu. */
void timer_arm(struct timer *t, u64 expires);
void timer_arm_on(struct timer *t, u64 expires, unsigned int cpu);
/* Dequeue t; true if it was queued. Does not wait for a running callback. */
bool timer_cancel(struct timer *t);
/* Dequeue t and wait until its callback is not running anywhere. */
void timer_cancel_sync(struct timer *t);
bool timer_pending(const struct timer *t);

void clock_init(u64 freq);
void clock_cpu_init(unsigned int cpu);
void clock_handle_irq(void);		/* timer interrupt */
void clock_reprogram(void);		/* IPI: this CPU's earliest timer changed */
unsigned long clock_armed_count(unsigned int cpu);	/* timers queued on cpu */

#endif
