/*
 * ext4's orphan list: the inodes that lost their last link while still
 * open (or, on a crash, while their blocks were being freed), and the
 * files an extending write gave blocks past their saved i_size. On disk it
 * is a chain: s_last_orphan in the superblock names the first inode, and
 * each inode's i_dtime the next (0 ends it). An inode goes on it in the
 * transaction that drops its last link, and off it in the transaction
 * that frees it, so a power cut at any moment leaves every such inode
 * findable; the next read-write mount frees them (links 0) or cuts them
 * to i_size (links > 0), as Linux's ext4_orphan_cleanup does.
 *
 * In memory fs->orphans holds the same inodes in the same order (the
 * first is s_last_orphan), so that taking one off finds its predecessor
 * without reading the chain.
 *
 * Extending writes (as Linux's ext4_write_begin): prepare_write allocates
 * a page's blocks in one transaction, and the i_size that covers them
 * reaches the inode table later (write_inode from the flusher or fsync),
 * in another. A cut in between would leave initialized blocks past i_size,
 * which e2fsck rejects. So the allocating transaction puts the inode on
 * the list (ext4_orphan_add_extend, remembering the end of the blocks),
 * and the transaction that saves a size covering them takes it off
 * (ext4_orphan_size_saved); the mount after a cut truncates the file to
 * its saved size. An inode on the list for lost links never leaves it for
 * a size (orphan_extend false).
 *
 * Lock: fs->orphan_lock guards the list, the
 * links of the inodes on it, their i_dtime and s_last_orphan; it is taken
 * after inode.lock and before map_lock (it saves inodes).
 */
#include "ext4.h"
#include <lib/string.h>
#include <mica/err.h>
#include <mica/errno.h>

#define SB_LAST_ORPHAN 0xe8
/* The superblock or a predecessor's inode block, and the inode itself. */
#define ORPHAN_CREDITS 3

/* s_last_orphan = nr, inside h. orphan_lock held. */
static int set_head(struct ext4_handle *h, struct ext4_fs *fs, u32 nr)
{
	u8 *raw = (u8 *)fs->sbh->data + fs->sb_off;
	int err = ext4_get_write_access(h, fs->sbh);

	if (err)
		return err;
	/* alloc_lock: write_super changes the superblock and its checksum too. */
	mutex_lock(&fs->alloc_lock);
	ext4_put32(raw + SB_LAST_ORPHAN, nr);
	ext4_sb_set_csum(&fs->g, raw);
	fs->g.last_orphan = nr;
	mutex_unlock(&fs->alloc_lock);
	return ext4_dirty_metadata(h, fs->sbh);
}

/* On the list (first), inside h; no-op when on it. orphan_lock held. */
static int add_locked(struct ext4_handle *h, struct ext4_inode *ei)
{
	u32 next = ei->fs->g.last_orphan;
	int err;

	if (!list_empty(&ei->orphan))
		return 0;
	err = set_head(h, ei->fs, (u32)ei->vfs.ino);
	if (!err) {
		ei->dtime = next;
		list_add(&ei->orphan, &ei->fs->orphans);
	}
	return err;
}

int ext4_orphan_add(struct ext4_handle *h, struct ext4_inode *ei)
{
	struct ext4_fs *fs = ei->fs;
	int err = 0;

	mutex_lock(&fs->orphan_lock);
	err = add_locked(h, ei);
	ei->orphan_extend = false;	/* no links: stays until freed */
	mutex_unlock(&fs->orphan_lock);
	return err;
}

int ext4_orphan_add_extend(struct ext4_handle *h, struct ext4_inode *ei, u32 end)
{
	struct ext4_fs *fs = ei->fs;
	int err = 0;

	mutex_lock(&fs->orphan_lock);
	if (list_empty(&ei->orphan)) {
		err = add_locked(h, ei);
		if (!err) {
			ei->orphan_extend = true;
			ei->orphan_end = end;
		}
	} else if (ei->orphan_extend) {
		ei->orphan_end = MAX(ei->orphan_end, end);
	}
	mutex_unlock(&fs->orphan_lock);
	return err;
}

/* Off the list, inside h. orphan_lock held; ei on the list. */
static int del_locked(struct ext4_handle *h, struct ext4_inode *ei)
{
	struct ext4_fs *fs = ei->fs;
	struct ext4_inode *prev;
	u32 next;
	int err;

	next = list_is_last(&ei->orphan, &fs->orphans) ? 0 :
		(u32)list_entry(ei->orphan.next, struct ext4_inode, orphan)->vfs.ino;
	if (list_is_first(&ei->orphan, &fs->orphans)) {
		err = set_head(h, fs, next);
	} else {
		prev = list_entry(ei->orphan.prev, struct ext4_inode, orphan);
		prev->dtime = next;
		err = ext4_inode_save(h, prev);
	}
	if (!err) {
		list_del_init(&ei->orphan);
		ei->dtime = 0;
		ei->orphan_extend = false;
	}
	return err;
}

int ext4_orphan_del(struct ext4_handle *h, struct ext4_inode *ei)
{
	struct ext4_fs *fs = ei->fs;
	int err = 0;

	mutex_lock(&fs->orphan_lock);
	if (!list_empty(&ei->orphan))
		err = del_locked(h, ei);
	mutex_unlock(&fs->orphan_lock);
	return err;
}

int ext4_orphan_size_saved(struct ext4_handle *h, struct ext4_inode *ei, bool cut)
{
	struct ext4_fs *fs = ei->fs;
	bool del = false;
	u64 blocks;
	int err = 0;

	mutex_lock(&fs->orphan_lock);
	if (!list_empty(&ei->orphan) && ei->orphan_extend) {
		/* disksize is what the inode-table buffer holds now, so what
		 * commits with this list change. */
		mutex_lock(&fs->itable_lock);
		blocks = DIV_ROUND_UP(ei->disksize, fs->g.block_size);
		mutex_unlock(&fs->itable_lock);
		del = cut || blocks >= ei->orphan_end;
		if (del)
			err = del_locked(h, ei);
	}
	mutex_unlock(&fs->orphan_lock);
	/* i_dtime (the next orphan) is 0 now. */
	if (del && !err)
		err = ext4_inode_save(h, ei);
	return err;
}

void ext4_orphan_forget(struct ext4_inode *ei)
{
	struct ext4_fs *fs = ei->fs;

	mutex_lock(&fs->orphan_lock);
	if (!list_empty(&ei->orphan))
		list_del_init(&ei->orphan);
	mutex_unlock(&fs->orphan_lock);
}

/* An orphan that still has links: its blocks past i_size go (a truncate
 * the crash cut short), then it leaves the list. */
static int cut_to_size(struct ext4_inode *ei)
{
	struct ext4_fs *fs = ei->fs;
	struct ext4_handle *h = ext4_journal_start(fs, 16 + ORPHAN_CREDITS);
	int err = 0, e;

	if (IS_ERR(h))
		return PTR_ERR(h);
	if (S_ISREG(ei->vfs.mode) && !(ei->flags & EXT4_INLINE_DATA_FL)) {
		mutex_lock(&ei->map_lock);
		err = ext4_map_truncate(h, ei, (u32)DIV_ROUND_UP(ei->vfs.size, fs->g.block_size));
		mutex_unlock(&ei->map_lock);
	}
	if (!err)
		err = ext4_orphan_del(h, ei);
	if (!err)
		err = ext4_inode_save(h, ei);
	e = ext4_journal_stop(h);
	return err ? err : e;
}

/* Read the chain into fs->orphans (each inode referenced), stopping with
 * a message at the first bad link: a number out of range, an inode that
 * cannot be read, or one seen before (a loop). */
static void orphan_load(struct ext4_fs *fs)
{
	u32 nr = fs->g.last_orphan, seen = 0;

	while (nr) {
		struct inode *ino;
		struct ext4_inode *ei;
		int err;

		if (nr < fs->g.first_ino || nr > fs->g.inodes_count || ++seen > fs->g.inodes_count) {
			(void)ext4_corrupt(fs, "orphan list: bad inode %u, rest of the list skipped", nr);
			return;
		}
		err = ext4_iget_orphan(fs, nr, &ino);
		if (err) {
			pr_err("EXT4-fs (%s): orphan list: inode %u unreadable (%d), rest skipped\n",
			       fs->name, nr, err);
			return;
		}
		ei = EXT4_I(ino);
		mutex_lock(&fs->orphan_lock);
		if (!list_empty(&ei->orphan)) {
			mutex_unlock(&fs->orphan_lock);
			inode_put(ino);
			(void)ext4_corrupt(fs, "orphan list: loop at inode %u, rest skipped", nr);
			return;
		}
		list_add_tail(&ei->orphan, &fs->orphans);
		nr = ei->dtime;
		mutex_unlock(&fs->orphan_lock);
	}
}

int ext4_orphan_cleanup(struct ext4_fs *fs)
{
	struct ext4_handle *h;
	u32 freed = 0, cut = 0;
	int err = 0, e;

	if (!fs->g.last_orphan)
		return 0;
	orphan_load(fs);
	for (;;) {
		struct ext4_inode *ei;

		mutex_lock(&fs->orphan_lock);
		if (list_empty(&fs->orphans)) {
			mutex_unlock(&fs->orphan_lock);
			break;
		}
		ei = list_first_entry(&fs->orphans, struct ext4_inode, orphan);
		mutex_unlock(&fs->orphan_lock);
		if (!ei->vfs.nlink) {
			/* The last put frees it and takes it off the list
			 * (ext4_evict), on disk or, failing that, in memory. */
			freed++;
			inode_put(&ei->vfs);
			continue;
		}
		cut++;
		err = cut_to_size(ei);
		if (err)
			pr_err("EXT4-fs (%s): orphan inode %lu not truncated: %d\n", fs->name,
			       (unsigned long)ei->vfs.ino, err);
		/* Off the list even when that failed, so that the walk ends;
		 * the rest of the chain is e2fsck's then. */
		ext4_orphan_forget(ei);
		inode_put(&ei->vfs);
	}
	if (freed || cut)
		pr_info("EXT4-fs (%s): %u orphan inodes freed, %u truncated\n", fs->name, freed, cut);
	if (!fs->g.last_orphan)
		return err;
	/* A bad link ended the walk: the list is dropped (as Linux goes on). */
	h = ext4_journal_start(fs, 1);
	if (IS_ERR(h))
		return PTR_ERR(h);
	mutex_lock(&fs->orphan_lock);
	e = set_head(h, fs, 0);
	mutex_unlock(&fs->orphan_lock);
	err = ext4_journal_stop(h);
	return e ? e : err;
}
