/* Process identity, exit and machine control system calls. */
#include <kernel/syscall.h>
#include <kernel/proc.h>
#include <core/boot.h>
#include <core/console.h>
#include <arch/power.h>
#include <lib/string.h>

SYSCALL_DEFINE1(exit, int, code)
{
	proc_exit((code & 0xff) << 8);
}

SYSCALL_DEFINE1(exit_group, int, code)
{
	proc_exit((code & 0xff) << 8);
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
/* Everything runs as root until there are credentials. */
SYSCALL_DEFINE0(getuid) { return 0; }
SYSCALL_DEFINE0(geteuid) { return 0; }
SYSCALL_DEFINE0(getgid) { return 0; }
SYSCALL_DEFINE0(getegid) { return 0; }

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
	long ret = proc_wait(pid, status, options);

	/* No accounting yet: a reaped child's usage reads as zero. */
	if (ret > 0 && rusage && clear_user(rusage, 144))
		return -EFAULT;
	return ret;
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
	struct process *me = current_process(), *p;
	long ret;

	spin_lock(&proc_tree_lock);
	ret = me->pid;
	/* Not if a process group with our id exists already. */
	list_for_each_entry(p, &me->all_link, all_link)
		if (p->pgid == me->pid && p != me)
			ret = -EPERM;
	if (me->pgid == me->pid)
		ret = -EPERM;
	if (ret > 0)
		me->pgid = me->sid = me->pid;
	spin_unlock(&proc_tree_lock);
	return ret;
}
