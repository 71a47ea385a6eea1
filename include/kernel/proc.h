/*
 * Processes. A process (thread group) owns the address space and the
 * file table its threads share; it lives in the process tree for wait().
 * This first version has one thread per process.
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
	struct mm *mm;			/* [I] until exec replaces it */
	struct files *files;
	struct fs_context *fs;
	struct task *task;		/* the (only) thread */
	struct completion *vfork_done;	/* parent waits here after vfork */
	char comm[16];
};

/* Run path from the initramfs as the first user process (pid 1). */
int proc_start_init(const char *path, const char *const *argv, const char *const *envp);
__noreturn void proc_exit(int status);	/* wait(2)-style status */
/* fork/vfork: a new process running a copy of the caller; its pid or -errno. */
long proc_fork(unsigned long flags, uptr_t newsp, uptr_t parent_tid, uptr_t tls,
	       uptr_t child_tid);
/* wait4: reap a child; its pid, 0 (WNOHANG, none ready) or -errno. */
long proc_wait(int pid, uptr_t status, int options);
/* Process tree helpers for the id system calls. */
struct process *proc_find(int pid);	/* no reference: proc_tree_lock users only */
struct process *process_alloc(void);
extern spinlock_t proc_tree_lock;
struct process *current_process(void);

/* exec: replace the current process's image. 0 or -errno; on failure the
 * caller's image is untouched. argv/envp are kernel copies. */
int exec_image(const char *path, const void *image, size_t size, char *const *argv, int argc,
	       char *const *envp, int envc);

#endif
