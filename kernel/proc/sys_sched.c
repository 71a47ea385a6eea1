/*
 * Priorities and scheduling policies: getpriority/setpriority and the
 * sched_* calls, with Linux's checks. The values are stored per process
 * (struct proc_attrs) and inherited by fork; Mica's scheduler is
 * round-robin for everyone and does not act on them yet.
 *
 * A pid here may name any thread, as on Linux; the values it reads or
 * sets are its process's (Linux keeps them per thread).
 * Root (effective uid 0) stands for CAP_SYS_NICE.
 */
#include <kernel/syscall.h>
#include <kernel/proc.h>
#include <kernel/cred.h>
#include <core/clock.h>
#include <mica/errno.h>

#define PRIO_PROCESS 0
#define PRIO_PGRP 1
#define PRIO_USER 2
#define NICE_MIN (-20)
#define NICE_MAX 19

#define SCHED_OTHER 0
#define SCHED_FIFO 1
#define SCHED_RR 2
#define SCHED_BATCH 3
#define SCHED_IDLE 5
#define SCHED_DEADLINE 6
#define SCHED_RESET_ON_FORK 0x40000000
#define RT_PRIO_MAX 99
#define RR_TIMESLICE_NS (100 * NSEC_PER_MSEC)	/* Linux's sched_rr_timeslice_ms */

static bool rt_policy(int policy)
{
	return policy == SCHED_FIFO || policy == SCHED_RR;
}

/* Linux's can_nice: may p's nice become nice under RLIMIT_NICE (20 - nice)? */
static bool can_nice(struct process *p, int nice)
{
	return (u64)(20 - nice) <= p->rlim[RLIMIT_NICE].cur || capable_root();
}

/* May the caller change p's priority (its effective uid is p's real or
 * effective uid)? Linux's set_one_prio_perm and check_same_owner. */
static bool same_owner(struct process *p)
{
	const struct cred *me = current_cred();

	return capable_root() || me->euid == p->cred.uid || me->euid == p->cred.euid;
}

/* The process of thread tid (its first thread's tid is the pid), or NULL.
 * proc_tree_lock held. */
static struct process *process_of_tid(int tid)
{
	struct task *t = tid > 0 ? task_find(tid) : NULL;

	return t ? t->proc : NULL;
}

/* getpriority/setpriority over the processes that which and who name. */
struct prio_walk {
	int which, who;		/* who resolved (not 0) */
	struct process *target;	/* PRIO_PROCESS: the process of thread who */
	bool set;
	int nice;		/* set: the new value */
	long ret;		/* get: highest 20 - nice; set: 0 or -errno; -ESRCH: none */
};

static bool prio_match(struct process *p, const struct prio_walk *w)
{
	switch (w->which) {
	case PRIO_PROCESS:
		return p == w->target;
	case PRIO_PGRP:
		return p->pgid == w->who;
	default:
		return p->cred.uid == (u32)w->who;
	}
}

/* Linux's set_one_prio: a refusal sticks, a success only replaces -ESRCH. */
static void prio_visit(struct process *p, void *arg)
{
	struct prio_walk *w = arg;

	if (!prio_match(p, w))
		return;
	if (!w->set) {
		w->ret = MAX(w->ret, (long)(20 - p->attrs.nice));	/* 1..40, never negative */
	} else if (!same_owner(p)) {
		w->ret = -EPERM;
	} else if (w->nice < p->attrs.nice && !can_nice(p, w->nice)) {
		w->ret = -EACCES;
	} else {
		p->attrs.nice = w->nice;
		if (w->ret == -ESRCH)
			w->ret = 0;
	}
}

/* who 0 means the caller's own process, group or real uid. */
static int prio_who(int which, int who)
{
	if (who)
		return who;
	switch (which) {
	case PRIO_PROCESS:
		return current_process()->pid;
	case PRIO_PGRP:
		return current_process()->pgid;
	default:
		return (int)current_cred()->uid;
	}
}

static long prio_walk(int which, int who, bool set, int nice)
{
	struct prio_walk w = { .which = which, .set = set, .nice = nice, .ret = -ESRCH };

	if (which < PRIO_PROCESS || which > PRIO_USER)
		return -EINVAL;
	spin_lock(&proc_tree_lock);
	w.who = prio_who(which, who);
	if (which == PRIO_PROCESS) {
		w.target = process_of_tid(w.who);
		if (w.target)
			prio_visit(w.target, &w);
	} else {
		proc_for_each(prio_visit, &w);
	}
	spin_unlock(&proc_tree_lock);
	return w.ret;
}

SYSCALL_DEFINE2(getpriority, int, which, int, who)
{
	return prio_walk(which, who, false, 0);
}

SYSCALL_DEFINE3(setpriority, int, which, int, who, int, nice)
{
	return prio_walk(which, who, true, MIN(MAX(nice, NICE_MIN), NICE_MAX));
}

/* The process of thread pid (0: the caller); proc_tree_lock held. */
static struct process *sched_find(int pid)
{
	return pid ? process_of_tid(pid) : current_process();
}

/*
 * Linux's __sched_setscheduler checks for p taking policy (with the
 * reset-on-fork bit) and priority. proc_tree_lock held.
 */
static long sched_check(struct process *p, int policy, bool reset, u32 prio)
{
	if (policy != SCHED_OTHER && policy != SCHED_BATCH && policy != SCHED_IDLE &&
	    !rt_policy(policy) && policy != SCHED_DEADLINE)
		return -EINVAL;
	if (prio > RT_PRIO_MAX || rt_policy(policy) != (prio != 0) || policy == SCHED_DEADLINE)
		return -EINVAL;	/* a deadline task needs sched_setattr's parameters */
	if (capable_root())
		return 0;
	if (rt_policy(policy)) {
		u64 rlim = p->rlim[RLIMIT_RTPRIO].cur;

		if (policy != p->attrs.policy && !rlim)
			return -EPERM;
		if (prio > (u32)p->attrs.rt_priority && prio > rlim)
			return -EPERM;
	}
	/* Leaving SCHED_IDLE is like lowering nice. */
	if (p->attrs.policy == SCHED_IDLE && policy != SCHED_IDLE && !can_nice(p, p->attrs.nice))
		return -EPERM;
	if (!same_owner(p))
		return -EPERM;
	if (p->attrs.reset_on_fork && !reset)
		return -EPERM;
	return 0;
}

/* sched_setscheduler (policy >= 0) and sched_setparam (policy -1: keep). */
static long sched_set(int pid, int policy, uptr_t uparam)
{
	struct process *p;
	bool reset;
	int prio;
	long err;

	if (!uparam || pid < 0)
		return -EINVAL;
	if (get_user(prio, uparam))
		return -EFAULT;
	spin_lock(&proc_tree_lock);
	p = sched_find(pid);
	if (!p) {
		spin_unlock(&proc_tree_lock);
		return -ESRCH;
	}
	if (policy < 0) {
		policy = p->attrs.policy;
		reset = p->attrs.reset_on_fork;
	} else {
		reset = policy & SCHED_RESET_ON_FORK;
		policy &= ~SCHED_RESET_ON_FORK;
	}
	err = sched_check(p, policy, reset, (u32)prio);
	if (!err) {
		p->attrs.policy = policy;
		p->attrs.rt_priority = prio;
		p->attrs.reset_on_fork = reset;
	}
	spin_unlock(&proc_tree_lock);
	return err;
}

SYSCALL_DEFINE3(sched_setscheduler, int, pid, int, policy, uptr_t, param)
{
	if (policy < 0)
		return -EINVAL;
	return sched_set(pid, policy, param);
}

SYSCALL_DEFINE2(sched_setparam, int, pid, uptr_t, param)
{
	return sched_set(pid, -1, param);
}

SYSCALL_DEFINE1(sched_getscheduler, int, pid)
{
	struct process *p;
	long ret;

	if (pid < 0)
		return -EINVAL;
	spin_lock(&proc_tree_lock);
	p = sched_find(pid);
	ret = !p ? -ESRCH : p->attrs.policy | (p->attrs.reset_on_fork ? SCHED_RESET_ON_FORK : 0);
	spin_unlock(&proc_tree_lock);
	return ret;
}

SYSCALL_DEFINE2(sched_getparam, int, pid, uptr_t, param)
{
	struct process *p;
	int prio = 0;

	if (!param || pid < 0)
		return -EINVAL;
	spin_lock(&proc_tree_lock);
	p = sched_find(pid);
	if (p)
		prio = p->attrs.rt_priority;
	spin_unlock(&proc_tree_lock);
	if (!p)
		return -ESRCH;
	return put_user(prio, param) ? -EFAULT : 0;
}

SYSCALL_DEFINE1(sched_get_priority_max, int, policy)
{
	if (rt_policy(policy))
		return RT_PRIO_MAX;
	if (policy == SCHED_OTHER || policy == SCHED_BATCH || policy == SCHED_IDLE ||
	    policy == SCHED_DEADLINE)
		return 0;
	return -EINVAL;
}

SYSCALL_DEFINE1(sched_get_priority_min, int, policy)
{
	if (rt_policy(policy))
		return 1;
	if (policy == SCHED_OTHER || policy == SCHED_BATCH || policy == SCHED_IDLE ||
	    policy == SCHED_DEADLINE)
		return 0;
	return -EINVAL;
}

SYSCALL_DEFINE2(sched_rr_get_interval, int, pid, uptr_t, interval)
{
	struct process *p;
	struct timespec64 ts;
	u64 ns = 0;

	if (pid < 0)
		return -EINVAL;
	spin_lock(&proc_tree_lock);
	p = sched_find(pid);
	if (p && p->attrs.policy == SCHED_RR)
		ns = RR_TIMESLICE_NS;
	else if (p && p->attrs.policy != SCHED_FIFO)
		ns = SCHED_SLICE_NS;	/* the round-robin slice everyone gets */
	spin_unlock(&proc_tree_lock);
	if (!p)
		return -ESRCH;
	ts.sec = (s64)(ns / NSEC_PER_SEC);
	ts.nsec = (long)(ns % NSEC_PER_SEC);
	return copy_to_user(interval, &ts, sizeof(ts)) ? -EFAULT : 0;
}
