/*
 * ext4's side of the journal: every metadata change is made inside a
 * handle (start, get_write_access, change, dirty_metadata, stop), as
 * jbd2 wants it (<kernel/jbd2.h>). A file system without a journal (or
 * mounted read-only: the journal is replayed but never started) gets
 * token handles: its dirty buffers go to the buffer cache
 * (bcache_mark_dirty) and reach the disk at sync and umount.
 *
 * EXT4_JBD2 0 builds ext4 without jbd2 (then a journal that needs
 * recovery refuses the mount).
 */
#include "ext4.h"
#include <kernel/jbd2.h>
#include <kernel/jbd2_format.h>
#include <core/kmalloc.h>
#include <mica/err.h>
#include <mica/errno.h>

#ifndef EXT4_JBD2
#define EXT4_JBD2 1
#endif

/* Lock legend: [I] set at start. */
struct ext4_handle {
	struct ext4_fs *fs;		/* [I] */
	struct jbd2_handle *jh;		/* [I] NULL without a journal */
};

struct ext4_handle *ext4_journal_start(struct ext4_fs *fs, int credits)
{
	struct ext4_handle *h;

	if (ext4_is_ro(fs))
		return ERR_PTR(-EROFS);
	h = kzalloc(sizeof(*h));
	if (!h)
		return ERR_PTR(-ENOMEM);
	h->fs = fs;
#if EXT4_JBD2
	if (fs->journal) {
		h->jh = jbd2_handle_start(fs->journal, credits);
		if (IS_ERR(h->jh)) {
			int err = PTR_ERR(h->jh);

			kfree(h);
			return ERR_PTR(err);
		}
	}
#else
	(void)credits;
#endif
	return h;
}

int ext4_journal_stop(struct ext4_handle *h)
{
	int err = 0;

#if EXT4_JBD2
	if (h->jh)
		err = jbd2_handle_stop(h->jh);
#endif
	kfree(h);
	return err;
}

int ext4_get_write_access(struct ext4_handle *h, struct buffer_head *bh)
{
#if EXT4_JBD2
	if (h->jh)
		return jbd2_get_write_access(h->jh, bh);
#endif
	(void)h;
	(void)bh;
	return 0;
}

int ext4_get_create_access(struct ext4_handle *h, struct buffer_head *bh)
{
#if EXT4_JBD2
	if (h->jh)
		return jbd2_get_create_access(h->jh, bh);
#endif
	(void)h;
	(void)bh;
	return 0;
}

int ext4_dirty_metadata(struct ext4_handle *h, struct buffer_head *bh)
{
#if EXT4_JBD2
	if (h->jh)
		return jbd2_dirty_metadata(h->jh, bh);
#endif
	(void)h;
	bcache_mark_dirty(bh);
	return 0;
}

/*
 * A metadata block is being freed. Without a journal its buffer may still
 * be dirty in the buffer cache: write it now, so that a late write-back
 * cannot land on the block after it was given to a file's data (which
 * bypasses the buffer cache).
 */
void ext4_forget(struct ext4_handle *h, u64 block)
{
	struct buffer_head *bh;

#if EXT4_JBD2
	if (h->jh) {
		jbd2_revoke(h->jh, block);
		return;
	}
#endif
	bh = bcache_get(h->fs->bdev, block, h->fs->g.block_size);
	if (!IS_ERR(bh)) {
		bcache_write(bh);
		bcache_release(bh);
	}
}

bool ext4_handle_tid(struct ext4_handle *h, u32 *tid)
{
#if EXT4_JBD2
	if (h->jh) {
		*tid = jbd2_handle_tid(h->jh);
		return true;
	}
#endif
	(void)h;
	(void)tid;
	return false;
}

int ext4_journal_add_inode(struct ext4_handle *h, struct inode *ino)
{
#if EXT4_JBD2
	if (h->jh)
		return jbd2_add_inode(h->jh, ino);
#endif
	(void)h;
	(void)ino;
	return 0;
}

/*
 * Mount: open the journal of fs (s_journal_inum, an extent-mapped file),
 * replay it if it needs recovery and give it the features the file
 * system uses; it starts logging at ext4_journal_begin. Called before
 * anything but the superblock and the group descriptors was read (the
 * journal inode needs its group's).
 */
int ext4_journal_open(struct ext4_fs *fs)
{
	bool needs_recovery = fs->g.incompat & EXT4_INCOMPAT_RECOVER;

	if (!(fs->g.compat & EXT4_COMPAT_HAS_JOURNAL))
		return needs_recovery ? ext4_corrupt(fs, "needs recovery but has no journal") : 0;
#if EXT4_JBD2
	{
		struct inode *jino;
		struct journal *j;
		u32 features = 0;
		int err = ext4_iget(fs, fs->g.journal_inum, &jino);

		if (err)
			return err;
		if (!S_ISREG(jino->mode) || !jino->size || jino->size % fs->g.block_size) {
			inode_put(jino);
			return ext4_corrupt(fs, "bad journal inode");
		}
		mutex_lock(&EXT4_I(jino)->map_lock);
		err = ext4_map_load(EXT4_I(jino));
		mutex_unlock(&EXT4_I(jino)->map_lock);
		if (err) {
			inode_put(jino);
			return err;
		}
		j = jbd2_open(fs->bdev, fs->g.block_size, ext4_bmap, EXT4_I(jino),
			      jino->size / fs->g.block_size, fs->name);
		if (IS_ERR(j)) {
			inode_put(jino);
			return PTR_ERR(j);
		}
		/* The journal inode stays referenced while the journal is open. */
		fs->jnl = j;
		fs->journal_ino = jino;
		if (jbd2_needs_recovery(j) || needs_recovery) {
			if (fs->bdev->flags & BLOCK_RO) {
				pr_err("EXT4-fs (%s): journal needs recovery on a read-only device\n",
				       fs->name);
				ext4_journal_close(fs);
				return -EROFS;
			}
			pr_info("EXT4-fs (%s): recovering journal\n", fs->name);
			err = jbd2_recover(j);
			if (err) {
				ext4_journal_close(fs);
				return err;
			}
			/* What the buffer cache held is older than the replay. */
			bcache_invalidate(fs->bdev);
			fs->replayed = true;
		}
		if (jbd2_errno(j)) {
			pr_warn("EXT4-fs (%s): the journal recorded error %d: run e2fsck\n", fs->name,
				jbd2_errno(j));
			jbd2_clear_err(j);
		}
		if (fs->g.incompat & EXT4_INCOMPAT_64BIT)
			features |= JBD2_FEATURE_INCOMPAT_64BIT;
		if (fs->g.csum)
			features |= JBD2_FEATURE_INCOMPAT_CSUM_V3;
		err = features ? jbd2_set_features(j, features) : 0;
		if (err) {
			ext4_journal_close(fs);
			return err;
		}
		return 0;
	}
#else
	if (needs_recovery) {
		pr_err("EXT4-fs (%s): journal needs recovery, which this kernel cannot do\n",
		       fs->name);
		return -EINVAL;
	}
	return 0;
#endif
}

/* Read-write: start logging (handles then go to the journal). */
int ext4_journal_begin(struct ext4_fs *fs)
{
#if EXT4_JBD2
	int err;

	if (!fs->jnl || fs->journal)
		return 0;
	jbd2_set_commit_callback(fs->jnl, ext4_balloc_committed, fs);
	err = jbd2_start(fs->jnl);
	if (!err)
		fs->journal = fs->jnl;
	return err;
#else
	(void)fs;
	return 0;
#endif
}

/* Commit and checkpoint everything, close the journal (umount). */
int ext4_journal_close(struct ext4_fs *fs)
{
#if EXT4_JBD2
	int err = 0;

	if (fs->jnl) {
		err = jbd2_close(fs->jnl);
		fs->jnl = fs->journal = NULL;
		/* Every transaction committed (and released its blocks), or
		 * the journal was aborted and they stay free on disk only. */
		mutex_lock(&fs->alloc_lock);
		ext4_pfree_destroy(&fs->pfree);
		mutex_unlock(&fs->alloc_lock);
		inode_put(fs->journal_ino);
		fs->journal_ino = NULL;
	}
	return err;
#else
	(void)fs;
	return 0;
#endif
}

/* Make every change so far durable (sync, fsync). */
int ext4_journal_commit(struct ext4_fs *fs)
{
#if EXT4_JBD2
	if (fs->journal)
		return jbd2_commit_sync(fs->journal);
#endif
	int err = bcache_sync(fs->bdev);

	if (!err)
		err = block_flush(fs->bdev);
	return err == -EOPNOTSUPP ? 0 : err;
}
