/*
 * Handles and the running transaction. A handle reserves credits (the
 * buffers it may add); it joins the running transaction, or starts one,
 * and waits while that transaction is being locked for its commit or has
 * no room left (it asks for the commit then). A task that starts a handle
 * while it holds one on the same journal gets the same handle back
 * (Linux's nesting through current->journal_info).
 *
 * All state here is under j->lock ("[L]" in jbd2_internal.h).
 */
#include "jbd2_internal.h"
#include <core/panic.h>
#include <core/clock.h>
#include <core/cpu.h>
#include <core/kmalloc.h>
#include <core/printk.h>
#include <kernel/vfs.h>
#include <lib/string.h>
#include <mica/err.h>
#include <mica/errno.h>

bool jbd2_transaction_empty(const struct jbd2_transaction *t)
{
	return !t->nr_bufs && !t->nr_revokes && !t->nr_inodes;
}

/* Give the buffer back to the buffer cache (j->lock held). */
static void jbuf_drop(struct jbd2_buf *jb)
{
	struct buffer_head *bh = jb->bh;

	list_del(&jb->link);
	bh->journal = NULL;
	bcache_set_journaled(bh, false);
	bcache_release(bh);
	kfree(jb);
}

/* Free a transaction that will never commit (abort, close). */
void jbd2_transaction_free(struct jbd2_transaction *t)
{
	struct jbd2_buf *jb, *tmp;

	list_for_each_entry_safe(jb, tmp, &t->bufs, link)
		jbuf_drop(jb);
	for (unsigned int i = 0; i < t->nr_inodes; i++)
		inode_put(t->inodes[i]);
	kfree(t->inodes);
	kfree(t->revokes);
	kfree(t);
}

/* Make room for one more element in *arr (nr used of *cap): 0 or -ENOMEM. */
static int grow(void **arr, unsigned int *cap, unsigned int nr, size_t elem)
{
	unsigned int n = *cap ? 2 * *cap : 16;
	void *a;

	if (nr < *cap)
		return 0;
	a = kmalloc(n * elem);
	if (!a)
		return -ENOMEM;
	if (nr)
		memcpy(a, *arr, nr * elem);
	kfree(*arr);
	*arr = a;
	*cap = n;
	return 0;
}

static struct jbd2_transaction *transaction_new(struct journal *j)
{
	struct jbd2_transaction *t = kzalloc(sizeof(*t));

	if (!t)
		return NULL;
	t->tid = j->next_tid++;
	t->state = T_RUNNING;
	INIT_LIST_HEAD(&t->bufs);
	t->start_ns = clock_ns();
	return t;
}

static struct jbd2_handle *current_handle(struct journal *j)
{
	struct jbd2_handle *h;

	list_for_each_entry(h, &j->handles, link)
		if (h->owner == current)
			return h;
	return NULL;
}

/* Ask the commit thread to commit t (j->lock held). */
static void request_commit(struct journal *j, u32 tid)
{
	if (jbd2_tid_gt(tid, j->commit_request))
		j->commit_request = tid;
	wake_up_all(&j->wait);
}

struct jbd2_handle *jbd2_handle_start(struct journal *j, int credits)
{
	struct jbd2_handle *h;
	struct jbd2_transaction *t;
	bool committer;

	if (credits <= 0 || (u32)credits > j->max_bufs) {
		pr_warn("%s: a handle wants %d credits (at most %u)\n", j->name, credits,
			j->max_bufs);
		return ERR_PTR(-ENOSPC);
	}
	mutex_lock(&j->lock);
	h = current_handle(j);
	if (h) {
		h->nest++;
		h->credits += credits;
		h->t->credits += credits;
		mutex_unlock(&j->lock);
		return h;
	}
	/*
	 * The commit thread itself may start a handle: its inode_put of an
	 * ordered inode can be the last one, and the file system's evict
	 * then frees blocks. It never waits (it alone would end the wait): it
	 * joins the running transaction even when that is full or closing.
	 */
	committer = current == j->thread;
	for (;;) {
		if (j->err || !j->started || (j->stopping && !committer)) {
			mutex_unlock(&j->lock);
			return ERR_PTR(-EROFS);
		}
		t = j->running;
		if (!t) {
			t = transaction_new(j);
			if (!t) {
				mutex_unlock(&j->lock);
				return ERR_PTR(-ENOMEM);
			}
			j->running = t;
		}
		if (t->state == T_RUNNING &&
		    ((u32)(t->credits + credits) <= j->max_bufs || committer ||
		     (!t->updates && jbd2_transaction_empty(t))))
			break;
		/* Being committed, or full: wait for the next transaction. */
		if (t->state == T_RUNNING)
			request_commit(j, t->tid);
		mutex_unlock(&j->lock);
		wait_event(j->wait, READ_ONCE(j->running) != t || READ_ONCE(j->err));
		mutex_lock(&j->lock);
	}
	h = kzalloc(sizeof(*h));
	if (!h) {
		mutex_unlock(&j->lock);
		return ERR_PTR(-ENOMEM);
	}
	h->j = j;
	h->t = t;
	h->owner = current;
	h->credits = credits;
	t->updates++;
	t->credits += credits;
	list_add(&h->link, &j->handles);
	mutex_unlock(&j->lock);
	return h;
}

u32 jbd2_handle_tid(struct jbd2_handle *h)
{
	/* h->t stays the handle's transaction until the handle stops. */
	return h->t->tid;
}

int jbd2_handle_stop(struct jbd2_handle *h)
{
	struct journal *j = h->j;
	struct jbd2_transaction *t = h->t;
	int err;

	mutex_lock(&j->lock);
	err = j->err;
	if (h->nest) {
		h->nest--;
		mutex_unlock(&j->lock);
		return err;
	}
	list_del(&h->link);
	/* Credits not used go back: the transaction may take more handles. */
	if (h->used < h->credits)
		t->credits -= h->credits - h->used;
	if (!--t->updates)
		wake_up_all(&j->wait);
	mutex_unlock(&j->lock);
	kfree(h);
	return err;
}

static int handle_check(struct jbd2_handle *h)
{
	int err = READ_ONCE(h->j->err);

	return err ? -EROFS : 0;
}

int jbd2_get_write_access(struct jbd2_handle *h, struct buffer_head *bh)
{
	/*
	 * Nothing to freeze: the commit snapshots a transaction's buffers only
	 * once its handles have ended, and handles of the next transaction
	 * wait until the snapshot is taken. So a buffer may be changed at once.
	 */
	if (WARN_ON_ONCE(bh->size != h->j->bs))
		return -EINVAL;
	return handle_check(h);
}

int jbd2_get_create_access(struct jbd2_handle *h, struct buffer_head *bh)
{
	return jbd2_get_write_access(h, bh);
}

int jbd2_dirty_metadata(struct jbd2_handle *h, struct buffer_head *bh)
{
	struct journal *j = h->j;
	struct jbd2_transaction *t = h->t;
	struct jbd2_buf *jb;
	int err;

	if (WARN_ON_ONCE(bh->size != j->bs || bh->bdev != j->bdev))
		return -EINVAL;
	if (!j->fmt.has64 && bh->block >> 32)
		return -EFBIG;	/* a 32-bit journal cannot name it */
	jb = kzalloc(sizeof(*jb));
	mutex_lock(&j->lock);
	err = j->err ? -EROFS : 0;
	if (!err && !bh->journal) {
		if (!jb) {
			err = -ENOMEM;
		} else if (h->used >= h->credits) {
			pr_warn("%s: a handle dirtied more buffers than its %d credits\n",
				j->name, h->credits);
			err = -ENOSPC;
		} else {
			jb->bh = bh;
			bcache_hold(bh);
			bcache_set_journaled(bh, true);
			bh->journal = jb;
			list_add_tail(&jb->link, &t->bufs);
			t->nr_bufs++;
			h->used++;
			jb = NULL;
		}
	}
	mutex_unlock(&j->lock);
	kfree(jb);
	return err;
}

int jbd2_revoke(struct jbd2_handle *h, u64 blocknr)
{
	struct journal *j = h->j;
	struct jbd2_transaction *t = h->t;
	struct buffer_head *bh;
	int err;

	bh = bcache_get(j->bdev, blocknr, j->bs);
	if (IS_ERR(bh))
		return PTR_ERR(bh);
	mutex_lock(&j->lock);
	err = j->err ? -EROFS : 0;
	if (!err)
		err = grow((void **)&t->revokes, &t->cap_revokes, t->nr_revokes, sizeof(u64));
	if (!err) {
		t->revokes[t->nr_revokes++] = blocknr;
		/* Logged in this very transaction: it is not logged after all
		 * (Linux's jbd2_journal_forget), nor written home. */
		if (bh->journal) {
			jbuf_drop(bh->journal);
			t->nr_bufs--;
		}
	}
	mutex_unlock(&j->lock);
	bcache_release(bh);
	return err;
}

int jbd2_add_inode(struct jbd2_handle *h, struct inode *ino)
{
	struct journal *j = h->j;
	struct jbd2_transaction *t = h->t;
	int err;

	mutex_lock(&j->lock);
	err = j->err ? -EROFS : 0;
	/* The same inode again and again (a writer's every block): once. */
	for (unsigned int i = t->nr_inodes; i-- > 0 && i + 8 >= t->nr_inodes;)
		if (t->inodes[i] == ino)
			goto out;
	if (!err)
		err = grow((void **)&t->inodes, &t->cap_inodes, t->nr_inodes, sizeof(*t->inodes));
	if (!err) {
		inode_get(ino);
		t->inodes[t->nr_inodes++] = ino;
	}
out:
	mutex_unlock(&j->lock);
	return err;
}

int jbd2_commit_sync(struct journal *j)
{
	bool committing;
	u32 target;
	int err;

	mutex_lock(&j->lock);
	if (j->err || !j->started) {
		err = j->err ? j->err : -EROFS;
		mutex_unlock(&j->lock);
		return err;
	}
	committing = j->running && !jbd2_transaction_empty(j->running);
	if (committing) {
		target = j->running->tid;
		request_commit(j, target);
	} else {
		/* Nothing new: wait for what is being committed, if anything. */
		target = j->running ? j->running->tid - 1 : j->next_tid - 1;
	}
	mutex_unlock(&j->lock);
	wait_event(j->wait, !jbd2_tid_gt(target, READ_ONCE(j->commit_done)) || READ_ONCE(j->err));
	err = READ_ONCE(j->err);
	if (!err && !committing) {
		/* No commit block flushed the device for us: data written
		 * outside any transaction (fsync of overwritten blocks) must be
		 * durable too. */
		err = block_flush(j->bdev);
		if (err == -EOPNOTSUPP)
			err = 0;
	}
	return err;
}
