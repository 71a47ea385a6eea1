/*
 * tmpfs internals shared by its files: the instance (super block) data
 * with the limits of mount options size= and nr_inodes=.
 */
#ifndef KERNEL_FS_TMPFS_INTERNAL_H
#define KERNEL_FS_TMPFS_INTERNAL_H

#include <kernel/vfs.h>
#include <kernel/mount.h>
#include <core/spinlock.h>

#define TMPFS_MAGIC 0x01021994
#define TMPFS_BOGO_INODE_SIZE 1024	/* Linux's BOGO_INODE_SIZE */

/*
 * One tmpfs instance. Every inode of it holds a reference.
 * Lock legend: [a] atomic; [L] lock; [I] set at mount.
 */
struct tmpfs_sb_info {
	atomic_t refs;			/* [a] inodes, and the mount */
	spinlock_t lock;
	unsigned long max_pages;	/* [L] size= in pages; 0: no limit */
	unsigned long used_pages;	/* [L] data pages charged */
	unsigned long max_inodes;	/* [L] nr_inodes=; 0: no limit */
	unsigned long used_ispace;	/* [L] bytes of "inode space" in use: each
					 * inode TMPFS_BOGO_INODE_SIZE, each xattr
					 * its simple_xattr_space (Linux's free_ispace) */
	u32 dev;			/* [I] */
};

/* An instance with Linux's default limits (half of RAM in pages, as many
 * inodes); NULL when out of memory. */
struct tmpfs_sb_info *tmpfs_sbi_alloc(u32 dev);
void tmpfs_sbi_get(struct tmpfs_sb_info *sbi);
void tmpfs_sbi_put(struct tmpfs_sb_info *sbi);

/*
 * Size accounting. tmpfs_charge_pages: n more data pages are about to be
 * allocated for a file of sbi: 0, or -ENOSPC past size=. Call it before
 * allocating a page (and tmpfs_uncharge_pages when the allocation fails
 * or a page is freed: truncate, punch hole, evict). No lock needed.
 */
int tmpfs_charge_pages(struct tmpfs_sb_info *sbi, unsigned long n);
void tmpfs_uncharge_pages(struct tmpfs_sb_info *sbi, unsigned long n);
/* The same for inodes and extended attributes, which share nr_inodes='s
 * space as on Linux: -ENOSPC when it is used up. */
int tmpfs_charge_inode(struct tmpfs_sb_info *sbi);
void tmpfs_uncharge_inode(struct tmpfs_sb_info *sbi);
int tmpfs_charge_ispace(struct tmpfs_sb_info *sbi, unsigned long bytes);
void tmpfs_uncharge_ispace(struct tmpfs_sb_info *sbi, unsigned long bytes);

/* Apply a mount option string ("size=10m,mode=755"): the root's mode,
 * uid and gid are set through root when given. 0 or -EINVAL. remount:
 * mode=, uid=, gid= are ignored (Linux), and limits may not go below use. */
int tmpfs_parse_options(struct tmpfs_sb_info *sbi, struct inode *root, const char *data,
			bool remount);

/* The instance of a tmpfs inode, or NULL for an inode of another file
 * system. */
struct tmpfs_sb_info *tmpfs_inode_sbi(struct inode *ino);
/* statfs of the instance ino belongs to: 0, or -ENOSYS if not tmpfs. */
int tmpfs_statfs(struct inode *ino, struct kstatfs *st);

#endif
