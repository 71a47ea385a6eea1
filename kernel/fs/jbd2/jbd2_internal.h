/*
 * The journal's state, shared by the files of kernel/fs/jbd2/:
 *   journal.c     open, start, close, abort; the superblock and log I/O
 *   replay.c      jbd2_recover: recovery.c's passes on the device
 *   transaction.c handles and the running transaction
 *   commit.c      the commit thread
 *   checkpoint.c  writing committed blocks home, advancing the log tail
 *
 * How a change travels. A handle joins the running transaction; the
 * buffers it dirties (jbd2_dirty_metadata) get a struct jbd2_buf and
 * BH_JOURNALED, so the buffer cache never writes them. To commit, the
 * commit thread locks the transaction (new handles wait), waits for its
 * handles to end, and snapshots every buffer's contents into a struct
 * jbd2_commit: from then on the buffers are free to change again in the
 * next transaction. It writes the ordered inodes' data, then descriptor
 * and revoke blocks with the copies, flushes, writes the commit block and
 * flushes again: the transaction is durable (jbd2_commit_sync returns).
 * The checkpoint then writes the same snapshots home, flushes, and drops
 * the buffers; the log space is free once the superblock's tail moves past
 * it, which happens lazily, before the log would overwrite it.
 *
 * Lock order: j->commit_mutex (the commit thread, jbd2_close) ->
 * j->lock (a mutex: everything marked [L]) -> bcache, block I/O.
 * Page-cache write-back of ordered inodes runs with no journal lock held.
 */
#ifndef JBD2_INTERNAL_H
#define JBD2_INTERNAL_H

#include <core/wait.h>
#include <kernel/bcache.h>
#include <kernel/jbd2.h>
#include <kernel/jbd2_format.h>
#include <lib/list.h>

#define JBD2_COMMIT_INTERVAL_NS (5ull * 1000000000ull)

enum jbd2_tstate {
	T_RUNNING,	/* handles join it */
	T_LOCKED,	/* commit waits for its handles to end; new ones wait */
};

/* A buffer in the running transaction; bh->journal points to it. */
struct jbd2_buf {
	struct buffer_head *bh;		/* holds a bcache reference */
	struct list_head link;		/* [L] on t->bufs */
};

/* Lock legend: [L] j->lock. */
struct jbd2_transaction {
	u32 tid;			/* [I] */
	enum jbd2_tstate state;		/* [L] */
	int updates;			/* [L] open handles */
	int credits;			/* [L] buffers its handles may still add */
	unsigned int nr_bufs;		/* [L] */
	struct list_head bufs;		/* [L] struct jbd2_buf */
	u64 *revokes;			/* [L] revoked block numbers */
	unsigned int nr_revokes, cap_revokes;	/* [L] */
	struct inode **inodes;		/* [L] ordered data, each referenced */
	unsigned int nr_inodes, cap_inodes;	/* [L] */
	u64 start_ns;			/* [I] when it began */
};

/* One block of a committing transaction: where it goes and its contents. */
struct jbd2_copy {
	u64 blocknr;
	struct buffer_head *bh;		/* referenced until checkpointed */
	void *data;			/* the snapshot, blocksize bytes */
};

/* A transaction after its snapshot: the commit thread's alone. */
struct jbd2_commit {
	u32 tid;
	unsigned int nr;
	struct jbd2_copy *copies;
	u64 *revokes;
	unsigned int nr_revokes;
	struct inode **inodes;
	unsigned int nr_inodes;
};

/* Lock legend: [I] immutable after open; [L] j->lock; [C] commit_mutex. */
struct journal {
	struct block_device *bdev;	/* [I] holds a reference */
	u32 bs;				/* [I] */
	jbd2_bmap_t bmap;		/* [I] */
	void *ctx;			/* [I] */
	u64 nr_blocks;			/* [I] */
	char name[32];			/* [I] for messages */
	u32 max_bufs;			/* [I] buffers in one transaction, at most */
	jbd2_committed_t committed;	/* [I] set before jbd2_start */
	void *committed_arg;		/* [I] */

	struct mutex commit_mutex;	/* the log, the superblock's writes */
	struct jbd2_fmt fmt;		/* [C] as on disk (fmt.start, fmt.sequence) */
	void *sb;			/* [C] the superblock block */
	u32 head;			/* [C] the next log block to write */

	struct mutex lock;
	struct wait_queue wait;		/* any change of the [L] state below */
	struct jbd2_transaction *running;	/* [L] */
	u32 next_tid;			/* [L] the id the next transaction gets */
	u32 commit_request;		/* [L] commit up to this tid */
	u32 commit_done;		/* [L] transactions up to this one are durable */
	struct list_head handles;	/* [L] open handles (for nesting) */
	int err;			/* [L] abort: every later call fails */
	bool started;			/* [L] logging (the thread runs) */
	bool stopping;			/* [L] jbd2_close */
	struct task *thread;		/* [L] */
};

struct jbd2_handle {
	struct journal *j;
	struct jbd2_transaction *t;
	struct task *owner;
	int credits;			/* buffers it may add to t */
	int used;
	int nest;			/* nested jbd2_handle_start calls */
	struct list_head link;		/* [L] j->handles */
};

/* journal.c */
int jbd2_log_rw(struct journal *j, enum blk_op op, u32 jblock, void *buf);
int jbd2_write_sb(struct journal *j);
/* Sector of journal block jblock on the device; 0 and a message if it is
 * not mapped or past the device. */
u64 jbd2_log_sector(struct journal *j, u32 jblock);

/* A batch of bios waited for together. */
struct jbd2_io {
	atomic_t pending;
	int err;
	struct completion done;
};
void jbd2_io_init(struct jbd2_io *io);
/* Submit a write of buf (blocksize bytes) to sector; the bio comes from
 * the caller's array. */
int jbd2_io_write(struct jbd2_io *io, struct block_device *bdev, struct bio *bio, u64 sector,
		  void *buf, u32 len);
int jbd2_io_wait(struct jbd2_io *io);

/* transaction.c */
void jbd2_transaction_free(struct jbd2_transaction *t);
bool jbd2_transaction_empty(const struct jbd2_transaction *t);

/* commit.c */
void jbd2_commit_thread(void *arg);
/* Commit the running transaction now if it holds anything (commit_mutex
 * held): 0 or -errno (the journal is aborted then). */
int jbd2_commit_running(struct journal *j, bool force);

/* checkpoint.c */
int jbd2_checkpoint(struct journal *j, struct jbd2_commit *c);
void jbd2_commit_free(struct jbd2_commit *c);
/* Make room for a transaction of need log blocks (commit_mutex held). */
int jbd2_log_make_room(struct journal *j, u32 need, u32 tid);
/* Blocks free in the log between head and the tail on disk. */
u32 jbd2_log_free(struct journal *j);

#endif
