/*
 * POSIX per-process timers: timer_create, timer_settime, timer_gettime,
 * timer_getoverrun, timer_delete, on CLOCK_REALTIME, MONOTONIC, BOOTTIME,
 * TAI and the CPU clocks, notifying by SIGEV_SIGNAL, SIGEV_THREAD_ID or
 * not at all (SIGEV_NONE). A timer has at most one signal queued: the
 * expiries until the signal code takes it (posix_timer_dequeued) count as
 * overruns, which that signal reports. Timers die at exec and exit.
 *
 * Locks: process_timers.posix_lock (a mutex) serializes the system calls,
 * so a timer they look up stays alive; process_timers.lock (irq-saving)
 * guards the list and every timer's changing fields against the expiry
 * callbacks and the signal code.
 */
#include <kernel/time.h>
#include <kernel/proc.h>
#include <kernel/signal.h>
#include <kernel/syscall.h>
#include <core/kmalloc.h>
#include <kernel/cred.h>
#include <lib/string.h>

#define SIGEV_SIGNAL 0
#define SIGEV_NONE 1
#define SIGEV_THREAD 2
#define SIGEV_THREAD_ID 4
#define DELAYTIMER_MAX 0x7fffffff

/* struct sigevent as a 64-bit Linux lays it out: 64 bytes. */
struct ksigevent {
	u64 sigev_value;
	int sigev_signo;
	int sigev_notify;
	union {
		int tid;
		int pad[12];
	};
};

struct posix_timer {
	struct list_head link;		/* in process_timers.posix */
	int id;				/* [I] */
	int clock;			/* [I] */
	int notify, signo;		/* [I] */
	u64 sigval;			/* [I] */
	struct process *proc;		/* [I] */
	struct task *target;		/* [I] SIGEV_THREAD_ID: the thread (a reference) */
	bool cpu;			/* [I] on a CPU clock: ct, else kt */
	struct ktimer kt;
	struct cpu_timer ct;
	bool queued;			/* its signal waits to be delivered */
	int overrun;			/* expiries since it was queued */
	int overrun_last;		/* what the last delivered signal reported */
};

/* n more expiries: queue the signal, or count overruns while one waits. */
static void posix_timer_expire(struct posix_timer *pt, u64 n)
{
	struct process *p = pt->proc;
	unsigned long flags;
	siginfo_t info;

	if (!n || pt->notify == SIGEV_NONE)
		return;
	flags = spin_lock_irqsave(&p->timers.lock);
	if (pt->queued) {
		pt->overrun = (int)MIN((u64)pt->overrun + n, (u64)DELAYTIMER_MAX);
		spin_unlock_irqrestore(&p->timers.lock, flags);
		return;
	}
	pt->queued = true;
	pt->overrun = (int)MIN(n - 1, (u64)DELAYTIMER_MAX);
	memset(&info, 0, sizeof(info));
	info.si_signo = pt->signo;
	info.si_code = SI_TIMER;
	info.timer.tid = pt->id;
	info.timer.overrun = pt->overrun;
	info.timer.sigval = pt->sigval;
	spin_unlock_irqrestore(&p->timers.lock, flags);
	if (signal_send(p, pt->target, &info)) {
		flags = spin_lock_irqsave(&p->timers.lock);
		pt->queued = false;	/* not queued (ignored, or no room): next expiry tries */
		spin_unlock_irqrestore(&p->timers.lock, flags);
	}
}

static void posix_timer_fire(struct timer *timer)
{
	struct posix_timer *pt = container_of(timer, struct posix_timer, kt.timer);
	unsigned long flags = spin_lock_irqsave(&pt->proc->timers.lock);
	u64 n = ktimer_expired(&pt->kt);

	spin_unlock_irqrestore(&pt->proc->timers.lock, flags);
	posix_timer_expire(pt, n);
}

static void posix_timer_cpu_fire(struct cpu_timer *ct, u64 n)
{
	posix_timer_expire(container_of(ct, struct posix_timer, ct), n);
}

void posix_timer_dequeued(struct process *p, struct siginfo *info)
{
	unsigned long flags = spin_lock_irqsave(&p->timers.lock);
	struct posix_timer *pt;

	list_for_each_entry(pt, &p->timers.posix, link)
		if (pt->id == info->timer.tid) {
			info->timer.overrun = pt->overrun;
			pt->overrun_last = pt->overrun;
			pt->overrun = 0;
			pt->queued = false;
			break;
		}
	spin_unlock_irqrestore(&p->timers.lock, flags);
}

static bool clock_has_timers(int clock)
{
	return clock == CLOCK_REALTIME || clock == CLOCK_MONOTONIC || clock == CLOCK_BOOTTIME ||
	       clock == CLOCK_TAI || clock == CLOCK_REALTIME_ALARM ||
	       clock == CLOCK_BOOTTIME_ALARM || clock_is_cpu(clock);
}

/* Check the notification, as Linux does; the target thread gets a reference. */
static int sigevent_check(struct ksigevent *ev, struct task **target)
{
	*target = NULL;
	switch (ev->sigev_notify) {
	case SIGEV_THREAD_ID: {
		struct task *t = NULL, *it;

		spin_lock(&proc_tree_lock);
		list_for_each_entry(it, &current_process()->threads, thread_link)
			if (it->tid == ev->tid)
				t = it;
		if (t)
			task_get(t);
		spin_unlock(&proc_tree_lock);
		if (!t)
			return -EINVAL;
		*target = t;
	}
		__attribute__((fallthrough));
	case SIGEV_SIGNAL:
	case SIGEV_THREAD:
		if (ev->sigev_signo <= 0 || ev->sigev_signo > NSIG) {
			if (*target)
				task_put(*target);
			return -EINVAL;
		}
		return 0;
	case SIGEV_NONE:
		return 0;
	default:
		return -EINVAL;
	}
}

static void posix_timer_free(struct posix_timer *pt)
{
	if (pt->cpu) {
		cpu_timer_release(&pt->ct);
	} else {
		unsigned long flags = spin_lock_irqsave(&pt->proc->timers.lock);

		ktimer_start(&pt->kt, 0, 0);
		spin_unlock_irqrestore(&pt->proc->timers.lock, flags);
		timer_cancel_sync(&pt->kt.timer);
	}
	if (pt->target)
		task_put(pt->target);
	kfree(pt);
}

SYSCALL_DEFINE3(timer_create, int, clock, uptr_t, uevent, uptr_t, uid)
{
	struct process *p = current_process();
	struct ksigevent ev = { .sigev_signo = SIGALRM, .sigev_notify = SIGEV_SIGNAL };
	struct posix_timer *pt;
	unsigned long flags;
	bool defaults = !uevent;
	u64 now;
	int err;

	if (clock_read(clock, &now))
		return -EINVAL;
	if (!clock_has_timers(clock))
		return -EOPNOTSUPP;	/* Linux: a clock without timers */
	if ((clock == CLOCK_REALTIME_ALARM || clock == CLOCK_BOOTTIME_ALARM) && !capable_root())
		return -EPERM;	/* CAP_WAKE_ALARM */
	if (uevent && copy_from_user(&ev, uevent, sizeof(ev)))
		return -EFAULT;
	pt = kzalloc(sizeof(*pt));
	if (!pt)
		return -EAGAIN;
	err = sigevent_check(&ev, &pt->target);
	if (err)
		goto out_free;
	pt->clock = clock;
	pt->notify = ev.sigev_notify;
	pt->signo = ev.sigev_signo;
	pt->sigval = ev.sigev_value;
	pt->proc = p;
	pt->cpu = clock_is_cpu(clock);
	INIT_LIST_HEAD(&pt->link);
	ktimer_init(&pt->kt, posix_timer_fire);
	if (pt->cpu) {
		err = cpu_timer_init(&pt->ct, clock, posix_timer_cpu_fire);
		if (err)
			goto out_put;
	}
	mutex_lock(&p->timers.posix_lock);
	flags = spin_lock_irqsave(&p->timers.lock);
	pt->id = p->timers.next_id++;
	if (p->timers.next_id < 0)
		p->timers.next_id = 0;
	if (defaults)
		pt->sigval = (u64)pt->id;	/* sigev_value defaults to the timer id */
	list_add_tail(&pt->link, &p->timers.posix);
	spin_unlock_irqrestore(&p->timers.lock, flags);
	if (copy_to_user(uid, &pt->id, sizeof(int))) {
		flags = spin_lock_irqsave(&p->timers.lock);
		list_del(&pt->link);
		spin_unlock_irqrestore(&p->timers.lock, flags);
		posix_timer_free(pt);
		err = -EFAULT;
	}
	mutex_unlock(&p->timers.posix_lock);
	return err;
out_put:
	if (pt->target)
		task_put(pt->target);
out_free:
	kfree(pt);
	return err;
}

/* Timer id of the caller's process, or NULL. timers.lock held. */
static struct posix_timer *posix_timer_find_locked(struct process *p, int id)
{
	struct posix_timer *pt;

	list_for_each_entry(pt, &p->timers.posix, link)
		if (pt->id == id)
			return pt;
	return NULL;
}

/* Remaining time and interval of a wall-clock timer. timers.lock held. */
static void ktimer_read_locked(struct posix_timer *pt, u64 *value, u64 *interval)
{
	/* SIGEV_NONE timers are never armed: move them on by hand. */
	if (pt->notify == SIGEV_NONE && pt->kt.expires && clock_ns() >= pt->kt.expires) {
		if (pt->kt.interval)
			pt->kt.expires += ((clock_ns() - pt->kt.expires) / pt->kt.interval + 1) *
					  pt->kt.interval;
		else
			pt->kt.expires = 0;
	}
	*value = ktimer_remaining(&pt->kt);
	*interval = pt->kt.interval;
}

/*
 * Read and optionally change timer id. new_value/new_interval: ns, relative
 * unless abs; new_value 0 disarms. The old setting goes to value and interval.
 */
static int posix_timer_do(int id, const u64 *new_value, u64 new_interval, bool abs, u64 *value,
			  u64 *interval)
{
	struct process *p = current_process();
	struct posix_timer *pt;
	unsigned long flags;
	u64 now, cpu_exp;

	mutex_lock(&p->timers.posix_lock);
	flags = spin_lock_irqsave(&p->timers.lock);
	pt = posix_timer_find_locked(p, id);
	if (!pt) {
		spin_unlock_irqrestore(&p->timers.lock, flags);
		mutex_unlock(&p->timers.posix_lock);
		return -EINVAL;
	}
	if (new_value)
		pt->overrun = pt->overrun_last = 0;
	if (!pt->cpu) {
		ktimer_read_locked(pt, value, interval);
		if (new_value) {
			u64 exp = 0;

			if (*new_value)
				exp = abs ? clock_to_monotonic(pt->clock, *new_value) :
					    clock_ns() + *new_value;
			if (pt->notify == SIGEV_NONE) {
				pt->kt.expires = exp;
				pt->kt.interval = exp ? new_interval : 0;
			} else if (abs && *new_value) {
				ktimer_start_abs(&pt->kt, pt->clock, *new_value, new_interval);
			} else {
				ktimer_start(&pt->kt, exp, new_interval);
			}
		}
		spin_unlock_irqrestore(&p->timers.lock, flags);
		mutex_unlock(&p->timers.posix_lock);
		return 0;
	}
	/* CPU clocks: the CPU timer code has its own lock. */
	spin_unlock_irqrestore(&p->timers.lock, flags);
	now = cpu_timer_sample(&pt->ct);
	if (new_value) {
		u64 exp = !*new_value ? 0 : abs ? MAX(*new_value, 1) : now + *new_value;

		cpu_timer_set(&pt->ct, exp, new_interval, &cpu_exp, interval);
	} else {
		cpu_timer_get(&pt->ct, &cpu_exp, interval);
	}
	mutex_unlock(&p->timers.posix_lock);
	*value = !cpu_exp ? 0 : cpu_exp > now ? cpu_exp - now : 1;
	return 0;
}

SYSCALL_DEFINE4(timer_settime, int, id, int, flags, uptr_t, unew, uptr_t, uold)
{
	u64 value, interval, oval, oint;
	int err;

	if (!unew)
		return -EINVAL;
	err = itimerspec_get_user(unew, &value, &interval);
	if (!err)
		err = posix_timer_do(id, &value, interval, flags & TIMER_ABSTIME, &oval, &oint);
	if (!err && uold)
		err = itimerspec_put_user(uold, oval, oint);
	return err;
}

SYSCALL_DEFINE2(timer_gettime, int, id, uptr_t, ucur)
{
	u64 value, interval;
	int err = posix_timer_do(id, NULL, 0, false, &value, &interval);

	return err ? err : itimerspec_put_user(ucur, value, interval);
}

SYSCALL_DEFINE1(timer_getoverrun, int, id)
{
	struct process *p = current_process();
	unsigned long flags = spin_lock_irqsave(&p->timers.lock);
	struct posix_timer *pt = posix_timer_find_locked(p, id);
	int ret = pt ? pt->overrun_last : -EINVAL;

	spin_unlock_irqrestore(&p->timers.lock, flags);
	return ret;
}

SYSCALL_DEFINE1(timer_delete, int, id)
{
	struct process *p = current_process();
	struct posix_timer *pt;
	unsigned long flags;

	mutex_lock(&p->timers.posix_lock);
	flags = spin_lock_irqsave(&p->timers.lock);
	pt = posix_timer_find_locked(p, id);
	if (pt)
		list_del(&pt->link);
	spin_unlock_irqrestore(&p->timers.lock, flags);
	if (pt)
		posix_timer_free(pt);
	mutex_unlock(&p->timers.posix_lock);
	return pt ? 0 : -EINVAL;
}

void proc_timers_exec(struct process *p)
{
	mutex_lock(&p->timers.posix_lock);
	for (;;) {
		unsigned long flags = spin_lock_irqsave(&p->timers.lock);
		struct posix_timer *pt = list_first_entry_or_null(&p->timers.posix,
								   struct posix_timer, link);

		if (pt)
			list_del(&pt->link);
		spin_unlock_irqrestore(&p->timers.lock, flags);
		if (!pt)
			break;
		posix_timer_free(pt);
	}
	mutex_unlock(&p->timers.posix_lock);
}
