/*
 * /proc/<pid> and /proc/<pid>/task/<tid>: the directories, the snapshot
 * of a process the files are generated from, and the files that are not
 * about memory or descriptors: cmdline, environ, comm, limits, mounts and
 * the exe, cwd and root links.
 */
#include "internal.h"
#include <kernel/time.h>
#include <core/kmalloc.h>
#include <lib/string.h>
#include <mica/err.h>
#include <mica/errno.h>

#define ARGS_MAX_SHOWN (128UL * 1024)

/* --- snapshots --- */

char proc_task_state(struct task *t)
{
	switch (READ_ONCE(t->state)) {
	case TASK_RUNNING:
		return 'R';
	case TASK_INTERRUPTIBLE:
		return 'S';
	case TASK_UNINTERRUPTIBLE:
		return 'D';
	case TASK_STOPPED:
		return 'T';
	case TASK_DEAD:
		return 'Z';
	default:
		return 'S';
	}
}

const char *proc_state_name(char state)
{
	switch (state) {
	case 'R':
		return "R (running)";
	case 'S':
		return "S (sleeping)";
	case 'D':
		return "D (disk sleep)";
	case 'T':
		return "T (stopped)";
	case 'Z':
		return "Z (zombie)";
	default:
		return "X (dead)";
	}
}

int proc_snap_get(int pid, int tid, unsigned int want, struct proc_snap *s)
{
	struct process *p, *parent;
	struct task *t = NULL, *it;
	int err = 0;

	memset(s, 0, sizeof(*s));
	spin_lock(&proc_tree_lock);
	p = proc_find(pid);
	if (!p) {
		err = -ESRCH;
		goto out;
	}
	list_for_each_entry(it, &p->threads, thread_link) {
		if (tid ? it->tid == tid : it == p->task)
			t = it;
	}
	if (!t && tid && tid != pid) {
		err = -ESRCH;
		goto out;
	}
	if (!t)
		t = p->task;	/* the leader has left, or the process is a zombie */
	s->pid = p->pid;
	s->tid = tid ? tid : p->pid;
	parent = READ_ONCE(p->parent);
	s->ppid = parent ? parent->pid : 0;
	s->pgid = p->pgid;
	s->sid = p->sid;
	s->nr_threads = p->zombie ? 1 : p->nr_threads;
	memcpy(s->comm, p->comm, sizeof(s->comm));
	s->comm[sizeof(s->comm) - 1] = 0;
	s->cred = p->cred;
	s->start_ns = p->start_ns;
	s->cutime_ns = p->children_utime_ns;
	s->cstime_ns = p->children_stime_ns;
	memcpy(s->rlim, p->rlim, sizeof(s->rlim));
	if (tid && t)
		task_cputime(t, &s->utime_ns, &s->stime_ns);
	else
		process_cputime(p, &s->utime_ns, &s->stime_ns);
	if (p->zombie) {
		s->state = 'Z';
		s->exit_code = p->exit_status;
	} else {
		s->state = t ? proc_task_state(t) : 'R';
		if (t && t->state != TASK_DEAD)
			signal_masks(t, &s->pending, &s->blocked, &s->ignored, &s->caught);
	}
	s->cpu = t ? t->cpu : 0;
	s->cpus_allowed = t ? t->cpus_allowed : CPUMASK_ALL;
	s->umask = p->fs ? READ_ONCE(p->fs->umask) : 022;
	if ((want & SNAP_MM) && p->mm) {
		s->mm = p->mm;
		mm_get(s->mm);
	}
	if ((want & SNAP_FILES) && p->files) {
		s->files = p->files;
		atomic_inc(&s->files->refs);
	}
	if ((want & SNAP_FS) && p->fs) {
		s->fs = p->fs;
		atomic_inc(&s->fs->refs);
	}
out:
	spin_unlock(&proc_tree_lock);
	return err;
}

void proc_snap_put(struct proc_snap *s)
{
	if (s->mm)
		mm_put(s->mm);
	if (s->files)
		files_put(s->files);
	if (s->fs)
		fs_context_put(s->fs);
	s->mm = NULL;
	s->files = NULL;
	s->fs = NULL;
}

/* May the caller look at s's private parts (environ, links, fds)? Root, or
 * the same user throughout, as Linux's ptrace access check asks. */
static bool may_inspect(const struct proc_snap *s)
{
	const struct cred *c = current_cred();

	if (!c->euid || s->pid == current_process()->pid)
		return true;
	return c->uid == s->cred.uid && c->uid == s->cred.euid && c->uid == s->cred.suid &&
	       c->gid == s->cred.gid && c->gid == s->cred.egid && c->gid == s->cred.sgid;
}

/* --- text files --- */

static int show_mm_range(struct proc_inode *pi, struct seqbuf *s, bool env)
{
	struct proc_snap ps;
	vaddr_t start, end;
	char *buf;
	int err = proc_snap_get(pi->pid, pi->tid, SNAP_MM, &ps);

	if (err)
		return err;
	if (env && !may_inspect(&ps)) {
		proc_snap_put(&ps);
		return -EACCES;
	}
	if (!ps.mm) {
		proc_snap_put(&ps);
		return 0;	/* zombies and kernel threads have none */
	}
	start = env ? ps.mm->env_start : ps.mm->arg_start;
	end = env ? ps.mm->env_end : ps.mm->arg_end;
	if (end > start + ARGS_MAX_SHOWN)
		end = start + ARGS_MAX_SHOWN;
	if (end > start && s->size - s->len < end - start) {
		s->overflow = true;	/* a larger buffer, please */
	} else if (end > start) {
		buf = s->buf + s->len;
		if (!mm_copy_out(ps.mm, buf, start, end - start))
			s->len += end - start;
	}
	proc_snap_put(&ps);
	return 0;
}

int proc_show_cmdline(struct proc_inode *pi, struct seqbuf *s)
{
	return show_mm_range(pi, s, false);
}

int proc_show_environ(struct proc_inode *pi, struct seqbuf *s)
{
	return show_mm_range(pi, s, true);
}

int proc_show_comm(struct proc_inode *pi, struct seqbuf *s)
{
	struct proc_snap ps;
	int err = proc_snap_get(pi->pid, pi->tid, 0, &ps);

	if (err)
		return err;
	seq_printf(s, "%s\n", ps.comm);
	return 0;
}

ssize_t proc_write_comm(struct proc_inode *pi, const char *buf, size_t len)
{
	struct process *p;
	size_t n = MIN(len, (size_t)15);
	ssize_t ret = len;

	/* Linux lets a thread group rename its own threads only. */
	if (pi->pid != current_process()->pid)
		return -EINVAL;
	spin_lock(&proc_tree_lock);
	p = proc_find(pi->pid);
	if (p) {
		memcpy(p->comm, buf, n);
		p->comm[n] = 0;
	} else {
		ret = -ESRCH;
	}
	spin_unlock(&proc_tree_lock);
	return ret;
}

static const struct {
	const char *name, *unit;
} limit_names[16] = {
	{ "Max cpu time", "seconds" },
	{ "Max file size", "bytes" },
	{ "Max data size", "bytes" },
	{ "Max stack size", "bytes" },
	{ "Max core file size", "bytes" },
	{ "Max resident set", "bytes" },
	{ "Max processes", "processes" },
	{ "Max open files", "files" },
	{ "Max locked memory", "bytes" },
	{ "Max address space", "bytes" },
	{ "Max file locks", "locks" },
	{ "Max pending signals", "signals" },
	{ "Max msgqueue size", "bytes" },
	{ "Max nice priority", NULL },
	{ "Max realtime priority", NULL },
	{ "Max realtime timeout", "us" },
};

int proc_show_limits(struct proc_inode *pi, struct seqbuf *s)
{
	struct proc_snap ps;
	int err = proc_snap_get(pi->pid, pi->tid, 0, &ps);

	if (err)
		return err;
	seq_printf(s, "%-25s %-20s %-20s %-10s\n", "Limit", "Soft Limit", "Hard Limit", "Units");
	for (int i = 0; i < 16; i++) {
		seq_printf(s, "%-25s ", limit_names[i].name);
		for (int k = 0; k < 2; k++) {
			u64 v = k ? ps.rlim[i].max : ps.rlim[i].cur;

			if (v == RLIM_INFINITY)
				seq_printf(s, "%-20s ", "unlimited");
			else
				seq_printf(s, "%-20llu ", (unsigned long long)v);
		}
		if (limit_names[i].unit)
			seq_printf(s, "%-10s\n", limit_names[i].unit);
		else
			seq_putc(s, '\n');
	}
	return 0;
}

/* --- mounts --- */

struct mounts_ctx {
	struct seqbuf *s;
	struct path root;
	char *buf;
};

static void show_mount(struct mount *m, void *arg)
{
	struct mounts_ctx *c = arg;
	unsigned long flags = READ_ONCE(m->flags);
	struct path mp;
	char *name;

	if (mount_parent(&(struct path){ m, m->root }, &mp)) {
		name = vfs_path_name(&mp, &c->root, c->buf, PATH_MAX);
		path_put(&mp);
	} else {
		name = "/";
	}
	if (IS_ERR(name))
		return;
	seq_escape(c->s, m->source);
	seq_putc(c->s, ' ');
	seq_escape(c->s, name);
	seq_printf(c->s, " %s %s", m->type->name, mnt_want_write(m) ? "ro" : "rw");
	if (flags & MS_NOSUID)
		seq_puts(c->s, ",nosuid");
	if (flags & MS_NODEV)
		seq_puts(c->s, ",nodev");
	if (flags & MS_NOEXEC)
		seq_puts(c->s, ",noexec");
	if (flags & MS_NOATIME)
		seq_puts(c->s, ",noatime");
	if (flags & MS_NODIRATIME)
		seq_puts(c->s, ",nodiratime");
	if (flags & MS_RELATIME)
		seq_puts(c->s, ",relatime");
	seq_puts(c->s, " 0 0\n");
}

int proc_show_mounts(struct proc_inode *pi, struct seqbuf *s)
{
	struct mounts_ctx c = { .s = s };

	if (!proc_pid_exists(NULL, pi->pid))
		return -ESRCH;
	c.buf = kmalloc(PATH_MAX);
	if (!c.buf)
		return -ENOMEM;
	vfs_get_root(&c.root);	/* one name space: every process's root is / */
	mount_for_each(&c.root, show_mount, &c);
	path_put(&c.root);
	kfree(c.buf);
	return 0;
}

/* --- links --- */

int proc_path_text(const struct path *p, char *buf, size_t size)
{
	struct path root;
	char *tmp = kmalloc(PATH_MAX), *name;
	int len;

	if (!tmp)
		return -ENOMEM;
	vfs_get_root(&root);
	name = vfs_path_name(p, &root, tmp, PATH_MAX);
	path_put(&root);
	if (IS_ERR(name)) {
		kfree(tmp);
		return PTR_ERR(name);
	}
	len = (int)MIN(strlen(name), size);
	memcpy(buf, name, len);
	if (!p->ino->nlink && !S_ISDIR(p->ino->mode) && len + 10 <= (int)size) {
		memcpy(buf + len, " (deleted)", 10);
		len += 10;
	}
	kfree(tmp);
	return len;
}

/* The cwd (which=0) or root (1) of a process, referenced. */
static int fs_path(struct proc_inode *pi, int which, struct path *out)
{
	struct proc_snap ps;
	int err = proc_snap_get(pi->pid, pi->tid, SNAP_FS, &ps);

	if (err)
		return err;
	if (!may_inspect(&ps))
		err = -EACCES;
	else if (!ps.fs)
		err = -ENOENT;
	if (!err) {
		spin_lock(&ps.fs->lock);
		*out = which ? ps.fs->root : ps.fs->cwd;
		path_get(out);
		spin_unlock(&ps.fs->lock);
	}
	proc_snap_put(&ps);
	return err;
}

static int fs_link(struct proc_inode *pi, int which, char *buf, size_t size)
{
	struct path p;
	int err = fs_path(pi, which, &p);

	if (err)
		return err;
	err = proc_path_text(&p, buf, size);
	path_put(&p);
	return err;
}

int proc_link_cwd(struct proc_inode *pi, char *buf, size_t size) { return fs_link(pi, 0, buf, size); }
int proc_get_cwd(struct proc_inode *pi, struct path *out) { return fs_path(pi, 0, out); }
int proc_link_root(struct proc_inode *pi, char *buf, size_t size) { return fs_link(pi, 1, buf, size); }
int proc_get_root(struct proc_inode *pi, struct path *out) { return fs_path(pi, 1, out); }

/* The program's name, copied into buf (at most size bytes): length or -errno. */
static int exe_name(struct proc_inode *pi, char *buf, size_t size)
{
	struct proc_snap ps;
	int err = proc_snap_get(pi->pid, pi->tid, SNAP_MM, &ps);

	if (err)
		return err;
	if (!may_inspect(&ps))
		err = -EACCES;
	else if (!ps.mm || !ps.mm->exe_path)
		err = -ENOENT;
	else {
		err = (int)MIN(strlen(ps.mm->exe_path), size);
		memcpy(buf, ps.mm->exe_path, err);
	}
	proc_snap_put(&ps);
	return err;
}

int proc_link_exe(struct proc_inode *pi, char *buf, size_t size)
{
	return exe_name(pi, buf, size);
}

int proc_get_exe(struct proc_inode *pi, struct path *out)
{
	char *name = kmalloc(PATH_MAX);
	int len, err;

	if (!name)
		return -ENOMEM;
	len = exe_name(pi, name, PATH_MAX - 1);
	if (len < 0) {
		kfree(name);
		return len;
	}
	name[len] = 0;
	err = vfs_lookup_path(AT_FDCWD, name, true, out);
	kfree(name);
	return err;
}

/* --- the directories --- */

static bool tid_exists(struct proc_inode *dir, int tid)
{
	struct proc_snap ps;

	return !proc_snap_get(dir->pid, tid, 0, &ps);
}

static int list_tids(struct proc_inode *dir, int **keys)
{
	struct process *p;
	struct task *t;
	int n = 0, cap = 0, *v = NULL;

	for (;;) {
		spin_lock(&proc_tree_lock);
		p = proc_find(dir->pid);
		n = 0;
		if (p)
			list_for_each_entry(t, &p->threads, thread_link) {
				if (n < cap)
					v[n] = t->tid;
				n++;
			}
		spin_unlock(&proc_tree_lock);
		if (n <= cap)
			break;
		kfree(v);
		cap = n + 4;
		v = kmalloc(cap * sizeof(int));
		if (!v)
			return -ENOMEM;
	}
	proc_sort_keys(v, n);
	*keys = v;
	return n;
}

#define PROC_FILE(n, m, fn) { .name = n, .mode = S_IFREG | (m), .show = fn }

static const struct proc_ent tid_children[] = {
	PROC_FILE("stat", 0444, proc_show_stat),
	PROC_FILE("status", 0444, proc_show_status),
	PROC_FILE("statm", 0444, proc_show_statm),
	{ .name = "comm", .mode = S_IFREG | 0644, .show = proc_show_comm, .write = proc_write_comm },
	PROC_FILE("cmdline", 0444, proc_show_cmdline),
	PROC_FILE("environ", 0400, proc_show_environ),
	PROC_FILE("maps", 0444, proc_show_maps),
	PROC_FILE("limits", 0444, proc_show_limits),
	PROC_FILE("mounts", 0444, proc_show_mounts),
	{ .name = "exe", .mode = S_IFLNK | 0777, .readlink = proc_link_exe, .get_link = proc_get_exe },
	{ .name = "cwd", .mode = S_IFLNK | 0777, .readlink = proc_link_cwd, .get_link = proc_get_cwd },
	{ .name = "root", .mode = S_IFLNK | 0777, .readlink = proc_link_root,
	  .get_link = proc_get_root },
	{ 0 },
};

const struct proc_ent proc_tid_ent = {
	.mode = S_IFDIR | 0555,
	.children = tid_children,
};

/* What /proc/<pid> has beyond what each of its threads has. */
static const struct proc_ent pid_only_children[] = {
	{ .name = "fd", .mode = S_IFDIR | 0500, .dyn = &proc_fd_ent, .dyn_key = PROC_KEY_FD,
	  .dyn_list = proc_list_fds, .dyn_exists = proc_fd_exists },
	{ .name = "fdinfo", .mode = S_IFDIR | 0500, .dyn = &proc_fdinfo_ent,
	  .dyn_key = PROC_KEY_FD, .dyn_list = proc_list_fds, .dyn_exists = proc_fd_exists },
	{ .name = "task", .mode = S_IFDIR | 0555, .dyn = &proc_tid_ent, .dyn_key = PROC_KEY_TID,
	  .dyn_list = list_tids, .dyn_exists = tid_exists },
	{ 0 },
};

const struct proc_ent proc_pid_ent = {
	.mode = S_IFDIR | 0555,
	.children = tid_children,
	.more_children = pid_only_children,
};
