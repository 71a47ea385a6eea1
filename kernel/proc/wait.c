/*
 * Waiting for children: wait4 and waitid find a child that exited, stopped
 * or continued, and reap the exited ones.
 */
#include <kernel/proc.h>
#include <kernel/signal.h>
#include <core/kmalloc.h>
#include <kernel/wait_flags.h>
#include <mica/errno.h>


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
 * Does child c have something to report under options? Fills res; for a
 * stop or continue report, consumes it unless WNOWAIT. proc_tree_lock held.
 */
static bool reportable(struct process *c, int options, struct wait_result *res)
{
	unsigned long flags;
	bool found = false;

	if (c->zombie) {
		if (!(options & WEXITED))
			return false;
		res->pid = c->pid;
		res->status = c->exit_status;
		res->code = (c->exit_status & 0x7f) ? ((c->exit_status & 0x80) ? CLD_DUMPED : CLD_KILLED)
						   : CLD_EXITED;
		res->utime_ns = c->dead_utime_ns + c->children_utime_ns;
		res->stime_ns = c->dead_stime_ns + c->children_stime_ns;
		res->maxrss = MAX(c->exit_maxrss, c->children_maxrss);
		return true;
	}
	flags = spin_lock_irqsave(&c->sighand->lock);
	if ((c->jobctl_report == CLD_STOPPED && (options & WUNTRACED)) ||
	    (c->jobctl_report == CLD_CONTINUED && (options & WCONTINUED))) {
		found = true;
		res->pid = c->pid;
		res->code = c->jobctl_report;
		res->status = c->jobctl_report == CLD_STOPPED ? (c->stop_sig << 8) | 0x7f : 0xffff;
		res->utime_ns = res->stime_ns = 0;
		res->maxrss = 0;
		if (!(options & WNOWAIT))
			c->jobctl_report = 0;
	}
	spin_unlock_irqrestore(&c->sighand->lock, flags);
	return found;
}

long proc_wait(int pid, int options, struct wait_result *res)
{
	struct process *me = current_process(), *found = NULL, *c;
	bool any = false;
	int err;

	if (pid == INT32_MIN)
		return -ESRCH;
	err = wait_event_interruptible(me->child_exit, ({
		found = NULL;
		any = false;
		spin_lock(&proc_tree_lock);
		list_for_each_entry(c, &me->children, sibling) {
			if (!matches(me, c, pid))
				continue;
			any = true;
			if (reportable(c, options, res)) {
				found = c;
				break;
			}
		}
		if (found && found->zombie && !(options & WNOWAIT)) {
			list_del(&found->sibling);
			list_del(&found->all_link);
			me->children_utime_ns += res->utime_ns;
			me->children_stime_ns += res->stime_ns;
			me->children_maxrss = MAX(me->children_maxrss, res->maxrss);
			proc_release(found);
		}
		spin_unlock(&proc_tree_lock);
		found || !any || (options & WNOHANG);
	}));
	if (err)
		return err;
	if (!found)
		return any ? 0 : -ECHILD;
	return 1;
}
