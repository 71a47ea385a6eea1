/*
 * Checkpointing: a committed transaction's blocks go to their home
 * locations, from the snapshots the commit logged (never bh->data, which
 * a later transaction may already have changed), then the device is
 * flushed and the buffers go back to the buffer cache.
 *
 * Mica checkpoints each transaction right after its commit, so the log
 * holds at most the transaction being committed and the tail may follow
 * the head. The superblock's tail (s_start, s_sequence) is moved lazily:
 * only when the next transaction would overwrite log blocks it still
 * points at, with a flush, before those blocks are reused; recovery after
 * a crash may then replay transactions already checkpointed, which writes
 * the same bytes again.
 */
#include "jbd2_internal.h"
#include <core/kmalloc.h>
#include <core/printk.h>
#include <mica/errno.h>

void jbd2_commit_free(struct jbd2_commit *c)
{
	for (unsigned int i = 0; i < c->nr; i++) {
		if (c->copies[i].bh) {
			bcache_set_journaled(c->copies[i].bh, false);
			bcache_release(c->copies[i].bh);
		}
		kfree(c->copies[i].data);
	}
	kfree(c->copies);
	kfree(c->revokes);
	c->copies = NULL;
	c->revokes = NULL;
	c->nr = c->nr_revokes = 0;
}

int jbd2_checkpoint(struct journal *j, struct jbd2_commit *c)
{
	struct bio *bios = c->nr ? kmalloc(c->nr * sizeof(*bios)) : NULL;
	struct jbd2_io io;
	int err;

	if (c->nr && !bios) {
		jbd2_commit_free(c);
		return -ENOMEM;
	}
	jbd2_io_init(&io);
	for (unsigned int i = 0; i < c->nr; i++)
		if (jbd2_io_write(&io, j->bdev, &bios[i],
				  c->copies[i].blocknr * (j->bs >> SECTOR_SHIFT), c->copies[i].data,
				  j->bs))
			break;
	err = jbd2_io_wait(&io);
	if (!err && c->nr)
		err = block_flush(j->bdev);
	if (err == -EOPNOTSUPP)
		err = 0;
	if (err)
		pr_err("%s: checkpoint of transaction %u failed: %d\n", j->name, c->tid, err);
	kfree(bios);
	/* Home now; unless a newer transaction logs it again, the buffer
	 * cache owns the buffer once more (clean: it matches the disk). */
	mutex_lock(&j->lock);
	for (unsigned int i = 0; i < c->nr; i++) {
		struct buffer_head *bh = c->copies[i].bh;

		if (!bh->journal)
			bcache_set_journaled(bh, false);
		bcache_release(bh);
		c->copies[i].bh = NULL;
	}
	mutex_unlock(&j->lock);
	jbd2_commit_free(c);
	return err;
}

u32 jbd2_log_free(struct journal *j)
{
	u32 len = j->fmt.maxlen - j->fmt.first;
	u32 used = (j->head + len - j->fmt.start) % len;

	return len - used - 1;
}

int jbd2_log_make_room(struct journal *j, u32 need, u32 tid)
{
	if (need > j->fmt.maxlen - j->fmt.first - 1) {
		pr_err("%s: a transaction of %u blocks does not fit the log\n", j->name, need);
		return -ENOSPC;
	}
	if (jbd2_log_free(j) >= need)
		return 0;
	/* Everything before head is checkpointed: the log starts at head. */
	j->fmt.start = j->head;
	j->fmt.sequence = tid;
	return jbd2_write_sb(j);
}
