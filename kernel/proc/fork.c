/*
 * fork and vfork through clone(2). The child gets a copy (fork) or a share
 * (vfork) of the address space, a copy of the file table, and the
 * parent's registers with 0 as the system call's result. Threads
 * (CLONE_THREAD) come with thread groups, later.
 */
#include <kernel/proc.h>
#include <kernel/pgrp.h>
#include <core/panic.h>
#include <kernel/signal_numbers.h>
#include <core/kmalloc.h>
#include <arch/trap.h>
#include <lib/string.h>
#include <mica/err.h>
#include <mica/errno.h>

#define CSIGNAL 0x000000ff
#define CLONE_VM 0x00000100
#define CLONE_FS 0x00000200
#define CLONE_FILES 0x00000400
#define CLONE_SIGHAND 0x00000800
#define CLONE_VFORK 0x00004000
#define CLONE_PARENT 0x00008000
#define CLONE_THREAD 0x00010000
#define CLONE_SETTLS 0x00080000
#define CLONE_PARENT_SETTID 0x00100000
#define CLONE_CHILD_CLEARTID 0x00200000
#define CLONE_DETACHED 0x00400000
#define CLONE_CHILD_SETTID 0x01000000

#define CLONE_SYSVSEM 0x00040000
#define CLONE_SUPPORTED (CSIGNAL | CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND |         \
			 CLONE_VFORK | CLONE_PARENT | CLONE_THREAD | CLONE_SYSVSEM | CLONE_SETTLS |  \
			 CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID | CLONE_CHILD_SETTID |    \
			 CLONE_DETACHED)

static void child_entry(void *arg __unused)
{
	local_irq_disable();
	arch_return_to_user(current->user_tf);
}

/* The new thread's or process's registers: the caller's, with 0 returned. */
static void copy_user_state(struct task *t, uptr_t newsp, bool settls, uptr_t tls)
{
	memcpy(t->user_tf, current->user_tf, sizeof(*t->user_tf));
	arch_syscall_set_return(t->user_tf, 0);
	if (newsp)
		arch_tf_set_sp(t->user_tf, newsp);
	if (settls)
		arch_tf_set_tls(t->user_tf, tls);
	arch_fp_save(&current->fp);
	t->fp = current->fp;
}

long proc_clone_thread(unsigned long flags, uptr_t newsp, uptr_t parent_tid, uptr_t tls,
		       uptr_t child_tid)
{
	struct process *p = current_process();
	struct task *t = task_create_user(p->comm, child_entry, NULL);
	int tid;

	if (IS_ERR(t))
		return PTR_ERR(t);
	tid = proc_alloc_pid();
	t->proc = p;
	t->mm = p->mm;
	t->tid = tid;
	copy_user_state(t, newsp, flags & CLONE_SETTLS, tls);
	if (flags & CLONE_CHILD_CLEARTID)
		t->clear_child_tid = child_tid;
	if (((flags & CLONE_CHILD_SETTID) && put_user(tid, child_tid)) ||
	    ((flags & CLONE_PARENT_SETTID) && put_user(tid, parent_tid))) {
		task_put(t);	/* never started: the scheduler holds no reference */
		task_put(t);
		return -EFAULT;
	}
	spin_lock(&proc_tree_lock);
	if (p->group_exiting) {
		spin_unlock(&proc_tree_lock);
		task_put(t);
		task_put(t);
		return -EINTR;	/* the process is ending */
	}
	t->blocked = current->blocked;	/* a new thread inherits the mask */
	{
		unsigned long irqf = spin_lock_irqsave(&p->sighand->lock);

		list_add_tail(&t->thread_link, &p->threads);
		spin_unlock_irqrestore(&p->sighand->lock, irqf);
	}
	p->nr_threads++;
	pid_hash_add(t);
	spin_unlock(&proc_tree_lock);
	task_start(t);
	task_put(t);	/* nobody keeps a thread's task but the scheduler */
	return tid;
}

long proc_fork(unsigned long flags, uptr_t newsp, uptr_t parent_tid, uptr_t tls,
	       uptr_t child_tid)
{
	struct process *parent = current_process(), *p;
	struct completion vfork_done;
	struct task *t;
	long err = -ENOMEM;

	if (flags & ~CLONE_SUPPORTED)
		return -EINVAL;	/* namespaces, pidfds ...: not supported yet */
	/*
	 * CLONE_DETACHED is a leftover that clone(2) ignores (musl's
	 * pthread_create still passes it); Linux refuses it only with
	 * CLONE_PIDFD, which is not supported here, and in clone3.
	 */
	flags &= ~CLONE_DETACHED;
	/* Linux's rules: a thread shares signal handlers, which needs shared memory. */
	if (((flags & CLONE_THREAD) && !(flags & CLONE_SIGHAND)) ||
	    ((flags & CLONE_SIGHAND) && !(flags & CLONE_VM)))
		return -EINVAL;
	if (flags & CLONE_THREAD)
		return proc_clone_thread(flags, newsp, parent_tid, tls, child_tid);
	if ((flags & CLONE_VM) && !(flags & CLONE_VFORK))
		return -EINVAL;	/* a process sharing memory without vfork: not yet */
	p = process_alloc();
	if (!p)
		return -ENOMEM;
	if (flags & CLONE_FILES) {
		atomic_inc(&parent->files->refs);
		p->files = parent->files;
	} else {
		p->files = files_dup(parent->files);
	}
	if (flags & CLONE_FS) {
		atomic_inc(&parent->fs->refs);
		p->fs = parent->fs;
	} else {
		p->fs = fs_context_dup(parent->fs);
	}
	if (!p->files || !p->fs)
		goto fail;
	if (flags & CLONE_SIGHAND) {
		atomic_inc(&parent->sighand->refs);
		p->sighand = parent->sighand;
	} else {
		p->sighand = sighand_dup(parent->sighand);
		if (!p->sighand)
			goto fail;
	}
	p->exit_signal = flags & CSIGNAL;
	if (flags & CLONE_VM) {
		mm_get(parent->mm);
		p->mm = parent->mm;
	} else {
		p->mm = mm_fork(parent->mm);
		if (!p->mm)
			goto fail;
	}
	t = task_create_user(parent->comm, child_entry, NULL);
	if (IS_ERR(t))
		goto fail;
	t->proc = p;
	t->mm = p->mm;
	t->tid = p->pid;
	p->task = t;
	list_add_tail(&t->thread_link, &p->threads);
	p->nr_threads = 1;
	strscpy(p->comm, parent->comm, sizeof(p->comm));
	memcpy(p->rlim, parent->rlim, sizeof(p->rlim));
	p->cred = parent->cred;
	t->blocked = current->blocked;
	t->altstack = current->altstack;
	copy_user_state(t, newsp, flags & CLONE_SETTLS, tls);
	if (flags & CLONE_CHILD_CLEARTID)
		t->clear_child_tid = child_tid;
	if ((flags & CLONE_CHILD_SETTID) &&
	    mm_copy_in(p->mm, child_tid, &p->pid, sizeof(p->pid))) {
		err = -EFAULT;
		goto fail_task;
	}
	if ((flags & CLONE_PARENT_SETTID) && put_user(p->pid, parent_tid)) {
		err = -EFAULT;
		goto fail_task;
	}

	/* Committed: link into the tree and run. */
	spin_lock(&proc_tree_lock);
	p->parent = (flags & CLONE_PARENT) && parent->parent ? parent->parent : parent;
	p->pgrp = parent->pgrp;
	list_add_tail(&p->pgrp_link, &p->pgrp->members);
	p->pgid = parent->pgid;
	p->sid = parent->sid;
	proc_attrs_fork(p, parent);
	p->ctty = parent->ctty;
	list_add_tail(&p->sibling, &p->parent->children);
	list_add_tail(&p->all_link, &parent->all_link);
	pid_hash_add(t);
	spin_unlock(&proc_tree_lock);
	if (flags & CLONE_VFORK) {
		completion_init(&vfork_done);
		p->vfork_done = &vfork_done;
	}
	task_start(t);
	if (flags & CLONE_VFORK)
		wait_for_completion(&vfork_done);
	return p->pid;

fail_task:
	task_put(t);	/* never started: the scheduler holds no reference */
	task_put(t);
fail:
	if (p->mm)
		mm_put(p->mm);
	if (p->files)
		files_put(p->files);
	if (p->fs)
		fs_context_put(p->fs);
	sighand_put(p->sighand);
	kfree(p);
	return err;
}
