/*
 * Process life: creating the first user process, exit, and the process
 * tree. See include/kernel/proc.h for the locks.
 */
#include <kernel/proc.h>
#include <kernel/tty.h>
#include <core/panic.h>
#include <kernel/entry.h>
#include <kernel/signal.h>
#include <kernel/pgrp.h>
#include <arch/signal.h>
#include <kernel/futex.h>
#include <kernel/syscall.h>
#include <core/kmalloc.h>
#include <core/console.h>
#include <core/clock.h>
#include <core/printk.h>
#include <arch/power.h>
#include <arch/trap.h>
#include <lib/string.h>
#include <mica/err.h>
#include <mica/errno.h>

DEFINE_SPINLOCK(proc_tree_lock);
static LIST_HEAD(all_processes);

static atomic_t next_pid = ATOMIC_INIT(1);

struct process *current_process(void)
{
	return current->proc;
}

void proc_for_each(void (*fn)(struct process *p, void *arg), void *arg)
{
	struct process *p, *tmp;

	list_for_each_entry_safe(p, tmp, &all_processes, all_link)
		fn(p, arg);
}

void proc_release(struct process *p)
{
	assert_spin_locked(&proc_tree_lock);
	pid_hash_del(p->task);
	pgrp_leave(p);
	sigpending_flush(&p->shared_pending);
	sighand_put(p->sighand);
	p->sighand = NULL;
	p->reaped = true;
	proc_put(p);
}

void proc_put(struct process *p)
{
	if (atomic_dec_and_test(&p->refs)) {
		task_put(p->task);	/* the process's reference; the task is gone or going */
		kfree(p);
	}
}

void proc_rlimit_defaults(struct process *p)
{
	for (int i = 0; i < 16; i++)
		p->rlim[i] = (struct rlimit64){ RLIM_INFINITY, RLIM_INFINITY };
	p->rlim[RLIMIT_STACK].cur = STACK_MAX;
	p->rlim[RLIMIT_CORE].cur = 0;
	p->rlim[RLIMIT_NOFILE] = (struct rlimit64){ NR_OPEN_DEFAULT, NR_OPEN_DEFAULT };
}

int proc_last_pid(void)
{
	return atomic_read(&next_pid) - 1;
}

int proc_alloc_pid(void)
{
	return atomic_fetch_add(&next_pid, 1);	/* pids and tids share one space */
}

struct process *process_alloc(void)
{
	struct process *p = kzalloc(sizeof(*p));

	if (!p)
		return NULL;
	p->pid = proc_alloc_pid();
	p->start_ns = clock_ns();
	atomic_set(&p->refs, 1);
	INIT_LIST_HEAD(&p->children);
	INIT_LIST_HEAD(&p->all_link);
	INIT_LIST_HEAD(&p->threads);
	wait_queue_init(&p->thread_exit);
	INIT_LIST_HEAD(&p->sibling);
	INIT_LIST_HEAD(&p->pgrp_link);
	wait_queue_init(&p->child_exit);
	proc_timers_init(p);
	sigpending_init(&p->shared_pending);
	p->exit_signal = SIGCHLD;
	return p;
}

/*
 * The first process (init, see init.c) joins the empty tree as the leader
 * of a new session. -ENOMEM, and p is left for the caller to free.
 */
int proc_tree_add_first(struct process *p)
{
	pid_hash_init();
	spin_lock(&proc_tree_lock);
	if (pgrp_new_session(p)) {
		spin_unlock(&proc_tree_lock);
		return -ENOMEM;
	}
	list_add_tail(&p->all_link, &all_processes);
	pid_hash_add(p->task);
	spin_unlock(&proc_tree_lock);
	return 0;
}

/* Thread exit, address space still there: release robust and PI futexes,
 * then (CLONE_CHILD_CLEARTID) zero the tid word and wake a joiner. */
static void clear_child_tid(void)
{
	uptr_t addr = current->clear_child_tid;

	futex_exit_release();
	if (!addr || !current->mm)
		return;
	current->clear_child_tid = 0;
	if (!put_user((int)0, addr))
		futex_wake_shared(addr);
}

/* Leave p's thread list (proc_tree_lock held); pending signals go too, and
 * the thread's CPU time moves to the process's count in the same step. */
static void unlink_thread(struct process *p)
{
	unsigned long flags = spin_lock_irqsave(&p->sighand->lock);

	process_account_exit_locked(p, current);
	list_del_init(&current->thread_link);
	sigpending_flush(&current->pending);
	spin_unlock_irqrestore(&p->sighand->lock, flags);
}

void thread_exit(int status)
{
	struct process *p = current_process();

	spin_lock(&proc_tree_lock);
	if (p->nr_threads == 1) {
		spin_unlock(&proc_tree_lock);
		proc_exit(p->group_exiting ? p->exit_status : status);
	}
	spin_unlock(&proc_tree_lock);
	clear_child_tid();
	mm_set_current(NULL);	/* the process keeps the address space */
	spin_lock(&proc_tree_lock);
	unlink_thread(p);
	p->nr_threads--;
	if (current != p->task)
		pid_hash_del(current);	/* the first thread's tid names the process */
	wake_up_all(&p->thread_exit);
	spin_unlock(&proc_tree_lock);
	task_exit(status);
}

/* Tell every other thread of p to exit at its next return to user mode. */
static void kick_other_threads_locked(struct process *p)
{
	struct task *t;

	list_for_each_entry(t, &p->threads, thread_link)
		if (t != current) {
			WRITE_ONCE(t->fatal_signal, GROUP_EXIT);
			task_kick(t);
		}
}

void proc_kill_other_threads(void)
{
	struct process *p = current_process();
	struct task *leader;

	spin_lock(&proc_tree_lock);
	kick_other_threads_locked(p);
	spin_unlock(&proc_tree_lock);
	wait_event(p->thread_exit, READ_ONCE(p->nr_threads) == 1);
	/* Exec from another thread than the first: as on Linux, the caller
	 * becomes the process's first thread and takes over its tid (the
	 * pid), so that the new image has gettid() == getpid(). */
	leader = p->task;
	if (leader == current)
		return;
	spin_lock(&proc_tree_lock);
	pid_hash_del(leader);
	pid_hash_del(current);
	current->tid = p->pid;
	pid_hash_add(current);
	task_get(current);
	p->task = current;
	spin_unlock(&proc_tree_lock);
	task_put(leader);	/* the process's reference; the old first thread is gone */
}

void proc_group_exit(int status)
{
	struct process *p = current_process();

	spin_lock(&proc_tree_lock);
	if (p->group_exiting) {
		/* Another thread is ending the process: just leave. */
		spin_unlock(&proc_tree_lock);
		thread_exit(status);
	}
	p->group_exiting = true;
	p->exit_status = status;
	kick_other_threads_locked(p);
	spin_unlock(&proc_tree_lock);
	wait_event(p->thread_exit, READ_ONCE(p->nr_threads) == 1);
	proc_exit(status);
}

void proc_exit(int status)
{
	struct process *p = current_process();
	struct process *child, *tmp, *parent, *reaper;
	struct mm *mm = p->mm;
	struct files *files;
	struct fs_context *fs;

	clear_child_tid();
	if (p->vfork_done) {
		complete(p->vfork_done);
		p->vfork_done = NULL;
	}
	if (mm)
		p->exit_maxrss = mm->max_rss;	/* written before zombie is published */
	proc_timers_exit(p);
	/* Give up the address space: the kernel needs none from here. */
	mm_set_current(NULL);
	/* /proc takes references on these under proc_tree_lock. */
	spin_lock(&proc_tree_lock);
	files = p->files;
	fs = p->fs;
	p->mm = NULL;
	p->files = NULL;
	p->fs = NULL;
	spin_unlock(&proc_tree_lock);
	if (mm)
		mm_put(mm);
	files_put(files);
	fs_context_put(fs);
	tty_session_leader_exit(p);	/* a leader's terminal hangs up its foreground */

	if (p == init_process) {
		printk(LOG_EMERG, "init exited with status %d, powering off (%llu calls to "
		       "unimplemented system calls)\n", status,
		       (unsigned long long)syscall_enosys_count());
		console_flush();
		arch_poweroff();
	}
	spin_lock(&proc_tree_lock);
	unlink_thread(p);
	p->nr_threads = 0;
	proc_notify_pdeath_children(p);
	reaper = proc_reaper_for(p);
	list_for_each_entry_safe(child, tmp, &p->children, sibling) {
		child->parent = reaper;
		list_move_tail(&child->sibling, &reaper->children);
	}
	p->exit_status = status;
	p->zombie = true;
	/* A parent that ignores SIGCHLD (or set SA_NOCLDWAIT) leaves its
	 * children to be reaped by someone else: init takes them. */
	parent = p->parent;
	if (parent && !signal_notify_parent_exit(p, status)) {
		list_move_tail(&p->sibling, &init_process->children);
		p->parent = init_process;
	}
	wake_up_all(&p->thread_exit);	/* pidfd pollers */
	/* Wake under the lock: once it is dropped the parent may reap p. The
	 * first parent too when init took p: its wait may now find none. */
	if (parent)
		wake_up_all(&parent->child_exit);
	wake_up_all(&init_process->child_exit);
	if (reaper != init_process)
		wake_up_all(&reaper->child_exit);
	spin_unlock(&proc_tree_lock);
	task_exit(status);
}

/* --- arch entry points --- */

int do_user_fault(unsigned long addr, bool write, bool exec)
{
	struct mm *mm = current->mm;
	bool mapped;
	int err;

	if (!mm)
		return SEGV_MAPERR;
	err = mm_handle_fault(mm, addr, write, exec);
	if (!err)
		return 0;
	if (err == -EIO) {	/* a file page past the end, or unreadable */
		force_sig_fault(SIGBUS, BUS_ADRERR, addr);
		return 0;
	}
	mutex_lock(&mm->lock);
	mapped = mm_find_vma(mm, addr) != NULL;
	mutex_unlock(&mm->lock);
	return mapped ? SEGV_ACCERR : SEGV_MAPERR;
}

void do_user_signal(int sig, int code, unsigned long addr)
{
	force_sig_fault(sig, code, addr);
}

void exit_to_user(struct trapframe *tf)
{
	for (;;) {
		if (__atomic_load_n(&this_cpu()->need_resched, __ATOMIC_RELAXED)) {
			local_irq_enable();
			schedule();
			local_irq_disable();
			continue;
		}
		if (unlikely(signal_work_pending(tf))) {
			local_irq_enable();
			signal_exit_to_user(tf);
			local_irq_disable();
			continue;
		}
		break;
	}
}
