/*
 * Self tests of the journal (kernel/fs/jbd2) on the ext4 image that
 * tools/mkdisk-ktest.sh attaches as vdc (4 KiB blocks, metadata_csum, so
 * a checksum v3 journal). The tests find the journal through the ext4
 * superblock's copy of the journal inode's extents (s_jnl_blocks) and log
 * blocks JBD2_HOME.. (free in that image: their contents do not matter to
 * e2fsck). tools/check-ktest-jbd2.sh then checks on the host that
 * e2fsck -fn finds the image clean and that the blocks hold what the tests
 * last committed. Every run leaves the same state, so runs may repeat.
 */
#include <kernel/bcache.h>
#include <kernel/block.h>
#include <kernel/jbd2.h>
#include <kernel/jbd2_format.h>
#include <kernel/ktest.h>
#include <kernel/sched.h>
#include <core/kmalloc.h>
#include <core/mm.h>
#include <core/ipi.h>
#include <lib/string.h>
#include <mica/err.h>
#include <mica/errno.h>

#define BS 4096
#define JBD2_HOME 3500		/* keep in step with tools/check-ktest-jbd2.sh */
#define STRESS_HOME (JBD2_HOME + 16)
#define STRESS_THREADS 4
#define STRESS_BLOCKS 8		/* per thread */
#define STRESS_ROUNDS 40
#define WRAP_HOME (STRESS_HOME + STRESS_THREADS * STRESS_BLOCKS)
#define WRAP_BLOCKS 8
#define WRAP_ROUNDS 150
#define GEN_FINAL 0xff

struct jmap {
	u32 nr;
	struct { u32 lblk, len; u64 pblk; } ext[4];
};

static u64 jmap_bmap(void *ctx, u64 lblk)
{
	struct jmap *m = ctx;

	for (u32 i = 0; i < m->nr; i++)
		if (lblk >= m->ext[i].lblk && lblk < (u64)m->ext[i].lblk + m->ext[i].len)
			return m->ext[i].pblk + (lblk - m->ext[i].lblk);
	return 0;
}

static u32 le32(const u8 *p) { return p[0] | p[1] << 8 | p[2] << 16 | (u32)p[3] << 24; }
static u16 le16(const u8 *p) { return (u16)(p[0] | p[1] << 8); }

/* The disk and its journal, or NULL after saying why the test is skipped. */
static struct block_device *find_journal_on(const char *name, struct jmap *m, u64 *jblocks)
{
	struct block_device *vdc = block_device_find(name);
	u8 *sb = kmalloc(1024);
	const u8 *ib;

	if (!vdc || !sb || block_rw(vdc, BLK_OP_READ, 2, sb, 1024) || le16(sb + 0x38) != 0xef53 ||
	    le32(sb + 0x18) != 2) {
		ktest_skip("no ext4 image with 4 KiB blocks on %s (make test attaches one)", name);
		goto fail;
	}
	ib = sb + 0x10c;	/* s_jnl_blocks: the journal inode's i_block */
	if (le16(ib) != 0xf30a || le16(ib + 6) != 0 || le16(ib + 2) > 4) {
		ktest_skip("%s: the journal's extent tree is not a single leaf", name);
		goto fail;
	}
	m->nr = le16(ib + 2);
	*jblocks = 0;
	for (u32 i = 0; i < m->nr; i++) {
		const u8 *e = ib + 12 + 12 * i;

		m->ext[i].lblk = le32(e);
		m->ext[i].len = le16(e + 4);
		m->ext[i].pblk = (u64)le16(e + 6) << 32 | le32(e + 8);
		*jblocks += m->ext[i].len;
	}
	kfree(sb);
	return vdc;
fail:
	kfree(sb);
	if (vdc)
		block_device_put(vdc);
	return NULL;
}

static struct block_device *find_journal(struct jmap *m, u64 *jblocks)
{
	return find_journal_on("vdc", m, jblocks);
}

static void pattern(u64 *w, u64 blk, u32 gen)
{
	for (u32 i = 0; i < BS / 8; i++)
		w[i] = blk << 32 | (u64)gen << 16 | i;
}

/* Log gen's pattern into blocks [first, first + n) in one handle. */
static int log_blocks(struct journal *j, struct block_device *bdev, u64 first, u32 n, u32 gen,
		      bool magic)
{
	struct jbd2_handle *h = jbd2_handle_start(j, n);
	int err = 0;

	if (IS_ERR(h))
		return PTR_ERR(h);
	for (u32 i = 0; i < n && !err; i++) {
		struct buffer_head *bh = bcache_get(bdev, first + i, BS);

		if (IS_ERR(bh)) {
			err = PTR_ERR(bh);
			break;
		}
		err = jbd2_get_create_access(h, bh);
		if (!err) {
			pattern(bh->data, first + i, gen);
			if (magic)
				jbd2_put_be32(bh->data, JBD2_MAGIC);
			err = jbd2_dirty_metadata(h, bh);
		}
		bcache_release(bh);
	}
	return jbd2_handle_stop(h) ?: err;
}

/* Does block blk on the disk (not the cache) hold gen's pattern (0: zeros)? */
static bool disk_is(struct block_device *bdev, u64 blk, u32 gen, bool magic)
{
	u64 *got = kmalloc(BS), *want = kzalloc(BS);
	bool ok = got && want && !block_rw(bdev, BLK_OP_READ, blk * (BS / 512), got, BS);

	if (ok && gen) {
		pattern(want, blk, gen);
		if (magic)
			jbd2_put_be32(want, JBD2_MAGIC);
	}
	ok = ok && !memcmp(got, want, BS);
	kfree(got);
	kfree(want);
	return ok;
}

static void drain_cpu(void *arg)
{
	(void)arg;
	frame_drain_this_cpu();
}

static struct journal *open_started(struct block_device *vdc, struct jmap *m, u64 jblocks)
{
	struct journal *j = jbd2_open(vdc, BS, jmap_bmap, m, jblocks, vdc->name);

	if (IS_ERR(j))
		return j;
	if (jbd2_needs_recovery(j) && jbd2_recover(j))
		goto fail;
	if (jbd2_clear_err(j))
		goto fail;
	if (jbd2_set_features(j, JBD2_FEATURE_INCOMPAT_64BIT | JBD2_FEATURE_INCOMPAT_CSUM_V3) ||
	    jbd2_start(j))
		goto fail;
	return j;
fail:
	jbd2_abort(j, -EIO);
	jbd2_close(j);
	return ERR_PTR(-EIO);
}

/* vdc with its journal started, the usual start of a test: NULL after a
 * skip message when there is no such disk (*vdc NULL then). */
static struct journal *start_vdc(struct block_device **vdc, struct jmap *m, u64 *jblocks)
{
	*vdc = find_journal(m, jblocks);
	return *vdc ? open_started(*vdc, m, *jblocks) : NULL;
}

/* What commit_and_crash commits last: gen of block JBD2_HOME + i (8: it
 * starts with the jbd2 magic; 9: revoked). */
static const u8 last_gen[10] = { 1, 1, 1, 1, 2, 2, 2, 2, 2, 0 };

static int home_blocks_ok(struct block_device *bdev)
{
	for (u32 i = 0; i < 10; i++)
		if (!disk_is(bdev, JBD2_HOME + i, last_gen[i], i == 8))
			return -1;
	return 0;
}

/*
 * On a started journal: commit two transactions (the later copy of a
 * block wins, a block starting with the magic is escaped, one block is
 * revoked), stop as at a crash (abort: the log stays) and wipe the home
 * blocks, so that only a replay brings them back.
 */
static int commit_and_crash(struct journal *j, struct block_device *bdev)
{
	struct jbd2_handle *h;
	u8 *zero;

	KT_ASSERT_EQ(log_blocks(j, bdev, JBD2_HOME, 8, 1, false), 0);
	KT_ASSERT_EQ(log_blocks(j, bdev, JBD2_HOME + 9, 1, 1, false), 0);
	KT_ASSERT_EQ(jbd2_commit_sync(j), 0);
	KT_ASSERT_EQ(log_blocks(j, bdev, JBD2_HOME + 4, 4, 2, false), 0);
	KT_ASSERT_EQ(log_blocks(j, bdev, JBD2_HOME + 8, 1, 2, true), 0);
	h = jbd2_handle_start(j, 1);
	KT_ASSERT(!IS_ERR(h));
	KT_ASSERT_EQ(jbd2_revoke(h, JBD2_HOME + 9), 0);
	KT_ASSERT_EQ(jbd2_handle_stop(h), 0);
	KT_ASSERT_EQ(jbd2_commit_sync(j), 0);
	jbd2_abort(j, -EIO);
	h = jbd2_handle_start(j, 1);
	KT_ASSERT_EQ(PTR_ERR(h), -EROFS);
	KT_ASSERT_EQ(jbd2_close(j), -EIO);
	zero = kzalloc(10 * BS);
	KT_ASSERT(zero);
	KT_ASSERT_EQ(block_rw(bdev, BLK_OP_WRITE, JBD2_HOME * (BS / 512), zero, 10 * BS), 0);
	kfree(zero);
	KT_ASSERT_EQ(block_flush(bdev), 0);
	KT_ASSERT_EQ(bcache_invalidate(bdev), 0);
	return 0;
}

/* Lose the home writes of two committed transactions; get them back by
 * replay; the abort's error survives it until cleared. */
KTEST(jbd2_commit_crash_replay)
{
	struct jmap m;
	u64 jblocks;
	struct block_device *vdc;
	struct journal *j = start_vdc(&vdc, &m, &jblocks);

	if (!vdc)
		return KTEST_SKIP;
	KT_ASSERT(!IS_ERR(j));
	KT_ASSERT_EQ(commit_and_crash(j, vdc), 0);

	j = jbd2_open(vdc, BS, jmap_bmap, &m, jblocks, "vdc");
	KT_ASSERT(!IS_ERR(j));
	KT_ASSERT(jbd2_needs_recovery(j));
	KT_ASSERT_EQ(jbd2_start(j), -EUCLEAN);
	KT_ASSERT_EQ(jbd2_recover(j), 0);
	KT_ASSERT(!jbd2_needs_recovery(j));
	KT_ASSERT_EQ(jbd2_errno(j), -EIO);	/* recorded by the abort, kept */
	KT_ASSERT_EQ(jbd2_clear_err(j), 0);
	KT_ASSERT_EQ(home_blocks_ok(vdc), 0);
	KT_ASSERT_EQ(jbd2_close(j), 0);
	KT_ASSERT_EQ(bcache_invalidate(vdc), 0);	/* the cached blocks are not a leak */
	block_device_put(vdc);
	return 0;
}

struct stress {
	struct journal *j;
	struct block_device *bdev;
	u32 id;
	int err;
};

static void stress_thread(void *arg)
{
	struct stress *s = arg;
	u64 seed = 0x9e3779b97f4a7c15ull * (s->id + 1), first = STRESS_HOME + s->id * STRESS_BLOCKS;

	for (u32 r = 1; r <= STRESS_ROUNDS && !s->err; r++) {
		u32 at = ktest_rand(&seed) % STRESS_BLOCKS, n = 1 + ktest_rand(&seed) % 3;

		if (at + n > STRESS_BLOCKS)
			n = STRESS_BLOCKS - at;
		s->err = log_blocks(s->j, s->bdev, first + at, n, r, false);
		if (!s->err && r % 5 == 0)
			s->err = jbd2_commit_sync(s->j);
	}
	if (!s->err)
		s->err = log_blocks(s->j, s->bdev, first, STRESS_BLOCKS, GEN_FINAL, false);
}

/*
 * Handles from several threads at once, commits they ask for and ones
 * the interval makes, then enough transactions that the log wraps around
 * several times (the superblock's tail must move before blocks are
 * reused). After the clean close, every block holds its last commit.
 */
KTEST(jbd2_threads_and_wrap)
{
	struct stress s[STRESS_THREADS];
	struct task *t[STRESS_THREADS];
	struct jmap m;
	u64 jblocks;
	struct block_device *vdc;
	struct journal *j = start_vdc(&vdc, &m, &jblocks);

	if (!vdc)
		return KTEST_SKIP;
	KT_ASSERT(!IS_ERR(j));
	for (u32 i = 0; i < STRESS_THREADS; i++) {
		s[i] = (struct stress){ j, vdc, i, 0 };
		t[i] = kthread_run("jbd2-stress", stress_thread, &s[i]);
		KT_ASSERT(!IS_ERR(t[i]));
	}
	for (u32 i = 0; i < STRESS_THREADS; i++) {
		task_join(t[i]);
		KT_ASSERT_EQ(s[i].err, 0);
	}
	/* 10 log blocks a commit: WRAP_ROUNDS commits go round the log. */
	for (u32 r = 1; r <= WRAP_ROUNDS; r++) {
		KT_ASSERT_EQ(log_blocks(j, vdc, WRAP_HOME, WRAP_BLOCKS,
					r == WRAP_ROUNDS ? GEN_FINAL : r, false), 0);
		KT_ASSERT_EQ(jbd2_commit_sync(j), 0);
	}
	KT_ASSERT_EQ(jbd2_close(j), 0);
	/* Frames freed on other harts go back where later tests count them. */
	smp_call_on_all(drain_cpu, NULL);
	for (u32 b = 0; b < STRESS_THREADS * STRESS_BLOCKS; b++)
		KT_ASSERT(disk_is(vdc, STRESS_HOME + b, GEN_FINAL, false));
	for (u32 b = 0; b < WRAP_BLOCKS; b++)
		KT_ASSERT(disk_is(vdc, WRAP_HOME + b, GEN_FINAL, false));
	KT_ASSERT_EQ(bcache_invalidate(vdc), 0);
	block_device_put(vdc);
	return 0;
}

/*
 * Leave a log for Debian's e2fsck (vdd): commit two transactions, stop as
 * at a crash and wipe their home blocks; tools/check-ktest-jbd2.sh then
 * replays the log with e2fsck and compares. The next run finds the same
 * log and replays it itself first.
 */
KTEST(jbd2_log_for_e2fsck)
{
	struct jmap m;
	u64 jblocks;
	struct block_device *vdd = find_journal_on("vdd", &m, &jblocks);
	struct journal *j;
	bool replayed;

	if (!vdd)
		return KTEST_SKIP;
	j = jbd2_open(vdd, BS, jmap_bmap, &m, jblocks, "vdd");
	KT_ASSERT(!IS_ERR(j));
	replayed = jbd2_needs_recovery(j);
	KT_ASSERT_EQ(jbd2_close(j), 0);
	j = open_started(vdd, &m, jblocks);
	KT_ASSERT(!IS_ERR(j));
	if (replayed)
		KT_ASSERT_EQ(home_blocks_ok(vdd), 0);
	KT_ASSERT_EQ(commit_and_crash(j, vdd), 0);
	block_device_put(vdd);
	return 0;
}

/*
 * The buffer cache leaves a journaled buffer alone: bcache_sync and
 * bcache_write do not write it home while BH_JOURNALED is set, even when
 * it is dirty, and eviction keeps it; once the journal gives it back, the
 * cache writes it as usual.
 */
KTEST(jbd2_bcache_keeps_journaled)
{
	struct jmap m;
	u64 jblocks, blk = JBD2_HOME + 60;
	struct block_device *vdc = find_journal(&m, &jblocks);
	struct buffer_head *bh;
	u8 *zero;

	if (!vdc)
		return KTEST_SKIP;
	zero = kzalloc(BS);
	KT_ASSERT(zero);
	KT_ASSERT_EQ(block_rw(vdc, BLK_OP_WRITE, blk * (BS / 512), zero, BS), 0);
	kfree(zero);
	bh = bcache_get(vdc, blk, BS);
	KT_ASSERT(!IS_ERR(bh));
	pattern(bh->data, blk, 7);
	bcache_set_journaled(bh, true);
	bcache_mark_dirty(bh);
	KT_ASSERT_EQ(bcache_sync(vdc), 0);
	KT_ASSERT_EQ(bcache_write(bh), 0);
	bcache_release(bh);
	KT_ASSERT_EQ(bcache_invalidate(vdc), 0);
	KT_ASSERT(disk_is(vdc, blk, 0, false));
	bh = bcache_get(vdc, blk, BS);	/* still the same buffer: not evicted */
	KT_ASSERT(!IS_ERR(bh));
	KT_ASSERT(bh->state & BH_DIRTY);
	bcache_set_journaled(bh, false);
	bcache_release(bh);
	KT_ASSERT_EQ(bcache_sync(vdc), 0);
	KT_ASSERT(disk_is(vdc, blk, 7, false));
	KT_ASSERT_EQ(bcache_invalidate(vdc), 0);
	block_device_put(vdc);
	return 0;
}
