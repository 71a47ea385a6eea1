/*
 * The buffer cache: blocks of file-system metadata (superblocks, bitmaps,
 * inode tables, directories), one cached copy per (device, block number),
 * reference counted. A buffer stays cached after its last release until
 * the cache is over its limit, when clean unused buffers go, least
 * recently used first. File data does not belong here (the page cache).
 *
 *   bh = bcache_read(bdev, block, size);   // ERR_PTR(-EIO) ...
 *   ... change bh->data ...; bcache_mark_dirty(bh);
 *   bcache_write(bh);                      // now, or leave it to bcache_sync
 *   bcache_release(bh);
 *
 * Block numbers count blocks of size bytes (a multiple of the device's
 * logical block size, at most 4096) from the start of bdev.
 * Callers serialize changes to a buffer's data among themselves; the cache
 * serializes the I/O of one buffer (bh->io).
 */
#ifndef KERNEL_BCACHE_H
#define KERNEL_BCACHE_H

#include <core/wait.h>
#include <kernel/block.h>

#define BH_UPTODATE 0x1		/* data matches the disk, or is newer */
#define BH_DIRTY 0x2		/* data is newer than the disk */
/* In a journal transaction or waiting for its checkpoint: only the journal
 * (kernel/fs/jbd2) writes it home, never bcache_write, bcache_sync nor
 * eviction, so that no change reaches its home before its commit. */
#define BH_JOURNALED 0x4

/* Lock legend: [I] immutable; [C] bcache_lock; [io] bh->io. */
struct buffer_head {
	struct block_device *bdev;	/* [I] holds a reference */
	u64 block;			/* [I] */
	u32 size;			/* [I] */
	void *data;			/* [I] the block; contents: the caller's */
	unsigned int state;		/* [C] BH_* */
	int refs;			/* [C] users; 0: on the LRU list */
	struct list_head hash;		/* [C] */
	struct list_head lru;		/* [C] while refs == 0 */
	struct mutex io;		/* reading and writing back */
	void *journal;			/* [jbd2] the journal's record of it, or NULL */
};

/* The cached buffer, without reading it (for blocks about to be overwritten). */
struct buffer_head *bcache_get(struct block_device *bdev, u64 block, u32 size);
/* The buffer, read from the disk unless cached. ERR_PTR(-errno). */
struct buffer_head *bcache_read(struct block_device *bdev, u64 block, u32 size);
void bcache_mark_dirty(struct buffer_head *bh);
/* Write bh back if dirty; 0 or -errno (it stays dirty then). A
 * BH_JOURNALED buffer is left to its journal: 0, nothing written. */
int bcache_write(struct buffer_head *bh);
void bcache_release(struct buffer_head *bh);
/* Another reference on a buffer the caller holds one on. */
void bcache_hold(struct buffer_head *bh);
/* The journal takes over bh's write-back (on: sets BH_JOURNALED and
 * BH_UPTODATE) or gives it back (off). */
void bcache_set_journaled(struct buffer_head *bh, bool on);

/* Write back every dirty buffer of bdev; the first error, else 0. */
int bcache_sync(struct block_device *bdev);
/* Write back, then drop every unused buffer of bdev (BLKFLSBUF). */
int bcache_invalidate(struct block_device *bdev);
/* Buffers cached in all (for tests). */
unsigned long bcache_count(void);

#endif
