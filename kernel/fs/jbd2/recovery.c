/*
 * Replaying a jbd2 log, in Linux's three passes, apart from the I/O (the
 * caller's jbd2_log_io reads log blocks and writes home blocks), so that
 * the host tests and the fuzzer run it:
 *
 *   scan    from s_start / s_sequence, follow descriptor, revoke and
 *           commit blocks while each carries the next expected sequence;
 *           the log ends before the first transaction without a valid
 *           commit block;
 *   revoke  collect every revoke record with the newest transaction that
 *           revoked its block;
 *   replay  copy every logged block home, unless a transaction at or
 *           after its own revoked the block.
 *
 * Every pass stops after as many blocks as the log holds, so a log whose
 * sequence numbers loop cannot make it spin.
 */
#include <kernel/jbd2_format.h>
#include <core/kmalloc.h>
#include <lib/printf.h>
#include <lib/string.h>
#include <mica/errno.h>

#define REVOKE_BUCKETS 256

struct revoke_rec {
	struct revoke_rec *next;
	u64 blocknr;
	u32 seq;		/* newest transaction that revoked it */
};

struct jbd2_revoke_table {
	struct revoke_rec *bucket[REVOKE_BUCKETS];
};

static unsigned int revoke_hash(u64 blocknr)
{
	return (unsigned int)((blocknr * 0x9e3779b97f4a7c15ull) >> 56) % REVOKE_BUCKETS;
}

static int revoke_set(struct jbd2_revoke_table *t, u64 blocknr, u32 seq)
{
	struct revoke_rec **head = &t->bucket[revoke_hash(blocknr)];
	struct revoke_rec *r;

	for (r = *head; r; r = r->next) {
		if (r->blocknr == blocknr) {
			if (jbd2_tid_gt(seq, r->seq))
				r->seq = seq;
			return 0;
		}
	}
	r = kmalloc(sizeof(*r));
	if (!r)
		return -ENOMEM;
	r->blocknr = blocknr;
	r->seq = seq;
	r->next = *head;
	*head = r;
	return 0;
}

/* Was blocknr, logged in transaction seq, revoked by seq or a later one? */
static bool revoke_test(const struct jbd2_revoke_table *t, u64 blocknr, u32 seq)
{
	const struct revoke_rec *r;

	if (!t)
		return false;
	for (r = t->bucket[revoke_hash(blocknr)]; r; r = r->next)
		if (r->blocknr == blocknr)
			return !jbd2_tid_gt(seq, r->seq);
	return false;
}

void jbd2_recovery_free(struct jbd2_recovery *r)
{
	struct jbd2_revoke_table *t = r->revoked;

	if (!t)
		return;
	for (int i = 0; i < REVOKE_BUCKETS; i++) {
		while (t->bucket[i]) {
			struct revoke_rec *next = t->bucket[i]->next;

			kfree(t->bucket[i]);
			t->bucket[i] = next;
		}
	}
	kfree(t);
	r->revoked = NULL;
}

static u32 log_len(const struct jbd2_fmt *f)
{
	return f->maxlen - f->first;
}

static u32 wrap(const struct jbd2_fmt *f, u32 blk)
{
	return blk >= f->maxlen ? blk - log_len(f) : blk;
}

static int read_log(const struct jbd2_fmt *f, const struct jbd2_log_io *io, u32 blk, void *buf,
		    struct jbd2_recovery *r)
{
	int err = io->read(io->ctx, blk, buf);

	if (err)
		snprintf(r->why, JBD2_WHY, "cannot read journal block %u (%d)", blk, err);
	(void)f;
	return err;
}

static u32 header_type(const void *buf, u32 seq)
{
	const u8 *b = buf;

	if (jbd2_get_be32(b) != JBD2_MAGIC || jbd2_get_be32(b + 8) != seq)
		return 0;
	return jbd2_get_be32(b + 4);
}

int jbd2_recovery_scan(const struct jbd2_fmt *f, const struct jbd2_log_io *io, void *buf,
		       struct jbd2_recovery *r)
{
	u32 seq = f->sequence, blk = f->start, budget = log_len(f);
	bool bad_in_transaction = false;	/* a descriptor or revoke checksum failed */
	u64 last_commit_sec = 0;
	int err;

	memset(r, 0, sizeof(*r));
	r->start_seq = r->end_seq = seq;
	r->head = blk;
	if (!f->start)
		return 0;	/* the log is empty */
	for (;;) {
		if (!budget--) {
			snprintf(r->why, JBD2_WHY, "the log runs past its %u blocks", log_len(f));
			return -EUCLEAN;
		}
		err = read_log(f, io, blk, buf, r);
		if (err)
			return err;
		switch (header_type(buf, seq)) {
		case JBD2_DESCRIPTOR_BLOCK: {
			u32 n;

			if (!jbd2_tail_ok(f, buf))
				bad_in_transaction = true;	/* perhaps stale: decided at the commit */
			n = jbd2_desc_count(f, buf);
			if (n >= budget && bad_in_transaction)
				return 0;	/* a stale descriptor ends the log */
			if (n >= budget) {
				snprintf(r->why, JBD2_WHY,
					 "descriptor at journal block %u describes %u blocks", blk, n);
				return -EUCLEAN;
			}
			budget -= n;
			blk = wrap(f, blk + 1 + n);
			continue;
		}
		case JBD2_REVOKE_BLOCK:
			if (!jbd2_tail_ok(f, buf))
				bad_in_transaction = true;
			blk = wrap(f, blk + 1);
			continue;
		case JBD2_COMMIT_BLOCK: {
			u64 sec = jbd2_commit_sec(buf);

			if (!jbd2_commit_ok(f, buf))
				return 0;	/* torn or stale commit: the log ends before it */
			if (bad_in_transaction) {
				/* A valid commit no older than the last one: the
				 * transaction is ours and damaged (Linux's rule). */
				if (sec >= last_commit_sec) {
					snprintf(r->why, JBD2_WHY,
						 "bad checksum in transaction %u of the journal", seq);
					return -EUCLEAN;
				}
				return 0;
			}
			last_commit_sec = sec;
			blk = wrap(f, blk + 1);
			r->end_seq = ++seq;
			r->head = blk;
			continue;
		}
		default:
			return 0;	/* not the next transaction: the end of the log */
		}
	}
}

/* Pass 2's work on one revoke block (at log block blk) of transaction seq. */
static int collect_revokes(const struct jbd2_fmt *f, const void *buf, u32 seq, u32 blk,
			   struct jbd2_recovery *r)
{
	int n = jbd2_revoke_count(f, buf), err;

	if (n < 0) {
		snprintf(r->why, JBD2_WHY, "revoke block %u has a bad count", blk);
		return n;
	}
	for (int i = 0; i < n; i++) {
		err = revoke_set(r->revoked, jbd2_revoke_get(f, buf, i), seq);
		if (err)
			return err;
	}
	r->nr_revokes += n;
	return 0;
}

/* Copy the blocks described by descriptor desc (at log block *blk) home. */
static int replay_desc(const struct jbd2_fmt *f, const struct jbd2_log_io *io, const void *desc,
		       void *data, u32 seq, u32 *blk, struct jbd2_recovery *r)
{
	unsigned int pos = 0;
	struct jbd2_tag t;
	int first_err = 0, err;

	while (jbd2_desc_next(f, desc, &pos, &t)) {
		u32 at = *blk = wrap(f, *blk + 1);

		err = read_log(f, io, at, data, r);
		if (err) {
			first_err = first_err ? first_err : err;
			continue;
		}
		if (revoke_test(r->revoked, t.blocknr, seq)) {
			r->nr_revoked++;
			continue;
		}
		if (!jbd2_tag_ok(f, &t, data, seq)) {
			snprintf(r->why, JBD2_WHY,
				 "bad checksum of the copy of block %llu in journal block %u",
				 (unsigned long long)t.blocknr, at);
			first_err = first_err ? first_err : -EUCLEAN;
			continue;
		}
		if (t.blocknr >= io->fs_blocks) {
			snprintf(r->why, JBD2_WHY, "journal block %u is for block %llu, past the end",
				 at, (unsigned long long)t.blocknr);
			first_err = first_err ? first_err : -EUCLEAN;
			continue;
		}
		if (t.flags & JBD2_FLAG_ESCAPE)
			jbd2_put_be32(data, JBD2_MAGIC);
		err = io->write(io->ctx, t.blocknr, data);
		if (err) {
			snprintf(r->why, JBD2_WHY, "cannot write block %llu (%d)",
				 (unsigned long long)t.blocknr, err);
			first_err = first_err ? first_err : err;
			continue;
		}
		r->nr_blocks++;
	}
	return first_err;
}

/*
 * Passes 2 and 3 walk the transactions the scan found, [start_seq,
 * end_seq): pass 2 collects revoke blocks, pass 3 replays descriptors.
 * bufs: the block being walked, and (pass 3) one for data.
 */
static int walk(const struct jbd2_fmt *f, const struct jbd2_log_io *io, u8 *bufs, bool replay,
		struct jbd2_recovery *r)
{
	u8 *blkbuf = bufs, *data = bufs + f->blocksize;
	u32 seq = r->start_seq, blk = f->start;
	int first_err = 0, err;

	while (seq != r->end_seq) {
		err = read_log(f, io, blk, blkbuf, r);
		if (err)
			return err;
		switch (header_type(blkbuf, seq)) {
		case JBD2_DESCRIPTOR_BLOCK:
			if (replay) {
				err = replay_desc(f, io, blkbuf, data, seq, &blk, r);
				first_err = first_err ? first_err : err;
			} else {
				blk = wrap(f, blk + jbd2_desc_count(f, blkbuf));
			}
			break;
		case JBD2_REVOKE_BLOCK:
			if (!replay) {
				err = collect_revokes(f, blkbuf, seq, blk, r);
				if (err)
					return err;
			}
			break;
		case JBD2_COMMIT_BLOCK:
			seq++;
			break;
		default:
			snprintf(r->why, JBD2_WHY, "journal block %u changed between passes", blk);
			return -EIO;
		}
		blk = wrap(f, blk + 1);
	}
	return first_err;
}

int jbd2_recovery_revoke(const struct jbd2_fmt *f, const struct jbd2_log_io *io, void *buf,
			 struct jbd2_recovery *r)
{
	if (!f->start || !(f->incompat & JBD2_FEATURE_INCOMPAT_REVOKE) ||
	    r->start_seq == r->end_seq)
		return 0;
	r->revoked = kzalloc(sizeof(*r->revoked));
	if (!r->revoked)
		return -ENOMEM;
	return walk(f, io, buf, false, r);
}

int jbd2_recovery_replay(const struct jbd2_fmt *f, const struct jbd2_log_io *io, void *bufs,
			 struct jbd2_recovery *r)
{
	if (!f->start)
		return 0;
	return walk(f, io, bufs, true, r);
}

int jbd2_recovery_run(const struct jbd2_fmt *f, const struct jbd2_log_io *io, void *bufs,
		      struct jbd2_recovery *r)
{
	int err = jbd2_recovery_scan(f, io, bufs, r);

	if (!err)
		err = jbd2_recovery_revoke(f, io, bufs, r);
	if (!err)
		err = jbd2_recovery_replay(f, io, bufs, r);
	jbd2_recovery_free(r);
	return err;
}
