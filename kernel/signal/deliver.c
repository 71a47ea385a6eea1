/*
 * Acting on signals at the return to user mode: run a handler (through a
 * frame the architecture builds), take the default action (end the
 * process, stop it, ignore), and finish an interrupted system call with
 * EINTR or a restart, as Linux decides for each -ERESTART* code.
 */
#include "signal_internal.h"
#include <arch/signal.h>
#include <arch/trap.h>
#include <kernel/mm.h>
#include <core/printk.h>
#include <core/clock.h>
#include <lib/string.h>
#include <mica/errno.h>

int sig_exit_status(struct process *p, int sig)
{
	/* Linux sets the core bit only when a core file is written; Mica
	 * writes none yet, but keeps the rule on the limit that allows one. */
	if (sig_default_action(sig) == SIGDFL_CORE && p->rlim[RLIMIT_CORE].cur)
		return sig | 0x80;
	return sig;
}

static bool is_restart_code(long ret)
{
	return ret == -ERESTARTSYS || ret == -ERESTARTNOINTR || ret == -ERESTARTNOHAND ||
	       ret == -ERESTART_RESTARTBLOCK;
}

bool signal_work_pending(struct trapframe *tf)
{
	return READ_ONCE(current->sig_pending) || READ_ONCE(current->fatal_signal) ||
	       current->restore_mask ||
	       (arch_tf_in_syscall(tf) && is_restart_code(arch_syscall_result(tf)));
}

bool signal_notify_parent_exit(struct process *child, int status)
{
	struct process *parent = child->parent;
	struct k_sigaction *ka = &parent->sighand->action[SIGCHLD - 1];
	siginfo_t info = { .si_signo = child->exit_signal };
	bool reap = ka->handler != SIG_IGN && !(ka->flags & SA_NOCLDWAIT);

	if (!child->exit_signal)
		return true;
	info.chld.pid = child->pid;
	info.chld.uid = child->cred.uid;
	if (status & 0x7f) {
		info.si_code = (status & 0x80) ? CLD_DUMPED : CLD_KILLED;
		info.chld.status = status & 0x7f;
	} else {
		info.si_code = CLD_EXITED;
		info.chld.status = (status >> 8) & 0xff;
	}
	info.chld.utime = (long)(child->dead_utime_ns / (NSEC_PER_SEC / 100));	/* clock_t */
	info.chld.stime = (long)(child->dead_stime_ns / (NSEC_PER_SEC / 100));
	signal_send(parent, NULL, &info);
	return reap || child->exit_signal != SIGCHLD;
}

/* Tell p's parent that p stopped or continued: SIGCHLD (unless the parent
 * asked for none with SA_NOCLDSTOP), and wake its wait(). */
static void notify_parent_jobctl(struct process *p, int why, int sig)
{
	struct process *parent;

	spin_lock(&proc_tree_lock);
	parent = p->parent;
	if (parent && parent->sighand) {
		siginfo_t info = { .si_signo = SIGCHLD, .si_code = why };

		info.chld.pid = p->pid;
		info.chld.uid = p->cred.uid;
		info.chld.status = why == CLD_CONTINUED ? SIGCONT : sig;
		if (!(parent->sighand->action[SIGCHLD - 1].flags & SA_NOCLDSTOP))
			signal_send(parent, NULL, &info);
		wake_up_all(&parent->child_exit);
	}
	spin_unlock(&proc_tree_lock);
}

/*
 * The next signal to run a handler for, with its action; 0 when none.
 * Default actions happen here: stopping sleeps until SIGCONT or SIGKILL,
 * fatal signals do not return.
 */
static int get_signal(struct k_sigaction *ka_out, siginfo_t *info)
{
	struct task *t = current;
	struct process *p = t->proc;
	struct sighand *sh = p->sighand;
	unsigned long flags;

	for (;;) {
		struct k_sigaction *ka;
		int sig;

		if (READ_ONCE(t->fatal_signal) == GROUP_EXIT)
			thread_exit(0);
		flags = spin_lock_irqsave(&sh->lock);
		if (p->jobctl_notify) {
			int why = p->jobctl_notify, stop_sig = p->stop_sig;

			p->jobctl_notify = 0;
			recalc_sigpending_locked(t);
			spin_unlock_irqrestore(&sh->lock, flags);
			notify_parent_jobctl(p, why, stop_sig);
			continue;
		}
		if (p->stopped && !(t->pending.set & sigmask(SIGKILL))) {
			/* Sleep stopped; SIGCONT and SIGKILL wake it under this lock. */
			set_special_state(TASK_STOPPED);
			spin_unlock_irqrestore(&sh->lock, flags);
			schedule();
			continue;
		}
		sig = dequeue_signal_locked(t, ~t->blocked, info);
		if (!sig) {
			spin_unlock_irqrestore(&sh->lock, flags);
			return 0;
		}
		ka = &sh->action[sig - 1];
		if (ka->handler == SIG_IGN && sig != SIGKILL) {
			spin_unlock_irqrestore(&sh->lock, flags);
			continue;
		}
		if (ka->handler != SIG_DFL && sig != SIGKILL) {
			*ka_out = *ka;
			if (ka->flags & SA_RESETHAND) {
				ka->handler = SIG_DFL;
				ka->flags &= ~SA_SIGINFO;
			}
			spin_unlock_irqrestore(&sh->lock, flags);
			return sig;
		}
		/* init never dies of (or stops for) a default action: it only
		 * took a blocked signal to handle or sigtimedwait it later. */
		if (p->pid == 1 && !(sigmask(sig) & SIG_KERNEL_ONLY)) {
			spin_unlock_irqrestore(&sh->lock, flags);
			continue;
		}
		switch (sig == SIGKILL ? SIGDFL_TERM : sig_default_action(sig)) {
		case SIGDFL_IGNORE:
			spin_unlock_irqrestore(&sh->lock, flags);
			continue;
		case SIGDFL_STOP:
			spin_unlock_irqrestore(&sh->lock, flags);
			/* Terminal stops do nothing to an orphaned group (nobody
			 * could continue it); SIGSTOP always stops. */
			if (sig != SIGSTOP && proc_pgrp_orphaned(p))
				continue;
			flags = spin_lock_irqsave(&sh->lock);
			if (!p->stopped && !(t->pending.set & sigmask(SIGKILL))) {
				struct task *o;

				p->stopped = true;
				p->stop_sig = sig;
				p->jobctl_report = CLD_STOPPED;
				p->jobctl_notify = CLD_STOPPED;
				list_for_each_entry(o, &p->threads, thread_link)
					if (o != t)
						signal_wake(o, false);
			}
			spin_unlock_irqrestore(&sh->lock, flags);
			continue;
		default: {
			int status = p->fatal_code ? p->fatal_code : sig_exit_status(p, sig);

			spin_unlock_irqrestore(&sh->lock, flags);
			if (sig_default_action(status & 0x7f) == SIGDFL_CORE)
				printk(LOG_INFO, "%s[%d]: killed by signal %d at pc %lx\n", p->comm,
				       p->pid, status & 0x7f, arch_tf_pc(t->user_tf));
			proc_group_exit(status);
		}
		}
	}
}

static bool on_sig_stack(struct task *t, uptr_t sp)
{
	return t->altstack.size && sp > t->altstack.sp && sp - t->altstack.sp <= t->altstack.size;
}

/* The uc_stack a frame records: the alternate stack and where sp is. */
static struct stack_t_k altstack_state(struct task *t, uptr_t sp)
{
	struct stack_t_k s = t->altstack;

	if (!s.size)
		s.flags = SS_DISABLE;
	else if (on_sig_stack(t, sp))
		s.flags = SS_ONSTACK;
	return s;
}

static void handle_signal(struct trapframe *tf, int sig, const struct k_sigaction *ka,
			  const siginfo_t *info, bool in_syscall)
{
	struct task *t = current;
	struct sigframe_args a = { .sig = sig, .handler = ka->handler };
	uptr_t sp = arch_tf_sp(tf);

	if (in_syscall) {
		switch (arch_syscall_result(tf)) {
		case -ERESTARTSYS:
			if (ka->flags & SA_RESTART) {
				arch_syscall_restart(tf);
				break;
			}
			arch_syscall_set_return(tf, -EINTR);
			break;
		case -ERESTART_RESTARTBLOCK:
		case -ERESTARTNOHAND:
			arch_syscall_set_return(tf, -EINTR);
			break;
		case -ERESTARTNOINTR:
			arch_syscall_restart(tf);
			break;
		}
		arch_tf_clear_syscall(tf);
	}
	a.info = (ka->flags & SA_SIGINFO) ? info : NULL;
	a.altstack = altstack_state(t, sp);
	if ((ka->flags & SA_ONSTACK) && t->altstack.size && !(t->altstack.flags & SS_DISABLE) &&
	    !on_sig_stack(t, sp)) {
		sp = t->altstack.sp + t->altstack.size;
		if (t->altstack.flags & SS_AUTODISARM)
			t->altstack = (struct stack_t_k){ 0, SS_DISABLE, 0 };
	}
	a.sp = sp;
	a.saved_mask = t->restore_mask ? t->saved_mask : t->blocked;
	a.restorer = t->mm ? t->mm->sigreturn_tramp : 0;
	if (arch_setup_rt_frame(tf, &a)) {
		/* No room for the frame: the program dies of SIGSEGV. */
		t->restore_mask = false;
		signal_set_blocked(a.saved_mask);
		force_sig_fault(SIGSEGV, SI_KERNEL, 0);
		return;
	}
	t->restore_mask = false;
	signal_set_blocked(a.saved_mask | ka->mask | ((ka->flags & SA_NODEFER) ? 0 : sigmask(sig)));
}

void signal_exit_to_user(struct trapframe *tf)
{
	bool in_syscall = arch_tf_in_syscall(tf);
	struct k_sigaction ka;
	siginfo_t info;
	int sig = get_signal(&ka, &info);

	if (sig) {
		handle_signal(tf, sig, &ka, &info, in_syscall);
		return;
	}
	/* No handler ran: the interrupted call starts again. */
	if (in_syscall) {
		switch (arch_syscall_result(tf)) {
		case -ERESTARTSYS:
		case -ERESTARTNOHAND:
		case -ERESTARTNOINTR:
			arch_syscall_restart(tf);
			break;
		case -ERESTART_RESTARTBLOCK:
			arch_syscall_restart_block(tf);
			break;
		}
		arch_tf_clear_syscall(tf);
	}
	signal_restore_temp_mask();
}

/* rt_sigreturn: back to where the handler interrupted the program. */
long signal_return(void)
{
	struct trapframe *tf = current->user_tf;
	struct stack_t_k st;
	sigset_t mask;

	/* A restart_syscall after the handler must not resume an old sleep. */
	current->restart.fn = NULL;
	if (arch_restore_rt_frame(tf, &mask, &st)) {
		force_sig_fault(SIGSEGV, SI_KERNEL, 0);
		return 0;
	}
	signal_set_blocked(mask);
	/* The frame's uc_stack becomes the alternate stack again (sigaltstack
	 * rules; a bad one is ignored, as Linux ignores it). */
	if (!(st.flags & ~(SS_ONSTACK | SS_DISABLE | SS_AUTODISARM)) && !on_sig_stack(current, arch_tf_sp(tf))) {
		if (st.flags & SS_DISABLE)
			current->altstack = (struct stack_t_k){ 0, SS_DISABLE, 0 };
		else if (st.size >= MINSIGSTKSZ)
			current->altstack = (struct stack_t_k){ st.sp, st.flags & SS_AUTODISARM, st.size };
	}
	return arch_syscall_result(tf);	/* keeps a0 as the frame had it */
}
