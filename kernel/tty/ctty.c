/*
 * Controlling terminals and job control: which session a terminal
 * controls and its foreground process group, the background checks that
 * send SIGTTIN/SIGTTOU, TIOCSCTTY/TIOCNOTTY/TIOCSPGRP, and hangup.
 *
 * A process finds its terminal through proc_ctty(). As in Linux the
 * pointer is kept per process (fork copies it, setsid clears it, a
 * non-leader's TIOCNOTTY drops only its own); it counts only while the
 * terminal still names the process's session, so a terminal that is hung
 * up or taken by another session is dropped by every member at once. struct tty objects are never freed
 * (ptys are recycled), so a stale pointer is harmless.
 *
 * Lock order: proc_tree_lock -> tty.lock. Signals are sent with
 * proc_tree_lock held (signal_send allows it) or with no lock.
 */
#include <kernel/tty.h>
#include <kernel/proc.h>
#include <mica/errno.h>

/*
 * Linux's test in the job-control checks: the caller blocks sig or has it
 * set to SIG_IGN. Weak: the signal code may provide its own.
 */
__attribute__((weak)) bool signal_ignored_or_blocked(int sig)
{
	struct process *p = current_process();
	uptr_t handler = READ_ONCE(p->sighand->action[sig - 1].handler);

	return (READ_ONCE(current->blocked) & sigmask(sig)) || handler == SIG_IGN;
}

struct tty *proc_ctty(struct process *p)
{
	struct tty *tty = READ_ONCE(p->ctty);

	return tty && READ_ONCE(tty->session) == READ_ONCE(p->sid) ? tty : NULL;
}

void proc_set_ctty(struct process *p, struct tty *tty)
{
	WRITE_ONCE(p->ctty, tty);
}

/* Make tty the controlling terminal of p's session. proc_tree_lock held. */
static void set_ctty_locked(struct process *p, struct tty *tty)
{
	spin_lock(&tty->lock);
	tty->session = p->sid;
	tty->pgrp = p->pgid;
	spin_unlock(&tty->lock);
	proc_set_ctty(p, tty);
}

void tty_open_set_ctty(struct tty *tty, struct file *f)
{
	struct process *p = current_process();

	if ((f->flags & O_NOCTTY) || (f->flags & O_ACCMODE) == O_WRONLY)
		return;
	spin_lock(&proc_tree_lock);
	if (p->pid == p->sid && !proc_ctty(p) && !tty->session)
		set_ctty_locked(p, tty);
	spin_unlock(&proc_tree_lock);
}

int tty_check_job(struct tty *tty, int sig)
{
	struct process *p = current_process();
	siginfo_t info = { .si_signo = sig, .si_code = SI_KERNEL };
	int fg;

	if (proc_ctty(p) != tty)
		return 0;
	fg = READ_ONCE(tty->pgrp);
	if (!fg || fg == READ_ONCE(p->pgid))
		return 0;
	if (signal_ignored_or_blocked(sig))
		return sig == SIGTTIN ? -EIO : 0;
	if (proc_pgrp_orphaned(p) || signal_send_pgrp(p->pgid, &info) < 0)
		return -EIO;
	return -ERESTARTSYS;
}

void tty_signal_pgrp(struct tty *tty, int sig)
{
	siginfo_t info = { .si_signo = sig, .si_code = SI_KERNEL };
	int pgrp = READ_ONCE(tty->pgrp);

	if (pgrp > 0)
		signal_send_pgrp(pgrp, &info);
}

long tty_ioctl_sctty(struct tty *tty, struct file *f, unsigned long arg)
{
	struct process *p = current_process();
	long ret = 0;

	spin_lock(&proc_tree_lock);
	if (p->pid == p->sid && tty->session == p->sid) {
		proc_set_ctty(p, tty);
		goto out;
	}
	if (p->pid != p->sid || proc_ctty(p)) {
		ret = -EPERM;
		goto out;
	}
	/* Stealing another session's terminal takes root and arg 1; that
	 * session's members drop it since it no longer names them. */
	if (tty->session && !(arg == 1 && capable_root())) {
		ret = -EPERM;
		goto out;
	}
	if ((f->flags & O_ACCMODE) == O_WRONLY && !capable_root()) {
		ret = -EPERM;
		goto out;
	}
	set_ctty_locked(p, tty);
out:
	spin_unlock(&proc_tree_lock);
	return ret;
}

/* The session leaves its terminal: the foreground group gets SIGHUP and
 * SIGCONT (Linux's disassociate_ctty). */
static void disassociate(struct tty *tty)
{
	int fg;

	spin_lock(&proc_tree_lock);
	spin_lock(&tty->lock);
	fg = tty->pgrp;
	tty->session = tty->pgrp = 0;
	spin_unlock(&tty->lock);
	spin_unlock(&proc_tree_lock);
	if (fg > 0) {
		siginfo_t info = { .si_signo = SIGHUP, .si_code = SI_KERNEL };

		signal_send_pgrp(fg, &info);
		info.si_signo = SIGCONT;
		signal_send_pgrp(fg, &info);
	}
}

long tty_ioctl_notty(struct tty *tty)
{
	struct process *p = current_process();

	if (proc_ctty(p) != tty)
		return -ENOTTY;
	if (p->pid == p->sid)
		disassociate(tty);
	proc_set_ctty(p, NULL);
	return 0;
}

void tty_session_leader_exit(struct process *p)
{
	struct tty *tty = proc_ctty(p);

	if (tty && p->pid == p->sid)
		disassociate(tty);
}

long tty_ioctl_spgrp(struct tty *tty, uptr_t arg)
{
	struct process *p = current_process();
	int pgid, err = tty_check_job(tty, SIGTTOU);
	long ret = 0;

	if (err)
		return err == -EIO ? -ENOTTY : err;
	if (copy_from_user(&pgid, arg, sizeof(pgid)))
		return -EFAULT;
	if (pgid < 0)
		return -EINVAL;
	spin_lock(&proc_tree_lock);
	if (proc_ctty(p) != tty || tty->session != p->sid)
		ret = -ENOTTY;
	else if (!proc_group_exists(pgid, -1))
		ret = -ESRCH;
	else if (!proc_group_exists(pgid, p->sid))
		ret = -EPERM;
	if (!ret) {
		spin_lock(&tty->lock);
		tty->pgrp = pgid;
		spin_unlock(&tty->lock);
	}
	spin_unlock(&proc_tree_lock);
	return ret;
}

void tty_hangup(struct tty *tty)
{
	struct process *leader;
	int sid;

	spin_lock(&proc_tree_lock);
	spin_lock(&tty->lock);
	sid = tty->session;
	tty->session = tty->pgrp = 0;
	tty->hungup = true;
	tty_wake_locked(tty);
	spin_unlock(&tty->lock);
	leader = sid ? proc_find(sid) : NULL;
	if (leader && !leader->zombie) {
		signal_send_kernel(leader, SIGHUP);
		signal_send_kernel(leader, SIGCONT);
	}
	spin_unlock(&proc_tree_lock);
}
