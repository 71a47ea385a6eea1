/*
 * The signal system calls: handlers, masks, waiting, and sending with
 * kill, tkill, tgkill and the sigqueue family.
 */
#include "signal_internal.h"
#include <kernel/syscall.h>
#include <arch/signal.h>
#include <core/clock.h>
#include <lib/string.h>

#define SIG_BLOCK 0
#define SIG_UNBLOCK 1
#define SIG_SETMASK 2

/* The sa_flags Linux keeps (riscv64 has no SA_RESTORER). */
#define SA_KNOWN (SA_NOCLDSTOP | SA_NOCLDWAIT | SA_SIGINFO | SA_ONSTACK | SA_RESTART | \
		  SA_NODEFER | SA_RESETHAND | SA_EXPOSE_TAGBITS)

SYSCALL_DEFINE4(rt_sigaction, int, sig, uptr_t, uact, uptr_t, uoact, size_t, sigsetsize)
{
	struct process *p = current_process();
	struct sighand *sh = p->sighand;
	struct k_sigaction new, old;
	unsigned long flags;

	if (sigsetsize != sizeof(sigset_t) || !valid_signal(sig))
		return -EINVAL;
	if (uact && (sig == SIGKILL || sig == SIGSTOP))
		return -EINVAL;
	if (uact && copy_from_user(&new, uact, sizeof(new)))
		return -EFAULT;
	flags = spin_lock_irqsave(&sh->lock);
	old = sh->action[sig - 1];
	if (uact) {
		struct task *t;

		new.flags &= SA_KNOWN;
		new.mask &= ~SIG_KERNEL_ONLY;
		sh->action[sig - 1] = new;
		/* POSIX: setting a pending signal to be ignored discards it. */
		if (sig_is_ignored(p, sig)) {
			sigpending_discard(&p->shared_pending, sigmask(sig));
			list_for_each_entry(t, &p->threads, thread_link) {
				sigpending_discard(&t->pending, sigmask(sig));
				recalc_sigpending_locked(t);
			}
		}
	}
	spin_unlock_irqrestore(&sh->lock, flags);
	if (uoact && copy_to_user(uoact, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE4(rt_sigprocmask, int, how, uptr_t, uset, uptr_t, uoset, size_t, sigsetsize)
{
	sigset_t old = current->blocked, set;

	if (sigsetsize != sizeof(sigset_t))
		return -EINVAL;
	if (uset) {
		if (copy_from_user(&set, uset, sizeof(set)))
			return -EFAULT;
		switch (how) {
		case SIG_BLOCK:
			signal_set_blocked(old | set);
			break;
		case SIG_UNBLOCK:
			signal_set_blocked(old & ~set);
			break;
		case SIG_SETMASK:
			signal_set_blocked(set);
			break;
		default:
			return -EINVAL;
		}
	}
	if (uoset && copy_to_user(uoset, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE2(rt_sigpending, uptr_t, uset, size_t, sigsetsize)
{
	struct task *t = current;
	struct sighand *sh = t->proc->sighand;
	unsigned long flags;
	sigset_t set;

	if (sigsetsize > sizeof(sigset_t))
		return -EINVAL;
	flags = spin_lock_irqsave(&sh->lock);
	set = (t->pending.set | t->proc->shared_pending.set) & t->blocked;
	spin_unlock_irqrestore(&sh->lock, flags);
	return copy_to_user(uset, &set, sigsetsize) ? -EFAULT : 0;
}

SYSCALL_DEFINE2(rt_sigsuspend, uptr_t, umask, size_t, sigsetsize)
{
	sigset_t mask;

	if (sigsetsize != sizeof(sigset_t))
		return -EINVAL;
	if (copy_from_user(&mask, umask, sizeof(mask)))
		return -EFAULT;
	signal_set_temp_mask(mask);
	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (signal_pending())
			break;
		schedule();
	}
	set_current_state(TASK_RUNNING);
	return -ERESTARTNOHAND;	/* EINTR once the handler has run */
}

SYSCALL_DEFINE4(rt_sigtimedwait, uptr_t, uthese, uptr_t, uinfo, uptr_t, uts, size_t, sigsetsize)
{
	struct task *t = current;
	struct sighand *sh = t->proc->sighand;
	sigset_t these, saved;
	siginfo_t info;
	unsigned long flags;
	u64 left = ~0ULL;
	int sig;

	if (sigsetsize != sizeof(sigset_t))
		return -EINVAL;
	if (copy_from_user(&these, uthese, sizeof(these)))
		return -EFAULT;
	these &= ~SIG_KERNEL_ONLY;
	if (uts) {
		struct timespec64 ts;

		if (copy_from_user(&ts, uts, sizeof(ts)))
			return -EFAULT;
		if (ts.sec < 0 || ts.nsec < 0 || ts.nsec >= (long)NSEC_PER_SEC)
			return -EINVAL;
		left = (u64)ts.sec * NSEC_PER_SEC + (u64)ts.nsec;
	}
	flags = spin_lock_irqsave(&sh->lock);
	sig = dequeue_signal_locked(t, these, &info);
	if (!sig && left) {
		/* Let the awaited signals wake us while we sleep. */
		saved = t->real_blocked = t->blocked;
		t->blocked &= ~these;
		recalc_sigpending_locked(t);
		set_current_state(TASK_INTERRUPTIBLE);
		spin_unlock_irqrestore(&sh->lock, flags);
		if (!signal_pending())
			left = left == ~0ULL ? (schedule(), ~0ULL) : schedule_timeout(left);
		set_current_state(TASK_RUNNING);
		flags = spin_lock_irqsave(&sh->lock);
		t->blocked = saved;
		t->real_blocked = 0;
		sig = dequeue_signal_locked(t, these, &info);
	}
	spin_unlock_irqrestore(&sh->lock, flags);
	if (!sig)
		return left && signal_pending() ? -EINTR : -EAGAIN;
	if (uinfo && copy_to_user(uinfo, &info, sizeof(info)))
		return -EFAULT;
	return sig;
}

SYSCALL_DEFINE2(sigaltstack, uptr_t, uss, uptr_t, uoss)
{
	struct task *t = current;
	struct {
		uptr_t ss_sp;
		int ss_flags;
		size_t ss_size;
	} ss, oss;
	uptr_t sp = arch_tf_sp(t->user_tf);
	bool on = t->altstack.size && sp > t->altstack.sp && sp - t->altstack.sp <= t->altstack.size;

	memset(&oss, 0, sizeof(oss));
	oss.ss_sp = t->altstack.sp;
	oss.ss_size = t->altstack.size;
	oss.ss_flags = on ? SS_ONSTACK : !t->altstack.size ? SS_DISABLE : 0;
	oss.ss_flags |= t->altstack.flags & SS_AUTODISARM;
	if (uss) {
		int mode;

		if (copy_from_user(&ss, uss, sizeof(ss)))
			return -EFAULT;
		if (on)
			return -EPERM;
		mode = ss.ss_flags & ~SS_AUTODISARM;
		if (mode != SS_DISABLE && mode != SS_ONSTACK && mode != 0)
			return -EINVAL;
		if (mode == SS_DISABLE) {
			t->altstack = (struct stack_t_k){ 0, SS_DISABLE, 0 };
		} else {
			if (ss.ss_size < MINSIGSTKSZ)
				return -ENOMEM;
			t->altstack = (struct stack_t_k){ ss.ss_sp, ss.ss_flags & SS_AUTODISARM,
							  ss.ss_size };
		}
	}
	if (uoss && copy_to_user(uoss, &oss, sizeof(oss)))
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE0(rt_sigreturn)
{
	return signal_return();
}

/* --- sending --- */

/* May the current process signal p? (Linux's kill permission rule.) */
bool signal_may_send(struct process *p, int sig)
{
	const struct cred *me = &current_process()->cred;

	if (p == current_process() || me->euid == 0)
		return true;
	if (me->euid == p->cred.uid || me->euid == p->cred.suid || me->uid == p->cred.uid ||
	    me->uid == p->cred.suid)
		return true;
	return sig == SIGCONT && p->sid == current_process()->sid;
}

static void user_info(siginfo_t *info, int sig, int code)
{
	memset(info, 0, sizeof(*info));
	info->si_signo = sig;
	info->si_code = code;
	info->kill.pid = current_process()->pid;
	info->kill.uid = current_process()->cred.uid;
}

/* Send info to p after the permission check; sig 0 only checks. */
static int send_checked(struct process *p, struct task *t, const siginfo_t *info)
{
	if (!signal_may_send(p, info->si_signo))
		return -EPERM;
	if (!info->si_signo || p->zombie)
		return 0;
	return signal_send(p, t, info);
}

struct group_send {
	const siginfo_t *info;
	int sent, err;
	bool all;	/* kill(-1): skip init and the caller */
	bool kernel;	/* from the kernel (a tty's ^C): no permission check, no caller */
};

static void send_one_of_many(struct process *p, void *arg)
{
	struct group_send *g = arg;
	int err;

	if (g->all && (p->pid == 1 || p == current_process()))
		return;
	if (g->kernel)
		err = p->zombie ? 0 : signal_send(p, NULL, g->info);
	else
		err = send_checked(p, NULL, g->info);
	if (!err)
		g->sent++;
	else
		g->err = err;
}

static long kill_info(int pid, const siginfo_t *info)
{
	struct group_send g = { .info = info, .all = pid == -1 };
	struct process *p;
	long ret;

	spin_lock(&proc_tree_lock);
	if (pid > 0) {
		struct task *t = task_find(pid);

		p = t ? t->proc : NULL;
		ret = p ? send_checked(p, NULL, info) : -ESRCH;
	} else if (pid == -1) {
		proc_for_each(send_one_of_many, &g);
		ret = g.sent ? 0 : g.err ? g.err : -ESRCH;
	} else {
		int pgid = pid ? -pid : current_process()->pgid;

		proc_for_each_in_pgrp(pgid, send_one_of_many, &g);
		ret = g.sent ? 0 : g.err ? g.err : -ESRCH;
	}
	spin_unlock(&proc_tree_lock);
	return ret;
}

SYSCALL_DEFINE2(kill, int, pid, int, sig)
{
	siginfo_t info;

	if (sig < 0 || sig > NSIG)
		return -EINVAL;
	if (pid == INT32_MIN)
		return -ESRCH;
	user_info(&info, sig, SI_USER);
	return kill_info(pid, &info);
}

int signal_send_pgrp(int pgid, const siginfo_t *info)
{
	struct group_send g = { .info = info, .kernel = true };

	spin_lock(&proc_tree_lock);
	proc_for_each_in_pgrp(pgid, send_one_of_many, &g);
	spin_unlock(&proc_tree_lock);
	return g.sent ? g.sent : -ESRCH;
}

/* tgkill/tkill: to one thread (of process tgid, unless tgid is -1). */
static long thread_kill(int tgid, int tid, const siginfo_t *info)
{
	struct task *t;
	long ret;

	if (tid <= 0 || (tgid != -1 && tgid <= 0))
		return -EINVAL;
	spin_lock(&proc_tree_lock);
	t = task_find(tid);
	if (!t || !t->proc || (tgid != -1 && t->proc->pid != tgid) ||
	    list_empty(&t->thread_link))
		ret = -ESRCH;
	else
		ret = send_checked(t->proc, t, info);
	spin_unlock(&proc_tree_lock);
	return ret;
}

SYSCALL_DEFINE3(tgkill, int, tgid, int, tid, int, sig)
{
	siginfo_t info;

	if (sig < 0 || sig > NSIG)
		return -EINVAL;
	user_info(&info, sig, SI_TKILL);
	return thread_kill(tgid, tid, &info);
}

SYSCALL_DEFINE2(tkill, int, tid, int, sig)
{
	siginfo_t info;

	if (sig < 0 || sig > NSIG)
		return -EINVAL;
	user_info(&info, sig, SI_TKILL);
	return thread_kill(-1, tid, &info);
}

/* The info of rt_sigqueueinfo and friends: a process may not pretend to
 * be the kernel or kill() when it signals another. */
static long queue_info(int target_pid, int sig, uptr_t uinfo, siginfo_t *info)
{
	if (sig < 0 || sig > NSIG)
		return -EINVAL;
	if (copy_from_user(info, uinfo, sizeof(*info)))
		return -EFAULT;
	if ((info->si_code >= 0 || info->si_code == SI_TKILL) &&
	    target_pid != current_process()->pid)
		return -EPERM;
	info->si_signo = sig;
	return 0;
}

SYSCALL_DEFINE3(rt_sigqueueinfo, int, pid, int, sig, uptr_t, uinfo)
{
	siginfo_t info;
	long err = queue_info(pid, sig, uinfo, &info);

	if (err)
		return err;
	if (pid <= 0)
		return -ESRCH;	/* Linux looks for exactly one process */
	return kill_info(pid, &info);
}

SYSCALL_DEFINE4(rt_tgsigqueueinfo, int, tgid, int, tid, int, sig, uptr_t, uinfo)
{
	siginfo_t info;
	long err = queue_info(tgid, sig, uinfo, &info);

	if (err)
		return err;
	return thread_kill(tgid, tid, &info);
}
