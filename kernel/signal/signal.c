/*
 * Signals: handler tables, pending sets and queues, and sending. A signal
 * goes to one thread's pending set (tkill, faults) or to the process's
 * shared set (kill); then a thread that does not block it is made to look
 * at it on its way back to user mode (deliver.c). Stop and continue take
 * effect when they are sent, as on Linux, so a stopped process continues
 * even though it cannot run anything.
 *
 * Locks: sighand.lock (irq-saving) guards everything here; it nests inside
 * proc_tree_lock and outside the scheduler's locks.
 */
#include "signal_internal.h"
#include <kernel/time.h>
#include <core/kmalloc.h>
#include <lib/string.h>
#include <lib/bitops.h>
#include <mica/errno.h>

/* Queued infos of real-time signals per process: RLIMIT_SIGPENDING's role. */
#define SIGQUEUE_MAX 4096

#define SIG_DEFAULT_IGNORE (sigmask(SIGCHLD) | sigmask(SIGCONT) | sigmask(SIGURG) | \
			    sigmask(SIGWINCH))
#define SIG_DEFAULT_COREDUMP (sigmask(SIGQUIT) | sigmask(SIGILL) | sigmask(SIGTRAP) |	\
			      sigmask(SIGABRT) | sigmask(SIGBUS) | sigmask(SIGFPE) |	\
			      sigmask(SIGSEGV) | sigmask(SIGXCPU) | sigmask(SIGXFSZ) |	\
			      sigmask(SIGSYS))

static atomic_t queued_infos = ATOMIC_INIT(0);	/* all processes: a global cap */

enum sig_default sig_default_action(int sig)
{
	if (sig > 31)
		return SIGDFL_TERM;	/* real-time signals terminate */
	if (sigmask(sig) & SIG_DEFAULT_IGNORE)
		return SIGDFL_IGNORE;
	if (sigmask(sig) & SIG_STOP_MASK)
		return SIGDFL_STOP;
	if (sigmask(sig) & SIG_DEFAULT_COREDUMP)
		return SIGDFL_CORE;
	return SIGDFL_TERM;
}

void sigpending_init(struct sigpending *sp)
{
	sp->set = 0;
	INIT_LIST_HEAD(&sp->queue);
}

void sigpending_flush(struct sigpending *sp)
{
	struct sigqueue *q, *tmp;

	list_for_each_entry_safe(q, tmp, &sp->queue, link) {
		list_del(&q->link);
		kfree(q);
		atomic_dec(&queued_infos);
	}
	sp->set = 0;
}

struct sighand *sighand_alloc(void)
{
	struct sighand *sh = kzalloc(sizeof(*sh));

	if (!sh)
		return NULL;
	atomic_set(&sh->refs, 1);
	spin_lock_init(&sh->lock, "sighand");
	wait_queue_init(&sh->signalfd_wq);
	return sh;
}

struct sighand *sighand_dup(struct sighand *old)
{
	struct sighand *sh = sighand_alloc();
	unsigned long flags;

	if (!sh)
		return NULL;
	flags = spin_lock_irqsave(&old->lock);
	memcpy(sh->action, old->action, sizeof(sh->action));
	spin_unlock_irqrestore(&old->lock, flags);
	return sh;
}

void sighand_put(struct sighand *sh)
{
	if (sh && atomic_dec_and_test(&sh->refs))
		kfree(sh);
}

int signal_exec(struct process *p)
{
	struct sighand *sh = p->sighand;
	unsigned long flags;

	if (atomic_read(&sh->refs) > 1) {
		/* Shared with a CLONE_SIGHAND process: this one gets its own. */
		struct sighand *copy = sighand_dup(sh);

		if (!copy)
			return -ENOMEM;
		flags = spin_lock_irqsave(&sh->lock);
		p->sighand = copy;
		spin_unlock_irqrestore(&sh->lock, flags);
		sighand_put(sh);
		sh = copy;
	}
	flags = spin_lock_irqsave(&sh->lock);
	for (int i = 0; i < NSIG; i++) {
		struct k_sigaction *ka = &sh->action[i];

		if (ka->handler != SIG_IGN)
			ka->handler = SIG_DFL;
		ka->flags = 0;
		ka->mask = 0;
	}
	spin_unlock_irqrestore(&sh->lock, flags);
	current->altstack = (struct stack_t_k){ 0, SS_DISABLE, 0 };
	return 0;
}

/* --- pending state --- */

/* Recompute t->sig_pending: an unblocked signal waits, or job control. */
void recalc_sigpending_locked(struct task *t)
{
	struct process *p = t->proc;
	bool any = ((t->pending.set | p->shared_pending.set) & ~t->blocked) ||
		   p->stopped || p->jobctl_notify;

	WRITE_ONCE(t->sig_pending, any);
}

/* Make t look at its signals: wake it from an interruptible sleep (or a
 * stop, for SIGKILL and SIGCONT), or interrupt its CPU. */
void signal_wake(struct task *t, bool also_stopped)
{
	WRITE_ONCE(t->sig_pending, 1);
	if (!wake_up_state(t, TASK_INTERRUPTIBLE | (also_stopped ? TASK_STOPPED : 0)))
		task_kick_running(t);
}

bool signal_pending(void)
{
	return READ_ONCE(current->sig_pending) || READ_ONCE(current->fatal_signal);
}

static bool handler_ignores(struct sighand *sh, int sig)
{
	uptr_t h = sh->action[sig - 1].handler;

	return h == SIG_IGN || (h == SIG_DFL && sig_default_action(sig) == SIGDFL_IGNORE);
}

bool sig_is_ignored(struct process *p, int sig)
{
	return handler_ignores(p->sighand, sig);
}

/* Remove every instance of the signals in mask from sp. */
void sigpending_discard(struct sigpending *sp, sigset_t mask)
{
	struct sigqueue *q, *tmp;

	if (!(sp->set & mask))
		return;
	sp->set &= ~mask;
	list_for_each_entry_safe(q, tmp, &sp->queue, link)
		if (sigmask(q->info.si_signo) & mask) {
			list_del(&q->link);
			kfree(q);
			atomic_dec(&queued_infos);
		}
}

/*
 * What sending does before queueing (Linux's prepare_signal): stop and
 * continue signals cancel each other, SIGCONT resumes a stopped process.
 * False when the signal is to be dropped.
 */
static bool prepare_signal(struct process *p, struct task *target, int sig)
{
	struct task *t;

	if (p->zombie || p->nr_threads == 0)
		return false;
	if (sigmask(sig) & SIG_STOP_MASK) {
		sigpending_discard(&p->shared_pending, sigmask(SIGCONT));
		list_for_each_entry(t, &p->threads, thread_link)
			sigpending_discard(&t->pending, sigmask(SIGCONT));
	} else if (sig == SIGCONT) {
		sigpending_discard(&p->shared_pending, SIG_STOP_MASK);
		list_for_each_entry(t, &p->threads, thread_link)
			sigpending_discard(&t->pending, SIG_STOP_MASK);
		if (p->stopped) {
			p->stopped = false;
			p->jobctl_report = CLD_CONTINUED;
			p->jobctl_notify = CLD_CONTINUED;
			list_for_each_entry(t, &p->threads, thread_link) {
				recalc_sigpending_locked(t);
				signal_wake(t, true);
			}
		}
	}
	/* Ignored signals are dropped unless the target blocks them (it may
	 * unblock them after installing a handler, or take them with
	 * sigtimedwait, as busybox init does). init takes only what it has a
	 * handler for or blocks. */
	struct task *to = target ? target : p->task;
	bool blocked = sigmask(sig) & (to->blocked | to->real_blocked);	/* sigtimedwait */

	if (p->pid == 1 && p->sighand->action[sig - 1].handler == SIG_DFL)
		return blocked;
	return !handler_ignores(p->sighand, sig) || blocked;
}

static bool wants_signal(struct task *t, int sig)
{
	return !(t->blocked & sigmask(sig)) && !t->fatal_signal;
}

/* Pick the thread that will handle a process-directed sig, and make a
 * signal whose default action ends the process end it at once. */
static void complete_signal(struct process *p, struct task *target, int sig)
{
	struct sighand *sh = p->sighand;
	struct task *t = target;

	if (!t) {
		if (current->proc == p && wants_signal(current, sig))
			t = current;
		else
			list_for_each_entry(t, &p->threads, thread_link)
				if (wants_signal(t, sig))
					break;
		if (&t->thread_link == &p->threads)
			return;	/* every thread blocks it: it stays pending */
	} else if (!wants_signal(t, sig)) {
		return;
	}
	if (sig == SIGKILL || (sh->action[sig - 1].handler == SIG_DFL &&
			       !(t->real_blocked & sigmask(sig)) &&
			       (sig_default_action(sig) == SIGDFL_TERM ||
				sig_default_action(sig) == SIGDFL_CORE) &&
			       !(sigmask(sig) & SIG_SYNC_MASK))) {
		/* Fatal: every thread gets SIGKILL and dies of this signal. */
		if (!p->fatal_code)
			p->fatal_code = sig_exit_status(p, sig);
		list_for_each_entry(t, &p->threads, thread_link) {
			t->pending.set |= sigmask(SIGKILL);
			signal_wake(t, true);
		}
		return;
	}
	signal_wake(t, false);
}

int signal_send(struct process *p, struct task *t, const siginfo_t *info)
{
	int sig = info->si_signo;
	struct sighand *sh = p->sighand;
	struct sigpending *sp;
	unsigned long flags;
	int ret = 0;

	if (!valid_signal(sig) || !sh)
		return -EINVAL;
	flags = spin_lock_irqsave(&sh->lock);
	if (!prepare_signal(p, t, sig)) {
		ret = info->si_code == SI_TIMER;	/* ignored: the timer must know */
		goto out;
	}
	sp = t ? &t->pending : &p->shared_pending;
	if (sig < SIGRTMIN && (sp->set & sigmask(sig)) && info->si_code != SI_TIMER)
		goto out;	/* a standard signal is pending at most once */
	if (sig != SIGKILL && sig != SIGSTOP) {
		struct sigqueue *q = NULL;

		if (atomic_read(&queued_infos) < SIGQUEUE_MAX)
			q = kmalloc(sizeof(*q));
		if (q) {
			atomic_inc(&queued_infos);
			q->info = *info;
			list_add_tail(&q->link, &sp->queue);
		} else if ((sig >= SIGRTMIN && info->si_code != SI_KERNEL) ||
			   info->si_code == SI_TIMER) {
			ret = -EAGAIN;	/* a real-time signal from a user is never lost silently */
			goto out;
		}
		/* A standard signal without a queue entry is delivered with
		 * SI_KERNEL info, as Linux does when it runs out. */
	}
	sp->set |= sigmask(sig);
	complete_signal(p, t, sig);
	wake_up_all(&sh->signalfd_wq);
out:
	spin_unlock_irqrestore(&sh->lock, flags);
	return ret;
}

int signal_send_kernel(struct process *p, int sig)
{
	siginfo_t info = { .si_signo = sig, .si_code = SI_KERNEL };

	return signal_send(p, NULL, &info);
}

/* Take the first instance of sig off sp into info; sighand lock held. */
static void take_from(struct sigpending *sp, int sig, siginfo_t *info)
{
	struct sigqueue *q, *first = NULL;
	bool more = false;

	list_for_each_entry(q, &sp->queue, link) {
		if (q->info.si_signo != sig)
			continue;
		if (first) {
			more = true;
			break;
		}
		first = q;
	}
	if (first) {
		*info = first->info;
		list_del(&first->link);
		kfree(first);
		atomic_dec(&queued_infos);
	} else {
		memset(info, 0, sizeof(*info));
		info->si_signo = sig;
		info->si_code = SI_KERNEL;
	}
	if (!more)
		sp->set &= ~sigmask(sig);
}

/* The signal to take next from set: synchronous faults first, then the
 * lowest number (so standard signals come before real-time ones). */
static int next_signal(sigset_t set)
{
	sigset_t sync = set & SIG_SYNC_MASK;

	if (sync)
		set = sync;
	return set ? (int)__ffs(set) + 1 : 0;
}

int dequeue_signal_locked(struct task *t, sigset_t allowed, siginfo_t *info)
{
	struct process *p = t->proc;
	int sig = next_signal(t->pending.set & allowed);

	if (sig) {
		take_from(&t->pending, sig, info);
	} else {
		sig = next_signal(p->shared_pending.set & allowed);
		if (sig)
			take_from(&p->shared_pending, sig, info);
	}
	if (sig && info->si_code == SI_TIMER)
		posix_timer_dequeued(p, info);	/* fills si_overrun, re-enables the timer */
	recalc_sigpending_locked(t);
	return sig;
}

void signal_masks(struct task *t, sigset_t *pending, sigset_t *blocked, sigset_t *ignored,
		  sigset_t *caught)
{
	struct sighand *sh = t->proc->sighand;
	unsigned long flags;

	*pending = *blocked = *ignored = *caught = 0;
	if (!sh)
		return;
	flags = spin_lock_irqsave(&sh->lock);
	*pending = t->pending.set | t->proc->shared_pending.set;
	*blocked = t->blocked;
	for (int sig = 1; sig <= NSIG; sig++) {
		uptr_t h = sh->action[sig - 1].handler;

		if (h == SIG_IGN)
			*ignored |= sigmask(sig);
		else if (h != SIG_DFL)
			*caught |= sigmask(sig);
	}
	spin_unlock_irqrestore(&sh->lock, flags);
}

void force_sig_fault(int sig, int code, uptr_t addr)
{
	struct task *t = current;
	struct sighand *sh = t->proc->sighand;
	struct k_sigaction *ka = &sh->action[sig - 1];
	siginfo_t info = { .si_signo = sig, .si_code = code };
	unsigned long flags;

	info.fault.addr = addr;
	flags = spin_lock_irqsave(&sh->lock);
	/* A fault the program blocks or ignores would only repeat: kill it. */
	if (ka->handler == SIG_IGN || (t->blocked & sigmask(sig))) {
		ka->handler = SIG_DFL;
		t->blocked &= ~sigmask(sig);
	}
	spin_unlock_irqrestore(&sh->lock, flags);
	signal_send(t->proc, t, &info);
}

void signal_set_temp_mask(sigset_t mask)
{
	struct task *t = current;
	struct sighand *sh = t->proc->sighand;
	unsigned long flags = spin_lock_irqsave(&sh->lock);

	t->saved_mask = t->blocked;
	t->restore_mask = true;
	t->blocked = mask & ~SIG_KERNEL_ONLY;
	recalc_sigpending_locked(t);
	spin_unlock_irqrestore(&sh->lock, flags);
}

void signal_set_blocked(sigset_t mask)
{
	struct task *t = current;
	struct process *p = t->proc;
	struct sighand *sh = p->sighand;
	unsigned long flags = spin_lock_irqsave(&sh->lock);
	sigset_t newly = mask & ~t->blocked & p->shared_pending.set;

	t->blocked = mask & ~SIG_KERNEL_ONLY;
	recalc_sigpending_locked(t);
	/* Process-directed signals this thread now blocks go to another. */
	for (int sig = next_signal(newly); sig; newly &= ~sigmask(sig), sig = next_signal(newly)) {
		struct task *o;

		list_for_each_entry(o, &p->threads, thread_link)
			if (o != t && wants_signal(o, sig)) {
				signal_wake(o, false);
				break;
			}
	}
	spin_unlock_irqrestore(&sh->lock, flags);
}

void signal_restore_temp_mask(void)
{
	if (current->restore_mask) {
		current->restore_mask = false;
		signal_set_blocked(current->saved_mask);
	}
}
