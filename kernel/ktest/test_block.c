/*
 * Self tests of virtio-blk, the block layer and the buffer cache. They
 * need the disks tools/mkdisk-ktest.sh makes (make test attaches them):
 *   vda: 16 MiB GPT, vda1 = sectors 2048+8192, vda2 = 10240+8192, and a
 *        pattern in sectors 20480-22527 (word i of sector s:
 *        0x4d494341 << 32 | s << 8 | i); 24576-28671 are for writing;
 *   vdb: 1 MiB MBR, read-only: vdb1 = 64+1000, vdb2 = 1064+900.
 * Without them the tests are skipped.
 */
#include <kernel/bcache.h>
#include <kernel/block.h>
#include <kernel/ktest.h>
#include <core/kmalloc.h>
#include <lib/string.h>
#include <mica/err.h>
#include <mica/errno.h>

/* Not an errno: what the tests report for data that came back wrong. */
#define EMISMATCH 1000

#define PAT_FIRST 20480
#define PAT_SECTORS 2048
#define WRITE_FIRST 24576
#define WRITE_SECTORS 4096

static u64 pat(u64 s, unsigned int i)
{
	return (0x4d494341ull << 32) | (s << 8) | i;
}

/* A disk by name, or NULL after printing why the test is skipped. */
static struct block_device *need(const char *name)
{
	struct block_device *b = block_device_find(name);

	if (!b)
		ktest_skip("no %s attached (make test attaches one)", name);
	return b;
}

static bool check_pattern(const u64 *w, u64 first, u64 nsect)
{
	for (u64 s = 0; s < nsect; s++)
		for (unsigned int i = 0; i < 64; i++)
			if (w[s * 64 + i] != pat(first + s, i))
				return false;
	return true;
}

KTEST(block_read_pattern)
{
	struct block_device *vda = need("vda");
	u32 chunk = 64 << 10;
	u64 *buf;
	int err = 0;

	if (!vda)
		return KTEST_SKIP;
	buf = kmalloc(chunk);
	KT_ASSERT(buf);
	KT_ASSERT_EQ(vda->nr_sects, 32768);
	KT_ASSERT_EQ(vda->lbs, 512);
	for (u64 s = PAT_FIRST; s < PAT_FIRST + PAT_SECTORS && !err; s += chunk / 512) {
		err = block_rw(vda, BLK_OP_READ, s, buf, chunk);
		if (!err && !check_pattern(buf, s, chunk / 512))
			err = -EMISMATCH;
	}
	/* One large read, split by the block layer (the queue takes 1 MiB). */
	kfree(buf);
	buf = kmalloc(PAT_SECTORS * 512);
	if (buf && !err) {
		err = block_rw(vda, BLK_OP_READ, PAT_FIRST, buf, PAT_SECTORS * 512);
		if (!err && !check_pattern(buf, PAT_FIRST, PAT_SECTORS))
			err = -EMISMATCH;
	}
	kfree(buf);
	block_device_put(vda);
	KT_ASSERT_EQ(err, 0);
	return 0;
}

static void never_end(struct bio *bio, int err)
{
	(void)err;
	bio->private = (void *)1;	/* the test fails if this runs */
}

KTEST(block_bad_requests)
{
	struct block_device *vda = need("vda");
	struct bio good = { .op = BLK_OP_READ, .sector = 0, .len = 512, .end_io = never_end };
	struct bio bad = { .op = BLK_OP_READ, .sector = 32768, .len = 512, .end_io = never_end };
	struct bio *batch[2] = { &good, &bad };
	u8 *buf;
	int err[6];

	if (!vda)
		return KTEST_SKIP;
	buf = kmalloc(1024);
	KT_ASSERT(buf);
	err[0] = block_rw(vda, BLK_OP_READ, 0, buf, 100);		/* not whole sectors */
	err[1] = block_rw(vda, BLK_OP_READ, 32767, buf, 1024);		/* past the end */
	err[2] = block_rw(vda, BLK_OP_READ, ~0ull, buf, 512);		/* wraps */
	err[3] = block_rw(vda, BLK_OP_READ, 32767, buf, 512);		/* the last one */
	err[4] = block_rw(vda, BLK_OP_FLUSH, 0, buf, 512);		/* not a transfer */
	/* A batch with one bad bio submits nothing, and ends nothing. */
	good.buf = bad.buf = buf;
	err[5] = block_submit_batch(vda, batch, 2);
	kfree(buf);
	block_device_put(vda);
	KT_ASSERT_EQ(err[0], -EINVAL);
	KT_ASSERT_EQ(err[1], -EINVAL);
	KT_ASSERT_EQ(err[2], -EINVAL);
	KT_ASSERT_EQ(err[3], 0);
	KT_ASSERT_EQ(err[4], -EINVAL);
	KT_ASSERT_EQ(err[5], -EINVAL);
	KT_ASSERT(!good.private && !bad.private);
	return 0;
}

static int check_part(const char *name, u64 start, u64 n, struct block_device *disk)
{
	struct block_device *p = block_device_find(name);
	int ok = p && p->start == start && p->nr_sects == n && p->whole == disk &&
		 p->queue == disk->queue;

	if (p)
		block_device_put(p);
	return ok ? 0 : -1;
}

static int add_name(struct block_device *b, void *arg)
{
	char *names = arg;
	size_t n = strlen(names);

	if (n + strlen(b->name) + 2 > 128)
		return -ENOSPC;
	strscpy(names + n, b->name, 128 - n);
	strscpy(names + n + strlen(b->name), " ", 2);
	return 0;
}

KTEST(block_partitions)
{
	char names[128] = "";

	struct block_device *vda = need("vda"), *vdb, *vda1;
	u8 *a, *b;
	int err;

	if (!vda)
		return KTEST_SKIP;
	KT_ASSERT_EQ(check_part("vda1", 2048, 8192, vda), 0);
	KT_ASSERT_EQ(check_part("vda2", 10240, 8192, vda), 0);
	KT_ASSERT(!block_device_find("vda3"));
	/* The registry lists each disk followed by its partitions. */
	KT_ASSERT_EQ(block_device_for_each(add_name, names), 0);
	KT_ASSERT(!strncmp(names, "vda vda1 vda2 ", 14));
	vdb = block_device_find("vdb");
	if (vdb) {
		KT_ASSERT_EQ(check_part("vdb1", 64, 1000, vdb), 0);
		KT_ASSERT_EQ(check_part("vdb2", 1064, 900, vdb), 0);
		block_device_put(vdb);
	}
	/* Sector 0 of vda1 is sector 2048 of vda; I/O stays inside vda1. */
	vda1 = block_device_find("vda1");
	a = kmalloc(512);
	b = kmalloc(512);
	KT_ASSERT(vda1 && a && b);
	memset(a, 1, 512);
	memset(b, 2, 512);
	err = block_rw(vda1, BLK_OP_READ, 0, a, 512) ?: block_rw(vda, BLK_OP_READ, 2048, b, 512);
	if (!err && memcmp(a, b, 512))
		err = -EMISMATCH;
	if (!err && block_rw(vda1, BLK_OP_READ, 8192, a, 512) != -EINVAL)
		err = -EMISMATCH - 1;
	kfree(a);
	kfree(b);
	block_device_put(vda1);
	block_device_put(vda);
	KT_ASSERT_EQ(err, 0);
	return 0;
}

static u64 wpat(u64 s, unsigned int i, u64 seed)
{
	return 0x5752495445000000ull ^ (s << 20) ^ (seed << 8) ^ i;
}

static void fill_w(u64 *w, u64 first, u64 n, u64 seed)
{
	for (u64 s = 0; s < n; s++)
		for (unsigned int i = 0; i < 64; i++)
			w[s * 64 + i] = wpat(first + s, i, seed);
}

static bool check_w(const u64 *w, u64 first, u64 n, u64 seed)
{
	for (u64 s = 0; s < n; s++)
		for (unsigned int i = 0; i < 64; i++)
			if (w[s * 64 + i] != wpat(first + s, i, seed))
				return false;
	return true;
}

KTEST(block_write_readback)
{
	struct block_device *vda = need("vda"), *vda2;
	u64 n = 64, *w, *r;
	int err;

	if (!vda)
		return KTEST_SKIP;
	vda2 = block_device_find("vda2");
	w = kmalloc(n * 512);
	r = kmalloc(n * 512);
	KT_ASSERT(vda2 && w && r);
	fill_w(w, WRITE_FIRST, n, 1);
	err = block_rw(vda, BLK_OP_WRITE, WRITE_FIRST, w, (u32)n * 512) ?:
	      block_flush(vda) ?: block_rw(vda, BLK_OP_READ, WRITE_FIRST, r, (u32)n * 512);
	if (!err && !check_w(r, WRITE_FIRST, n, 1))
		err = -EMISMATCH;
	/* Through the partition: sector 100 of vda2 is 10340 of vda. */
	fill_w(w, 10340, 8, 2);
	if (!err)
		err = block_rw(vda2, BLK_OP_WRITE, 100, w, 8 * 512) ?:
		      block_rw(vda, BLK_OP_READ, 10340, r, 8 * 512);
	if (!err && !check_w(r, 10340, 8, 2))
		err = -EMISMATCH;
	if (!err && (vda->flags & BLOCK_DISCARD))
		err = block_discard(vda, WRITE_FIRST + WRITE_SECTORS - 64, 64);
	kfree(w);
	kfree(r);
	block_device_put(vda2);
	block_device_put(vda);
	KT_ASSERT_EQ(err, 0);
	return 0;
}

KTEST(block_readonly)
{
	struct block_device *vdb = need("vdb"), *vdb1;
	u8 *buf;
	int err[4];

	if (!vdb)
		return KTEST_SKIP;
	vdb1 = block_device_find("vdb1");
	buf = kzalloc(512);
	KT_ASSERT(vdb1 && buf);
	err[0] = block_rw(vdb, BLK_OP_WRITE, 0, buf, 512);
	err[1] = block_rw(vdb1, BLK_OP_WRITE, 0, buf, 512);
	err[2] = block_rw(vdb, BLK_OP_READ, 0, buf, 512);
	err[3] = block_flush(vdb);
	if (vdb->flags & BLOCK_DISCARD)
		KT_ASSERT_EQ(block_discard(vdb, 0, 8), -EROFS);
	KT_ASSERT(vdb->flags & BLOCK_RO);
	kfree(buf);
	block_device_put(vdb1);
	block_device_put(vdb);
	KT_ASSERT_EQ(err[0], -EROFS);
	KT_ASSERT_EQ(err[1], -EROFS);
	KT_ASSERT_EQ(err[2], 0);
	KT_ASSERT_EQ(err[3], 0);
	return 0;
}

KTEST(block_ioctl_rescan)
{
	struct block_device *vda = need("vda"), *vda1;
	int busy, again;

	if (!vda)
		return KTEST_SKIP;
	KT_ASSERT_EQ(block_ioctl(vda, 0x1234, 0), -ENOTTY);
	vda1 = block_device_find("vda1");
	KT_ASSERT(vda1);
	KT_ASSERT_EQ(block_ioctl(vda1, BLKRRPART, 0), -EINVAL);
	/* Re-reading the table while a partition is in use: EBUSY. */
	busy = block_ioctl(vda, BLKRRPART, 0);
	block_device_put(vda1);
	again = block_ioctl(vda, BLKRRPART, 0);
	KT_ASSERT_EQ(block_ioctl(vda, BLKFLSBUF, 0), 0);
	KT_ASSERT_EQ(check_part("vda1", 2048, 8192, vda), 0);
	KT_ASSERT_EQ(check_part("vda2", 10240, 8192, vda), 0);
	block_device_put(vda);
	KT_ASSERT_EQ(busy, -EBUSY);
	KT_ASSERT_EQ(again, 0);
	return 0;
}

KTEST(block_bcache)
{
	struct block_device *vda = need("vda"), *vda1;
	struct buffer_head *bh, *bh2;
	unsigned long n0 = bcache_count();
	u8 *r;
	int err;

	if (!vda)
		return KTEST_SKIP;
	vda1 = block_device_find("vda1");
	r = kmalloc(4096);
	KT_ASSERT(vda1 && r);
	/* A cached block is one buffer, whoever reads it. */
	bh = bcache_read(vda, PAT_FIRST / 8, 4096);
	KT_ASSERT(!IS_ERR(bh));
	KT_ASSERT(check_pattern(bh->data, PAT_FIRST, 8));
	bh2 = bcache_read(vda, PAT_FIRST / 8, 4096);
	KT_ASSERT(bh2 == bh);
	bcache_release(bh2);
	bcache_release(bh);
	KT_ASSERT_EQ(bcache_count(), n0 + 1);

	/* Dirty, written back by a sync, seen by a direct read. */
	bh = bcache_get(vda, WRITE_FIRST / 8 + 1, 4096);
	KT_ASSERT(!IS_ERR(bh));
	memset(bh->data, 0xa5, 4096);
	bcache_mark_dirty(bh);
	bcache_release(bh);
	KT_ASSERT_EQ(bcache_sync(vda), 0);
	err = block_rw(vda, BLK_OP_READ, WRITE_FIRST + 8, r, 4096);
	KT_ASSERT_EQ(err, 0);
	for (int i = 0; i < 4096; i++)
		KT_ASSERT(r[i] == 0xa5);

	/* Blocks of a partition are its own; none past its end. */
	bh = bcache_read(vda1, 0, 512);
	KT_ASSERT(!IS_ERR(bh));
	KT_ASSERT_EQ(block_rw(vda, BLK_OP_READ, 2048, r, 512), 0);
	KT_ASSERT(!memcmp(bh->data, r, 512));
	bcache_release(bh);
	KT_ASSERT(PTR_ERR(bcache_get(vda1, 8192, 512)) == -EINVAL);
	KT_ASSERT(PTR_ERR(bcache_get(vda1, 0, 1000)) == -EINVAL);

	/* Invalidation drops them all (and their references). */
	KT_ASSERT_EQ(bcache_invalidate(vda1), 0);
	KT_ASSERT_EQ(bcache_invalidate(vda), 0);
	KT_ASSERT_EQ(bcache_count(), n0);
	kfree(r);
	block_device_put(vda1);
	block_device_put(vda);
	return 0;
}
