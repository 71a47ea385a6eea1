/* Waiting for children: wait4 and the zombies it reaps. */
#include <kernel/proc.h>
#include <core/kmalloc.h>
#include <mica/errno.h>

#define WNOHANG 0x00000001
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
 * Find a zombie child matching pid and unlink it; proc_tree_lock held.
 * *any tells whether a matching child exists at all.
 */
static struct process *take_zombie(struct process *parent, int pid, bool *any)
{
	struct process *c;

	*any = false;
	list_for_each_entry(c, &parent->children, sibling) {
		if (!matches(parent, c, pid))
			continue;
		*any = true;
		if (c->zombie) {
			list_del(&c->sibling);
			list_del(&c->all_link);
			return c;
		}
	}
	return NULL;
}

long proc_wait(int pid, uptr_t status, int options)
{
	struct process *me = current_process(), *z = NULL;
	bool any = false;
	int zpid, zstatus;

	if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD | __WALL | __WCLONE))
		return -EINVAL;
	if (pid == INT32_MIN)
		return -ESRCH;
	wait_event(me->child_exit, ({
		spin_lock(&proc_tree_lock);
		z = take_zombie(me, pid, &any);
		spin_unlock(&proc_tree_lock);
		z || !any || (options & WNOHANG);
	}));
	if (!z)
		return any ? 0 : -ECHILD;
	zpid = z->pid;
	zstatus = z->exit_status;
	task_put(z->task);	/* the process's reference; the task is gone or going */
	kfree(z);
	if (status && put_user(zstatus, status))
		return -EFAULT;
	return zpid;
}
