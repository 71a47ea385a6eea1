/*
 * The root of /proc: a directory per live process, self and thread-self,
 * and the system-wide files.
 */
#include "internal.h"
#include <kernel/uts.h>
#include <core/kmalloc.h>
#include <lib/string.h>
#include <mica/errno.h>

/* --- the processes --- */

struct pid_list {
	int *v;
	int n, cap;
};

/* Every process in the tree: pids into the array while there is room,
 * counting them all. */
static void collect_pid(struct process *p, void *arg)
{
	struct pid_list *l = arg;

	if (l->n < l->cap)
		l->v[l->n] = p->pid;
	l->n++;
}

int proc_list_pids(struct proc_inode *dir, int **keys)
{
	struct pid_list l = { 0 };

	(void)dir;
	for (;;) {
		l.n = 0;
		spin_lock(&proc_tree_lock);
		proc_for_each(collect_pid, &l);
		spin_unlock(&proc_tree_lock);
		if (l.v && l.n <= l.cap)
			break;
		kfree(l.v);	/* more processes than room: again, with room */
		l.cap = l.n + 8;
		l.v = kmalloc(l.cap * sizeof(int));
		if (!l.v)
			return -ENOMEM;
	}
	proc_sort_keys(l.v, l.n);
	*keys = l.v;
	return l.n;
}

bool proc_pid_exists(struct proc_inode *dir, int pid)
{
	bool found;

	(void)dir;
	spin_lock(&proc_tree_lock);
	found = proc_find(pid) != NULL;
	spin_unlock(&proc_tree_lock);
	return found;
}

/* --- self and thread-self --- */

static int self_link(struct proc_inode *pi, char *buf, size_t size)
{
	(void)pi;
	return scnprintf(buf, size, "%d", current_process() ? current_process()->pid : 0);
}

static int thread_self_link(struct proc_inode *pi, char *buf, size_t size)
{
	(void)pi;
	if (!current_process())
		return -ENOENT;
	return scnprintf(buf, size, "%d/task/%d", current_process()->pid, current->tid);
}

/* --- system-wide text files --- */

int proc_show_version(struct proc_inode *pi, struct seqbuf *s)
{
	struct new_utsname u;

	(void)pi;
	uts_read(&u);
	seq_printf(s, "%s version %s (root@mica) (%s) %s\n", u.sysname, u.release,
#ifdef __clang__
		   "clang " __clang_version__,
#else
		   "gcc version " __VERSION__,
#endif
		   u.version);
	return 0;
}

int proc_show_filesystems(struct proc_inode *pi, struct seqbuf *s)
{
	const struct fs_type *t;

	(void)pi;
	for (int i = 0; (t = fs_type_at(i)); i++)
		seq_printf(s, "%s\t%s\n", t->nodev ? "nodev" : "", t->name);
	return 0;
}

static int mounts_link(struct proc_inode *pi, char *buf, size_t size)
{
	(void)pi;
	return scnprintf(buf, size, "self/mounts");
}

static const struct proc_ent root_children[] = {
	{ .name = "self", .mode = S_IFLNK | 0777, .readlink = self_link },
	{ .name = "thread-self", .mode = S_IFLNK | 0777, .readlink = thread_self_link },
	{ .name = "mounts", .mode = S_IFLNK | 0777, .readlink = mounts_link },
	{ .name = "meminfo", .mode = S_IFREG | 0444, .show = proc_show_meminfo },
	{ .name = "cpuinfo", .mode = S_IFREG | 0444, .show = proc_show_cpuinfo },
	{ .name = "stat", .mode = S_IFREG | 0444, .show = proc_show_kstat },
	{ .name = "uptime", .mode = S_IFREG | 0444, .show = proc_show_uptime },
	{ .name = "loadavg", .mode = S_IFREG | 0444, .show = proc_show_loadavg },
	{ .name = "version", .mode = S_IFREG | 0444, .show = proc_show_version },
	{ .name = "filesystems", .mode = S_IFREG | 0444, .show = proc_show_filesystems },
	{ .name = "partitions", .mode = S_IFREG | 0444, .show = proc_show_partitions },
	{ .name = "sys", .mode = S_IFDIR | 0555, .children = proc_sys_children },
	{ 0 },
};

const struct proc_ent proc_root_ent = {
	.name = "",
	.mode = S_IFDIR | 0555,
	.children = root_children,
	.dyn = &proc_pid_ent,
	.dyn_key = PROC_KEY_PID,
	.dyn_list = proc_list_pids,
	.dyn_exists = proc_pid_exists,
};
