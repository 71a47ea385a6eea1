/*
 * Process file descriptors: pidfd_open names a process by an open file,
 * which stays valid (and never names another process) after the pid is
 * reused; pidfd_send_signal signals through it, and poll reports the
 * process's exit as POLLIN.
 */
#include "signal_internal.h"
#include <kernel/file.h>
#include <kernel/syscall.h>
#include <lib/string.h>

static unsigned int pidfd_poll(struct file *f, struct poll_table *pt)
{
	struct process *p = f->priv;

	poll_wait(pt, &p->thread_exit);
	return READ_ONCE(p->zombie) ? POLLIN | POLLRDNORM : 0;
}

static void pidfd_release(struct file *f)
{
	proc_put(f->priv);
}

static const struct file_ops pidfd_ops = {
	.poll = pidfd_poll,
	.release = pidfd_release,
};

SYSCALL_DEFINE2(pidfd_open, int, pid, unsigned int, flags)
{
	struct process *p;
	struct file *f;
	int fd;

	if (flags & ~O_NONBLOCK)
		return -EINVAL;
	if (pid <= 0)
		return -EINVAL;
	spin_lock(&proc_tree_lock);
	p = proc_find(pid);
	if (p)
		atomic_inc(&p->refs);
	else if (task_find(pid))
		pid = -EINVAL;	/* a thread, not a process */
	spin_unlock(&proc_tree_lock);
	if (!p)
		return pid < 0 ? pid : -ESRCH;
	f = file_alloc(&pidfd_ops, p, O_RDWR | flags);
	if (!f) {
		proc_put(p);
		return -ENOMEM;
	}
	fd = fd_install(current_process()->files, f, 0, true);
	if (fd < 0)
		file_put(f);
	return fd;
}

SYSCALL_DEFINE4(pidfd_send_signal, int, pidfd, int, sig, uptr_t, uinfo, unsigned int, flags)
{
	struct file *f;
	struct process *p;
	siginfo_t info;
	long ret;

	if (flags)
		return -EINVAL;
	if (sig < 0 || sig > NSIG)
		return -EINVAL;
	f = fd_get(current_process()->files, pidfd);
	if (!f)
		return -EBADF;
	if (f->ops != &pidfd_ops) {
		file_put(f);
		return -EBADF;
	}
	p = f->priv;
	memset(&info, 0, sizeof(info));
	if (uinfo) {
		ret = -EFAULT;
		if (copy_from_user(&info, uinfo, sizeof(info)))
			goto out;
		ret = -EINVAL;
		if (info.si_signo != sig)
			goto out;
		ret = -EPERM;	/* only a process itself may pretend to be kill() */
		if ((info.si_code >= 0 || info.si_code == SI_TKILL) && p != current_process())
			goto out;
	} else {
		info.si_signo = sig;
		info.si_code = SI_USER;
		info.kill.pid = current_process()->pid;
		info.kill.uid = current_process()->cred.uid;
	}
	spin_lock(&proc_tree_lock);
	if (p->reaped)
		ret = -ESRCH;
	else if (!signal_may_send(p, sig))
		ret = -EPERM;
	else if (!sig || p->zombie)
		ret = 0;
	else
		ret = signal_send(p, NULL, &info);
	spin_unlock(&proc_tree_lock);
out:
	file_put(f);
	return ret;
}
