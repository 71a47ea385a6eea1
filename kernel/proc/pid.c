/*
 * Finding tasks and processes by id. Every live thread is in a hash table
 * keyed by its tid; a process's first thread stays there until the process
 * is reaped, so that its pid keeps naming it (kill, wait, /proc) even after
 * that thread has exited. All under proc_tree_lock.
 */
#include <kernel/proc.h>
#include <core/panic.h>

#define PID_HASH_BITS 8
#define PID_HASH_SIZE (1U << PID_HASH_BITS)

static struct list_head pid_hash[PID_HASH_SIZE];

static struct list_head *bucket(int id)
{
	return &pid_hash[((u32)id * 0x9e3779b1u) >> (32 - PID_HASH_BITS)];
}

void pid_hash_init(void)
{
	for (unsigned int i = 0; i < PID_HASH_SIZE; i++)
		INIT_LIST_HEAD(&pid_hash[i]);
}

void pid_hash_add(struct task *t)
{
	assert_spin_locked(&proc_tree_lock);
	list_add(&t->pid_link, bucket(t->tid));
}

void pid_hash_del(struct task *t)
{
	assert_spin_locked(&proc_tree_lock);
	list_del_init(&t->pid_link);
}

struct task *task_find(int tid)
{
	struct task *t;

	assert_spin_locked(&proc_tree_lock);
	if (tid <= 0)
		return NULL;
	list_for_each_entry(t, bucket(tid), pid_link)
		if (t->tid == tid)
			return t;
	return NULL;
}

struct process *proc_find(int pid)
{
	struct task *t = task_find(pid);

	return t && t->proc && t->proc->pid == pid ? t->proc : NULL;
}
