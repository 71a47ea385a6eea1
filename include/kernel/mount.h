/*
 * Mounts: file-system instances attached to directories of other mounts,
 * forming the mount tree that path walks cross in both directions (into
 * a mounted root, and ".." out of it). A location in the name space is a
 * struct path: a mount and an inode of the file system mounted there.
 *
 * A mount is reference counted: one reference for being attached to the
 * tree, one for every path that names it (fs contexts' root and cwd, open
 * files, walks in progress). umount(2) without MNT_DETACH is refused with
 * EBUSY while any reference beyond the tree's and its own is held, or
 * while other mounts sit on it; MNT_DETACH takes the mount and those under
 * it out of the tree at once, and the last reference frees it.
 *
 * Lock: mount_lock (a spinlock, a leaf below inode locks) guards the tree
 * links of every mount (parent, mountpoint, children, the table order) and
 * inode.mounted. Fields marked [I] never change after the mount exists.
 */
#ifndef KERNEL_MOUNT_H
#define KERNEL_MOUNT_H

#include <kernel/vfs.h>
#include <kernel/icache.h>
#include <lib/list.h>

/* mount(2) flags (include/uapi/linux/mount.h). */
#define MS_RDONLY 1
#define MS_NOSUID 2
#define MS_NODEV 4
#define MS_NOEXEC 8
#define MS_SYNCHRONOUS 16
#define MS_REMOUNT 32
#define MS_MANDLOCK 64
#define MS_DIRSYNC 128
#define MS_NOSYMFOLLOW 256
#define MS_NOATIME 1024
#define MS_NODIRATIME 2048
#define MS_BIND 4096
#define MS_MOVE 8192
#define MS_REC 16384
#define MS_SILENT 32768
#define MS_UNBINDABLE (1 << 17)
#define MS_PRIVATE (1 << 18)
#define MS_SLAVE (1 << 19)
#define MS_SHARED (1 << 20)
#define MS_RELATIME (1 << 21)
#define MS_STRICTATIME (1 << 24)
#define MS_LAZYTIME (1 << 25)
#define MS_MGC_VAL 0xC0ED0000U
#define MS_MGC_MSK 0xffff0000U

/* umount2(2) flags. */
#define MNT_FORCE 1
#define MNT_DETACH 2
#define MNT_EXPIRE 4
#define UMOUNT_NOFOLLOW 8

struct mount;
struct super_block;
struct block_device;

/* statfs(2)'s answer (struct statfs64 of asm-generic, in kernel form). */
struct kstatfs {
	u64 type;		/* magic: EXT4_SUPER_MAGIC 0xef53, MSDOS_SUPER_MAGIC 0x4d44 ... */
	u64 bsize;
	u64 blocks, bfree, bavail;
	u64 files, ffree;
	u64 fsid;
	u64 namelen;
	u64 frsize;
	u64 flags;		/* ST_RDONLY 1, ST_NOSUID 2 ... (the VFS adds the mount's) */
};

struct fs_type {
	const char *name;
	bool nodev;		/* needs no block device ("nodev" in /proc/filesystems) */
	/* Names change only through the VFS: path walks may cache them
	 * (<kernel/dcache.h>). */
	bool name_cache;
	/*
	 * Set up m->root (referenced), m->dev and m->priv for a new mount of
	 * this type; source and data (the option string, or NULL) are kernel
	 * copies. 0 or -errno.
	 */
	int (*mount)(struct mount *m, const char *source, const char *data);
	void (*kill)(struct mount *m);	/* the last reference is gone (optional) */
	/*
	 * File systems on a block device set m->sb in mount (sb_alloc); the
	 * super block is shared by bind mounts, and kill_sb runs when the
	 * last mount of it goes (after sync).
	 */
	void (*kill_sb)(struct super_block *sb);
	int (*statfs)(struct super_block *sb, struct kstatfs *st);
	/* Make everything durable (sync, syncfs, umount), after the VFS has
	 * written back the inodes (filemap_sync_sb): the file system's own
	 * metadata, journal and super block. 0 or the first error. */
	int (*sync)(struct super_block *sb, bool wait);
	/* MS_REMOUNT: new MS_RDONLY etc. in flags, new options in data;
	 * sb->flags still holds the old MS_RDONLY (s_lock held). */
	int (*remount)(struct super_block *sb, unsigned long flags, const char *data);
};

/*
 * One mounted instance of a file system on a block device. Its inodes
 * are found through its inode cache.
 * Lock legend: [I] immutable; [a] atomic; [S] s_lock.
 */
struct super_block {
	atomic_t refs;			/* [a] mounts of it */
	const struct fs_type *type;	/* [I] */
	struct block_device *bdev;	/* [I] referenced */
	u32 dev;			/* [I] st_dev: the block device's number */
	unsigned long flags;		/* [S] MS_RDONLY */
	struct mutex s_lock;
	struct icache icache;
	void *fs_info;			/* [I] the file system's */
	struct list_head link;		/* [super_lock] all super blocks */
	struct list_head dcache_entries;	/* [dcache_lock] its cached names */
};

/* A super block for m on the block device named by source (a path to a
 * block device node such as "/dev/vda1", or a device name): referenced
 * bdev, -ENOTBLK, -ENXIO, -EBUSY (already mounted), -EACCES (rw on a
 * read-only device). The caller fills fs_info and m->root. */
struct super_block *sb_alloc(struct mount *m, const char *source, unsigned long flags);
/* Undo sb_alloc when mount fails (before any other mount shares it). */
void sb_free(struct super_block *sb);
/* A mount of sb goes: the last one syncs it, calls kill_sb and frees it. */
void sb_put(struct super_block *sb);
/* MS_REMOUNT of the file system: MS_RDONLY in flags turns it read-only
 * (after writing everything back) or read-write; the file system's
 * remount sees the new flags and options first. 0 or -errno. */
int sb_remount(struct super_block *sb, unsigned long flags, const char *data);
/* Call fn for every mounted super block (sync(2)), with a reference held
 * and no lock: stops at a non-zero return, which it returns. */
int sb_for_each(int (*fn)(struct super_block *sb, void *arg), void *arg);

struct mount {
	atomic_t refs;
	int id;				/* [I] mount id, as in /proc/self/mountinfo */
	struct mount *parent;		/* [mount_lock] NULL: the root mount, or detached */
	struct inode *mountpoint;	/* [mount_lock] in parent, referenced */
	struct inode *root;		/* [I] referenced */
	struct list_head children;	/* [mount_lock] mounts on this one */
	struct list_head child_link;	/* [mount_lock] in parent->children */
	struct list_head table_link;	/* [mount_lock] in the mount table, in mount order */
	const struct fs_type *type;	/* [I] */
	char *source;			/* [I] the first argument of mount(2) */
	unsigned long flags;		/* [a] MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_NOATIME ...
					 * (remount changes them) */
	u32 dev;			/* [I] device number of the instance (st_dev) */
	void *priv;			/* [I] the file system's */
	struct super_block *sb;		/* [I] disk file systems: referenced, or NULL */
};

void mount_get(struct mount *m);
void mount_put(struct mount *m);

void path_get(const struct path *p);
void path_put(struct path *p);
bool path_equal(const struct path *a, const struct path *b);

/* The mount of the root file system. */
struct mount *mount_root(void);
/* Boot: make root (a tmpfs root inode) the root mount. */
void mount_init(struct inode *root, u32 dev);

/*
 * Path-walk steps. mount_follow_down: if something is mounted on *p,
 * replace *p (references and all) by the root of the topmost mount there;
 * true when it moved. mount_parent: when p->ino is the root of an attached
 * mount, the place it is mounted on (referenced) in *up; false otherwise.
 */
bool mount_follow_down(struct path *p);
bool mount_parent(const struct path *p, struct path *up);

/* Boot (root=): mount type from source as the new root mount; the old one
 * leaves the mount table. vfs_switch_root() then moves the kernel there. */
int mount_new_root(const char *type, const char *source, unsigned long flags, const char *data);
void vfs_switch_root(void);
/* Boot: mount the disk root= names as the root (kernel/fs/do_mounts.c):
 * types (rootfstype=, comma-separated) or NULL for all, data (rootflags=),
 * ro, wait (rootwait), delay_s (rootdelay=). 0, or -errno with Linux's
 * messages printed and the old root kept. */
int vfs_mount_root_device(const char *root, const char *types, const char *data, bool ro,
			  bool wait, unsigned long delay_s);

/* Attach a new mount of type (by name) on dir: 0 or -errno. */
int mount_new(const struct path *dir, const char *type, const char *source, unsigned long flags,
	      const char *data);
/* Attach a new mount showing dir's subtree of old on target (MS_BIND). */
int mount_bind(const struct path *old, const struct path *target, unsigned long flags);
/* Detach the mount whose root is p (umount2 semantics, flags MNT_*). */
int mount_umount(const struct path *p, int flags);

/* Claim an anonymous device number for a file-system instance. */
u32 mount_new_dev(void);

/*
 * For /proc/mounts: call emit for each mount visible from root, in mount
 * order. emit runs without mount_lock (it may sleep) and with a reference
 * on m.
 */
void mount_for_each(const struct path *root, void (*emit)(struct mount *m, void *arg), void *arg);

/* Registered file-system types, for /proc/filesystems. */
const struct fs_type *fs_type_at(int i);

/* The path name of p as seen from root (d_path), built at the end of buf;
 * returns its start, or ERR_PTR(-ENAMETOOLONG). */
char *vfs_path_name(const struct path *p, const struct path *root, char *buf, size_t size);

/* Resolve like vfs_lookup_parent, giving the mount too (referenced). */
int vfs_lookup_parent_path(int dirfd, const char *path, char *name, bool *must_dir,
			   struct path *out);
/* May files of mount m be changed? 0, or -EROFS for a read-only mount
 * (or a file system mounted read-only). */
int mnt_want_write(const struct mount *m);
/* The same for a path name at user address upath, from the cwd: 0, or
 * -EFAULT, -ENAMETOOLONG, the walk's errors. */
int vfs_user_path(uptr_t upath, bool follow, struct path *out);
/* Resolve like vfs_lookup, giving the mount too (referenced path). */
int vfs_lookup_path(int dirfd, const char *path, bool follow, struct path *out);
/* The path behind descriptor fd (referenced): -EBADF for a bad descriptor,
 * no_inode_err for a file with no inode (a pipe). */
int vfs_fd_path(int fd, int no_inode_err, struct path *out);
/* The current process's root and cwd (referenced). */
void vfs_get_root(struct path *out);
void vfs_get_cwd(struct path *out);
/* Replace the current process's cwd (consumes the reference of p). */
void vfs_set_cwd(struct path *p);

/* devtmpfs: the one instance of Mica's device nodes; a node created here
 * appears in every mount of it, whenever it is created. 0 or -errno. */
int devtmpfs_create_node(const char *name, u32 mode, u32 rdev);
/* Remove a node the kernel made (a partition gone after BLKRRPART). */
int devtmpfs_remove_node(const char *name);
struct inode *devtmpfs_root(void);

/* procfs */
extern const struct fs_type proc_fs_type;
/* sysfs (kernel/fs/sysfs/) and the disk file systems */
extern const struct fs_type sysfs_fs_type;
extern const struct fs_type vfat_fs_type;	/* kernel/fs/fat/ */
/* ext4 (kernel/fs/ext4/) */
extern const struct fs_type ext4_fs_type;

#endif
