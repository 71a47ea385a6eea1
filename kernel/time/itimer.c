/*
 * Interval timers (setitimer, getitimer): ITIMER_REAL counts wall time
 * and sends SIGALRM, ITIMER_VIRTUAL counts the process's user time and
 * sends SIGVTALRM, ITIMER_PROF its user and system time and sends
 * SIGPROF. They belong to the process, survive exec and are not
 * inherited across fork. alarm(2) is not in riscv64's table: the C
 * libraries build it on setitimer.
 */
#include <kernel/time.h>
#include <kernel/proc.h>
#include <kernel/signal.h>
#include <kernel/syscall.h>
#include <core/kmalloc.h>

#define ITIMER_REAL 0
#define ITIMER_VIRTUAL 1
#define ITIMER_PROF 2
#ifndef SIGVTALRM	/* asm-generic numbers, until signal_numbers.h has them all */
#define SIGVTALRM 26
#define SIGPROF 27
#endif

struct ktimeval {
	s64 tv_sec, tv_usec;
};

struct kitimerval {
	struct ktimeval it_interval, it_value;
};

/* ITIMER_VIRTUAL / ITIMER_PROF: a CPU timer that signals its process. */
struct cpu_itimer {
	struct cpu_timer ct;
	struct process *proc;
	int sig;
};

static void real_fire(struct timer *timer)
{
	struct process *p = container_of(timer, struct process, timers.real.timer);
	unsigned long flags = spin_lock_irqsave(&p->timers.lock);
	u64 n = ktimer_expired(&p->timers.real);

	spin_unlock_irqrestore(&p->timers.lock, flags);
	if (n)
		signal_send_kernel(p, SIGALRM);	/* Linux: one signal, SI_KERNEL */
}

static void cpu_itimer_fire(struct cpu_timer *ct, u64 n)
{
	struct cpu_itimer *it = container_of(ct, struct cpu_itimer, ct);

	if (n)
		signal_send_kernel(it->proc, it->sig);
}

void proc_timers_init(struct process *p)
{
	spin_lock_init(&p->timers.lock, "process_timers.lock");
	ktimer_init(&p->timers.real, real_fire);
	INIT_LIST_HEAD(&p->timers.posix);
	mutex_init(&p->timers.posix_lock, "process_timers.posix_lock");
}

void proc_timers_exit(struct process *p)
{
	unsigned long flags = spin_lock_irqsave(&p->timers.lock);

	ktimer_start(&p->timers.real, 0, 0);
	spin_unlock_irqrestore(&p->timers.lock, flags);
	timer_cancel_sync(&p->timers.real.timer);
	for (int i = 0; i < 2; i++) {
		struct cpu_timer *ct = p->timers.cpu[i];

		if (ct) {
			cpu_timer_release(ct);
			kfree(container_of(ct, struct cpu_itimer, ct));
			p->timers.cpu[i] = NULL;
		}
	}
	proc_timers_exec(p);
}

static struct ktimeval ns_to_timeval(u64 ns)
{
	/* A running timer never reads as 0 (disarmed): round up to 1 us. */
	return (struct ktimeval){ (s64)(ns / NSEC_PER_SEC),
				  (s64)DIV_ROUND_UP(ns % NSEC_PER_SEC, NSEC_PER_USEC) };
}

static struct kitimerval itimerval_of(u64 value, u64 interval)
{
	struct kitimerval v = { ns_to_timeval(interval), ns_to_timeval(value) };

	for (int i = 0; i < 2; i++) {
		struct ktimeval *tv = i ? &v.it_value : &v.it_interval;

		if (tv->tv_usec == 1000000) {
			tv->tv_sec++;
			tv->tv_usec = 0;
		}
	}
	return v;
}

/* The CPU itimer of process p for which (1 or 2), made on first use. */
static struct cpu_timer *cpu_itimer_get(struct process *p, int which)
{
	struct cpu_itimer *it;
	unsigned long flags;
	struct cpu_timer *ct = READ_ONCE(p->timers.cpu[which - 1]);

	if (ct)
		return ct;
	it = kzalloc(sizeof(*it));
	if (!it)
		return NULL;
	it->proc = p;
	it->sig = which == ITIMER_VIRTUAL ? SIGVTALRM : SIGPROF;
	if (cpu_timer_init(&it->ct, MAKE_PROCESS_CPUCLOCK(0, which == ITIMER_VIRTUAL ?
			   CPUCLOCK_VIRT : CPUCLOCK_PROF), cpu_itimer_fire)) {
		kfree(it);
		return NULL;
	}
	flags = spin_lock_irqsave(&p->timers.lock);
	ct = p->timers.cpu[which - 1];
	if (!ct)
		WRITE_ONCE(p->timers.cpu[which - 1], ct = &it->ct);
	spin_unlock_irqrestore(&p->timers.lock, flags);
	if (ct != &it->ct) {
		cpu_timer_release(&it->ct);	/* another thread was first */
		kfree(it);
	}
	return ct;
}

/*
 * Set (value != 0 arms, relative ns) and/or read timer which of the
 * caller's process; old gets the previous setting. 0 or -errno.
 */
static int itimer_do(int which, const u64 *value, const u64 *interval, struct kitimerval *old)
{
	struct process *p = current_process();
	u64 oexp = 0, oint = 0, now;

	if (which == ITIMER_REAL) {
		unsigned long flags = spin_lock_irqsave(&p->timers.lock);

		oexp = ktimer_remaining(&p->timers.real);
		oint = p->timers.real.interval;
		if (value)
			ktimer_start(&p->timers.real, *value ? clock_ns() + *value : 0, *interval);
		spin_unlock_irqrestore(&p->timers.lock, flags);
	} else if (which == ITIMER_VIRTUAL || which == ITIMER_PROF) {
		struct cpu_timer *ct = value ? cpu_itimer_get(p, which) :
					   READ_ONCE(p->timers.cpu[which - 1]);

		if (value && !ct)
			return -ENOMEM;
		if (ct) {
			now = cpu_timer_sample(ct);
			if (value)
				cpu_timer_set(ct, *value ? now + *value : 0, *interval, &oexp, &oint);
			else
				cpu_timer_get(ct, &oexp, &oint);
			oexp = !oexp ? 0 : oexp > now ? oexp - now : 1;
		}
	} else {
		return -EINVAL;
	}
	if (old)
		*old = itimerval_of(oexp, oint);
	return 0;
}

SYSCALL_DEFINE2(getitimer, int, which, uptr_t, value)
{
	struct kitimerval old;
	int err = itimer_do(which, NULL, NULL, &old);

	if (err)
		return err;
	return copy_to_user(value, &old, sizeof(old)) ? -EFAULT : 0;
}

static int timeval_to_ns(const struct ktimeval *tv, u64 *ns)
{
	if (tv->tv_sec < 0 || tv->tv_usec < 0 || tv->tv_usec >= 1000000)
		return -EINVAL;
	*ns = tv->tv_sec >= KTIME_SEC_MAX ? KTIME_MAX :
	      (u64)tv->tv_sec * NSEC_PER_SEC + (u64)tv->tv_usec * NSEC_PER_USEC;
	return 0;
}

SYSCALL_DEFINE3(setitimer, int, which, uptr_t, uvalue, uptr_t, uold)
{
	struct kitimerval v = { 0 }, old;
	u64 value = 0, interval = 0;
	int err;

	/* A NULL new value disarms, as Linux has always accepted. */
	if (uvalue && copy_from_user(&v, uvalue, sizeof(v)))
		return -EFAULT;
	err = timeval_to_ns(&v.it_value, &value);
	if (!err)
		err = timeval_to_ns(&v.it_interval, &interval);
	if (!err)
		err = itimer_do(which, &value, &interval, &old);
	if (err)
		return err;
	if (uold && copy_to_user(uold, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}
