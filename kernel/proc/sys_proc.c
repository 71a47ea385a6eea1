/* Process identity, exit and machine control system calls. */
#include <kernel/syscall.h>
#include <kernel/proc.h>
#include <kernel/cred.h>
#include <core/boot.h>
#include <core/console.h>
#include <arch/power.h>
#include <lib/string.h>
#include <kernel/signal_numbers.h>
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

struct new_utsname {
	char sysname[65], nodename[65], release[65], version[65], machine[65], domainname[65];
};

SYSCALL_DEFINE1(uname, uptr_t, buf)
{
	struct new_utsname u;

	memset(&u, 0, sizeof(u));
	strscpy(u.sysname, "Linux", sizeof(u.sysname));	/* what programs test for */
	strscpy(u.nodename, "mica", sizeof(u.nodename));
	strscpy(u.release, "6.1.0-mica", sizeof(u.release));
	strscpy(u.version, "#1 SMP Mica 0.1", sizeof(u.version));
	strscpy(u.machine, "riscv64", sizeof(u.machine));
	strscpy(u.domainname, "(none)", sizeof(u.domainname));
	return copy_to_user(buf, &u, sizeof(u));
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

/* struct rusage: CPU time is all counted as user time (no split yet). */
struct krusage {
	struct { s64 sec, usec; } utime, stime;
	long rest[14];
};

static int put_rusage(uptr_t u, u64 runtime_ns, unsigned long maxrss_pages)
{
	struct krusage ru;

	memset(&ru, 0, sizeof(ru));
	ru.rest[0] = (long)(maxrss_pages * (PAGE_SIZE / 1024));	/* ru_maxrss, KiB */
	ru.utime.sec = (s64)(runtime_ns / NSEC_PER_SEC);
	ru.utime.usec = (s64)(runtime_ns % NSEC_PER_SEC / NSEC_PER_USEC);
	return copy_to_user(u, &ru, sizeof(ru));
}

SYSCALL_DEFINE4(wait4, int, pid, uptr_t, status, int, options, uptr_t, rusage)
{
	struct wait_result res;
	long ret = proc_wait(pid, options, true, &res);

	if (ret <= 0)
		return ret;
	if ((status && put_user(res.status, status)) || (rusage && put_rusage(rusage, res.runtime_ns, res.maxrss)))
		return -EFAULT;
	return res.pid;
}

#define P_ALL 0
#define P_PID 1
#define P_PGID 2
#define WNOHANG 0x00000001
#define WEXITED 0x00000004
#define WNOWAIT 0x01000000
#define CLD_EXITED 1
#define CLD_KILLED 2

struct ksiginfo_chld {
	int si_signo, si_errno, si_code, pad;
	int si_pid;
	u32 si_uid;
	int si_status;
	char rest[128 - 28];
};

SYSCALL_DEFINE5(waitid, int, idtype, int, id, uptr_t, infop, int, options, uptr_t, rusage)
{
	struct ksiginfo_chld si;
	struct wait_result res;
	int pid;
	long ret;

	if (!(options & WEXITED) || (options & ~(WNOHANG | WEXITED | WNOWAIT | 0x2 | 0x8)))
		return -EINVAL;	/* stopped/continued children cannot happen yet */
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
	ret = proc_wait(pid, options & WNOHANG, !(options & WNOWAIT), &res);
	if (ret < 0)
		return ret;
	memset(&si, 0, sizeof(si));
	if (ret > 0) {
		si.si_signo = SIGCHLD;
		si.si_pid = res.pid;
		if (res.status & 0x7f) {
			si.si_code = CLD_KILLED;
			si.si_status = res.status & 0x7f;
		} else {
			si.si_code = CLD_EXITED;
			si.si_status = (res.status >> 8) & 0xff;
		}
	}
	if (infop && copy_to_user(infop, &si, sizeof(si)))
		return -EFAULT;
	if (rusage && put_rusage(rusage, ret > 0 ? res.runtime_ns : 0, ret > 0 ? res.maxrss : 0))
		return -EFAULT;
	return 0;
}

#define RUSAGE_SELF 0
#define RUSAGE_CHILDREN (-1)
#define RUSAGE_THREAD 1

SYSCALL_DEFINE2(getrusage, int, who, uptr_t, ru)
{
	unsigned long maxrss;
	u64 ns;

	switch (who) {
	case RUSAGE_SELF:
	case RUSAGE_THREAD:
		ns = current->runtime_ns + (clock_ns() - current->switched_in_ns);
		maxrss = current->mm ? READ_ONCE(current->mm->max_rss) : 0;
		break;
	case RUSAGE_CHILDREN:
		spin_lock(&proc_tree_lock);
		ns = current_process()->children_runtime_ns;
		maxrss = current_process()->children_maxrss;
		spin_unlock(&proc_tree_lock);
		break;
	default:
		return -EINVAL;
	}
	return put_rusage(ru, ns, maxrss);
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
	if ((a.flags & 0xff) || a.exit_signal > 64 || a.set_tid || a.set_tid_size ||
	    (a.stack && !a.stack_size) || (!a.stack && a.stack_size))
		return -EINVAL;
	return proc_fork(a.flags | a.exit_signal, a.stack ? a.stack + a.stack_size : 0,
			 a.parent_tid, a.tls, a.child_tid);
}

SYSCALL_DEFINE2(setpgid, int, pid, int, pgid)
{
	struct process *p;
	long err = 0;

	if (pgid < 0)
		return -EINVAL;
	spin_lock(&proc_tree_lock);
	p = pid ? proc_find(pid) : current_process();
	if (!p || (p != current_process() && p->parent != current_process()))
		err = -ESRCH;
	else if (p->sid == p->pid)
		err = -EPERM;	/* a session leader keeps its group */
	else if (pgid && pgid != p->pid && !proc_group_exists(pgid, p->sid))
		err = -EPERM;	/* may only join a group of its own session */
	else
		p->pgid = pgid ? pgid : p->pid;
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
	if (me->pgid == me->pid || proc_group_exists(me->pid, -1))
		ret = -EPERM;
	if (ret > 0) {
		me->pgid = me->sid = me->pid;
		me->ctty = NULL;	/* a new session has no terminal */
	}
	spin_unlock(&proc_tree_lock);
	return ret;
}
