/*
 * Finding processes by pid: a hash table of every process in the tree
 * (live or zombie), so that kill, wait and /proc look a pid up without a
 * scan over all processes. Guarded by proc_tree_lock, like the tree.
 */
#include <kernel/proc.h>

#define PID_HASH_BITS 10
#define PID_HASH_SIZE (1U << PID_HASH_BITS)

static struct list_head pid_hash[PID_HASH_SIZE];

static struct list_head *bucket(int pid)
{
	/* Pids are allocated in sequence: the low bits spread them already. */
	return &pid_hash[(unsigned int)pid & (PID_HASH_SIZE - 1)];
}

static void pid_hash_init_once(void)
{
	if (pid_hash[0].next)
		return;
	for (unsigned int i = 0; i < PID_HASH_SIZE; i++)
		INIT_LIST_HEAD(&pid_hash[i]);
}

void proc_hash_add_locked(struct process *p)
{
	pid_hash_init_once();
	list_add_tail(&p->pid_link, bucket(p->pid));
}

void proc_hash_del_locked(struct process *p)
{
	list_del_init(&p->pid_link);
}

struct process *proc_find(int pid)
{
	struct process *p;

	if (pid <= 0 || !pid_hash[0].next)
		return NULL;
	list_for_each_entry(p, bucket(pid), pid_link)
		if (p->pid == pid)
			return p;
	return NULL;
}

int proc_for_each_locked(int (*fn)(struct process *p, void *arg), void *arg)
{
	struct process *p;
	int ret;

	if (!pid_hash[0].next)
		return 0;
	for (unsigned int i = 0; i < PID_HASH_SIZE; i++)
		list_for_each_entry(p, &pid_hash[i], pid_link) {
			ret = fn(p, arg);
			if (ret)
				return ret;
		}
	return 0;
}
