/*
 * jbd2_recover: recovery.c's three passes on the device. Home blocks are
 * written through the buffer cache, so that a block the file system has
 * already cached (its superblock) is not left stale; then the device is
 * flushed and the log marked empty, with the sequence moved past the
 * last transaction replayed (Linux skips one more id, as here, so that a
 * half-written transaction after it can never be taken for a new one).
 */
#include "jbd2_internal.h"
#include <core/kmalloc.h>
#include <core/printk.h>
#include <lib/string.h>
#include <mica/err.h>
#include <mica/errno.h>

static int replay_read(void *ctx, u32 jblock, void *buf)
{
	struct journal *j = ctx;

	return jbd2_log_rw(j, BLK_OP_READ, jblock, buf);
}

static int replay_write(void *ctx, u64 blocknr, const void *buf)
{
	struct journal *j = ctx;
	struct buffer_head *bh = bcache_get(j->bdev, blocknr, j->bs);
	int err;

	if (IS_ERR(bh))
		return PTR_ERR(bh);
	mutex_lock(&bh->io);
	memcpy(bh->data, buf, j->bs);
	mutex_unlock(&bh->io);
	bcache_mark_dirty(bh);
	err = bcache_write(bh);
	bcache_release(bh);
	return err;
}

int jbd2_recover(struct journal *j)
{
	struct jbd2_log_io io = { replay_read, replay_write, j,
				  (j->bdev->nr_sects << SECTOR_SHIFT) / j->bs };
	struct jbd2_recovery r;
	void *bufs;
	int err, err2;

	if (!j->fmt.start)
		return 0;
	bufs = kmalloc(2 * j->bs);
	if (!bufs)
		return -ENOMEM;
	mutex_lock(&j->commit_mutex);
	err = jbd2_recovery_run(&j->fmt, &io, bufs, &r);
	kfree(bufs);
	if (err) {
		pr_err("%s: journal recovery failed: %s (%d)\n", j->name, r.why, err);
		goto out;
	}
	err = block_flush(j->bdev);
	if (err && err != -EOPNOTSUPP)
		goto out;
	pr_info("%s: journal replayed: transactions %u-%u, %u blocks, %u revoked\n", j->name,
		r.start_seq, r.end_seq - 1, r.nr_blocks, r.nr_revoked);
	j->fmt.start = 0;
	j->fmt.sequence = r.end_seq + 1;
	err2 = jbd2_write_sb(j);
	err = err2;
	if (!err) {
		mutex_lock(&j->lock);
		j->next_tid = j->fmt.sequence;
		j->commit_done = j->commit_request = j->next_tid - 1;
		mutex_unlock(&j->lock);
	}
out:
	mutex_unlock(&j->commit_mutex);
	return err;
}
