/*
 * jbd2's on-disk format (Linux's include/linux/jbd2.h describes the same
 * bytes), decoded and encoded apart from any I/O so that the host unit
 * tests and libFuzzer run it: kernel/fs/jbd2/format.c (blocks) and
 * kernel/fs/jbd2/recovery.c (the three passes of replay). Nothing here
 * prints; errors come back as -errno with a one-line reason in a `why`
 * buffer of JBD2_WHY bytes.
 *
 * Every field is big-endian. A journal is a file of s_maxlen blocks:
 * block 0 is the superblock, blocks s_first .. s_maxlen - 1 a circular
 * log. Each log block that is not a copy of a file-system block starts
 * with a 12-byte header: magic, block type, transaction id (sequence).
 *
 *   superblock (type 3 = v1, 4 = v2), 1024 bytes used:
 *     0x0c blocksize  0x10 maxlen  0x14 first  0x18 sequence  0x1c start
 *     0x20 errno  0x24 compat  0x28 incompat  0x2c ro_compat  0x30 uuid[16]
 *     0x40 nr_users  0x50 checksum_type (u8, 4 = crc32c)
 *     0x54 num_fc_blks  0xfc checksum (crc32c of the 1024 bytes, itself 0)
 *     start 0: the log is empty; else the log block where the oldest
 *     transaction not yet checkpointed (id `sequence`) begins.
 *   descriptor (type 1): tags from byte 12, each naming the home block of
 *     the log block that follows (in tag order); 16 bytes of uuid follow a
 *     tag without SAME_UUID; LAST_TAG ends the list. Tag layouts:
 *       csum v3: blocknr, flags (32 bit), blocknr_high, checksum (32 bit)
 *       else:    blocknr, checksum (16 bit, csum v2), flags (16 bit),
 *                blocknr_high (64bit only), 2 bytes more with csum v2
 *     ESCAPE: the copy's first 4 bytes were the magic and were zeroed.
 *     With csum v2/v3 the last 4 bytes are crc32c(seed, block, tail 0).
 *   revoke (type 5): r_count (bytes used, from 0) at 12, then block
 *     numbers of 4 bytes (8 with 64bit) from 16; a tail as descriptors.
 *   commit (type 2): 0x0c chksum_type, 0x0d chksum_size, 0x10 chksum[8]
 *     (csum v2/v3: chksum[0] = crc32c(seed, block, chksum[0] 0)),
 *     0x30 commit_sec (64 bit), 0x38 commit_nsec.
 * Checksums v2/v3 start from seed = crc32c(~0, uuid, 16); a tag's checksum
 * is crc32c(crc32c(seed, be32 sequence), the log copy) (v2 keeps the low
 * 16 bits). crc32c follows Linux (<lib/crc32c.h>).
 */
#ifndef KERNEL_JBD2_FORMAT_H
#define KERNEL_JBD2_FORMAT_H

#include <mica/types.h>

#define JBD2_MAGIC 0xc03b3998u
#define JBD2_WHY 112

#define JBD2_DESCRIPTOR_BLOCK 1
#define JBD2_COMMIT_BLOCK 2
#define JBD2_SUPERBLOCK_V1 3
#define JBD2_SUPERBLOCK_V2 4
#define JBD2_REVOKE_BLOCK 5

#define JBD2_FEATURE_COMPAT_CHECKSUM 0x1	/* checksums v1 (crc32_be in commits) */
#define JBD2_FEATURE_INCOMPAT_REVOKE 0x1
#define JBD2_FEATURE_INCOMPAT_64BIT 0x2
#define JBD2_FEATURE_INCOMPAT_ASYNC_COMMIT 0x4
#define JBD2_FEATURE_INCOMPAT_CSUM_V2 0x8
#define JBD2_FEATURE_INCOMPAT_CSUM_V3 0x10
#define JBD2_FEATURE_INCOMPAT_FAST_COMMIT 0x20
/* What Mica replays and writes. */
#define JBD2_KNOWN_INCOMPAT                                                          \
	(JBD2_FEATURE_INCOMPAT_REVOKE | JBD2_FEATURE_INCOMPAT_64BIT |                \
	 JBD2_FEATURE_INCOMPAT_ASYNC_COMMIT | JBD2_FEATURE_INCOMPAT_CSUM_V2 |        \
	 JBD2_FEATURE_INCOMPAT_CSUM_V3)

#define JBD2_CRC32C_CHKSUM 4

#define JBD2_FLAG_ESCAPE 1
#define JBD2_FLAG_SAME_UUID 2
#define JBD2_FLAG_DELETED 4
#define JBD2_FLAG_LAST_TAG 8

#define JBD2_SB_SIZE 1024
#define JBD2_HDR_SIZE 12
#define JBD2_REVOKE_HDR_SIZE 16
#define JBD2_MIN_LOG 32		/* fewer log blocks cannot hold a transaction */

static inline u32 jbd2_get_be32(const void *p)
{
	const u8 *b = p;

	return (u32)b[0] << 24 | (u32)b[1] << 16 | (u32)b[2] << 8 | b[3];
}

static inline u16 jbd2_get_be16(const void *p)
{
	const u8 *b = p;

	return (u16)(b[0] << 8 | b[1]);
}

static inline void jbd2_put_be32(void *p, u32 v)
{
	u8 *b = p;

	b[0] = v >> 24;
	b[1] = v >> 16;
	b[2] = v >> 8;
	b[3] = v;
}

static inline void jbd2_put_be16(void *p, u16 v)
{
	u8 *b = p;

	b[0] = v >> 8;
	b[1] = v;
}

/* Transaction ids wrap: a is after b. */
static inline bool jbd2_tid_gt(u32 a, u32 b)
{
	return (s32)(a - b) > 0;
}

/* What reading and writing log blocks needs, from the superblock. */
struct jbd2_fmt {
	u32 blocksize;
	u32 maxlen;		/* blocks in the journal */
	u32 first;		/* first log block; the log is [first, maxlen) */
	u32 sequence;		/* s_sequence: the oldest transaction in the log */
	u32 start;		/* s_start: 0 when the log is empty */
	s32 err;		/* s_errno: an earlier abort's error */
	u32 compat, incompat, ro_compat;
	u8 uuid[16];
	u32 csum_seed;		/* crc32c(~0, uuid) when csum */
	bool v1;		/* a version 1 superblock (no features) */
	bool csum;		/* checksums v2 or v3 */
	bool csum3;
	bool has64;		/* 64-bit block numbers */
	unsigned int tag_bytes;	/* a tag without its uuid */
	unsigned int tail_bytes;	/* 4 with csum: the block tail */
};

/*
 * Decode and check a journal superblock (the first JBD2_SB_SIZE bytes of
 * block 0) for a journal of nr_blocks blocks of blocksize bytes. -EUCLEAN
 * for a corrupt one (bad magic, checksum, geometry), -EOPNOTSUPP for
 * features Mica does not know (fast commits, checksums other than
 * crc32c, unknown incompat or ro_compat bits); why says which.
 */
int jbd2_sb_decode(const void *buf, u32 blocksize, u64 nr_blocks, struct jbd2_fmt *f,
		   char *why);
/* Store f's sequence, start and err into the superblock buf (decoded from
 * it) and recompute its checksum; other fields stay as they are. */
void jbd2_sb_encode(const struct jbd2_fmt *f, void *buf);
/* Set the incompat features (a v1 superblock becomes v2) and derive f. */
void jbd2_sb_set_incompat(struct jbd2_fmt *f, void *buf, u32 incompat);
/* A fresh v2 superblock (mkfs-like, for tests): blocksize bytes at buf. */
void jbd2_sb_format(void *buf, u32 blocksize, u32 maxlen, u32 incompat, const u8 uuid[16],
		    u32 sequence);

/* Is buf a log block of type `type` of transaction seq? */
bool jbd2_block_is(const void *buf, u32 type, u32 seq);
void jbd2_header_put(void *buf, u32 type, u32 seq);

/* ---- descriptor blocks ---- */

struct jbd2_tag {
	u64 blocknr;
	u32 flags;		/* JBD2_FLAG_* */
	u32 csum;		/* as stored: 16 bits with v2 */
};

/* Iterate the tags of descriptor buf: *pos starts at 0; 1 and *t for each
 * tag, 0 after the last one. Never reads past the block (less its tail). */
int jbd2_desc_next(const struct jbd2_fmt *f, const void *buf, unsigned int *pos,
		   struct jbd2_tag *t);
/* How many log blocks the descriptor's tags describe. */
unsigned int jbd2_desc_count(const struct jbd2_fmt *f, const void *buf);
/* Tags that fit in one descriptor block (all but the first with SAME_UUID). */
unsigned int jbd2_desc_capacity(const struct jbd2_fmt *f);
/* Start a descriptor of transaction seq in buf; *pos = where tags go. */
void jbd2_desc_init(const struct jbd2_fmt *f, void *buf, u32 seq, unsigned int *pos);
/* Append a tag for home block blocknr whose log copy is data (after
 * escaping, with ESCAPE in flags if it was). false: no room left. */
bool jbd2_desc_add(const struct jbd2_fmt *f, void *buf, unsigned int *pos, u64 blocknr,
		   u32 flags, const void *data, u32 seq);
/* Mark the last tag added (the one before pos) LAST_TAG; checksum the block. */
void jbd2_desc_finish(const struct jbd2_fmt *f, void *buf, unsigned int last_tag_pos);
/* The tail checksum of a descriptor or revoke block (true without csum). */
bool jbd2_tail_ok(const struct jbd2_fmt *f, const void *buf);
void jbd2_tail_set(const struct jbd2_fmt *f, void *buf);
/* A tag's checksum over its log copy data (of transaction seq). */
bool jbd2_tag_ok(const struct jbd2_fmt *f, const struct jbd2_tag *t, const void *data,
		 u32 seq);

/* Escape a block about to be logged: if it starts with the magic, zero
 * those 4 bytes (in data, a copy) and return JBD2_FLAG_ESCAPE, else 0. */
u32 jbd2_escape(void *data);

/* ---- revoke blocks ---- */

/* Bytes of one revoke record: 4, or 8 with 64bit. */
static inline unsigned int jbd2_revoke_rec(const struct jbd2_fmt *f)
{
	return f->has64 ? 8 : 4;
}
/* Records in revoke block buf: -EUCLEAN if r_count is out of range, else
 * the count; jbd2_revoke_get reads record i. */
int jbd2_revoke_count(const struct jbd2_fmt *f, const void *buf);
u64 jbd2_revoke_get(const struct jbd2_fmt *f, const void *buf, unsigned int i);
/* Records that fit in one revoke block. */
unsigned int jbd2_revoke_capacity(const struct jbd2_fmt *f);
/* Build a revoke block of seq from n block numbers (n <= capacity). */
void jbd2_revoke_build(const struct jbd2_fmt *f, void *buf, u32 seq, const u64 *blocks,
		       unsigned int n);

/* ---- commit blocks ---- */

/* Build the commit block of seq, committed at sec.nsec (realtime). */
void jbd2_commit_build(const struct jbd2_fmt *f, void *buf, u32 seq, u64 sec, u32 nsec);
bool jbd2_commit_ok(const struct jbd2_fmt *f, const void *buf);
u64 jbd2_commit_sec(const void *buf);

/* ---- recovery (kernel/fs/jbd2/recovery.c) ---- */

/* How recovery reaches the disk. Block numbers of read are journal blocks
 * (0 = the superblock); write stores a block at its home location. */
struct jbd2_log_io {
	int (*read)(void *ctx, u32 jblock, void *buf);
	int (*write)(void *ctx, u64 blocknr, const void *buf);
	void *ctx;
	u64 fs_blocks;		/* home blocks must be below this */
};

struct jbd2_revoke_table;

struct jbd2_recovery {
	u32 start_seq;		/* first transaction in the log */
	u32 end_seq;		/* the one after the last complete transaction */
	u32 head;		/* log block after the last complete transaction */
	u32 nr_blocks;		/* blocks written home */
	u32 nr_revoked;		/* log copies skipped because revoked */
	u32 nr_revokes;		/* revoke records read */
	struct jbd2_revoke_table *revoked;	/* pass 2 -> 3 */
	char why[JBD2_WHY];
};

/*
 * Pass 1: find the end of the log (the last transaction whose commit block
 * is there and valid). 0, -EIO when a read failed, -EUCLEAN for a log that
 * is corrupt rather than merely ended (a bad checksum inside a transaction
 * that has a valid, newer commit; a log longer than the journal).
 * buf: one block of scratch.
 */
int jbd2_recovery_scan(const struct jbd2_fmt *f, const struct jbd2_log_io *io, void *buf,
		       struct jbd2_recovery *r);
/* Pass 2: collect the revoke records of [start_seq, end_seq). -ENOMEM. */
int jbd2_recovery_revoke(const struct jbd2_fmt *f, const struct jbd2_log_io *io, void *buf,
			 struct jbd2_recovery *r);
/* Pass 3: write every logged block that is not revoked home, in log order.
 * bufs: two blocks of scratch. Goes on after a bad block and returns the
 * first error. */
int jbd2_recovery_replay(const struct jbd2_fmt *f, const struct jbd2_log_io *io, void *bufs,
			 struct jbd2_recovery *r);
/* All three, then free the revoke table. 0 or the first error; r->why. */
int jbd2_recovery_run(const struct jbd2_fmt *f, const struct jbd2_log_io *io, void *bufs,
		      struct jbd2_recovery *r);
void jbd2_recovery_free(struct jbd2_recovery *r);

#endif
