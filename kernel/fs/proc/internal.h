/*
 * procfs internals. /proc is a tree of entries described by tables
 * (struct proc_ent): files whose text is generated when they are opened,
 * symlinks, directories with fixed children, and directories of numbered
 * children (pids, tids, descriptors). Inodes are made on lookup and freed
 * with their last reference; each names the process, thread and
 * descriptor it is about by number, so that nothing keeps a process alive
 * and a vanished one reads as ENOENT/ESRCH.
 *
 * Lock order: process data is snapshot under proc_tree_lock (references
 * taken on the mm, files, fs context); the text is then generated without
 * it, taking mm.lock or files.lock as needed.
 */
#ifndef KERNEL_FS_PROC_INTERNAL_H
#define KERNEL_FS_PROC_INTERNAL_H

#include <kernel/mount.h>
#include <kernel/proc.h>
#include <kernel/signal.h>
#include <lib/printf.h>

#define USER_HZ 100
#define NS_PER_USER_TICK (NSEC_PER_SEC / USER_HZ)

/* A growing text buffer (Linux's seq_file, minus the iteration). */
struct seqbuf {
	char *buf;
	size_t size, len;
	bool overflow;
};

void seq_printf(struct seqbuf *s, const char *fmt, ...) __printf(2, 3);
void seq_puts(struct seqbuf *s, const char *str);
void seq_putc(struct seqbuf *s, char c);
void seq_write(struct seqbuf *s, const void *data, size_t n);
/* Pad with spaces to column col (counted from the start of the buffer's
 * current line), then write c. */
void seq_pad(struct seqbuf *s, size_t line_start, size_t col, char c);
/* A path name with space, tab, newline and backslash written as octal escapes. */
void seq_escape(struct seqbuf *s, const char *str);

/* What a numbered child stands for. */
enum proc_key { PROC_KEY_NONE, PROC_KEY_PID, PROC_KEY_TID, PROC_KEY_FD };

struct proc_inode;

struct proc_ent {
	const char *name;
	u32 mode;
	/* Regular files: the whole text. 0 or -errno. */
	int (*show)(struct proc_inode *pi, struct seqbuf *s);
	/* Writable files: len bytes from user space, copied. len or -errno. */
	ssize_t (*write)(struct proc_inode *pi, const char *buf, size_t len);
	/* Symlinks: the text (readlink); length or -errno. */
	int (*readlink)(struct proc_inode *pi, char *buf, size_t size);
	/* Magic links: the place itself (referenced). */
	int (*get_link)(struct proc_inode *pi, struct path *out);
	/* ... and where the file it leads to was opened (see inode_ops). */
	int (*link_name)(struct proc_inode *pi, struct path *dir, char *name, size_t size);
	/* Directories: fixed children in one or two tables, each ended by an
	 * entry without a name... */
	const struct proc_ent *children, *more_children;
	/* ... and numbered ones, made from the template dyn. */
	const struct proc_ent *dyn;
	enum proc_key dyn_key;
	/* The numbers, in increasing order, in a kmalloc'd array: how many, or -errno. */
	int (*dyn_list)(struct proc_inode *dir, int **keys);
	bool (*dyn_exists)(struct proc_inode *dir, int key);
};

struct proc_inode {
	struct inode vfs;
	const struct proc_ent *ent;
	struct inode *parent;	/* [I] referenced; the root's is itself */
	int pid, tid, fd;	/* [I] what it describes (0 / -1: nothing) */
	char name[24];		/* [I] its name in parent */
};

static inline struct proc_inode *PI(struct inode *ino)
{
	return container_of(ino, struct proc_inode, vfs);
}

/*
 * A snapshot of a process (and one of its threads) for generating text.
 * proc_snap_get fills it under proc_tree_lock and takes references on
 * what want asks for; proc_snap_put drops them.
 */
#define SNAP_MM 0x1
#define SNAP_FILES 0x2
#define SNAP_FS 0x4

struct proc_snap {
	int pid, tid, ppid, pgid, sid, nr_threads;
	char comm[16];
	char state;		/* R S D T Z */
	struct cred cred;
	u64 utime_ns, stime_ns;	/* the thread's, or the whole group's */
	u64 cutime_ns, cstime_ns;	/* of reaped children */
	u64 start_ns;
	unsigned int cpu;
	cpumask_t cpus_allowed;
	u32 umask;
	int exit_code;
	struct rlimit64 rlim[16];
	sigset_t pending, blocked, ignored, caught;
	struct mm *mm;
	struct files *files;
	struct fs_context *fs;
};

int proc_snap_get(int pid, int tid, unsigned int want, struct proc_snap *s);
void proc_snap_put(struct proc_snap *s);
/* State letter of a task (proc_tree_lock held). */
char proc_task_state(struct task *t);
const char *proc_state_name(char state);
/* Memory of an address space, in pages. */
struct mm_usage {
	unsigned long total, data, stack, exec, rss, max_rss;
	vaddr_t start_code, end_code, start_data, end_data, start_stack;
};
void proc_mm_usage(struct mm *mm, struct mm_usage *u);

/* The trees (one file per family). */
extern const struct proc_ent proc_root_ent;
extern const struct proc_ent proc_pid_ent;	/* /proc/<pid> */
extern const struct proc_ent proc_tid_ent;	/* /proc/<pid>/task/<tid> */
extern const struct proc_ent proc_sys_children[];	/* /proc/sys */
int proc_list_pids(struct proc_inode *dir, int **keys);
void proc_sort_keys(int *v, int n);
bool proc_pid_exists(struct proc_inode *dir, int pid);

/* Files of /proc/<pid> shared with /proc/<pid>/task/<tid>. */
int proc_show_stat(struct proc_inode *pi, struct seqbuf *s);
int proc_show_status(struct proc_inode *pi, struct seqbuf *s);
int proc_show_statm(struct proc_inode *pi, struct seqbuf *s);
int proc_show_comm(struct proc_inode *pi, struct seqbuf *s);
ssize_t proc_write_comm(struct proc_inode *pi, const char *buf, size_t len);
int proc_show_maps(struct proc_inode *pi, struct seqbuf *s);
int proc_show_cmdline(struct proc_inode *pi, struct seqbuf *s);
int proc_show_environ(struct proc_inode *pi, struct seqbuf *s);
int proc_show_limits(struct proc_inode *pi, struct seqbuf *s);
int proc_show_mounts(struct proc_inode *pi, struct seqbuf *s);
int proc_link_exe(struct proc_inode *pi, char *buf, size_t size);
int proc_get_exe(struct proc_inode *pi, struct path *out);
int proc_link_cwd(struct proc_inode *pi, char *buf, size_t size);
int proc_get_cwd(struct proc_inode *pi, struct path *out);
int proc_link_root(struct proc_inode *pi, char *buf, size_t size);
int proc_get_root(struct proc_inode *pi, struct path *out);
extern const struct proc_ent proc_fd_ent, proc_fdinfo_ent;
int proc_list_fds(struct proc_inode *dir, int **keys);
bool proc_fd_exists(struct proc_inode *dir, int fd);

/* System-wide files. */
int proc_show_meminfo(struct proc_inode *pi, struct seqbuf *s);
int proc_show_cpuinfo(struct proc_inode *pi, struct seqbuf *s);
int proc_show_kstat(struct proc_inode *pi, struct seqbuf *s);
int proc_show_uptime(struct proc_inode *pi, struct seqbuf *s);
int proc_show_loadavg(struct proc_inode *pi, struct seqbuf *s);
int proc_show_version(struct proc_inode *pi, struct seqbuf *s);
int proc_show_filesystems(struct proc_inode *pi, struct seqbuf *s);
int proc_show_partitions(struct proc_inode *pi, struct seqbuf *s);

/* Copy the path p names into buf as readlink does: length or -errno. */
int proc_path_text(const struct path *p, char *buf, size_t size);

#endif
