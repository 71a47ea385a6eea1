/*
 * One-shot and periodic timers on CLOCK_MONOTONIC, built on the core's
 * per-CPU timers, for the interval timers, POSIX timers and timerfds.
 * The owner's lock guards expires and interval; see include/kernel/time.h.
 *
 * Timers armed for an absolute wall-clock time sit on realtime_timers
 * (rt_lock, taken inside the owner's lock): when the wall clock is set,
 * each is made to fire at once, and its callback, under the owner's lock,
 * converts the wall-clock expiry again and either expires or re-arms.
 */
#include <kernel/time.h>

#define KTIMER_MIN_REARM_NS (50 * NSEC_PER_USEC)

static DEFINE_SPINLOCK(rt_lock);
static LIST_HEAD(realtime_timers);

void ktimer_init(struct ktimer *k, void (*fn)(struct timer *))
{
	timer_init(&k->timer, fn);
	k->expires = 0;
	k->interval = 0;
	k->real_expires = 0;
	INIT_LIST_HEAD(&k->rt_link);
}

void list_membership_set(spinlock_t *lock, struct list_head *node, struct list_head *head,
			 bool on)
{
	unsigned long flags = spin_lock_irqsave(lock);

	if (on && list_empty(node))
		list_add_tail(node, head);
	else if (!on && !list_empty(node))
		list_del_init(node);
	spin_unlock_irqrestore(lock, flags);
}

/* Put k on the wall-clock list or take it off. Owner's lock held. */
static void realtime_list_update(struct ktimer *k, bool on)
{
	list_membership_set(&rt_lock, &k->rt_link, &realtime_timers, on);
}

static bool clock_is_wall(int clock)
{
	return clock == CLOCK_REALTIME || clock == CLOCK_REALTIME_ALARM || clock == CLOCK_TAI;
}

void ktimer_start_abs(struct ktimer *k, int clock, u64 value, u64 interval)
{
	ktimer_start(k, clock_to_monotonic(clock, value), interval);
	if (clock_is_wall(clock)) {
		k->real_expires = value;
		realtime_list_update(k, true);
	}
}

void ktimer_clock_was_set(void)
{
	unsigned long flags = spin_lock_irqsave(&rt_lock);
	struct ktimer *k;

	list_for_each_entry(k, &realtime_timers, rt_link)
		timer_arm(&k->timer, clock_ticks());
	spin_unlock_irqrestore(&rt_lock, flags);
}

void ktimer_start(struct ktimer *k, u64 expires, u64 interval)
{
	if (k->real_expires) {
		k->real_expires = 0;
		realtime_list_update(k, false);
	}
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

	if (k->expires && k->real_expires)	/* the wall clock may have moved */
		k->expires = clock_to_monotonic(CLOCK_REALTIME, k->real_expires);
	if (!k->expires || now < k->expires) {
		/* Stale (re-set or disarmed meanwhile): keep a later expiry armed. */
		if (k->expires && !timer_pending(&k->timer))
			timer_arm(&k->timer, ns_to_ticks(k->expires));
		return 0;
	}
	if (!k->interval) {
		k->expires = 0;
		if (k->real_expires) {
			k->real_expires = 0;
			realtime_list_update(k, false);
		}
		return 1;
	}
	n = (now - k->expires) / k->interval + 1;
	k->expires += n * k->interval;
	if (k->real_expires)
		k->real_expires += n * k->interval;
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
	if (clock_is_wall(clock)) {
		u64 offset = clock_realtime_ns() - clock_ns();

		return ns > offset ? ns - offset : 1;
	}
	return ns ? ns : 1;	/* BOOTTIME equals MONOTONIC: no suspend */
}
