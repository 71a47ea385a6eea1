/*
 * ext4's blocks freed in a journal transaction that has not committed yet
 * (kernel/fs/ext4/pfree.c). Until their transaction's commit block is on
 * disk, a crash replays a file system in which the old owner still points
 * at them, so the allocator must not hand them out: it asks
 * ext4_pfree_next_free / ext4_pfree_clear_run and skips them. jbd2's
 * commit callback then releases every extent of the committed
 * transactions (ext4_pfree_release). Linux keeps the same set as
 * ext4_free_data entries per group (mballoc), released at commit.
 *
 * Pure logic (no locks, no I/O): the caller serializes (ext4's
 * alloc_lock), and the host unit tests build it (tests/unit/test_ext4_pfree.c).
 * Extents never overlap: a block is in the set only while its bitmap bit
 * is clear and the allocator skips it, so it cannot be freed again.
 */
#ifndef KERNEL_EXT4_PFREE_H
#define KERNEL_EXT4_PFREE_H

#include <lib/rbtree.h>
#include <mica/types.h>

struct ext4_pfree_set {
	struct rb_root root;	/* struct ext4_pfree by start */
	u64 nr_blocks;		/* blocks in the set */
	u32 nr_extents;
};

void ext4_pfree_init(struct ext4_pfree_set *s);
/* Free every extent (umount). */
void ext4_pfree_destroy(struct ext4_pfree_set *s);
/* Blocks start..start+len-1 were freed in transaction tid: 0, -EINVAL
 * (len 0 or wrapping), -EEXIST (overlaps an extent of the set: nothing
 * added) or -ENOMEM. Merges with a touching extent of the same tid. */
int ext4_pfree_add(struct ext4_pfree_set *s, u64 start, u64 len, u32 tid);
/* The first block at or after b that is not in the set. */
u64 ext4_pfree_next_free(const struct ext4_pfree_set *s, u64 b);
/* How many blocks from b on, at most max, are not in the set (0 when b is). */
u64 ext4_pfree_clear_run(const struct ext4_pfree_set *s, u64 b, u64 max);
/* Transaction tid committed: drop the extents of tid and every earlier
 * transaction (tids compare modulo 2^32, as jbd2's). Returns the blocks
 * dropped. */
u64 ext4_pfree_release(struct ext4_pfree_set *s, u32 tid);

#endif
