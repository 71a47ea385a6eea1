/*
 * Decoding, checking and building jbd2 blocks (the layout is drawn in
 * <kernel/jbd2_format.h>): pure functions on buffers, built for the host
 * too. Every offset read from a block is checked against the block first.
 */
#include <kernel/jbd2_format.h>
#include <lib/crc32c.h>
#include <lib/printf.h>
#include <lib/string.h>
#include <mica/errno.h>

/* Superblock offsets. */
#define SB_BLOCKSIZE 0x0c
#define SB_MAXLEN 0x10
#define SB_FIRST 0x14
#define SB_SEQUENCE 0x18
#define SB_START 0x1c
#define SB_ERRNO 0x20
#define SB_COMPAT 0x24
#define SB_INCOMPAT 0x28
#define SB_RO_COMPAT 0x2c
#define SB_UUID 0x30
#define SB_NR_USERS 0x40
#define SB_CSUM_TYPE 0x50
#define SB_NUM_FC 0x54
#define SB_CHECKSUM 0xfc
#define SB_USERS 0x100

/* Commit block offsets. */
#define CB_CHKSUM_TYPE 0x0c
#define CB_CHKSUM_SIZE 0x0d
#define CB_CHKSUM 0x10
#define CB_SEC 0x30
#define CB_NSEC 0x38

#define REVOKE_COUNT 0x0c

#define UUID_SIZE 16

static int refuse(char *why, int err, const char *msg, u32 a, u32 b)
{
	snprintf(why, JBD2_WHY, msg, a, b);
	return err;
}

static u32 sb_csum(const u8 *sb)
{
	u32 zero = 0;
	u32 c = crc32c(~0u, sb, SB_CHECKSUM);

	c = crc32c(c, &zero, 4);
	return crc32c(c, sb + SB_CHECKSUM + 4, JBD2_SB_SIZE - SB_CHECKSUM - 4);
}

static void fmt_derive(struct jbd2_fmt *f)
{
	f->csum3 = f->incompat & JBD2_FEATURE_INCOMPAT_CSUM_V3;
	f->csum = f->csum3 || (f->incompat & JBD2_FEATURE_INCOMPAT_CSUM_V2);
	f->has64 = f->incompat & JBD2_FEATURE_INCOMPAT_64BIT;
	if (f->csum3)
		f->tag_bytes = 16;
	else
		f->tag_bytes = 12 + (f->csum ? 2 : 0) - (f->has64 ? 0 : 4);
	f->tail_bytes = f->csum ? 4 : 0;
	f->csum_seed = f->csum ? crc32c(~0u, f->uuid, UUID_SIZE) : 0;
}

int jbd2_sb_decode(const void *buf, u32 blocksize, u64 nr_blocks, struct jbd2_fmt *f,
		   char *why)
{
	const u8 *sb = buf;
	u32 type = jbd2_get_be32(sb + 4);

	memset(f, 0, sizeof(*f));
	why[0] = 0;
	if (jbd2_get_be32(sb) != JBD2_MAGIC)
		return refuse(why, -EUCLEAN, "bad journal superblock magic %#x", jbd2_get_be32(sb), 0);
	if (type != JBD2_SUPERBLOCK_V1 && type != JBD2_SUPERBLOCK_V2)
		return refuse(why, -EUCLEAN, "journal superblock of unknown type %u", type, 0);
	f->v1 = type == JBD2_SUPERBLOCK_V1;
	f->blocksize = jbd2_get_be32(sb + SB_BLOCKSIZE);
	f->maxlen = jbd2_get_be32(sb + SB_MAXLEN);
	f->first = jbd2_get_be32(sb + SB_FIRST);
	f->sequence = jbd2_get_be32(sb + SB_SEQUENCE);
	f->start = jbd2_get_be32(sb + SB_START);
	f->err = (s32)jbd2_get_be32(sb + SB_ERRNO);
	if (!f->v1) {
		f->compat = jbd2_get_be32(sb + SB_COMPAT);
		f->incompat = jbd2_get_be32(sb + SB_INCOMPAT);
		f->ro_compat = jbd2_get_be32(sb + SB_RO_COMPAT);
	}
	memcpy(f->uuid, sb + SB_UUID, UUID_SIZE);
	if (f->blocksize != blocksize)
		return refuse(why, -EUCLEAN, "journal block size %u is not the file system's %u",
			      f->blocksize, blocksize);
	if (f->maxlen > nr_blocks || f->maxlen < JBD2_MIN_LOG)
		return refuse(why, -EUCLEAN, "journal length %u does not fit its %u blocks",
			      f->maxlen, (u32)(nr_blocks > 0xffffffffu ? 0xffffffffu : nr_blocks));
	if (f->first == 0 || f->first > f->maxlen - JBD2_MIN_LOG + 1)
		return refuse(why, -EUCLEAN, "journal log starts at block %u of %u", f->first,
			      f->maxlen);
	if (f->start && (f->start < f->first || f->start >= f->maxlen))
		return refuse(why, -EUCLEAN, "journal start %u is outside the log (%u blocks)",
			      f->start, f->maxlen);
	if (f->incompat & ~JBD2_KNOWN_INCOMPAT)
		return refuse(why, -EOPNOTSUPP, "journal has unknown incompatible features %#x",
			      f->incompat & ~JBD2_KNOWN_INCOMPAT, 0);
	if (f->ro_compat)
		return refuse(why, -EOPNOTSUPP, "journal has unknown ro_compat features %#x",
			      f->ro_compat, 0);
	if ((f->incompat & JBD2_FEATURE_INCOMPAT_CSUM_V2) &&
	    (f->incompat & JBD2_FEATURE_INCOMPAT_CSUM_V3))
		return refuse(why, -EUCLEAN, "journal has checksums v2 and v3 at once", 0, 0);
	fmt_derive(f);
	if (f->csum && (f->compat & JBD2_FEATURE_COMPAT_CHECKSUM))
		return refuse(why, -EUCLEAN, "journal has checksums v1 and v%u at once",
			      f->csum3 ? 3 : 2, 0);
	if (f->csum) {
		if (sb[SB_CSUM_TYPE] != JBD2_CRC32C_CHKSUM)
			return refuse(why, -EOPNOTSUPP, "journal checksum type %u is not crc32c",
				      sb[SB_CSUM_TYPE], 0);
		if (jbd2_get_be32(sb + SB_CHECKSUM) != sb_csum(sb))
			return refuse(why, -EUCLEAN,
				      "journal superblock checksum %#x, computed %#x",
				      jbd2_get_be32(sb + SB_CHECKSUM), sb_csum(sb));
	}
	if (!f->v1 && jbd2_get_be32(sb + SB_NR_USERS) > 1)
		return refuse(why, -EOPNOTSUPP, "journal shared by %u file systems",
			      jbd2_get_be32(sb + SB_NR_USERS), 0);
	return 0;
}

void jbd2_sb_encode(const struct jbd2_fmt *f, void *buf)
{
	u8 *sb = buf;

	jbd2_put_be32(sb + SB_SEQUENCE, f->sequence);
	jbd2_put_be32(sb + SB_START, f->start);
	jbd2_put_be32(sb + SB_ERRNO, (u32)f->err);
	if (f->csum)
		jbd2_put_be32(sb + SB_CHECKSUM, sb_csum(sb));
}

void jbd2_sb_set_incompat(struct jbd2_fmt *f, void *buf, u32 incompat)
{
	u8 *sb = buf;

	if (f->v1)
		jbd2_put_be32(sb + 4, JBD2_SUPERBLOCK_V2);
	f->v1 = false;
	f->incompat = incompat;
	jbd2_put_be32(sb + SB_INCOMPAT, incompat);
	fmt_derive(f);
	if (f->csum)
		sb[SB_CSUM_TYPE] = JBD2_CRC32C_CHKSUM;
	jbd2_sb_encode(f, sb);
}

void jbd2_sb_format(void *buf, u32 blocksize, u32 maxlen, u32 incompat, const u8 uuid[16],
		    u32 sequence)
{
	u8 *sb = buf;
	struct jbd2_fmt f = { .incompat = incompat, .sequence = sequence };

	memset(sb, 0, blocksize);
	jbd2_header_put(sb, JBD2_SUPERBLOCK_V2, 0);
	jbd2_put_be32(sb + SB_BLOCKSIZE, blocksize);
	jbd2_put_be32(sb + SB_MAXLEN, maxlen);
	jbd2_put_be32(sb + SB_FIRST, 1);
	jbd2_put_be32(sb + SB_INCOMPAT, incompat);
	memcpy(sb + SB_UUID, uuid, UUID_SIZE);
	memcpy(sb + SB_USERS, uuid, UUID_SIZE);
	jbd2_put_be32(sb + SB_NR_USERS, 1);
	memcpy(f.uuid, uuid, UUID_SIZE);
	fmt_derive(&f);
	if (f.csum)
		sb[SB_CSUM_TYPE] = JBD2_CRC32C_CHKSUM;
	jbd2_sb_encode(&f, sb);
}

bool jbd2_block_is(const void *buf, u32 type, u32 seq)
{
	const u8 *b = buf;

	return jbd2_get_be32(b) == JBD2_MAGIC && jbd2_get_be32(b + 4) == type &&
	       jbd2_get_be32(b + 8) == seq;
}

void jbd2_header_put(void *buf, u32 type, u32 seq)
{
	u8 *b = buf;

	jbd2_put_be32(b, JBD2_MAGIC);
	jbd2_put_be32(b + 4, type);
	jbd2_put_be32(b + 8, seq);
}

/* ---- descriptor blocks ---- */

#define DESC_END (~0u)

int jbd2_desc_next(const struct jbd2_fmt *f, const void *buf, unsigned int *pos,
		   struct jbd2_tag *t)
{
	const u8 *b = buf;
	unsigned int limit = f->blocksize - f->tail_bytes;
	unsigned int p = *pos ? *pos : JBD2_HDR_SIZE;
	const u8 *tag;

	if (*pos == DESC_END || p + f->tag_bytes > limit)
		return 0;
	tag = b + p;
	t->blocknr = jbd2_get_be32(tag);
	/* The 16-bit flags sit at offset 6 in both layouts (v3's are the low
	 * half of a 32-bit field at 4). */
	t->flags = jbd2_get_be16(tag + 6);
	if (f->has64)
		t->blocknr |= (u64)jbd2_get_be32(tag + 8) << 32;
	t->csum = f->csum3 ? jbd2_get_be32(tag + 12) : f->csum ? jbd2_get_be16(tag + 4) : 0;
	p += f->tag_bytes;
	if (!(t->flags & JBD2_FLAG_SAME_UUID))
		p += UUID_SIZE;
	*pos = (t->flags & JBD2_FLAG_LAST_TAG) ? DESC_END : p;
	return 1;
}

unsigned int jbd2_desc_count(const struct jbd2_fmt *f, const void *buf)
{
	unsigned int pos = 0, n = 0;
	struct jbd2_tag t;

	while (jbd2_desc_next(f, buf, &pos, &t))
		n++;
	return n;
}

unsigned int jbd2_desc_capacity(const struct jbd2_fmt *f)
{
	unsigned int room = f->blocksize - f->tail_bytes - JBD2_HDR_SIZE;

	return (room - UUID_SIZE) / f->tag_bytes;
}

void jbd2_desc_init(const struct jbd2_fmt *f, void *buf, u32 seq, unsigned int *pos)
{
	memset(buf, 0, f->blocksize);
	jbd2_header_put(buf, JBD2_DESCRIPTOR_BLOCK, seq);
	*pos = JBD2_HDR_SIZE;
}

static u32 tag_csum(const struct jbd2_fmt *f, const void *data, u32 seq)
{
	u8 s[4];

	jbd2_put_be32(s, seq);
	return crc32c(crc32c(f->csum_seed, s, 4), data, f->blocksize);
}

bool jbd2_desc_add(const struct jbd2_fmt *f, void *buf, unsigned int *pos, u64 blocknr,
		   u32 flags, const void *data, u32 seq)
{
	u8 *tag = (u8 *)buf + *pos;
	bool first = *pos == JBD2_HDR_SIZE;
	unsigned int need = f->tag_bytes + (first ? UUID_SIZE : 0);

	if (*pos + need > f->blocksize - f->tail_bytes)
		return false;
	memset(tag, 0, need);
	flags &= JBD2_FLAG_ESCAPE;
	if (!first)
		flags |= JBD2_FLAG_SAME_UUID;
	jbd2_put_be32(tag, (u32)blocknr);
	if (f->csum3)
		jbd2_put_be32(tag + 4, flags);
	else
		jbd2_put_be16(tag + 6, flags);
	if (f->has64)
		jbd2_put_be32(tag + 8, (u32)(blocknr >> 32));
	if (f->csum3)
		jbd2_put_be32(tag + 12, tag_csum(f, data, seq));
	else if (f->csum)
		jbd2_put_be16(tag + 4, (u16)tag_csum(f, data, seq));
	if (first)
		memcpy(tag + f->tag_bytes, f->uuid, UUID_SIZE);
	*pos += need;
	return true;
}

void jbd2_desc_finish(const struct jbd2_fmt *f, void *buf, unsigned int last_tag_pos)
{
	u8 *tag = (u8 *)buf + last_tag_pos;

	jbd2_put_be16(tag + 6, jbd2_get_be16(tag + 6) | JBD2_FLAG_LAST_TAG);
	jbd2_tail_set(f, buf);
}

static u32 tail_csum(const struct jbd2_fmt *f, const u8 *b)
{
	u32 zero = 0;
	u32 c = crc32c(f->csum_seed, b, f->blocksize - 4);

	return crc32c(c, &zero, 4);
}

bool jbd2_tail_ok(const struct jbd2_fmt *f, const void *buf)
{
	const u8 *b = buf;

	if (!f->csum)
		return true;
	return jbd2_get_be32(b + f->blocksize - 4) == tail_csum(f, b);
}

void jbd2_tail_set(const struct jbd2_fmt *f, void *buf)
{
	u8 *b = buf;

	if (f->csum)
		jbd2_put_be32(b + f->blocksize - 4, tail_csum(f, b));
}

bool jbd2_tag_ok(const struct jbd2_fmt *f, const struct jbd2_tag *t, const void *data,
		 u32 seq)
{
	u32 c;

	if (!f->csum)
		return true;
	c = tag_csum(f, data, seq);
	return f->csum3 ? t->csum == c : t->csum == (c & 0xffff);
}

u32 jbd2_escape(void *data)
{
	if (jbd2_get_be32(data) != JBD2_MAGIC)
		return 0;
	memset(data, 0, 4);
	return JBD2_FLAG_ESCAPE;
}

/* ---- revoke blocks ---- */

int jbd2_revoke_count(const struct jbd2_fmt *f, const void *buf)
{
	u32 used = jbd2_get_be32((const u8 *)buf + REVOKE_COUNT);

	if (used < JBD2_REVOKE_HDR_SIZE || used > f->blocksize - f->tail_bytes)
		return -EUCLEAN;
	return (used - JBD2_REVOKE_HDR_SIZE) / jbd2_revoke_rec(f);
}

u64 jbd2_revoke_get(const struct jbd2_fmt *f, const void *buf, unsigned int i)
{
	const u8 *r = (const u8 *)buf + JBD2_REVOKE_HDR_SIZE + i * jbd2_revoke_rec(f);

	if (f->has64)
		return (u64)jbd2_get_be32(r) << 32 | jbd2_get_be32(r + 4);
	return jbd2_get_be32(r);
}

unsigned int jbd2_revoke_capacity(const struct jbd2_fmt *f)
{
	return (f->blocksize - f->tail_bytes - JBD2_REVOKE_HDR_SIZE) / jbd2_revoke_rec(f);
}

void jbd2_revoke_build(const struct jbd2_fmt *f, void *buf, u32 seq, const u64 *blocks,
		       unsigned int n)
{
	u8 *b = buf;
	unsigned int rec = jbd2_revoke_rec(f);

	memset(b, 0, f->blocksize);
	jbd2_header_put(b, JBD2_REVOKE_BLOCK, seq);
	for (unsigned int i = 0; i < n; i++) {
		u8 *r = b + JBD2_REVOKE_HDR_SIZE + i * rec;

		if (f->has64) {
			jbd2_put_be32(r, (u32)(blocks[i] >> 32));
			jbd2_put_be32(r + 4, (u32)blocks[i]);
		} else {
			jbd2_put_be32(r, (u32)blocks[i]);
		}
	}
	jbd2_put_be32(b + REVOKE_COUNT, JBD2_REVOKE_HDR_SIZE + n * rec);
	jbd2_tail_set(f, b);
}

/* ---- commit blocks ---- */

static u32 commit_csum(const struct jbd2_fmt *f, const u8 *b)
{
	u32 zero = 0;
	u32 c = crc32c(f->csum_seed, b, CB_CHKSUM);

	c = crc32c(c, &zero, 4);
	return crc32c(c, b + CB_CHKSUM + 4, f->blocksize - CB_CHKSUM - 4);
}

void jbd2_commit_build(const struct jbd2_fmt *f, void *buf, u32 seq, u64 sec, u32 nsec)
{
	u8 *b = buf;

	memset(b, 0, f->blocksize);
	jbd2_header_put(b, JBD2_COMMIT_BLOCK, seq);
	jbd2_put_be32(b + CB_SEC, (u32)(sec >> 32));
	jbd2_put_be32(b + CB_SEC + 4, (u32)sec);
	jbd2_put_be32(b + CB_NSEC, nsec);
	/* With csum v2/v3 Linux leaves chksum_type and chksum_size 0. */
	if (f->csum)
		jbd2_put_be32(b + CB_CHKSUM, commit_csum(f, b));
}

bool jbd2_commit_ok(const struct jbd2_fmt *f, const void *buf)
{
	const u8 *b = buf;

	if (!f->csum)
		return true;
	return jbd2_get_be32(b + CB_CHKSUM) == commit_csum(f, b);
}

u64 jbd2_commit_sec(const void *buf)
{
	const u8 *b = buf;

	return (u64)jbd2_get_be32(b + CB_SEC) << 32 | jbd2_get_be32(b + CB_SEC + 4);
}
