/*
 * A journal's life: open (read and check the superblock), start (the
 * commit thread), close, abort; and the I/O every other part uses: journal
 * blocks through the file system's block map, batches of bios waited for
 * together, the superblock.
 */
#include "jbd2_internal.h"
#include <core/kmalloc.h>
#include <core/panic.h>
#include <core/printk.h>
#include <kernel/sched.h>
#include <lib/printf.h>
#include <lib/string.h>
#include <mica/err.h>
#include <mica/errno.h>

u64 jbd2_log_sector(struct journal *j, u32 jblock)
{
	u64 pblk = jblock < j->nr_blocks ? j->bmap(j->ctx, jblock) : 0;
	u64 dev_blocks = (j->bdev->nr_sects << SECTOR_SHIFT) / j->bs;

	if (!pblk || pblk >= dev_blocks) {
		pr_err("%s: journal block %u is not mapped (%llu)\n", j->name, jblock,
		       (unsigned long long)pblk);
		return 0;
	}
	return pblk * (j->bs >> SECTOR_SHIFT);
}

int jbd2_log_rw(struct journal *j, enum blk_op op, u32 jblock, void *buf)
{
	u64 sector = jbd2_log_sector(j, jblock);

	if (!sector)
		return -EUCLEAN;
	return block_rw(j->bdev, op, sector, buf, j->bs);
}

static void io_end(struct bio *bio, int err)
{
	struct jbd2_io *io = bio->private;

	if (err)
		io->err = err;	/* any one error is enough to report */
	if (atomic_dec_and_test(&io->pending))
		complete(&io->done);
}

void jbd2_io_init(struct jbd2_io *io)
{
	atomic_set(&io->pending, 1);	/* the submitter's, dropped by wait */
	io->err = 0;
	completion_init(&io->done);
}

int jbd2_io_write(struct jbd2_io *io, struct block_device *bdev, struct bio *bio, u64 sector,
		  void *buf, u32 len)
{
	int err;

	memset(bio, 0, sizeof(*bio));
	bio->op = BLK_OP_WRITE;
	bio->sector = sector;
	bio->buf = buf;
	bio->len = len;
	bio->end_io = io_end;
	bio->private = io;
	atomic_inc(&io->pending);
	err = block_submit(bdev, bio);
	if (err) {
		atomic_dec(&io->pending);
		io->err = err;
	}
	return err;
}

int jbd2_io_wait(struct jbd2_io *io)
{
	if (!atomic_dec_and_test(&io->pending))
		wait_for_completion(&io->done);
	return io->err;
}

int jbd2_write_sb(struct journal *j)
{
	int err;

	jbd2_sb_encode(&j->fmt, j->sb);
	err = jbd2_log_rw(j, BLK_OP_WRITE, 0, j->sb);
	if (!err)
		err = block_flush(j->bdev);
	if (err == -EOPNOTSUPP)
		err = 0;
	return err;
}

struct journal *jbd2_open(struct block_device *bdev, u32 blocksize, jbd2_bmap_t bmap,
			  void *ctx, u64 nr_blocks, const char *name)
{
	struct journal *j;
	char why[JBD2_WHY];
	int err;

	if (blocksize < 1024 || blocksize > 4096 || (blocksize & (blocksize - 1)) ||
	    blocksize < bdev->lbs)
		return ERR_PTR(-EINVAL);
	j = kzalloc(sizeof(*j));
	if (!j)
		return ERR_PTR(-ENOMEM);
	j->sb = kmalloc(blocksize);
	if (!j->sb) {
		kfree(j);
		return ERR_PTR(-ENOMEM);
	}
	block_device_get(bdev);
	j->bdev = bdev;
	j->bs = blocksize;
	j->bmap = bmap;
	j->ctx = ctx;
	j->nr_blocks = nr_blocks;
	snprintf(j->name, sizeof(j->name), "%s", name);
	mutex_init(&j->commit_mutex, "journal.commit_mutex");
	mutex_init(&j->lock, "journal.lock");
	wait_queue_init(&j->wait);
	INIT_LIST_HEAD(&j->handles);

	err = jbd2_log_rw(j, BLK_OP_READ, 0, j->sb);
	if (err) {
		pr_err("%s: cannot read the journal superblock: %d\n", j->name, err);
		goto out_free;
	}
	err = jbd2_sb_decode(j->sb, blocksize, nr_blocks, &j->fmt, why);
	if (err) {
		pr_err("%s: %s\n", j->name, why);
		goto out_free;
	}
	if (j->fmt.err)
		pr_warn("%s: the journal was aborted earlier (error %d)\n", j->name, j->fmt.err);
	/* Linux's j_max_transaction_buffers: a quarter of the log. */
	j->max_bufs = (j->fmt.maxlen - j->fmt.first) / 4;
	j->next_tid = j->fmt.sequence;
	j->commit_done = j->commit_request = j->next_tid - 1;
	return j;

out_free:
	block_device_put(bdev);
	kfree(j->sb);
	kfree(j);
	return ERR_PTR(err);
}

bool jbd2_needs_recovery(struct journal *j)
{
	return j->fmt.start != 0;
}

int jbd2_set_features(struct journal *j, u32 incompat)
{
	int err = 0;

	if (incompat & ~(JBD2_FEATURE_INCOMPAT_REVOKE | JBD2_FEATURE_INCOMPAT_64BIT |
			 JBD2_FEATURE_INCOMPAT_CSUM_V2 | JBD2_FEATURE_INCOMPAT_CSUM_V3))
		return -EOPNOTSUPP;
	mutex_lock(&j->commit_mutex);
	/* v2 stays v2: asking for checksums asks for either kind. */
	if ((incompat & JBD2_FEATURE_INCOMPAT_CSUM_V3) && j->fmt.csum)
		incompat &= ~JBD2_FEATURE_INCOMPAT_CSUM_V3;
	if (j->fmt.start && (incompat & ~j->fmt.incompat))
		err = -EBUSY;	/* the log must be replayed in its own format first */
	else if (incompat & ~j->fmt.incompat) {
		jbd2_sb_set_incompat(&j->fmt, j->sb, j->fmt.incompat | incompat);
		err = jbd2_write_sb(j);
	}
	mutex_unlock(&j->commit_mutex);
	return err;
}

void jbd2_set_commit_callback(struct journal *j, jbd2_committed_t fn, void *arg)
{
	j->committed = fn;
	j->committed_arg = arg;
}

int jbd2_start(struct journal *j)
{
	struct task *t;
	int err;

	if (j->fmt.start)
		return -EUCLEAN;	/* jbd2_recover first */
	if (j->fmt.err)
		return -EUCLEAN;	/* the file system takes the error over first */
	err = jbd2_set_features(j, JBD2_FEATURE_INCOMPAT_REVOKE);
	if (err)
		return err;
	/* As Linux's journal_reset: the log begins at s_first, and the
	 * superblock says so before anything is logged. */
	mutex_lock(&j->commit_mutex);
	j->head = j->fmt.first;
	j->fmt.start = j->fmt.first;
	j->fmt.sequence = j->next_tid;
	err = jbd2_write_sb(j);
	mutex_unlock(&j->commit_mutex);
	if (err)
		return err;
	t = kthread_create("jbd2", jbd2_commit_thread, j);
	if (IS_ERR(t))
		return PTR_ERR(t);
	mutex_lock(&j->lock);
	j->thread = t;
	j->started = true;
	mutex_unlock(&j->lock);
	task_start(t);
	return 0;
}

int jbd2_close(struct journal *j)
{
	struct task *t;
	int err, err2;

	mutex_lock(&j->lock);
	t = j->thread;
	j->stopping = true;
	mutex_unlock(&j->lock);
	wake_up_all(&j->wait);
	if (t)
		task_join(t);	/* it commits what is left before it ends */

	mutex_lock(&j->lock);
	err = j->err;
	WARN_ON_ONCE(!list_empty(&j->handles));
	if (j->running)
		jbd2_transaction_free(j->running);	/* only when aborted */
	j->running = NULL;
	mutex_unlock(&j->lock);

	mutex_lock(&j->commit_mutex);
	if (j->started && !err) {
		/* Everything is checkpointed: mark the log empty. */
		j->fmt.start = 0;
		j->fmt.sequence = j->next_tid;
		err = jbd2_write_sb(j);
	} else if (err) {
		/* Aborted: the log stays for recovery; say why, as Linux does,
		 * if the disk still takes it. */
		j->fmt.err = err;
		err2 = jbd2_write_sb(j);
		if (err2)
			pr_warn("%s: cannot record the abort in the journal: %d\n", j->name, err2);
	}
	mutex_unlock(&j->commit_mutex);
	block_device_put(j->bdev);
	kfree(j->sb);
	kfree(j);
	return err;
}

void jbd2_abort(struct journal *j, int err)
{
	bool first;

	mutex_lock(&j->lock);
	first = !j->err;
	if (first)
		j->err = err ? err : -EIO;
	mutex_unlock(&j->lock);
	wake_up_all(&j->wait);
	if (first)
		pr_err("%s: journal aborted (error %d)\n", j->name, err);
	/* jbd2_close records the error in the superblock (s_errno). */
}

int jbd2_errno(struct journal *j)
{
	int err;

	mutex_lock(&j->commit_mutex);
	err = j->fmt.err;
	mutex_unlock(&j->commit_mutex);
	return err;
}

int jbd2_clear_err(struct journal *j)
{
	int err = 0;

	mutex_lock(&j->commit_mutex);
	if (j->fmt.err) {
		j->fmt.err = 0;
		err = jbd2_write_sb(j);
	}
	mutex_unlock(&j->commit_mutex);
	return err;
}
