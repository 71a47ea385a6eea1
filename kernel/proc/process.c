/*
 * Process life: creating the first user process, exit, and the process
 * tree. See include/kernel/proc.h for the locks.
 */
#include <kernel/proc.h>
#include <kernel/tty.h>
#include <kernel/entry.h>
#include <kernel/signal_numbers.h>
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
static struct process *init_process;

struct process *current_process(void)
{
	return current->proc;
}

struct process *proc_find(int pid)
{
	struct process *p;

	list_for_each_entry(p, &all_processes, all_link)
		if (p->pid == pid)
			return p;
	return NULL;
}

bool proc_group_exists(int pgid, int sid)
{
	struct process *p;

	list_for_each_entry(p, &all_processes, all_link)
		if (p->pgid == pgid && (sid < 0 || p->sid == sid) && !p->zombie)
			return true;
	return false;
}

void proc_rlimit_defaults(struct process *p)
{
	for (int i = 0; i < 16; i++)
		p->rlim[i] = (struct rlimit64){ RLIM_INFINITY, RLIM_INFINITY };
	p->rlim[RLIMIT_STACK].cur = STACK_MAX;
	p->rlim[RLIMIT_CORE].cur = 0;
	p->rlim[RLIMIT_NOFILE] = (struct rlimit64){ NR_OPEN_DEFAULT, NR_OPEN_DEFAULT };
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
	atomic_set(&p->refs, 1);
	INIT_LIST_HEAD(&p->children);
	INIT_LIST_HEAD(&p->all_link);
	INIT_LIST_HEAD(&p->threads);
	wait_queue_init(&p->thread_exit);
	INIT_LIST_HEAD(&p->sibling);
	wait_queue_init(&p->child_exit);
	return p;
}

struct init_args {
	const char *path;
	char *argv[16], *envp[16];
	int argc, envc;
};

static void init_main(void *arg)
{
	struct init_args *ia = arg;
	int err = exec_kernel(ia->path, ia->argv, ia->argc, ia->envp, ia->envc);

	if (err) {
		pr_err("init: cannot run %s: error %d\n", ia->path, err);
		proc_exit(127 << 8);
	}
	kfree(ia);
	local_irq_disable();
	arch_return_to_user(current->user_tf);
}

int proc_start_init(const char *path, const char *const *argv, const char *const *envp)
{
	struct init_args *ia = kzalloc(sizeof(*ia));
	struct process *p = process_alloc();
	struct files *files = files_alloc();
	struct task *t;

	if (!ia || !p || !files)
		goto nomem;
	ia->path = path;
	for (; argv[ia->argc] && ia->argc < 15; ia->argc++)
		ia->argv[ia->argc] = (char *)argv[ia->argc];
	for (; envp[ia->envc] && ia->envc < 15; ia->envc++)
		ia->envp[ia->envc] = (char *)envp[ia->envc];
	p->fs = fs_context_create(vfs_root());
	if (!p->fs)
		goto nomem;
	proc_rlimit_defaults(p);
	for (int fd = 0; fd < 3; fd++) {
		struct file *f = vfs_open(AT_FDCWD, "/dev/console", O_RDWR, 0);

		if (IS_ERR(f))
			goto nomem;
		if (fd_install(files, f, fd, false) != fd) {
			file_put(f);
			goto nomem;
		}
	}
	t = task_create_user("init", init_main, ia);
	if (IS_ERR(t))
		goto nomem;
	p->files = files;
	p->task = t;
	list_add_tail(&t->thread_link, &p->threads);
	p->nr_threads = 1;
	p->pgid = p->sid = p->pid;
	t->proc = p;
	t->tid = p->pid;
	strscpy(p->comm, "init", sizeof(p->comm));
	init_process = p;
	spin_lock(&proc_tree_lock);
	list_add_tail(&p->all_link, &all_processes);
	spin_unlock(&proc_tree_lock);
	task_start(t);
	return 0;
nomem:
	if (files)
		files_put(files);
	if (p && p->fs)
		fs_context_put(p->fs);
	kfree(p);
	kfree(ia);
	return -ENOMEM;
}

/* CLONE_CHILD_CLEARTID: zero the word and wake a joiner waiting on it. */
static void clear_child_tid(void)
{
	uptr_t addr = current->clear_child_tid;

	if (!addr || !current->mm)
		return;
	current->clear_child_tid = 0;
	if (!put_user((int)0, addr))
		futex_wake(current->mm, addr, 1);
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
	list_del_init(&current->thread_link);
	p->nr_threads--;
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

	spin_lock(&proc_tree_lock);
	kick_other_threads_locked(p);
	spin_unlock(&proc_tree_lock);
	wait_event(p->thread_exit, READ_ONCE(p->nr_threads) == 1);
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
	struct process *child, *tmp;
	struct mm *mm = p->mm;

	clear_child_tid();
	if (p->vfork_done) {
		complete(p->vfork_done);
		p->vfork_done = NULL;
	}
	if (mm)
		p->exit_maxrss = mm->max_rss;	/* written before zombie is published */
	/* Give up the address space: the kernel needs none from here. */
	mm_set_current(NULL);
	p->mm = NULL;
	if (mm)
		mm_put(mm);
	files_put(p->files);
	p->files = NULL;
	fs_context_put(p->fs);
	p->fs = NULL;
	tty_session_leader_exit(p);	/* a leader's terminal hangs up its foreground */

	if (p == init_process) {
		printk(LOG_EMERG, "init exited with status %d, powering off (%llu calls to "
		       "unimplemented system calls)\n", status,
		       (unsigned long long)syscall_enosys_count());
		console_flush();
		arch_poweroff();
	}
	spin_lock(&proc_tree_lock);
	list_del_init(&current->thread_link);
	p->nr_threads = 0;
	list_for_each_entry_safe(child, tmp, &p->children, sibling) {
		child->parent = init_process;
		list_move_tail(&child->sibling, &init_process->children);
	}
	p->exit_status = status;
	p->exit_runtime_ns = current->runtime_ns + (clock_ns() - current->switched_in_ns);
	p->zombie = true;
	/* Wake under the lock: once it is dropped the parent may reap p. */
	if (p->parent)
		wake_up_all(&p->parent->child_exit);
	wake_up_all(&init_process->child_exit);
	spin_unlock(&proc_tree_lock);
	task_exit(status);
}

/* --- arch entry points --- */

int do_user_fault(unsigned long addr, bool write, bool exec)
{
	return current->mm ? mm_handle_fault(current->mm, addr, write, exec) : -EFAULT;
}

void do_user_fatal(struct trapframe *tf, int sig)
{
	/* Linux stays quiet about broken pipes; crashes are worth a line. */
	printk(sig == SIGPIPE ? LOG_DEBUG : LOG_INFO, "%s[%d]: killed by signal %d at pc %lx\n",
	       current_process()->comm, current_process()->pid, sig, arch_tf_pc(tf));
	proc_group_exit(sig & 0x7f);	/* a fatal signal ends every thread */
}

void exit_to_user(struct trapframe *tf)
{
	int sig = READ_ONCE(current->fatal_signal);

	if (unlikely(sig)) {
		local_irq_enable();
		if (sig == GROUP_EXIT)
			thread_exit(0);
		do_user_fatal(tf, sig);
	}
	while (__atomic_load_n(&this_cpu()->need_resched, __ATOMIC_RELAXED)) {
		local_irq_enable();
		schedule();
		local_irq_disable();
	}
}
