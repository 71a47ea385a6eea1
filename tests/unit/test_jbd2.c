/*
 * Unit tests for crc32c (lib/crc32c.c), the jbd2 block format
 * (kernel/fs/jbd2/format.c) and recovery (kernel/fs/jbd2/recovery.c):
 * journals built here, including ones that wrap around the log and ones
 * with damage, and journals that Debian's debugfs wrote
 * (tools/mkjbd2-corpus.sh --fixtures), whose replay must give the very
 * bytes that e2fsck's own replay gives; and journals this encoder writes
 * into those images, which e2fsck must replay as Mica does.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <cmocka.h>

#include <kernel/jbd2_format.h>
#include <lib/crc32c.h>
#include <lib/string.h>
#include <mica/errno.h>

#define FIXTURES UNIT_FIXTURE_DIR "/jbd2"

/* ---- crc32c ---- */

static void test_crc32c_vectors(void **state)
{
	static const u8 zeros[32], ones[32] = { [0 ... 31] = 0xff };
	const char *s = "123456789";

	(void)state;
	/* The textbook check value, and Linux's raw convention around it. */
	assert_int_equal(~crc32c(~0u, s, 9), 0xe3069283u);
	assert_int_equal(crc32c(~0u, s, 9), 0x1cf96d7cu);
	/* RFC 3720 (iSCSI) B.4 vectors. */
	assert_int_equal(~crc32c(~0u, zeros, 32), 0x8a9136aau);
	assert_int_equal(~crc32c(~0u, ones, 32), 0x62a8ab43u);
	/* Continuing a running value equals one pass. */
	assert_int_equal(crc32c(crc32c(~0u, s, 4), s + 4, 5), crc32c(~0u, s, 9));
	assert_int_equal(crc32c(0x12345678u, s, 0), 0x12345678u);
}

/* ---- a journal in memory ---- */

#define MAXBS 4096
#define JBLOCKS 256
#define FSBLOCKS 4096

static u8 jbuf[JBLOCKS * MAXBS];
static u8 *jimg = jbuf;		/* the journal the helpers below build in */
static u8 fsimg[FSBLOCKS * MAXBS];
static u8 scratch[2 * MAXBS];
static struct jbd2_fmt fmt;
static u32 bs;
static u32 fail_read = ~0u;
static unsigned int writes;

static int mem_read(void *ctx, u32 jblock, void *buf)
{
	(void)ctx;
	assert_true(jblock < fmt.maxlen);
	if (jblock == fail_read)
		return -EIO;
	memcpy(buf, jimg + (size_t)jblock * bs, bs);
	return 0;
}

static int mem_write(void *ctx, u64 blocknr, const void *buf)
{
	(void)ctx;
	assert_true(blocknr < FSBLOCKS);
	memcpy(fsimg + blocknr * bs, buf, bs);
	writes++;
	return 0;
}

static const struct jbd2_log_io mem_io = { mem_read, mem_write, NULL, FSBLOCKS };

static u8 *jblk(u32 b)
{
	return jimg + (size_t)b * bs;
}

static void fill(u8 *p, u32 tag)
{
	for (u32 i = 0; i < bs; i++)
		p[i] = (u8)(tag * 31 + i * 7);
}

/* A fresh journal of maxlen blocks of size blocksize with features incompat. */
static void mkjournal(u32 blocksize, u32 maxlen, u32 incompat, u32 seq, u32 start)
{
	static const u8 uuid[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };
	char why[JBD2_WHY];

	bs = blocksize;
	fail_read = ~0u;
	writes = 0;
	jimg = jbuf;
	memset(jimg, 0, sizeof(jbuf));
	memset(fsimg, 0, sizeof(fsimg));
	jbd2_sb_format(jimg, bs, maxlen, incompat, uuid, seq);
	assert_int_equal(jbd2_sb_decode(jimg, bs, JBLOCKS, &fmt, why), 0);
	fmt.start = start;
	jbd2_sb_encode(&fmt, jimg);
	assert_int_equal(jbd2_sb_decode(jimg, bs, JBLOCKS, &fmt, why), 0);
}

static u32 nextb(u32 b)
{
	return b + 1 >= fmt.maxlen ? fmt.first : b + 1;
}

/*
 * Log transaction seq at log block b: a descriptor for n blocks homes[i]
 * with contents fill(tags[i]), a revoke block if nrev, and a commit block
 * if commit. Returns the block after it.
 */
static u32 put_txn(u32 b, u32 seq, const u64 *homes, const u32 *tags, int n, const u64 *revs,
		   int nrev, bool commit)
{
	u8 *desc = jblk(b);
	unsigned int pos, last = 0;

	if (n) {
		jbd2_desc_init(&fmt, desc, seq, &pos);
		b = nextb(b);
		for (int i = 0; i < n; i++) {
			u8 *d = jblk(b);
			u32 flags;

			fill(d, tags[i]);
			if (tags[i] & 0x1000)	/* make it start with the magic */
				jbd2_put_be32(d, JBD2_MAGIC);
			flags = jbd2_escape(d);
			last = pos;
			assert_true(jbd2_desc_add(&fmt, desc, &pos, homes[i], flags, d, seq));
			b = nextb(b);
		}
		jbd2_desc_finish(&fmt, desc, last);
	}
	if (nrev) {
		jbd2_revoke_build(&fmt, jblk(b), seq, revs, nrev);
		b = nextb(b);
	}
	if (commit) {
		jbd2_commit_build(&fmt, jblk(b), seq, 1700000000 + seq, 0);
		b = nextb(b);
	}
	return b;
}

static bool home_is(u64 blocknr, u32 tag)
{
	u8 want[MAXBS];

	fill(want, tag);
	if (tag & 0x1000)
		jbd2_put_be32(want, JBD2_MAGIC);
	return memcmp(fsimg + blocknr * bs, want, bs) == 0;
}

static bool home_zero(u64 blocknr)
{
	for (u32 i = 0; i < bs; i++)
		if (fsimg[blocknr * bs + i])
			return false;
	return true;
}

static int recover(struct jbd2_recovery *r)
{
	char why[JBD2_WHY];

	assert_int_equal(jbd2_sb_decode(jimg, bs, JBLOCKS, &fmt, why), 0);
	return jbd2_recovery_run(&fmt, &mem_io, scratch, r);
}

static const u32 feature_sets[] = {
	JBD2_FEATURE_INCOMPAT_REVOKE | JBD2_FEATURE_INCOMPAT_64BIT |
		JBD2_FEATURE_INCOMPAT_CSUM_V3,
	JBD2_FEATURE_INCOMPAT_REVOKE | JBD2_FEATURE_INCOMPAT_CSUM_V2,
	JBD2_FEATURE_INCOMPAT_REVOKE | JBD2_FEATURE_INCOMPAT_64BIT,
	JBD2_FEATURE_INCOMPAT_REVOKE,
};

/* Transactions, revokes, escapes, and a log that wraps around its end. */
static void test_replay_wraps(void **state)
{
	(void)state;
	for (unsigned int fs = 0; fs < 4; fs++) {
		for (u32 blocksize = 1024; blocksize <= 4096; blocksize *= 4) {
			struct jbd2_recovery r;
			u64 h1[] = { 10, 11, 12 }, h2[] = { 11, 20 }, rv2[] = { 10 };
			u64 h3[] = { 10, 30, 31, 32, 33 }, h4[] = { 40 };
			u32 t1[] = { 1, 2, 0x1003 }, t2[] = { 4, 0x1005 }, t3[] = { 6, 7, 8, 9, 10 };
			u32 t4[] = { 11 };
			u32 b;

			/* Start 4 blocks before the end: transaction 2 wraps. */
			mkjournal(blocksize, 64, feature_sets[fs], 500, 60);
			b = put_txn(60, 500, h1, t1, 3, NULL, 0, true);
			b = put_txn(b, 501, h2, t2, 2, rv2, 1, true);
			b = put_txn(b, 502, h3, t3, 5, NULL, 0, true);
			put_txn(b, 503, h4, t4, 1, NULL, 0, false);	/* no commit */
			assert_int_equal(recover(&r), 0);
			assert_int_equal(r.start_seq, 500);
			assert_int_equal(r.end_seq, 503);
			assert_true(home_is(11, 4));		/* the later copy wins */
			assert_true(home_is(12, 0x1003));	/* escaped and restored */
			assert_true(home_is(20, 0x1005));
			assert_true(home_is(10, 6));		/* logged again after its revoke */
			assert_true(home_is(33, 10));
			assert_true(home_zero(40));		/* never committed */
			assert_int_equal(r.nr_revoked, 1);	/* 10 of transaction 500 */
			assert_int_equal(writes, 9);
		}
	}
}

static void test_empty_log(void **state)
{
	struct jbd2_recovery r;

	(void)state;
	mkjournal(1024, 64, feature_sets[0], 7, 0);
	put_txn(1, 7, (u64[]){ 5 }, (u32[]){ 1 }, 1, NULL, 0, true);
	assert_int_equal(recover(&r), 0);	/* s_start 0: nothing to replay */
	assert_int_equal(writes, 0);
	assert_int_equal(r.end_seq, 7);
}

/* A torn commit ends the log; a damaged copy fails but the rest replays. */
static void test_damage(void **state)
{
	struct jbd2_recovery r;
	u32 b, c;

	(void)state;
	mkjournal(4096, 64, feature_sets[0], 1, 1);
	b = put_txn(1, 1, (u64[]){ 5, 6 }, (u32[]){ 1, 2 }, 2, NULL, 0, true);
	c = put_txn(b, 2, (u64[]){ 7 }, (u32[]){ 3 }, 1, NULL, 0, true);
	jblk(c - 1)[100] ^= 1;		/* the commit of 2 */
	assert_int_equal(recover(&r), 0);
	assert_int_equal(r.end_seq, 2);
	assert_true(home_zero(7));
	assert_true(home_is(5, 1));

	jblk(c - 1)[100] ^= 1;
	jblk(2)[9] ^= 1;		/* the copy of block 5 */
	memset(fsimg, 0, bs * 16);
	assert_int_equal(recover(&r), -EUCLEAN);
	assert_true(home_zero(5));
	assert_true(home_is(6, 2));
	assert_true(home_is(7, 3));

	jblk(2)[9] ^= 1;
	jblk(b)[40] ^= 1;		/* the descriptor of 2, under a valid commit */
	assert_int_equal(recover(&r), -EUCLEAN);
	assert_int_not_equal(r.why[0], 0);

	jblk(b)[40] ^= 1;
	fail_read = 2;
	assert_int_equal(recover(&r), -EIO);
}

/* Descriptor blocks of one sequence all around the log: no endless loop. */
static void test_loop(void **state)
{
	struct jbd2_recovery r;

	(void)state;
	mkjournal(1024, 64, feature_sets[2], 9, 1);
	for (u32 b = 1; b < 64; b++) {
		unsigned int pos;

		jbd2_desc_init(&fmt, jblk(b), 9, &pos);
		assert_true(jbd2_desc_add(&fmt, jblk(b), &pos, 0, 0, jblk(b), 9));
		jbd2_desc_finish(&fmt, jblk(b), 12);
	}
	assert_int_equal(recover(&r), -EUCLEAN);
	assert_int_equal(writes, 0);
}

static void test_sb_refusals(void **state)
{
	char why[JBD2_WHY];
	struct jbd2_fmt f;

	(void)state;
	mkjournal(4096, 64, feature_sets[0], 1, 0);
	assert_int_equal(jbd2_sb_decode(jimg, 1024, JBLOCKS, &f, why), -EUCLEAN);
	assert_int_equal(jbd2_sb_decode(jimg, 4096, 63, &f, why), -EUCLEAN);
	jimg[0x30] ^= 1;			/* uuid: the checksum no longer matches */
	assert_int_equal(jbd2_sb_decode(jimg, 4096, JBLOCKS, &f, why), -EUCLEAN);
	jimg[0x30] ^= 1;
	jbd2_put_be32(jimg + 0x28, feature_sets[0] | JBD2_FEATURE_INCOMPAT_FAST_COMMIT);
	assert_int_equal(jbd2_sb_decode(jimg, 4096, JBLOCKS, &f, why), -EOPNOTSUPP);
	jbd2_put_be32(jimg + 0x28, feature_sets[0]);
	jbd2_put_be32(jimg + 0x1c, 64);		/* s_start past the log */
	assert_int_equal(jbd2_sb_decode(jimg, 4096, JBLOCKS, &f, why), -EUCLEAN);
	jimg[0] = 0;
	assert_int_equal(jbd2_sb_decode(jimg, 4096, JBLOCKS, &f, why), -EUCLEAN);
}

/* ---- journals written by debugfs, replayed by e2fsck ---- */

static u8 *load(const char *name, const char *ext, size_t *size)
{
	char path[512];
	FILE *fp;
	u8 *buf;
	long n;

	snprintf(path, sizeof(path), "%s/%s.%s", FIXTURES, name, ext);
	fp = fopen(path, "rb");
	if (!fp)
		fail_msg("no fixture %s (make unit builds them)", path);
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	buf = malloc(n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, n, fp), (size_t)n);
	fclose(fp);
	buf[n] = 0;
	*size = n;
	return buf;
}

struct fsctx {
	u8 *img;
	u64 *map;
	u32 nmap;
	u32 bs;
	u8 *touched;	/* blocks recovery wrote */
};

static int fs_read(void *ctx, u32 jblock, void *buf)
{
	struct fsctx *c = ctx;

	assert_true(jblock < c->nmap);
	memcpy(buf, c->img + c->map[jblock] * c->bs, c->bs);
	return 0;
}

static int fs_write(void *ctx, u64 blocknr, const void *buf)
{
	struct fsctx *c = ctx;

	memcpy(c->img + blocknr * c->bs, buf, c->bs);
	c->touched[blocknr] = 1;
	return 0;
}

/* Load fixture name: its image, block size and journal map. */
static void fs_open(const char *name, struct fsctx *c, size_t *fs_size)
{
	size_t map_size;
	char *maptext = (char *)load(name, "map", &map_size), *p = maptext;

	c->img = load(name, "fs", fs_size);
	/* The ext4 superblock's s_log_block_size (offset 1024 + 24). */
	c->bs = 1024u << (c->img[1024 + 24] | c->img[1024 + 25] << 8);
	c->map = calloc(map_size, sizeof(u64));
	c->touched = calloc(*fs_size / c->bs, 1);
	c->nmap = 0;
	while (*p) {
		c->map[c->nmap] = strtoull(p, &p, 10);
		assert_true(c->map[c->nmap] < *fs_size / c->bs);
		c->nmap++;
		while (*p == '\n')
			p++;
	}
	free(maptext);
}

static void fs_close(struct fsctx *c)
{
	free(c->img);
	free(c->map);
	free(c->touched);
}

static void check_case(const char *name, u32 want_blocks)
{
	size_t fs_size, rep_size, j_size;
	struct fsctx c = { 0 };
	u8 *replayed = load(name, "replayed", &rep_size);
	u8 *journal = load(name, "journal", &j_size);
	struct jbd2_log_io io = { fs_read, fs_write, &c, 0 };
	struct jbd2_recovery r;
	struct jbd2_fmt f;
	char why[JBD2_WHY];
	u8 *isjournal;
	u64 sb_block;

	fs_open(name, &c, &fs_size);
	assert_int_equal(fs_size, rep_size);
	assert_int_equal((size_t)c.nmap * c.bs, j_size);
	isjournal = calloc(fs_size / c.bs, 1);
	/* The map reaches the same bytes as debugfs's dump of the journal. */
	for (u32 i = 0; i < c.nmap; i++) {
		assert_memory_equal(c.img + c.map[i] * c.bs, journal + (size_t)i * c.bs, c.bs);
		isjournal[c.map[i]] = 1;
	}
	io.fs_blocks = fs_size / c.bs;
	assert_int_equal(jbd2_sb_decode(journal, c.bs, c.nmap, &f, why), 0);
	assert_int_not_equal(f.start, 0);
	assert_int_equal(jbd2_recovery_run(&f, &io, scratch, &r), 0);
	/* Every block outside the journal and the ext4 superblock matches
	 * e2fsck's replay (which also clears needs_recovery there). */
	sb_block = c.bs == 1024 ? 1 : 0;
	for (u64 b = 0; b < fs_size / c.bs; b++) {
		if (isjournal[b] || b == sb_block)
			continue;
		if (memcmp(c.img + b * c.bs, replayed + b * c.bs, c.bs))
			fail_msg("%s: block %llu differs from e2fsck's replay%s", name,
				 (unsigned long long)b, c.touched[b] ? " (replayed)" : "");
	}
	assert_int_equal(r.nr_blocks, want_blocks);
	fs_close(&c);
	free(isjournal);
	free(replayed);
	free(journal);
}

static void test_debugfs_v3_1k(void **state)
{
	(void)state;
	/* 30000, 30002, 30004, 30003 (its last copy): not 30001 nor the
	 * first 30003 (revoked), nor 30010-30011 (not committed). */
	check_case("v3-1k", 4);
}

static void test_debugfs_v3_4k(void **state)
{
	(void)state;
	check_case("v3-4k", 5);
}

static void test_debugfs_v2_4k(void **state)
{
	(void)state;
	check_case("v2-4k", 2);
}

static void test_debugfs_nocsum_4k(void **state)
{
	(void)state;
	check_case("nocsum-4k", 2);
}

static void test_debugfs_many(void **state)
{
	(void)state;
	check_case("many-4k", 98);	/* 120 copies, 22 of them revoked */
}

/*
 * The other direction: journals that Mica's encoder writes (four
 * transactions from near the end of the log, so they wrap; an escaped
 * block; a revoke; the last one without its commit) into the journals of
 * the debugfs images, in each one's format, and with 32-bit block numbers
 * too. Debian's e2fsck replays them, and must give the blocks Mica's own
 * recovery gives.
 */
static void e2fsck_replays_ours(const char *name, u64 home, bool drop64)
{
	struct fsctx c = { 0 };
	size_t fs_size, n;
	u8 *before, *journal, *after;
	u64 h1[] = { home, home + 1, home + 2 }, h2[] = { home + 1, home + 4 }, rv2[] = { home };
	u64 h3[] = { home, home + 5 }, h4[] = { home + 6 };
	u32 t1[] = { 1, 2, 0x1003 }, t2[] = { 4, 0x1005 }, t3[] = { 6, 7 }, t4[] = { 8 };
	const u32 want[] = { 6, 4, 0x1003, 0, 0x1005, 7 };
	char why[JBD2_WHY], path[] = "/tmp/test_jbd2-XXXXXX", cmd[600];
	u32 b, seq;
	FILE *fp;
	int fd;

	fs_open(name, &c, &fs_size);
	before = malloc(fs_size);
	assert_non_null(before);
	memcpy(before, c.img, fs_size);
	journal = calloc(c.nmap, c.bs);
	assert_non_null(journal);
	for (u32 i = 0; i < c.nmap; i++)
		memcpy(journal + (size_t)i * c.bs, c.img + c.map[i] * c.bs, c.bs);
	jimg = journal;
	bs = c.bs;
	assert_int_equal(jbd2_sb_decode(journal, bs, c.nmap, &fmt, why), 0);
	if (drop64)
		jbd2_sb_set_incompat(&fmt, journal, fmt.incompat & ~JBD2_FEATURE_INCOMPAT_64BIT);
	seq = fmt.sequence + 1000;
	fmt.start = fmt.maxlen - 3;
	fmt.sequence = seq;
	jbd2_sb_encode(&fmt, journal);
	b = put_txn(fmt.start, seq, h1, t1, 3, NULL, 0, true);
	b = put_txn(b, seq + 1, h2, t2, 2, rv2, 1, true);
	b = put_txn(b, seq + 2, h3, t3, 2, NULL, 0, true);
	put_txn(b, seq + 3, h4, t4, 1, NULL, 0, false);
	for (u32 i = 0; i < c.nmap; i++)
		memcpy(c.img + c.map[i] * c.bs, journal + (size_t)i * c.bs, c.bs);

	fd = mkstemp(path);
	assert_true(fd >= 0);
	fp = fdopen(fd, "wb");
	assert_int_equal(fwrite(c.img, 1, fs_size, fp), fs_size);
	fclose(fp);
	snprintf(cmd, sizeof(cmd),
		 "PATH=$PATH:/sbin:/usr/sbin e2fsck -E journal_only -y %s >/dev/null 2>&1; "
		 "test $? -le 1", path);
	assert_int_equal(system(cmd), 0);
	fp = fopen(path, "rb");
	after = malloc(fs_size);
	assert_non_null(after);
	n = fread(after, 1, fs_size, fp);
	fclose(fp);
	unlink(path);
	assert_int_equal(n, fs_size);
	for (u32 i = 0; i < 6; i++) {
		u8 expect[MAXBS];

		fill(expect, want[i]);
		if (want[i] & 0x1000)
			jbd2_put_be32(expect, JBD2_MAGIC);
		if (!want[i])
			memcpy(expect, before + (home + i) * bs, bs);
		if (memcmp(after + (home + i) * bs, expect, bs))
			fail_msg("%s%s: e2fsck replayed block %llu otherwise", name,
				 drop64 ? " (32-bit)" : "", (unsigned long long)(home + i));
	}
	/* Never committed: left as it was. */
	assert_memory_equal(after + (home + 6) * bs, before + (home + 6) * bs, bs);
	free(after);
	free(before);
	free(journal);
	fs_close(&c);
	jimg = jbuf;
}

static void test_e2fsck_replays_ours(void **state)
{
	(void)state;
	e2fsck_replays_ours("v3-1k", 30000, false);
	e2fsck_replays_ours("v3-1k", 30000, true);
	e2fsck_replays_ours("v3-4k", 3000, false);
	e2fsck_replays_ours("v2-4k", 3000, false);
	e2fsck_replays_ours("nocsum-4k", 3000, false);
	e2fsck_replays_ours("nocsum-4k", 3000, true);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_crc32c_vectors),
		cmocka_unit_test(test_replay_wraps),
		cmocka_unit_test(test_empty_log),
		cmocka_unit_test(test_damage),
		cmocka_unit_test(test_loop),
		cmocka_unit_test(test_sb_refusals),
		cmocka_unit_test(test_debugfs_v3_1k),
		cmocka_unit_test(test_debugfs_v3_4k),
		cmocka_unit_test(test_debugfs_v2_4k),
		cmocka_unit_test(test_debugfs_nocsum_4k),
		cmocka_unit_test(test_debugfs_many),
		cmocka_unit_test(test_e2fsck_replays_ours),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
