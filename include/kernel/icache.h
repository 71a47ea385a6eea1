/*
 * The inode cache of a file-system instance: its live in-memory inodes by
 * inode number, so that every lookup of one file finds the same struct
 * inode (and page cache). An inode leaves the cache when its last
 * reference goes; inode_put takes the cache's lock for that last step, so
 * a lookup never finds an inode on its way out.
 *
 *   ino = icache_find(&sb->icache, nr);       // referenced, or NULL
 *   if (!ino) {
 *           ino = my_read_inode(sb, nr);       // new inode, refs 1
 *           other = icache_insert(&sb->icache, ino);
 *           if (other) { free ino; ino = other; }   // lost a race
 *   }
 *
 * Lock: icache.lock (a spinlock) guards the buckets and the inodes'
 * icache links; taken inside inode.lock, never around I/O.
 */
#ifndef KERNEL_ICACHE_H
#define KERNEL_ICACHE_H

#include <core/spinlock.h>
#include <lib/list.h>
#include <mica/types.h>

#define ICACHE_BUCKETS 256

struct inode;

struct icache {
	spinlock_t lock;
	unsigned long count;			/* [lock] inodes in the cache */
	struct list_head buckets[ICACHE_BUCKETS];	/* [lock] by inode number */
};

void icache_init(struct icache *c);
/* The cached inode with that number, with a new reference, or NULL. */
struct inode *icache_find(struct icache *c, u64 nr);
/* Add ino (refs 1): NULL, or the inode already cached under its number
 * (referenced), which the caller uses instead. */
struct inode *icache_insert(struct icache *c, struct inode *ino);

#endif
