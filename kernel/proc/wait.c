/* Waiting for children: wait4 and the zombies it reaps. */
#include <kernel/proc.h>
#include <core/kmalloc.h>
#include <mica/errno.h>

#define WNOHANG 0x00000001
#define WEXITED 0x00000004
#define WNOWAIT 0x01000000
#define WUNTRACED 0x00000002
#define WCONTINUED 0x00000008
#define __WNOTHREAD 0x20000000
#define __WALL 0x40000000
#define __WCLONE 0x80000000

static bool matches(struct process *parent, struct process *c, int pid)
{
	if (pid > 0)
		return c->pid == pid;
	if (pid == 0)
		return c->pgid == parent->pgid;
	if (pid < -1)
		return c->pgid == -pid;
	return true;
}

/*
 * Find a zombie child matching pid; proc_tree_lock held. *any tells
 * whether a matching child exists at all.
 */
static struct process *find_zombie(struct process *parent, int pid, bool *any)
{
	struct process *c;

	*any = false;
	list_for_each_entry(c, &parent->children, sibling) {
		if (!matches(parent, c, pid))
			continue;
		*any = true;
		if (c->zombie)
			return c;
	}
	return NULL;
}

long proc_wait(int pid, int options, bool reap, struct wait_result *res)
{
	struct process *me = current_process(), *z = NULL;
	bool any = false;

	if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD | __WALL | __WCLONE))
		return -EINVAL;
	if (pid == INT32_MIN)
		return -ESRCH;
	wait_event(me->child_exit, ({
		spin_lock(&proc_tree_lock);
		z = find_zombie(me, pid, &any);
		if (z) {
			res->pid = z->pid;
			res->status = z->exit_status;
			res->runtime_ns = z->exit_runtime_ns + z->children_runtime_ns;
			res->maxrss = MAX(z->exit_maxrss, z->children_maxrss);
			if (reap) {
				list_del(&z->sibling);
				list_del(&z->all_link);
				me->children_runtime_ns += res->runtime_ns;
				me->children_maxrss = MAX(me->children_maxrss, res->maxrss);
			}
		}
		spin_unlock(&proc_tree_lock);
		z || !any || (options & WNOHANG);
	}));
	if (!z)
		return any ? 0 : -ECHILD;
	if (reap) {
		task_put(z->task);	/* the process's reference; the task is gone or going */
		kfree(z);
	}
	return 1;
}
