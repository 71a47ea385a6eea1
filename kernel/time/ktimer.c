/*
 * One-shot and periodic timers on CLOCK_MONOTONIC, built on the core's
 * per-CPU timers, for the interval timers, POSIX timers and timerfds.
 * The owner's lock guards expires and interval; see include/kernel/time.h.
 */
#include <kernel/time.h>

#define KTIMER_MIN_REARM_NS (50 * NSEC_PER_USEC)

void ktimer_init(struct ktimer *k, void (*fn)(struct timer *))
{
	timer_init(&k->timer, fn);
	k->expires = 0;
	k->interval = 0;
}

void ktimer_start(struct ktimer *k, u64 expires, u64 interval)
{
	k->expires = expires;
	k->interval = expires ? interval : 0;
	if (expires)
		timer_arm(&k->timer, ns_to_ticks(expires));
	else
		timer_cancel(&k->timer);
}

u64 ktimer_expired(struct ktimer *k)
{
	u64 now = clock_ns(), n;

	if (!k->expires || now < k->expires) {
		/* Stale (re-set or disarmed meanwhile): keep a later expiry armed. */
		if (k->expires && !timer_pending(&k->timer))
			timer_arm(&k->timer, ns_to_ticks(k->expires));
		return 0;
	}
	if (!k->interval) {
		k->expires = 0;
		return 1;
	}
	n = (now - k->expires) / k->interval + 1;
	k->expires += n * k->interval;
	/* Tiny intervals: count every expiry but take fewer interrupts. */
	timer_arm(&k->timer, ns_to_ticks(MAX(k->expires, now + KTIMER_MIN_REARM_NS)));
	return n;
}

u64 ktimer_remaining(const struct ktimer *k)
{
	u64 now = clock_ns();

	if (!k->expires)
		return 0;
	/* Due but not yet handled: Linux reports a tiny remainder, not zero
	 * (zero would read as disarmed). */
	return k->expires > now ? k->expires - now : 1;
}

u64 clock_to_monotonic(int clock, u64 ns)
{
	if (clock == CLOCK_REALTIME || clock == CLOCK_REALTIME_ALARM || clock == CLOCK_TAI) {
		u64 offset = clock_realtime_ns() - clock_ns();

		return ns > offset ? ns - offset : 1;
	}
	return ns ? ns : 1;	/* BOOTTIME equals MONOTONIC: no suspend */
}
