/* Process identity, exit and machine control system calls. */
#include <kernel/syscall.h>
#include <kernel/proc.h>
#include <kernel/cred.h>
#include <core/boot.h>
#include <core/console.h>
#include <arch/power.h>
#include <lib/string.h>
#include <kernel/signal.h>
#include <kernel/pgrp.h>
#include <kernel/wait_flags.h>
#include <core/clock.h>
#include <core/mm.h>

SYSCALL_DEFINE1(exit, int, code)
{
	thread_exit((code & 0xff) << 8);
}

SYSCALL_DEFINE1(exit_group, int, code)
{
	proc_group_exit((code & 0xff) << 8);
}

SYSCALL_DEFINE1(set_tid_address, uptr_t, tidptr)
{
	current->clear_child_tid = tidptr;
	return current->tid;
}

SYSCALL_DEFINE0(getpid) { return current_process()->pid; }
SYSCALL_DEFINE0(gettid) { return current->tid; }
SYSCALL_DEFINE0(getppid)
{
	struct process *parent = READ_ONCE(current_process()->parent);

	return parent ? parent->pid : 0;
}

SYSCALL_DEFINE0(sched_yield)
{
	sched_yield();
	return 0;
}

#define LINUX_REBOOT_MAGIC1 0xfee1dead
#define LINUX_REBOOT_MAGIC2 672274793
#define LINUX_REBOOT_CMD_RESTART 0x01234567
#define LINUX_REBOOT_CMD_HALT 0xcdef0123
#define LINUX_REBOOT_CMD_POWER_OFF 0x4321fedc

SYSCALL_DEFINE4(reboot, unsigned int, magic1, unsigned int, magic2, unsigned int, cmd, uptr_t,
		arg)
{
	(void)arg;
	if (!capable_root())
		return -EPERM;	/* CAP_SYS_BOOT */
	if (magic1 != LINUX_REBOOT_MAGIC1 || magic2 != LINUX_REBOOT_MAGIC2)
		return -EINVAL;
	switch (cmd) {
	case LINUX_REBOOT_CMD_POWER_OFF:
	case LINUX_REBOOT_CMD_HALT:
		arch_poweroff();
	case LINUX_REBOOT_CMD_RESTART:
		arch_reboot();
	default:
		return -EINVAL;
	}
}

SYSCALL_DEFINE5(clone, unsigned long, flags, uptr_t, newsp, uptr_t, parent_tid, uptr_t, tls,
		uptr_t, child_tid)
{
	return proc_fork(flags, newsp, parent_tid, tls, child_tid);
}

SYSCALL_DEFINE4(wait4, int, pid, uptr_t, status, int, options, uptr_t, rusage)
{
	struct wait_result res;
	long ret;

	if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD | __WALL | __WCLONE))
		return -EINVAL;
	ret = proc_wait(pid, (options & (WNOHANG | WUNTRACED | WCONTINUED)) | WEXITED, &res);
	if (ret <= 0)
		return ret;
	if ((status && put_user(res.status, status)) || (rusage && rusage_put(rusage, res.utime_ns, res.stime_ns, res.maxrss)))
		return -EFAULT;
	return res.pid;
}

#define P_ALL 0
#define P_PID 1
#define P_PGID 2
#define P_PIDFD 3

SYSCALL_DEFINE5(waitid, int, idtype, int, id, uptr_t, infop, int, options, uptr_t, rusage)
{
	siginfo_t si;
	struct wait_result res;
	int pid;
	long ret;

	if (!(options & (WEXITED | WUNTRACED | WCONTINUED)) ||
	    (options & ~(WNOHANG | WEXITED | WNOWAIT | WUNTRACED | WCONTINUED | __WNOTHREAD |
			 __WALL | __WCLONE)))
		return -EINVAL;
	switch (idtype) {
	case P_ALL:
		pid = -1;
		break;
	case P_PID:
		if (id <= 0)
			return -EINVAL;
		pid = id;
		break;
	case P_PGID:
		if (id < 0)
			return -EINVAL;
		pid = id ? -id : 0;
		break;
	default:
		return -EINVAL;
	}
	ret = proc_wait(pid, options & (WNOHANG | WEXITED | WNOWAIT | WUNTRACED | WCONTINUED), &res);
	if (ret < 0)
		return ret;
	memset(&si, 0, sizeof(si));
	if (ret > 0) {
		si.si_signo = SIGCHLD;
		si.si_code = res.code;
		si.chld.pid = res.pid;
		switch (res.code) {
		case CLD_EXITED:
			si.chld.status = (res.status >> 8) & 0xff;
			break;
		case CLD_STOPPED:
			si.chld.status = (res.status >> 8) & 0xff;
			break;
		case CLD_CONTINUED:
			si.chld.status = SIGCONT;
			break;
		default:
			si.chld.status = res.status & 0x7f;
		}
	}
	if (infop && copy_to_user(infop, &si, sizeof(si)))
		return -EFAULT;
	if (rusage && rusage_put(rusage, ret > 0 ? res.utime_ns : 0, ret > 0 ? res.stime_ns : 0,
				 ret > 0 ? res.maxrss : 0))
		return -EFAULT;
	return 0;
}

#define RLIM_NLIMITS 16

SYSCALL_DEFINE4(prlimit64, int, pid, unsigned int, resource, uptr_t, unew, uptr_t, uold)
{
	struct rlimit64 nl, ol;
	struct process *p;
	long err = 0;

	if (resource >= RLIM_NLIMITS)
		return -EINVAL;
	if (unew && copy_from_user(&nl, unew, sizeof(nl)))
		return -EFAULT;
	if (unew && nl.cur > nl.max)
		return -EINVAL;
	if (unew && resource == RLIMIT_NOFILE && nl.max > NR_OPEN_DEFAULT)
		return -EPERM;	/* above the kernel's nr_open */
	spin_lock(&proc_tree_lock);
	p = pid ? proc_find(pid) : current_process();
	if (!p) {
		spin_unlock(&proc_tree_lock);
		return -ESRCH;
	}
	ol = p->rlim[resource];
	if (unew) {
		p->rlim[resource] = nl;
		if (resource == RLIMIT_NOFILE && p->files)
			p->files->max = (unsigned int)nl.cur;
	}
	spin_unlock(&proc_tree_lock);
	if (uold && copy_to_user(uold, &ol, sizeof(ol)))
		err = -EFAULT;
	return err;
}

struct clone_args {
	u64 flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
	u64 set_tid, set_tid_size, cgroup;
};

#define CLONE_ARGS_SIZE_VER0 64

SYSCALL_DEFINE2(clone3, uptr_t, uargs, size_t, size)
{
	struct clone_args a;

	if (size > PAGE_SIZE)
		return -E2BIG;
	if (size < CLONE_ARGS_SIZE_VER0)
		return -EINVAL;
	memset(&a, 0, sizeof(a));
	if (copy_from_user(&a, uargs, MIN(size, sizeof(a))))
		return -EFAULT;
	/* Fields this kernel does not know must be zero. */
	for (size_t off = sizeof(a); off < size; off++) {
		u8 b;

		if (get_user(b, uargs + off))
			return -EFAULT;
		if (b)
			return -E2BIG;
	}
	/* CSIGNAL and CLONE_DETACHED (0x400000) are kept for reuse by clone3. */
	if ((a.flags & (0xff | 0x00400000)) || a.exit_signal > 64 || a.set_tid || a.set_tid_size ||
	    (a.stack && !a.stack_size) || (!a.stack && a.stack_size))
		return -EINVAL;
	return proc_fork(a.flags | a.exit_signal, a.stack ? a.stack + a.stack_size : 0,
			 a.parent_tid, a.tls, a.child_tid);
}

SYSCALL_DEFINE2(setpgid, int, pid, int, pgid)
{
	struct process *me = current_process(), *p;
	long err = 0;

	if (pgid < 0)
		return -EINVAL;
	spin_lock(&proc_tree_lock);
	p = pid ? proc_find(pid) : me;
	if (!p || (p != me && p->parent != me))
		err = -ESRCH;
	else if (p != me && p->execed)
		err = -EACCES;	/* a child that has exec'd is out of reach */
	else if (p->sid != me->sid || p->sid == p->pid)
		err = -EPERM;	/* another session, or a session leader */
	else if (pgid && pgid != p->pid && !proc_group_exists(pgid, me->sid))
		err = -EPERM;	/* may only join a group of its own session */
	else
		err = pgrp_join(p, pgid ? pgid : p->pid);
	spin_unlock(&proc_tree_lock);
	return err;
}

static long id_of(int pid, bool session)
{
	struct process *p;
	long ret;

	if (pid < 0)
		return -ESRCH;
	spin_lock(&proc_tree_lock);
	p = pid ? proc_find(pid) : current_process();
	ret = !p ? -ESRCH : session ? p->sid : p->pgid;
	spin_unlock(&proc_tree_lock);
	return ret;
}

SYSCALL_DEFINE1(getpgid, int, pid) { return id_of(pid, false); }
SYSCALL_DEFINE1(getsid, int, pid) { return id_of(pid, true); }

SYSCALL_DEFINE0(setsid)
{
	struct process *me = current_process();
	long ret;

	spin_lock(&proc_tree_lock);
	ret = me->pid;
	/* Not a group leader, and no group may carry our id already. */
	if (me->pgid == me->pid || pgrp_find(me->pid))
		ret = -EPERM;
	else
		ret = pgrp_new_session(me) ?: me->pid;
	if (ret > 0)
		me->ctty = NULL;	/* a new session has no terminal */
	spin_unlock(&proc_tree_lock);
	return ret;
}
