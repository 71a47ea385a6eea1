/* Signals: sending and pending state. (Being built: see include/kernel/signal.h.) */
#include <kernel/signal.h>
#include <kernel/proc.h>
#include <mica/errno.h>

bool signal_pending(void)
{
	return READ_ONCE(current->fatal_signal) != 0;
}

int signal_send(struct process *p, struct task *t, const siginfo_t *info)
{
	(void)p, (void)t, (void)info;
	return -ENOSYS;
}

int signal_send_kernel(struct process *p, int sig)
{
	siginfo_t info = { .si_signo = sig, .si_code = SI_KERNEL };

	return signal_send(p, NULL, &info);
}

int signal_send_pgrp(int pgid, const siginfo_t *info)
{
	(void)pgid, (void)info;
	return -ESRCH;
}

void signal_masks(struct task *t, sigset_t *pending, sigset_t *blocked, sigset_t *ignored,
		  sigset_t *caught)
{
	(void)t;
	*pending = *blocked = *ignored = *caught = 0;
}
