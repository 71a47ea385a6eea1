/*
 * CPU time accounting. The scheduler counts each task's time on a CPU
 * (task.runtime_ns); the arch trap code marks every return to user mode
 * and every entry from it, so the stretches spent in user mode add up to
 * the user time, and the rest of the runtime is system time. Exited
 * threads fold their times into their process, and reaped children into
 * their parent. times(2) and getrusage(2) report these.
 */
#include <kernel/time.h>
#include <kernel/entry.h>
#include <kernel/signal.h>
#include <kernel/proc.h>
#include <kernel/syscall.h>
#include <core/panic.h>
#include <core/mm.h>
#include <lib/string.h>

/* The task's own updates, bracketed for readers on other CPUs (a seqcount). */
static void cputime_write_begin(struct task *t)
{
	WRITE_ONCE(t->cputime_seq, t->cputime_seq + 1);
	smp_wmb();
}

static void cputime_write_end(struct task *t)
{
	smp_wmb();
	WRITE_ONCE(t->cputime_seq, t->cputime_seq + 1);
}

void cputime_enter_kernel(void)
{
	struct task *t = current;

	if (t->in_user) {
		cputime_write_begin(t);
		t->utime_ns += clock_ns() - t->user_entered_ns;
		t->in_user = false;
		cputime_write_end(t);
	}
}

void cputime_return_user(void)
{
	struct task *t = current;

	cputime_write_begin(t);
	t->user_entered_ns = clock_ns();
	t->in_user = true;
	cputime_write_end(t);
}

/* t's user time now: what it has banked, plus its current stretch in user
 * mode if it runs there on another CPU. */
static u64 task_utime(struct task *t)
{
	unsigned int seq;
	u64 user;

	if (t == current)
		return t->utime_ns;
	for (;;) {
		seq = READ_ONCE(t->cputime_seq);
		smp_rmb();
		if (!(seq & 1)) {
			user = READ_ONCE(t->utime_ns);
			if (READ_ONCE(t->in_user)) {
				u64 since = READ_ONCE(t->user_entered_ns), now = clock_ns();

				user += now > since ? now - since : 0;
			}
			smp_rmb();
			if (READ_ONCE(t->cputime_seq) == seq)
				return user;
		}
		cpu_relax();
	}
}

void task_cputime(struct task *t, u64 *utime_ns, u64 *stime_ns)
{
	u64 run = task_sched_runtime(t);
	u64 user = task_utime(t);

	/* Read after run, the user time may be ahead by the gap: clamp. */
	if (user > run)
		user = run;
	*utime_ns = user;
	*stime_ns = run - user;
}

/*
 * The thread list and the exited threads' sum change together under the
 * sighand lock (unlink_thread), so one look under it sees every thread
 * exactly once and the sum never goes back.
 */
void process_cputime(struct process *p, u64 *utime_ns, u64 *stime_ns)
{
	struct sighand *sh = p->sighand;
	unsigned long flags = 0;
	struct task *t;
	u64 u, s;

	if (sh)
		flags = spin_lock_irqsave(&sh->lock);
	*utime_ns = p->dead_utime_ns;
	*stime_ns = p->dead_stime_ns;
	list_for_each_entry(t, &p->threads, thread_link) {
		task_cputime(t, &u, &s);
		*utime_ns += u;
		*stime_ns += s;
	}
	if (sh)
		spin_unlock_irqrestore(&sh->lock, flags);
}

void process_account_exit_locked(struct process *p, struct task *t)
{
	u64 u, s;

	assert_spin_locked(&p->sighand->lock);
	task_cputime(t, &u, &s);
	p->dead_utime_ns += u;
	p->dead_stime_ns += s;
}

/* struct rusage (asm-generic, 64-bit): two timevals and 14 longs. */
struct krusage {
	struct { s64 sec, usec; } utime, stime;
	long maxrss;
	long rest[13];
};

int rusage_put(uptr_t u, u64 utime_ns, u64 stime_ns, unsigned long maxrss_pages)
{
	struct krusage ru;

	memset(&ru, 0, sizeof(ru));
	ru.utime.sec = (s64)(utime_ns / NSEC_PER_SEC);
	ru.utime.usec = (s64)(utime_ns % NSEC_PER_SEC / NSEC_PER_USEC);
	ru.stime.sec = (s64)(stime_ns / NSEC_PER_SEC);
	ru.stime.usec = (s64)(stime_ns % NSEC_PER_SEC / NSEC_PER_USEC);
	ru.maxrss = (long)(maxrss_pages * (PAGE_SIZE / 1024));	/* KiB */
	return copy_to_user(u, &ru, sizeof(ru)) ? -EFAULT : 0;
}

#define RUSAGE_SELF 0
#define RUSAGE_CHILDREN (-1)
#define RUSAGE_THREAD 1

SYSCALL_DEFINE2(getrusage, int, who, uptr_t, ru)
{
	struct process *p = current_process();
	unsigned long maxrss;
	u64 u, s;

	switch (who) {
	case RUSAGE_SELF:
		process_cputime(p, &u, &s);
		maxrss = current->mm ? READ_ONCE(current->mm->max_rss) : 0;
		break;
	case RUSAGE_THREAD:
		task_cputime(current, &u, &s);
		maxrss = current->mm ? READ_ONCE(current->mm->max_rss) : 0;
		break;
	case RUSAGE_CHILDREN:
		spin_lock(&proc_tree_lock);
		u = p->children_utime_ns;
		s = p->children_stime_ns;
		maxrss = p->children_maxrss;
		spin_unlock(&proc_tree_lock);
		break;
	default:
		return -EINVAL;
	}
	return rusage_put(ru, u, s, maxrss);
}

/* times(2) counts in clock ticks of USER_HZ (100 per second on Linux). */
#define USER_HZ 100
#define NS_TO_CLOCK_T(ns) ((long)((ns) / (NSEC_PER_SEC / USER_HZ)))

SYSCALL_DEFINE1(times, uptr_t, buf)
{
	struct process *p = current_process();
	struct { long utime, stime, cutime, cstime; } tms;
	u64 u, s;

	if (buf) {
		process_cputime(p, &u, &s);
		tms.utime = NS_TO_CLOCK_T(u);
		tms.stime = NS_TO_CLOCK_T(s);
		spin_lock(&proc_tree_lock);
		tms.cutime = NS_TO_CLOCK_T(p->children_utime_ns);
		tms.cstime = NS_TO_CLOCK_T(p->children_stime_ns);
		spin_unlock(&proc_tree_lock);
		if (copy_to_user(buf, &tms, sizeof(tms)))
			return -EFAULT;
	}
	/* Ticks since an arbitrary point (here boot): only differences count. */
	return NS_TO_CLOCK_T(clock_ns());
}
