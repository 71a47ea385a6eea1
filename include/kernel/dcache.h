/*
 * The name cache (Linux's dentry cache, cut to what Mica's inode-based VFS
 * needs): (directory inode, name) -> the inode the name leads to, held
 * referenced, or a negative entry saying the name is not there. Path walks
 * look names up here before asking the file system, without the
 * directory's lock.
 *
 * Only file systems whose names change only through the VFS opt in
 * (fs_type.name_cache): the VFS forgets a name after every change to it
 * (dcache_forget), with the directory's lock held, and entries are added
 * under that lock too, so no entry outlives the truth.
 *
 * An entry references the inode it names but not its directory. A
 * directory with cached names under it is therefore kept by its own entry
 * (or by whoever holds it); entries leave bottom-up (a name whose inode
 * has names cached under it goes after them), so dropping a reference
 * never recurses down a tree. Entries beyond a limit, and all unused ones
 * under memory pressure, are dropped oldest first by the "dcache" thread;
 * /proc/sys/vm/drop_caches 2 drops them at once.
 *
 * Lock: dcache_lock (a spinlock, a leaf) guards the table, the LRU list,
 * every inode's dcache_children and every super block's dcache_entries.
 */
#ifndef KERNEL_DCACHE_H
#define KERNEL_DCACHE_H

#include <mica/types.h>

struct inode;
struct super_block;

/* The cache's answer: a hit gives *out referenced (0) or says the name is
 * not there (-ENOENT); -EAGAIN: not cached (or the file system does not
 * use the cache), ask the file system. */
int dcache_lookup(struct inode *dir, const char *name, struct inode **out);
/* What the file system answered for name in dir (ino, or NULL: ENOENT);
 * dir->lock held. Silently does nothing when memory is short. */
void dcache_add(struct inode *dir, const char *name, struct inode *ino);
/* name in dir changed (made, removed, renamed, linked): drop its entry,
 * and everything cached below it. dir->lock held. */
void dcache_forget(struct inode *dir, const char *name);
/* The last reference of dir went: its names go (inode_put). */
void dcache_dir_gone(struct inode *dir);
/* The file system goes (its last mount): every entry of it goes. */
void dcache_drop_sb(struct super_block *sb);
/* Drop up to n unused entries, oldest first (n = ~0: all): how many went. */
unsigned long dcache_shrink(unsigned long n);
unsigned long dcache_count(void);
/* Boot: the table and the thread that trims it. */
void dcache_init(void);

#endif
