/*
 * Processes. A process (thread group) owns the address space and the
 * file table its threads share; it lives in the process tree for wait().
 * Threads (CLONE_THREAD) are tasks that share their process.
 *
 * Lock order: proc_tree_lock -> process.lock. proc_tree_lock guards every
 * parent/children link and zombie state.
 */
#ifndef KERNEL_PROC_H
#define KERNEL_PROC_H

#include <kernel/sched.h>
#include <kernel/mm.h>
#include <kernel/file.h>
#include <kernel/vfs.h>
#include <kernel/cred.h>

struct process {
	int pid;			/* [I] also the thread group id */
	atomic_t refs;
	struct process *parent;		/* [proc_tree_lock] */
	struct list_head children;	/* [proc_tree_lock] */
	struct list_head sibling;	/* [proc_tree_lock] in parent's children */
	struct list_head all_link;	/* [proc_tree_lock] every process */
	struct wait_queue child_exit;	/* woken when a child changes state */
	bool zombie;			/* [proc_tree_lock] */
	int exit_status;		/* [proc_tree_lock] wait(2) status once zombie */
	int pgid, sid;			/* [proc_tree_lock] */
	struct tty *ctty;		/* controlling tty, via proc_ctty(); moves to the session */
	struct mm *mm;			/* [I] until exec replaces it */
	struct files *files;
	struct fs_context *fs;
	struct cred cred;		/* [c] one thread: only it changes them */
	struct task *task;		/* the first thread; the process holds a reference */
	struct list_head threads;	/* [proc_tree_lock] live threads (task.thread_link) */
	int nr_threads;			/* [proc_tree_lock] */
	bool group_exiting;		/* [proc_tree_lock] exit_group or a fatal signal */
	struct wait_queue thread_exit;	/* woken when a thread leaves */
	struct completion *vfork_done;	/* parent waits here after vfork */
	struct rlimit64 { u64 cur, max; } rlim[16];	/* [I] for now: one thread */
	u64 children_runtime_ns;	/* [proc_tree_lock] CPU time of reaped children */
	u64 exit_runtime_ns;		/* [proc_tree_lock] own CPU time, once zombie */
	unsigned long exit_maxrss;	/* [proc_tree_lock] peak pages, once zombie */
	unsigned long children_maxrss;	/* [proc_tree_lock] largest of reaped children */
	char comm[16];
};

/* Run path from the initramfs as the first user process (pid 1). */
int proc_start_init(const char *path, const char *const *argv, const char *const *envp);
__noreturn void proc_exit(int status);	/* the last thread: wait(2)-style status */
/* exit(2): end this thread; the last one ends the process with code. */
__noreturn void thread_exit(int status);
/* exit_group(2) and fatal signals: end every thread, then the process. */
__noreturn void proc_group_exit(int status);
/* exec: end every thread but the caller, and wait for them. */
void proc_kill_other_threads(void);
#define GROUP_EXIT (-1)	/* task.fatal_signal: another thread ended the process */
/* clone(CLONE_THREAD): a new thread of the caller's process; its tid or -errno. */
long proc_clone_thread(unsigned long flags, uptr_t newsp, uptr_t parent_tid, uptr_t tls,
		       uptr_t child_tid);
/* fork/vfork: a new process running a copy of the caller; its pid or -errno. */
long proc_fork(unsigned long flags, uptr_t newsp, uptr_t parent_tid, uptr_t tls,
	       uptr_t child_tid);
/* What waiting found: a child's pid and wait(2) status. */
struct wait_result {
	int pid;
	int status;
	u64 runtime_ns;
	unsigned long maxrss;	/* pages */
};
/* Wait for a child matching pid (wait4 rules: -1 any, 0 my group, <-1 group -pid).
 * reap: remove it. Returns 1 (found), 0 (WNOHANG and none ready) or -errno. */
long proc_wait(int pid, int options, bool reap, struct wait_result *res);
#define RLIMIT_STACK 3
#define RLIMIT_CORE 4
#define RLIMIT_NOFILE 7
#define RLIM_INFINITY (~0ULL)
void proc_rlimit_defaults(struct process *p);
/* Process tree helpers for the id system calls. */
struct process *proc_find(int pid);	/* no reference: proc_tree_lock users only */
struct process *process_alloc(void);
int proc_alloc_pid(void);
/* A live process in group pgid (and session sid, unless sid < 0)? Lock held. */
bool proc_group_exists(int pgid, int sid);
extern spinlock_t proc_tree_lock;
struct process *current_process(void);

/* execve from kernel strings, #! scripts included: init's first program
 * (Linux lets init be a script). 0 or -errno. */
int exec_kernel(const char *path, char *const *argv, int argc, char *const *envp, int envc);
/* exec: replace the current process's image. 0 or -errno; on failure the
 * caller's image is untouched. argv/envp are kernel copies. */
int exec_image(const char *path, const void *image, size_t size, char *const *argv, int argc,
	       char *const *envp, int envc);

#endif
