/*
 * prctl(2) options, and the two process-tree rules two of them set up:
 * orphans go to the nearest child subreaper, and children that asked for a
 * parent-death signal get it when their parent exits.
 *
 * Supported: PR_SET/GET_PDEATHSIG, PR_SET/GET_DUMPABLE, PR_SET/GET_NAME,
 * PR_SET/GET_CHILD_SUBREAPER, PR_SET/GET_NO_NEW_PRIVS. Every other option
 * is -EINVAL, which is also what Linux returns for options it does not know.
 */
#include <kernel/syscall.h>
#include <kernel/proc.h>
#include <kernel/signal.h>
#include <lib/string.h>
#include <mica/errno.h>

#define PR_SET_PDEATHSIG 1
#define PR_GET_PDEATHSIG 2
#define PR_GET_DUMPABLE 3
#define PR_SET_DUMPABLE 4
#define PR_SET_NAME 15
#define PR_GET_NAME 16
#define PR_SET_CHILD_SUBREAPER 36
#define PR_GET_CHILD_SUBREAPER 37
#define PR_SET_NO_NEW_PRIVS 38
#define PR_GET_NO_NEW_PRIVS 39

#define NSIG_MAX 64	/* Linux's _NSIG: valid signals are 0..64 */

void proc_attrs_fork(struct process *child, const struct process *parent)
{
	child->attrs = parent->attrs;
	child->attrs.child_subreaper = false;	/* Linux: not inherited */
	child->attrs.pdeath_signal = 0;		/* cleared for every new child */
	if (parent->attrs.reset_on_fork) {
		/* SCHED_RESET_ON_FORK: a real-time policy becomes SCHED_OTHER (0),
		 * a negative nice 0; SCHED_BATCH and SCHED_IDLE stay. */
		child->attrs.reset_on_fork = false;
		if (child->attrs.rt_priority) {
			child->attrs.policy = 0;
			child->attrs.rt_priority = 0;
		}
		if (child->attrs.nice < 0)
			child->attrs.nice = 0;
	}
}

struct process *proc_reaper_for(struct process *dying)
{
	for (struct process *a = dying->parent; a && a != init_process; a = a->parent)
		if (a->attrs.child_subreaper && !a->zombie && !a->group_exiting)
			return a;
	return init_process;
}

void proc_notify_pdeath_children(struct process *dying)
{
	struct process *child;

	list_for_each_entry(child, &dying->children, sibling)
		if (child->attrs.pdeath_signal && !child->zombie)
			signal_send_kernel(child, child->attrs.pdeath_signal);
}

/* PR_SET_NAME: the calling thread's name; the first thread's is also the
 * process's (what exec set, and what /proc shows). */
static long prctl_set_name(uptr_t uname)
{
	struct process *p = current_process();
	char name[TASK_NAME_LEN + 1];
	long n = strncpy_from_user(name, uname, TASK_NAME_LEN);

	if (n < 0 && n != -ENAMETOOLONG)
		return -EFAULT;
	name[TASK_NAME_LEN - 1] = 0;	/* Linux keeps the first 15 bytes */
	strscpy(current->name, name, sizeof(current->name));
	if (p->task == current)
		strscpy(p->comm, name, sizeof(p->comm));
	return 0;
}

static long prctl_get_name(uptr_t uname)
{
	struct process *p = current_process();
	char name[TASK_NAME_LEN];

	memset(name, 0, sizeof(name));
	strscpy(name, p->task == current ? p->comm : current->name, sizeof(name));
	return copy_to_user(uname, name, sizeof(name)) ? -EFAULT : 0;
}

SYSCALL_DEFINE5(prctl, int, option, unsigned long, arg2, unsigned long, arg3, unsigned long,
		arg4, unsigned long, arg5)
{
	struct process *p = current_process();
	int val;

	switch (option) {
	case PR_SET_PDEATHSIG:
		if (arg2 > NSIG_MAX)
			return -EINVAL;
		spin_lock(&proc_tree_lock);
		p->attrs.pdeath_signal = (int)arg2;
		spin_unlock(&proc_tree_lock);
		return 0;
	case PR_GET_PDEATHSIG:
		val = READ_ONCE(p->attrs.pdeath_signal);
		return put_user(val, (uptr_t)arg2) ? -EFAULT : 0;
	case PR_GET_DUMPABLE:
		return READ_ONCE(current->mm->dumpable);
	case PR_SET_DUMPABLE:
		if (arg2 != 0 && arg2 != MM_DUMPABLE)
			return -EINVAL;	/* SUID_DUMP_ROOT (2) only comes from the sysctl */
		WRITE_ONCE(current->mm->dumpable, (int)arg2);
		return 0;
	case PR_SET_NAME:
		return prctl_set_name((uptr_t)arg2);
	case PR_GET_NAME:
		return prctl_get_name((uptr_t)arg2);
	case PR_SET_CHILD_SUBREAPER:
		spin_lock(&proc_tree_lock);
		p->attrs.child_subreaper = arg2 != 0;
		spin_unlock(&proc_tree_lock);
		return 0;
	case PR_GET_CHILD_SUBREAPER:
		val = READ_ONCE(p->attrs.child_subreaper);
		return put_user(val, (uptr_t)arg2) ? -EFAULT : 0;
	case PR_SET_NO_NEW_PRIVS:
		if (arg2 != 1 || arg3 || arg4 || arg5)
			return -EINVAL;
		WRITE_ONCE(p->attrs.no_new_privs, true);	/* no set-id programs yet */
		return 0;
	case PR_GET_NO_NEW_PRIVS:
		if (arg2 || arg3 || arg4 || arg5)
			return -EINVAL;
		return READ_ONCE(p->attrs.no_new_privs);
	default:
		return -EINVAL;
	}
}
