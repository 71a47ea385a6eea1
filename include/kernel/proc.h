/*
 * Processes. A process (thread group) owns the address space and the
 * file table its threads share; it lives in the process tree for wait().
 * Threads (CLONE_THREAD) are tasks that share their process.
 *
 * Lock order: proc_tree_lock -> sighand.lock. proc_tree_lock guards every
 * parent/children link and zombie state; the thread list is changed with
 * both held, so either is enough to walk it.
 */
#ifndef KERNEL_PROC_H
#define KERNEL_PROC_H

#include <kernel/sched.h>
#include <kernel/mm.h>
#include <kernel/file.h>
#include <kernel/vfs.h>
#include <kernel/cred.h>
#include <kernel/time.h>

struct process {
	int pid;			/* [I] also the thread group id */
	atomic_t refs;
	struct process *parent;		/* [proc_tree_lock] */
	struct list_head children;	/* [proc_tree_lock] */
	struct list_head sibling;	/* [proc_tree_lock] in parent's children */
	struct list_head all_link;	/* [proc_tree_lock] every process */
	struct wait_queue child_exit;	/* woken when a child changes state */
	bool zombie;			/* [proc_tree_lock] */
	bool reaped;			/* [proc_tree_lock] only pidfds still hold it */
	int exit_status;		/* [proc_tree_lock] wait(2) status once zombie */
	struct pgrp *pgrp;		/* [proc_tree_lock] its group (kernel/pgrp.h), until reaped */
	struct list_head pgrp_link;	/* [proc_tree_lock] in pgrp->members */
	int pgid, sid;			/* [proc_tree_lock] ids of pgrp and its session */
	struct tty *ctty;		/* controlling tty, via proc_ctty(); moves to the session */
	bool execed;			/* [proc_tree_lock] has called execve (setpgid's EACCES) */
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
	u64 dead_utime_ns, dead_stime_ns;	/* [proc_tree_lock] CPU time of exited threads */
	u64 children_utime_ns, children_stime_ns;	/* [proc_tree_lock] of reaped children */
	struct process_timers timers;	/* kernel/time: itimers and POSIX timers */
	unsigned long exit_maxrss;	/* [proc_tree_lock] peak pages, once zombie */
	unsigned long children_maxrss;	/* [proc_tree_lock] largest of reaped children */
	u64 start_ns;			/* [I] clock_ns() when created */
	char comm[16];

	/* Signals: see include/kernel/signal.h. [s] is sighand->lock. */
	struct sighand *sighand;	/* [I] (exec may unshare it) */
	struct sigpending shared_pending;	/* [s] process-directed signals */
	int exit_signal;		/* [I] sent to the parent at exit; 0 for none */
	int fatal_code;			/* [s] wait status of a pending fatal signal */
	/* Job control, [s]: the whole process stopped by a stop signal. */
	bool stopped;
	int stop_sig;			/* [s] the signal that stopped it */
	int jobctl_report;		/* [s] CLD_STOPPED/CLD_CONTINUED not yet seen by wait */
	int jobctl_notify;		/* [s] CLD_* the parent must still be sent SIGCHLD for */
	/* prctl, priorities and scheduling policy (prctl.c, sys_sched.c). */
	struct proc_attrs {
		int nice;		/* -20..19 (setpriority) */
		int policy;		/* SCHED_OTHER, ... (stored; the scheduler ignores it) */
		int rt_priority;	/* 1..99 for SCHED_FIFO/RR, else 0 */
		bool reset_on_fork;	/* SCHED_RESET_ON_FORK */
		bool no_new_privs;	/* PR_SET_NO_NEW_PRIVS: inherited, never cleared */
		bool child_subreaper;	/* PR_SET_CHILD_SUBREAPER: not inherited */
		int pdeath_signal;	/* PR_SET_PDEATHSIG: not inherited */
	} attrs;			/* [proc_tree_lock] */
};

/*
 * Start the first user process (pid 1) as Linux does: rdinit, then init,
 * then /sbin/init, /etc/init, /bin/init, /bin/sh (init.c). argv and envp
 * (NULL-terminated, at most INIT_MAX_ARGS - 1 and INIT_MAX_ENVS entries
 * used) follow argv[0]; the strings must live for ever. -ENOENT when none
 * of them exists, -ENOMEM.
 */
#define INIT_MAX_ARGS 32
#define INIT_MAX_ENVS 32
int proc_start_init(const char *rdinit, const char *init, const char *const *argv,
		    const char *const *envp);
extern struct process *init_process;	/* [I] once init starts */
/* init.c: the first process joins the tree (process.c). 0 or -ENOMEM. */
int proc_tree_add_first(struct process *p);
/* The process that adopts the orphans of dying: its nearest living
 * ancestor marked PR_SET_CHILD_SUBREAPER, else init. proc_tree_lock held. */
struct process *proc_reaper_for(struct process *dying);
/* dying's children that asked for PR_SET_PDEATHSIG get that signal.
 * proc_tree_lock held. */
void proc_notify_pdeath_children(struct process *dying);
/* fork: what the child inherits of the parent's attrs (prctl.c). */
void proc_attrs_fork(struct process *child, const struct process *parent);
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
	int status;	/* wait4's */
	int code;	/* waitid's CLD_* */
	u64 utime_ns, stime_ns;	/* the child's and its reaped children's */
	unsigned long maxrss;	/* pages */
};
/* Wait for a child matching pid (wait4 rules: -1 any, 0 my group, <-1 group
 * -pid) with something to report under options (WEXITED, WUNTRACED,
 * WCONTINUED, WNOHANG, WNOWAIT); an exited one is reaped unless WNOWAIT.
 * Returns 1 (found), 0 (WNOHANG and none ready) or -errno. */
long proc_wait(int pid, int options, struct wait_result *res);
#define RLIMIT_STACK 3
#define RLIMIT_CORE 4
#define RLIMIT_NOFILE 7
#define RLIMIT_NICE 13
#define RLIMIT_RTPRIO 14
#define RLIM_INFINITY (~0ULL)
void proc_rlimit_defaults(struct process *p);
/* Process tree helpers for the id system calls. */
/* Lookups by id, without a reference: proc_tree_lock users only. */
struct process *proc_find(int pid);
struct task *task_find(int tid);
void pid_hash_init(void);
void pid_hash_add(struct task *t);
void pid_hash_del(struct task *t);
/* Call fn for every process (zombies too), or every member of group pgid
 * (not zombies); proc_tree_lock held. */
void proc_for_each(void (*fn)(struct process *p, void *arg), void *arg);
void proc_for_each_in_pgrp(int pgid, void (*fn)(struct process *p, void *arg), void *arg);
/* No member of p's group has a parent in another group of its session. */
bool proc_pgrp_orphaned(struct process *p);
/* Reap p (its tree links are gone); proc_tree_lock held. The memory goes
 * with the last reference (pidfds hold one each). */
void proc_release(struct process *p);
void proc_put(struct process *p);
struct process *process_alloc(void);
int proc_alloc_pid(void);
int proc_last_pid(void);	/* the last pid or tid handed out */
/* Group pgid exists (in session sid, unless sid < 0)? proc_tree_lock held. */
bool proc_group_exists(int pgid, int sid);
extern spinlock_t proc_tree_lock;
struct process *current_process(void);

/* exec: replace the current process's image with the program file (an
 * open regular file; head: its first head_len bytes, at most
 * EXEC_HEAD_SIZE). 0 or -errno; on failure the caller's image is
 * untouched. argv/envp are kernel copies. */
#define EXEC_HEAD_SIZE 256	/* Linux's BINPRM_BUF_SIZE */
struct file;
int exec_image(const char *path, struct file *file, const void *head, size_t head_len,
	       char *const *argv, int argc, char *const *envp, int envc);
/* execve(2) from the kernel (kernel strings, "#!" scripts included), for
 * starting init. 0 with the new image ready to enter, or -errno. */
int kernel_execve(const char *path, const char *const *argv, const char *const *envp);

#endif
