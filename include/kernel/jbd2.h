/*
 * jbd2: the journal of ext4 (kernel/fs/jbd2/), Linux's on-disk format
 * (journal superblock v2, descriptor, commit and revoke blocks, 64-bit
 * block numbers, checksums v2/v3), so that Debian's e2fsck and Linux
 * replay what Mica writes and Mica replays what they leave.
 *
 * A file system changes metadata only inside a handle:
 *
 *   h = jbd2_handle_start(j, credits);     // may wait for room; ERR_PTR
 *   jbd2_get_write_access(h, bh);          // before changing bh->data
 *   ... change bh->data ...
 *   jbd2_dirty_metadata(h, bh);            // instead of bcache_mark_dirty
 *   jbd2_revoke(h, blocknr);               // a freed metadata block
 *   jbd2_add_inode(h, ino);                // ordered mode: its data first
 *   jbd2_handle_stop(h);
 *
 * Handles join the running transaction; a commit thread commits it after
 * the commit interval (5 s), when the log runs short of room, or at
 * jbd2_commit_sync (fsync, sync). Ordered mode: before the commit record,
 * the dirty page-cache data of every inode added to the transaction is
 * written (filemap_write_range). Journaled buffers reach their home
 * location only after their transaction committed (checkpoint), never
 * through the buffer cache's own write-back.
 *
 * Mount and umount:
 *
 *   j = jbd2_open(bdev, bs, bmap, ctx, nr_blocks, name);
 *   if (jbd2_needs_recovery(j)) jbd2_recover(j);   // before reading metadata
 *   if (jbd2_errno(j)) { record the error; jbd2_clear_err(j); }
 *   jbd2_set_features(j, JBD2_FEATURE_INCOMPAT_64BIT | ..._CSUM_V3);
 *   jbd2_start(j);                                // read-write only
 *   ...
 *   jbd2_close(j);                                // every handle stopped
 *
 * The decoding of journal blocks is apart from I/O (<kernel/jbd2_format.h>,
 * jbd2_recovery_*), so the host tests and fuzzes it.
 */
#ifndef KERNEL_JBD2_H
#define KERNEL_JBD2_H

#include <mica/types.h>

struct journal;
struct jbd2_handle;
struct block_device;
struct buffer_head;
struct inode;

/* Where the journal lives: logical journal block -> block number on the
 * device (ext4's journal inode is an extent-mapped file); 0 if unmapped. */
typedef u64 (*jbd2_bmap_t)(void *ctx, u64 lblk);

/*
 * Open the journal of nr_blocks blocks of blocksize bytes on bdev. Reads
 * and checks its superblock: ERR_PTR(-EUCLEAN) when corrupt, -EOPNOTSUPP
 * for features Mica does not know (name says which device in messages).
 */
struct journal *jbd2_open(struct block_device *bdev, u32 blocksize, jbd2_bmap_t bmap,
			  void *ctx, u64 nr_blocks, const char *name);
/* Does the log hold transactions not yet checkpointed (needs replay)? */
bool jbd2_needs_recovery(struct journal *j);
/* Replay the log into the file system (at mount, before anything reads
 * metadata) and empty it: 0 or -errno. */
int jbd2_recover(struct journal *j);
/*
 * Add incompat features to the journal before jbd2_start (Linux's
 * jbd2_journal_set_features): ext4 asks for JBD2_FEATURE_INCOMPAT_64BIT on
 * a 64bit file system and JBD2_FEATURE_INCOMPAT_CSUM_V3 with metadata_csum
 * (<kernel/jbd2_format.h>). -EBUSY if the log still needs recovery,
 * -EOPNOTSUPP for others.
 */
int jbd2_set_features(struct journal *j, u32 incompat);
/*
 * Called by the commit thread once transaction tid's commit block is on
 * disk (before its checkpoint), with no journal lock held: what tid freed
 * may be reused now (ext4's pfree set). Set before jbd2_start; NULL: none.
 * Transactions that never commit (an abort) are never reported.
 */
typedef void (*jbd2_committed_t)(void *arg, u32 tid);
void jbd2_set_commit_callback(struct journal *j, jbd2_committed_t fn, void *arg);
/* Start logging: the commit thread. Call after jbd2_recover (-EUCLEAN if
 * the log still needs it). A journal never started (read-only mount) is
 * never written: handles get -EROFS. */
int jbd2_start(struct journal *j);
/* Commit and checkpoint everything, mark the log empty, stop the thread,
 * free j (umount). 0 or the first error. */
int jbd2_close(struct journal *j);

/* credits: the most buffers the handle will dirty (at most a quarter of
 * the log: else -ENOSPC). ERR_PTR(-EROFS) when the journal is aborted,
 * not started or closing. A task that already has a handle open on j gets
 * the same one back (each start needs its stop). */
struct jbd2_handle *jbd2_handle_start(struct journal *j, int credits);
int jbd2_get_write_access(struct jbd2_handle *h, struct buffer_head *bh);
/* A block the handle made anew (no need to read the old contents). */
int jbd2_get_create_access(struct jbd2_handle *h, struct buffer_head *bh);
int jbd2_dirty_metadata(struct jbd2_handle *h, struct buffer_head *bh);
/* blocknr (metadata) is freed: its older log copies are never replayed
 * and, if this transaction logged it, it is dropped from it. The file
 * system must not reuse the block until this transaction commits. */
int jbd2_revoke(struct jbd2_handle *h, u64 blocknr);
/* Ordered mode: the commit writes ino's dirty pages before its commit
 * block. The journal holds a reference on ino until then; its last
 * inode_put may come from the commit thread, whose handles (evict) never
 * wait for room. */
int jbd2_add_inode(struct jbd2_handle *h, struct inode *ino);
/* The id of the transaction the handle belongs to (what a commit callback
 * later reports). */
u32 jbd2_handle_tid(struct jbd2_handle *h);
/* End the handle: 0, or the journal's error (-EIO, -EROFS after an abort). */
int jbd2_handle_stop(struct jbd2_handle *h);
/* Commit the running transaction and wait until it is on disk, then flush
 * the device (so data written outside transactions is durable too). Never
 * call it with a handle open: the commit waits for every handle to end. */
int jbd2_commit_sync(struct journal *j);
/* An I/O error on the log: stop journaling; the file system goes read-only.
 * jbd2_close then records err in the journal superblock (s_errno) and
 * leaves the log for recovery. */
void jbd2_abort(struct journal *j, int err);
/*
 * The error an earlier abort recorded (s_errno; 0 if none), kept through
 * recovery. As Linux's ext4 does at mount, the file system records it as
 * its own error state and clears it (jbd2_clear_err) before jbd2_start,
 * which refuses a journal whose error is set (-EUCLEAN).
 */
int jbd2_errno(struct journal *j);
int jbd2_clear_err(struct journal *j);

#endif
