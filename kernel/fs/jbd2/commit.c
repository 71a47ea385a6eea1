/*
 * The commit thread: every JBD2_COMMIT_INTERVAL_NS, or when asked
 * (jbd2_commit_sync, a full transaction, jbd2_close), it commits the
 * running transaction:
 *
 *   1. lock it: new handles wait; wait for its handles to end;
 *   2. snapshot its buffers (struct jbd2_commit) and let a new
 *      transaction start;
 *   3. ordered mode: write the data of the inodes it names
 *      (filemap_write_range), so no committed metadata points at blocks
 *      whose data never reached the disk;
 *   4. write descriptor blocks with the copies (a copy that begins with
 *      the jbd2 magic is logged with it zeroed and the ESCAPE flag), and
 *      revoke blocks; flush;
 *   5. write the commit block; flush: the transaction is durable; tell
 *      the file system (j->committed: blocks it freed may be reused);
 *   6. checkpoint it (checkpoint.c).
 *
 * commit_mutex is held across 1-6.
 */
#include "jbd2_internal.h"
#include <core/panic.h>
#include <core/clock.h>
#include <core/kmalloc.h>
#include <core/printk.h>
#include <kernel/pagecache.h>
#include <kernel/vfs.h>
#include <lib/string.h>
#include <mica/err.h>
#include <mica/errno.h>

/*
 * Steps 1-2 (commit_mutex held, j->lock not): 1 with *c filled, 0 when
 * there is nothing to commit (force: commit even an empty transaction),
 * -ENOMEM after aborting the journal (the transaction stays running with
 * what was not copied; jbd2_close frees it).
 */
static int snapshot(struct journal *j, struct jbd2_commit *c, bool force)
{
	struct jbd2_transaction *t;
	struct jbd2_buf *jb, *tmp;
	unsigned int i = 0;
	int err = 0;

	mutex_lock(&j->lock);
	t = j->running;
	if (!t || j->err) {
		mutex_unlock(&j->lock);
		return 0;
	}
	if (!force && jbd2_transaction_empty(t)) {
		mutex_unlock(&j->lock);
		return 0;
	}
	t->state = T_LOCKED;
	while (t->updates) {
		mutex_unlock(&j->lock);
		wait_event(j->wait, READ_ONCE(t->updates) == 0);
		mutex_lock(&j->lock);
	}
	c->tid = t->tid;
	c->nr = t->nr_bufs;
	c->copies = t->nr_bufs ? kzalloc(t->nr_bufs * sizeof(*c->copies)) : NULL;
	if (t->nr_bufs && !c->copies)
		err = -ENOMEM;
	list_for_each_entry_safe(jb, tmp, &t->bufs, link) {
		struct jbd2_copy *cp;

		if (err)
			break;
		cp = &c->copies[i++];
		cp->blocknr = jb->bh->block;
		cp->data = kmalloc(j->bs);
		if (!cp->data) {
			err = -ENOMEM;
			break;
		}
		memcpy(cp->data, jb->bh->data, j->bs);
		/* The bcache reference passes to the copy; BH_JOURNALED stays
		 * until the checkpoint wrote it home. */
		cp->bh = jb->bh;
		jb->bh->journal = NULL;
		list_del(&jb->link);
		kfree(jb);
	}
	c->nr = i;
	if (err) {
		jbd2_commit_free(c);
		memset(c, 0, sizeof(*c));
		mutex_unlock(&j->lock);
		jbd2_abort(j, err);
		return err;
	}
	c->revokes = t->revokes;
	c->nr_revokes = t->nr_revokes;
	c->inodes = t->inodes;
	c->nr_inodes = t->nr_inodes;
	j->running = NULL;
	kfree(t);
	mutex_unlock(&j->lock);
	wake_up_all(&j->wait);	/* handles waiting for a new transaction */
	return 1;
}

/* Step 3. */
static void write_ordered_data(struct journal *j, struct jbd2_commit *c)
{
	for (unsigned int i = 0; i < c->nr_inodes; i++) {
		int err = filemap_write_range(c->inodes[i], 0, ~0ULL);

		/* The error stays with the file (fsync reports it); the metadata
		 * commits, as in Linux. */
		if (err)
			pr_warn("%s: ordered data of inode %llu not written: %d\n", j->name,
				(unsigned long long)c->inodes[i]->ino, err);
		inode_put(c->inodes[i]);
	}
	kfree(c->inodes);
	c->inodes = NULL;
	c->nr_inodes = 0;
}

static u32 log_next(struct journal *j, u32 b)
{
	return b + 1 >= j->fmt.maxlen ? j->fmt.first : b + 1;
}

/* Log blocks the transaction needs, commit block included. */
static u32 commit_size(struct journal *j, struct jbd2_commit *c)
{
	u32 dcap = jbd2_desc_capacity(&j->fmt), rcap = jbd2_revoke_capacity(&j->fmt);

	return c->nr + (c->nr + dcap - 1) / dcap + (c->nr_revokes + rcap - 1) / rcap + 1;
}

/* A block to write to the log: buffers we allocated are freed after. */
struct log_block {
	void *buf;
	bool owned;
};

/* Steps 4-5. */
static int write_log(struct journal *j, struct jbd2_commit *c)
{
	u32 need = commit_size(j, c), dcap = jbd2_desc_capacity(&j->fmt);
	u32 rcap = jbd2_revoke_capacity(&j->fmt);
	struct log_block *lb = kzalloc(need * sizeof(*lb));
	struct bio *bios = kmalloc(need * sizeof(*bios));
	u64 now = clock_realtime_ns();
	unsigned int n = 0, i, pos = 0, last = 0;
	struct jbd2_io io;
	u8 *desc = NULL;
	u32 blk;
	int err;

	if (!lb || !bios) {
		err = -ENOMEM;
		goto out;
	}
	err = jbd2_log_make_room(j, need, c->tid);
	if (err)
		goto out;
	/* Lay the transaction out: descriptors, each followed by its copies. */
	for (i = 0; i < c->nr; i++) {
		void *copy = c->copies[i].data;
		u32 flags = 0;

		if (jbd2_get_be32(copy) == JBD2_MAGIC) {
			void *esc = kmalloc(j->bs);

			if (!esc) {
				err = -ENOMEM;
				goto out;
			}
			memcpy(esc, copy, j->bs);
			flags = jbd2_escape(esc);
			copy = esc;
		}
		if (i % dcap == 0) {
			if (desc)
				jbd2_desc_finish(&j->fmt, desc, last);
			desc = kmalloc(j->bs);
			if (!desc) {
				if (flags)
					kfree(copy);
				err = -ENOMEM;
				goto out;
			}
			jbd2_desc_init(&j->fmt, desc, c->tid, &pos);
			lb[n++] = (struct log_block){ desc, true };
		}
		last = pos;
		if (WARN_ON_ONCE(!jbd2_desc_add(&j->fmt, desc, &pos, c->copies[i].blocknr, flags,
						copy, c->tid))) {
			err = -EIO;
			if (flags)
				kfree(copy);
			goto out;
		}
		lb[n++] = (struct log_block){ copy, flags != 0 };
	}
	if (desc)
		jbd2_desc_finish(&j->fmt, desc, last);
	for (i = 0; i < c->nr_revokes; i += rcap) {
		void *rb = kmalloc(j->bs);
		u32 cnt = c->nr_revokes - i < rcap ? c->nr_revokes - i : rcap;

		if (!rb) {
			err = -ENOMEM;
			goto out;
		}
		jbd2_revoke_build(&j->fmt, rb, c->tid, c->revokes + i, cnt);
		lb[n++] = (struct log_block){ rb, true };
	}

	jbd2_io_init(&io);
	blk = j->head;
	for (i = 0; i < n; i++, blk = log_next(j, blk)) {
		u64 sector = jbd2_log_sector(j, blk);

		if (!sector) {
			io.err = -EUCLEAN;
			break;
		}
		if (jbd2_io_write(&io, j->bdev, &bios[i], sector, lb[i].buf, j->bs))
			break;
	}
	err = jbd2_io_wait(&io);
	if (!err)
		err = block_flush(j->bdev);
	if (err && err != -EOPNOTSUPP)
		goto out;

	/* The commit block, alone, after everything it vouches for. */
	desc = kmalloc(j->bs);
	if (!desc) {
		err = -ENOMEM;
		goto out;
	}
	lb[n++] = (struct log_block){ desc, true };
	jbd2_commit_build(&j->fmt, desc, c->tid, now / 1000000000ull, now % 1000000000ull);
	err = jbd2_log_rw(j, BLK_OP_WRITE, blk, desc);
	if (!err)
		err = block_flush(j->bdev);
	if (err == -EOPNOTSUPP)
		err = 0;
	if (!err)
		j->head = log_next(j, blk);
out:
	for (i = 0; lb && i < n; i++)
		if (lb[i].owned)
			kfree(lb[i].buf);
	kfree(lb);
	kfree(bios);
	return err;
}

int jbd2_commit_running(struct journal *j, bool force)
{
	struct jbd2_commit c = { 0 };
	int err = snapshot(j, &c, force);

	if (err <= 0)
		return err;
	write_ordered_data(j, &c);
	err = write_log(j, &c);
	if (err) {
		pr_err("%s: commit of transaction %u failed: %d\n", j->name, c.tid, err);
		jbd2_commit_free(&c);
		jbd2_abort(j, err);
		return err;
	}
	mutex_lock(&j->lock);
	j->commit_done = c.tid;
	mutex_unlock(&j->lock);
	wake_up_all(&j->wait);	/* jbd2_commit_sync */
	if (j->committed)
		j->committed(j->committed_arg, c.tid);
	err = jbd2_checkpoint(j, &c);
	if (err)
		jbd2_abort(j, err);
	return err;
}

/* Is a commit asked for (or the end)? Read without j->lock: a hint. */
static bool commit_wanted(struct journal *j)
{
	return READ_ONCE(j->stopping) ||
	       jbd2_tid_gt(READ_ONCE(j->commit_request), READ_ONCE(j->commit_done));
}

void jbd2_commit_thread(void *arg)
{
	struct journal *j = arg;
	u64 wait_ns = JBD2_COMMIT_INTERVAL_NS;

	for (;;) {
		bool stopping, force;
		struct jbd2_transaction *t;
		u64 age;

		wait_event_timeout(j->wait, commit_wanted(j), wait_ns);
		wait_ns = JBD2_COMMIT_INTERVAL_NS;
		mutex_lock(&j->commit_mutex);
		mutex_lock(&j->lock);
		stopping = j->stopping;
		t = j->running;
		/* Asked for this transaction, or it is old enough. */
		force = t && (stopping || !jbd2_tid_gt(t->tid, j->commit_request));
		age = t ? clock_ns() - t->start_ns : 0;
		if (t && !force && age < JBD2_COMMIT_INTERVAL_NS) {
			wait_ns = JBD2_COMMIT_INTERVAL_NS - age;	/* its turn comes then */
			t = NULL;
		}
		if (!t && jbd2_tid_gt(j->commit_request, j->commit_done))
			j->commit_done = j->commit_request;	/* nothing left to commit */
		mutex_unlock(&j->lock);
		if (t)
			jbd2_commit_running(j, force);
		mutex_unlock(&j->commit_mutex);
		wake_up_all(&j->wait);
		if (stopping) {
			mutex_lock(&j->lock);
			t = j->running;
			mutex_unlock(&j->lock);
			if (!t || READ_ONCE(j->err))
				break;
		}
	}
}
