/*
 * Timers on CPU clocks (ITIMER_VIRTUAL, ITIMER_PROF, POSIX timers and
 * clock_nanosleep on CPU clocks). CPU time only grows while a thread
 * runs, and Mica has no periodic tick to sample it from, so one kernel
 * thread samples the armed timers: it sleeps until the nearest one could
 * expire at the earliest (its remaining CPU time divided by the number
 * of threads that can be burning it at once), then looks again. A clock
 * that stands still between looks (its threads sleep) is looked at less
 * and less often, up to IDLE_BACKOFF_MAX_NS apart.
 *
 * Lock: cpu_timers_lock (a mutex) guards the list and every cpu_timer's
 * expires, interval and armed; fire() runs with it held, so once
 * cpu_timer_release() returns the timer never fires again.
 */
#include <kernel/time.h>
#include <kernel/proc.h>
#include <core/cpu.h>
#include <mica/err.h>

#define CHECK_MIN_NS (200 * NSEC_PER_USEC)	/* never sample more often */
#define IDLE_BACKOFF_MAX_NS (50 * NSEC_PER_MSEC)	/* a clock at rest: look this seldom */

static struct mutex cpu_timers_lock = MUTEX_INIT(cpu_timers_lock);
static LIST_HEAD(armed_timers);
static struct wait_queue checker_wq = WAIT_QUEUE_INIT(checker_wq);
static struct task *checker;
static bool checker_kick;

int cpu_timer_init(struct cpu_timer *ct, int clock, void (*fire)(struct cpu_timer *, u64))
{
	struct process *p;
	struct task *t;
	int err;

	INIT_LIST_HEAD(&ct->link);
	ct->expires = ct->interval = 0;
	ct->last_sample = ct->backoff = 0;
	ct->armed = false;
	ct->fire = fire;
	spin_lock(&proc_tree_lock);
	err = cpu_clock_target_locked(clock, &p, &t, &ct->type);
	if (!err) {
		ct->pid = p->pid;
		ct->thread = t;
		if (t)
			task_get(t);
	}
	spin_unlock(&proc_tree_lock);
	return err;
}

/*
 * Sample ct's clock: false when its process is gone. *parallel: how many
 * threads may be adding to it at once.
 */
static bool sample(struct cpu_timer *ct, u64 *now, unsigned int *parallel)
{
	struct process *p = NULL;
	bool alive = true;

	spin_lock(&proc_tree_lock);
	if (!ct->thread) {
		p = proc_find(ct->pid);
		alive = p && !p->zombie;
	}
	if (alive) {
		*now = cpu_clock_sample_locked(p, ct->thread, ct->type);
		*parallel = p ? MIN((unsigned int)MAX(p->nr_threads, 1), nr_cpus) : 1;
	}
	spin_unlock(&proc_tree_lock);
	return alive;
}

u64 cpu_timer_sample(struct cpu_timer *ct)
{
	unsigned int par;
	u64 now = 0;

	sample(ct, &now, &par);
	return now;
}

static void disarm_locked(struct cpu_timer *ct)
{
	if (ct->armed)
		list_del_init(&ct->link);
	ct->armed = false;
	ct->expires = ct->interval = 0;
}

/*
 * Fire the first expired timer: true if one fired (the list may have
 * changed). Else *wait is how long nothing can expire. Lock held.
 */
static bool check_once(u64 *wait)
{
	struct cpu_timer *ct;

	*wait = ~0ULL;
	list_for_each_entry(ct, &armed_timers, link) {
		unsigned int par = 1;
		u64 now = 0, n;

		if (!sample(ct, &now, &par)) {
			disarm_locked(ct);
			ct->fire(ct, 0);
			return true;
		}
		if (now < ct->expires) {
			u64 w = (ct->expires - now) / par;

			/* A clock that stood still since the last look (its
			 * threads sleep) is looked at less and less often. */
			if (now == ct->last_sample)
				ct->backoff = MIN(MAX(ct->backoff * 2, CHECK_MIN_NS),
						  IDLE_BACKOFF_MAX_NS);
			else
				ct->backoff = 0;
			ct->last_sample = now;
			*wait = MIN(*wait, MAX(w, ct->backoff));
			continue;
		}
		if (ct->interval) {
			n = (now - ct->expires) / ct->interval + 1;
			ct->expires += n * ct->interval;
		} else {
			n = 1;
			disarm_locked(ct);
		}
		ct->fire(ct, n);
		return true;
	}
	return false;
}

static void checker_main(void *arg)
{
	(void)arg;
	for (;;) {
		u64 wait;

		mutex_lock(&cpu_timers_lock);
		while (check_once(&wait))
			;
		WRITE_ONCE(checker_kick, false);
		mutex_unlock(&cpu_timers_lock);
		if (wait == ~0ULL)
			wait_event(checker_wq, READ_ONCE(checker_kick));
		else
			wait_event_timeout(checker_wq, READ_ONCE(checker_kick),
					   MAX(wait, CHECK_MIN_NS));
	}
}

void cpu_timer_set(struct cpu_timer *ct, u64 expires, u64 interval, u64 *old_expires,
		   u64 *old_interval)
{
	mutex_lock(&cpu_timers_lock);
	if (old_expires)
		*old_expires = ct->expires;
	if (old_interval)
		*old_interval = ct->interval;
	if (!expires) {
		disarm_locked(ct);
	} else {
		ct->expires = expires;
		ct->interval = interval;
		ct->backoff = 0;
		if (!ct->armed)
			list_add_tail(&ct->link, &armed_timers);
		ct->armed = true;
		if (!checker) {
			struct task *t = kthread_run("cputimers", checker_main, NULL);

			if (!IS_ERR(t))
				checker = t;	/* runs for good; its reference stays */
		}
		WRITE_ONCE(checker_kick, true);
		wake_up_all(&checker_wq);
	}
	mutex_unlock(&cpu_timers_lock);
}

void cpu_timer_get(struct cpu_timer *ct, u64 *expires, u64 *interval)
{
	mutex_lock(&cpu_timers_lock);
	*expires = ct->expires;
	*interval = ct->interval;
	mutex_unlock(&cpu_timers_lock);
}

void cpu_timer_release(struct cpu_timer *ct)
{
	mutex_lock(&cpu_timers_lock);
	disarm_locked(ct);
	mutex_unlock(&cpu_timers_lock);
	if (ct->thread)
		task_put(ct->thread);
	ct->thread = NULL;
}
