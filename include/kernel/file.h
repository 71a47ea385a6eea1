/*
 * Open files and file-descriptor tables. A struct file is one open
 * description (offset, flags) shared by every descriptor dup'ed from it;
 * its ops do the work. A file table maps descriptors to files.
 *
 * Lock: files.lock guards the descriptor array and the close-on-exec bits;
 * file.pos_lock serializes offset updates of one open file.
 */
#ifndef KERNEL_FILE_H
#define KERNEL_FILE_H

#include <core/uaccess.h>
#include <core/wait.h>
#include <kernel/poll.h>
#include <lib/list.h>

/* open(2) flags (asm-generic values). */
#define O_ACCMODE 00000003
#define O_RDONLY 00000000
#define O_WRONLY 00000001
#define O_RDWR 00000002
#define O_CREAT 00000100
#define O_EXCL 00000200
#define O_NOCTTY 00000400
#define O_TRUNC 00001000
#define O_APPEND 00002000
#define O_NONBLOCK 00004000
#define O_DSYNC 00010000
#define O_DIRECT 00040000
#define O_DIRECTORY 00200000
#define O_NOFOLLOW 00400000
#define O_CLOEXEC 02000000
#define __O_SYNC 04000000
#define O_SYNC (__O_SYNC | O_DSYNC)
#define O_PATH 010000000
#define __O_TMPFILE 020000000
#define O_TMPFILE (__O_TMPFILE | O_DIRECTORY)

struct file;
struct poll_table;

struct file_ops {
	ssize_t (*read)(struct file *f, uptr_t buf, size_t n, u64 *pos);
	ssize_t (*write)(struct file *f, uptr_t buf, size_t n, u64 *pos);
	long (*ioctl)(struct file *f, unsigned int cmd, unsigned long arg);
	/* Readiness (POLL* bits); registers wait queues through poll_wait()
	 * (see include/kernel/poll.h). */
	unsigned int (*poll)(struct file *f, struct poll_table *pt);
	/* Directories: fill buf with linux_dirent64 records from *pos on. */
	ssize_t (*getdents)(struct file *f, uptr_t buf, size_t n, u64 *pos);
	void (*release)(struct file *f);
	/* Block special files: fsync(2) of the device (write back, flush the
	 * disk cache), and the size SEEK_END counts from (the inode has none). */
	int (*fsync)(struct file *f, bool datasync);
	u64 (*size)(struct file *f);
	/* Files with no inode: how /proc/<pid>/fd/N reads, "pipe:" (shown as
	 * "pipe:[N]") or a full name such as "anon_inode:[eventfd]". */
	const char *anon_name;
};

struct inode;

struct mount;

struct file {
	atomic_t refs;
	const struct file_ops *ops;
	struct inode *inode;	/* [I] for files opened by path; holds a reference */
	struct mount *mnt;	/* [I] its mount, referenced (with inode) */
	struct inode *dir;	/* [I] non-directories: the directory it was opened in */
	char *name;		/* [I] ... and its name there (for /proc/<pid>/fd) */
	void *priv;
	unsigned int flags;	/* O_* given at open, less O_CLOEXEC */
	u64 pos;		/* [pos_lock] */
	struct mutex pos_lock;
	struct list_head epitems;	/* [epoll_mutex] epoll entries watching this file */
	bool writer;		/* [I] holds its regular file's write access (ETXTBSY) */
};

#define NR_OPEN_DEFAULT 1024

struct files {
	atomic_t refs;
	spinlock_t lock;
	unsigned int max;		/* RLIMIT_NOFILE */
	struct file *fd[NR_OPEN_DEFAULT];
	unsigned long cloexec[NR_OPEN_DEFAULT / (8 * sizeof(long))];
};

struct file *file_alloc(const struct file_ops *ops, void *priv, unsigned int flags);
void file_get(struct file *f);
void file_put(struct file *f);

struct files *files_alloc(void);
struct files *files_dup(struct files *old);	/* for fork without CLONE_FILES */
void files_put(struct files *fs);
/* Install f at the lowest free descriptor >= min; the descriptor or -EMFILE.
 * Takes over the caller's reference on success. */
int fd_install(struct files *fs, struct file *f, int min, bool cloexec);
/* The file behind fd with a new reference, or NULL (EBADF). */
struct file *fd_get(struct files *fs, int fd);
int fd_close(struct files *fs, int fd);
void files_close_on_exec(struct files *fs);

#endif
