/*
 * The virtual file system: inodes with operations, path resolution, and
 * the per-process file-system context (root, cwd, umask). File systems
 * (tmpfs for now) implement inode_ops; open files use file_ops.
 *
 * Lock: inode.lock (a mutex) guards a directory's entries or a file's
 * contents and size. Two directories (rename) are locked in address order.
 */
#ifndef KERNEL_VFS_H
#define KERNEL_VFS_H

#include <kernel/file.h>
#include <kernel/icache.h>
#include <kernel/kdev_t.h>
#include <kernel/pagecache.h>

#define S_IFMT 0170000
#define S_IFSOCK 0140000
#define S_IFLNK 0120000
#define S_IFREG 0100000
#define S_IFBLK 0060000
#define S_IFDIR 0040000
#define S_IFCHR 0020000
#define S_IFIFO 0010000
#define S_ISDIR(m) (((m) & S_IFMT) == S_IFDIR)
#define S_ISREG(m) (((m) & S_IFMT) == S_IFREG)
#define S_ISLNK(m) (((m) & S_IFMT) == S_IFLNK)
#define S_ISCHR(m) (((m) & S_IFMT) == S_IFCHR)
#define S_ISBLK(m) (((m) & S_IFMT) == S_IFBLK)

#define NAME_MAX 255
#define PATH_MAX 4096
#define AT_FDCWD (-100)
#define AT_SYMLINK_NOFOLLOW 0x100
#define AT_REMOVEDIR 0x200
#define AT_SYMLINK_FOLLOW 0x400
#define AT_EMPTY_PATH 0x1000
#define RENAME_NOREPLACE 1
#define RENAME_EXCHANGE 2
#define RENAME_WHITEOUT 4

struct inode;
struct path;

struct timespec64 {
	s64 sec;
	long nsec;
};

struct inode_ops {
	/* Directory operations; dir->lock held by the caller. */
	int (*lookup)(struct inode *dir, const char *name, struct inode **out);
	int (*create)(struct inode *dir, const char *name, u32 mode, u32 rdev, struct inode **out);
	int (*link)(struct inode *dir, const char *name, struct inode *target);
	int (*unlink)(struct inode *dir, const char *name, bool rmdir);
	int (*symlink)(struct inode *dir, const char *name, const char *target);
	/* Both directories locked; flags RENAME_*. */
	int (*rename)(struct inode *odir, const char *oname, struct inode *ndir, const char *nname,
		      unsigned int flags);
	/* Symbolic links. */
	int (*readlink)(struct inode *ino, char *buf, size_t size);
	/* Regular files: write from a kernel buffer (unpacking the initramfs). */
	ssize_t (*write_kernel)(struct inode *ino, const void *buf, size_t n, u64 pos);
	/* Regular files: copy contents into a kernel buffer (exec). */
	ssize_t (*read_kernel)(struct inode *ino, void *buf, size_t n, u64 pos);
	/* Regular files: set the size (truncate/extend with zeros); lock held. */
	int (*truncate)(struct inode *ino, u64 size);
	/* Open: choose file_ops and private data for a new open file. */
	int (*open)(struct inode *ino, struct file *f);
	void (*evict)(struct inode *ino);	/* last reference and no links */
	/* Directories: the parent (not referenced: the child keeps it alive)
	 * and the name in it, for getcwd and /proc; false at a root. */
	bool (*dir_name)(struct inode *dir, struct inode **parent, char *name, size_t size);
	/* "Magic" links (/proc/<pid>/fd/N, cwd, exe): the place the link
	 * stands for, referenced, instead of a path name to resolve. */
	int (*get_link)(struct inode *ino, struct path *out);
	/* ... and, when it leads to a non-directory, the directory (referenced)
	 * and name that file was found by, if known: 0 or -errno (optional). */
	int (*link_name)(struct inode *ino, struct path *dir, char *name, size_t size);
	/* Attribute refresh before stat (procfs: owner of a process's files). */
	void (*getattr)(struct inode *ino);
	/*
	 * Disk file systems. write_inode: put the in-memory inode (mode,
	 * owner, times, size, links) into its on-disk form after
	 * inode_mark_dirty (wait: and make that durable). fsync: make the
	 * file's data (and, unless datasync, all its metadata) durable;
	 * optional, the default writes the page cache and then the inode.
	 */
	int (*write_inode)(struct inode *ino, bool wait);
	int (*fsync)(struct inode *ino, bool datasync);
	/* fallocate(2) modes (FALLOC_FL_*); inode.lock held. */
	int (*fallocate)(struct inode *ino, int mode, u64 off, u64 len);
	/* Extended attributes, by full name ("user.x"): sizes as the calls
	 * return them; -ENODATA, -ERANGE, -EOPNOTSUPP as Linux. The VFS has
	 * checked the name, the size limits and the namespace permissions,
	 * and holds inode.lock. */
	ssize_t (*getxattr)(struct inode *ino, const char *name, void *buf, size_t size);
	int (*setxattr)(struct inode *ino, const char *name, const void *val, size_t size,
			int flags);
	ssize_t (*listxattr)(struct inode *ino, char *buf, size_t size);
	int (*removexattr)(struct inode *ino, const char *name);
	/* O_TMPFILE: a new regular file with no name (nlink 0) in dir's file
	 * system, with a reference in *out; dir->lock held. Optional:
	 * without it O_TMPFILE is EOPNOTSUPP. */
	int (*tmpfile)(struct inode *dir, u32 mode, struct inode **out);
};

struct inode {
	atomic_t refs;
	u64 ino;
	u32 dev;		/* [I] device number of the file-system instance */
	int mounted;		/* [mount_lock] mounts on this directory */
	u32 mode;
	u32 nlink;		/* [lock of the parent dir] */
	u32 uid, gid;
	u32 rdev;		/* device number of a device node */
	u64 size;		/* [lock] */
	struct timespec64 atime, mtime, ctime;
	const struct inode_ops *ops;
	struct mutex lock;
	void *priv;		/* the file system's */
	struct super_block *sb;	/* [I] disk file systems' instance, else NULL */
	struct icache *icache;	/* [I] the cache it is in, or NULL */
	struct list_head icache_link;	/* [icache lock] */
	unsigned int state;	/* [a] I_DIRTY */
	struct page_cache cache;	/* regular files: the data (pagecache.h) */
	struct list_head locks;		/* [locks_lock] flock and record locks (locks.h) */
	/* [a] > 0: open for writing by that many files; < 0: the program of
	 * that many running images, which may not be written (ETXTBSY). */
	atomic_t writecount;
	struct list_head dcache_children;	/* [dcache_lock] names cached in this directory */
};

#define I_DIRTY 0x1	/* the on-disk inode needs writing (write_inode) */
#define I_LINKABLE 0x2	/* an O_TMPFILE file that linkat may give a name */

struct mount;

/* A place in the name space: an inode of the file system mounted at mnt. */
struct path {
	struct mount *mnt;
	struct inode *ino;
};

struct fs_context {
	atomic_t refs;
	spinlock_t lock;
	struct path root;	/* [lock] */
	struct path cwd;	/* [lock] */
	u32 umask;		/* [lock] */
};

void inode_init(struct inode *ino, const struct inode_ops *ops, u32 mode);
void inode_get(struct inode *ino);
void inode_put(struct inode *ino);
void inode_touch(struct inode *ino, bool modified);	/* times */
/* Writers and running programs exclude each other (Linux's
 * get_write_access and deny_write_access): 0 or -ETXTBSY. */
int inode_get_write_access(struct inode *ino);
void inode_put_write_access(struct inode *ino);
int inode_deny_write_access(struct inode *ino);
void inode_allow_write_access(struct inode *ino);
struct timespec64 vfs_now(void);

/*
 * Resolve path relative to dirfd (AT_FDCWD = cwd). follow: follow a final
 * symlink. Returns the inode with a reference, or ERR_PTR(-errno).
 */
struct inode *vfs_lookup(int dirfd, const char *path, bool follow);
/*
 * Resolve all but the last component: the parent directory (referenced)
 * and the last name (copied into name, NAME_MAX + 1 bytes). A trailing
 * slash sets *must_dir.
 */
struct inode *vfs_lookup_parent(int dirfd, const char *path, char *name, bool *must_dir);

/* The inode behind descriptor fd (referenced): ERR_PTR(-EBADF) for a bad
 * descriptor, ERR_PTR(no_inode_err) for a file with no inode (a pipe). */
struct inode *vfs_fd_inode(int fd, int no_inode_err);

/* Open path like openat(2): a new struct file or ERR_PTR. */
struct file *vfs_open(int dirfd, const char *path, int flags, u32 mode);
/* O_TMPFILE: open an unnamed file in the directory path names. */
struct file *vfs_open_tmpfile(int dirfd, const char *path, int flags, u32 mode);
/* May a file be opened (or F_SETFL'd) O_DIRECT? Linux: where the file
 * system has direct I/O (tmpfs and disk file systems' regular files). */
bool vfs_can_direct(struct inode *ino);
/* Open ino found below mount mnt (no walk: the caller holds ino). */
struct mount;
struct file *vfs_open_inode(struct mount *mnt, struct inode *ino, int flags);
/* The inode behind an open file (referenced by the file), or NULL. */
struct inode *file_inode(struct file *f);
/* The absolute name of what path resolves to, symlinks followed, in a new
 * kmalloc'd string (for /proc/<pid>/exe); ERR_PTR(-errno). */
char *vfs_real_name(int dirfd, const char *path);

#define RTC_MAJOR 252	/* /dev/rtc0; dynamic on Linux (a high free major) */

struct fs_context *fs_context_create(struct inode *root);
struct fs_context *fs_context_dup(struct fs_context *fs);
void fs_context_put(struct fs_context *fs);

/* Boot: the tmpfs root with the initramfs unpacked in it, and /dev. */
void vfs_init(void);
struct inode *vfs_root(void);
int vfs_unpack_initramfs(void);

/* tmpfs: a new instance (its root directory, permissions mode) with device
 * number dev. */
struct inode *tmpfs_create_root(u32 dev, u32 mode);
/* ... for mount(2): with the options data ("size=1m,mode=700"), or NULL
 * and *err (-EINVAL, -ENOMEM). tmpfs_remount: new size= and nr_inodes=
 * for the instance of root: 0, -EINVAL. */
struct inode *tmpfs_mount_root(u32 dev, u32 mode, const char *data, int *err);
int tmpfs_remount(struct inode *root, const char *data);
bool tmpfs_owns(struct inode *ino);	/* a tmpfs (devtmpfs, rootfs) inode? */
unsigned long tmpfs_pages(void);	/* pages holding tmpfs data, all instances */

/* Write one struct linux_dirent64 at buf + *used if it fits in n: 0, 1 when
 * it does not fit, or -EFAULT. */
int vfs_dirent_emit(uptr_t buf, size_t n, size_t *used, u64 ino, u64 next, u32 mode,
		    const char *name);

#endif
