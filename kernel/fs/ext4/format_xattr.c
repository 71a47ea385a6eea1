/*
 * ext4 extended attributes, decoded and checked apart from I/O (see
 * <kernel/ext4_format.h>).
 *
 * Entry: name_len u8, name_index u8, value_offs u16, value_inum u32,
 * value_size u32, hash u32, then the name (no prefix, no NUL), padded to
 * 4 bytes. A list ends with four zero bytes. In an inode the area after
 * i_extra_isize starts with the magic 0xea020000 and values are placed
 * relative to the first entry; a block starts with a 32-byte header
 * (magic, refcount, blocks = 1, hash, checksum at 0x10) and values are
 * relative to the block. The block checksum is crc32c over the block
 * number (le64) and the block with its checksum field zeroed.
 */
#include <kernel/ext4_format.h>
#include <lib/crc32c.h>
#include <lib/string.h>
#include <mica/compiler.h>
#include <mica/errno.h>

#define XB_HDR 32
#define XB_CSUM 0x10

static int bad(const char **why, const char *msg)
{
	*why = msg;
	return -EUCLEAN;
}

/* Entries at list (inside [0, size) of base), values relative to vbase. */
static int walk(const u8 *base, u32 size, u32 list, u32 vbase,
		int (*fn)(const struct ext4_xattr *x, void *arg), void *arg, const char **why)
{
	u32 off = list;

	for (;;) {
		struct ext4_xattr x;
		u32 voff, esize;
		int r;

		if (size - off < 4)
			return bad(why, "xattr list runs off its area");
		if (!ext4_get32(base + off))
			return 0;
		if (size - off < 16)
			return bad(why, "xattr entry runs off its area");
		x.name_len = base[off];
		x.index = base[off + 1];
		voff = ext4_get16(base + off + 2);
		if (ext4_get32(base + off + 4))
			return bad(why, "xattr value in an inode (ea_inode) not supported");
		x.value_size = ext4_get32(base + off + 8);
		esize = (16 + x.name_len + 3) & ~3u;
		if (!x.name_len || esize > size - off)
			return bad(why, "bad xattr entry name");
		x.name = (const char *)base + off + 16;
		if (x.value_size) {
			if (vbase + voff < list || x.value_size > size ||
			    vbase + voff > size - x.value_size)
				return bad(why, "xattr value outside its area");
			x.value = base + vbase + voff;
		} else {
			x.value = base + off;	/* any valid address */
		}
		r = fn(&x, arg);
		if (r)
			return r;
		off += esize;
	}
}

int ext4_xattr_ibody_walk(const u8 *area, u32 size,
			  int (*fn)(const struct ext4_xattr *x, void *arg), void *arg, const char **why)
{
	if (size < 8 || ext4_get32(area) != EXT4_XATTR_MAGIC)
		return -ENODATA;
	return walk(area, size, 4, 4, fn, arg, why);
}

static u32 block_csum(const struct ext4_geom *g, const u8 *blk, u64 blocknr)
{
	u8 le[8];
	u32 zero = 0, c;

	ext4_put32(le, (u32)blocknr);
	ext4_put32(le + 4, (u32)(blocknr >> 32));
	c = crc32c(g->csum_seed, le, 8);
	c = crc32c(c, blk, XB_CSUM);
	c = crc32c(c, &zero, 4);
	return crc32c(c, blk + XB_CSUM + 4, g->block_size - XB_CSUM - 4);
}

void ext4_xattr_block_set_csum(const struct ext4_geom *g, u8 *blk, u64 blocknr)
{
	if (g->csum)
		ext4_put32(blk + XB_CSUM, block_csum(g, blk, blocknr));
}

int ext4_xattr_block_walk(const struct ext4_geom *g, const u8 *blk, u64 blocknr,
			  int (*fn)(const struct ext4_xattr *x, void *arg), void *arg, const char **why)
{
	if (ext4_get32(blk) != EXT4_XATTR_MAGIC || ext4_get32(blk + 8) != 1)
		return bad(why, "bad xattr block header");
	if (g->csum && ext4_get32(blk + XB_CSUM) != block_csum(g, blk, blocknr))
		return bad(why, "xattr block checksum mismatch");
	return walk(blk, g->block_size, XB_HDR, 0, fn, arg, why);
}

#define ACL_USER 2
#define ACL_GROUP 8
#define ACL_UNDEFINED_ID 0xffffffffu

int ext4_acl_to_xattr(const u8 *in, u32 in_size, u8 *out, u32 out_size)
{
	u32 off = 4, n = 0, need = 4;

	if (in_size < 4 || ext4_get32(in) != 1)
		return -EUCLEAN;
	/* Count first, so that the size is known before writing. */
	while (off < in_size) {
		u16 tag;

		if (in_size - off < 4)
			return -EUCLEAN;
		tag = ext4_get16(in + off);
		off += (tag == ACL_USER || tag == ACL_GROUP) ? 8 : 4;
		if (off > in_size)
			return -EUCLEAN;
		n++;
	}
	need += 8 * n;
	if (!out_size)
		return (int)need;
	if (out_size < need)
		return -ERANGE;
	ext4_put32(out, 2);
	for (off = 4, n = 0; off < in_size; n++) {
		u16 tag = ext4_get16(in + off);
		u8 *e = out + 4 + 8 * n;

		ext4_put16(e, tag);
		ext4_put16(e + 2, ext4_get16(in + off + 2));
		if (tag == ACL_USER || tag == ACL_GROUP) {
			ext4_put32(e + 4, ext4_get32(in + off + 4));
			off += 8;
		} else {
			ext4_put32(e + 4, ACL_UNDEFINED_ID);
			off += 4;
		}
	}
	return (int)need;
}

/* ---- building xattr areas (setxattr, removexattr) ---- */

#define NAME_HASH_SHIFT 5
#define VALUE_HASH_SHIFT 16
#define BLOCK_HASH_SHIFT 16

static u32 pad4(u32 n)
{
	return (n + 3) & ~3u;
}

/* The entry hash: the name's bytes, then the value as le32 words (its
 * padding zero). e2fsck checks it in blocks and, when not zero, in inodes. */
u32 ext4_xattr_entry_hash(const struct ext4_xattr *x)
{
	u32 h = 0, i;

	for (i = 0; i < x->name_len; i++)
		h = (h << NAME_HASH_SHIFT) ^ (h >> (32 - NAME_HASH_SHIFT)) ^ (u8)x->name[i];
	for (i = 0; i < x->value_size; i += 4) {
		u8 w[4] = { 0, 0, 0, 0 };

		memcpy(w, x->value + i, MIN(4u, x->value_size - i));
		h = (h << VALUE_HASH_SHIFT) ^ (h >> (32 - VALUE_HASH_SHIFT)) ^ ext4_get32(w);
	}
	return h;
}

/* The order Linux keeps a block's entries in: index, name length, name. */
int ext4_xattr_cmp(const struct ext4_xattr *a, const struct ext4_xattr *b)
{
	if (a->index != b->index)
		return a->index < b->index ? -1 : 1;
	if (a->name_len != b->name_len)
		return a->name_len < b->name_len ? -1 : 1;
	return memcmp(a->name, b->name, a->name_len);
}

u32 ext4_xattr_space(const struct ext4_xattr *xs, u32 n)
{
	u32 need = 4, i;	/* the four zero bytes that end the list */

	for (i = 0; i < n; i++)
		need += 16 + pad4(xs[i].name_len) + pad4(xs[i].value_size);
	return need;
}

/* Entries at out + list, values packed down from out + size, offsets
 * relative to out + vbase. The caller checked the space. Returns the
 * combined hash of the entries (Linux's block hash). */
static u32 build(u8 *out, u32 size, u32 list, u32 vbase, const struct ext4_xattr *xs, u32 n)
{
	u32 off = list, vend = size, bhash = 0, i;
	bool unhashed = false;

	for (i = 0; i < n; i++) {
		const struct ext4_xattr *x = &xs[i];
		u32 h = ext4_xattr_entry_hash(x);

		out[off] = x->name_len;
		out[off + 1] = x->index;
		ext4_put16(out + off + 2, 0);
		ext4_put32(out + off + 4, 0);
		ext4_put32(out + off + 8, x->value_size);
		ext4_put32(out + off + 12, h);
		memcpy(out + off + 16, x->name, x->name_len);
		if (x->value_size) {
			vend -= pad4(x->value_size);
			memcpy(out + vend, x->value, x->value_size);
			ext4_put16(out + off + 2, (u16)(vend - vbase));
		}
		off += 16 + pad4(x->name_len);
		/* An entry without a hash leaves the whole block without one. */
		unhashed |= !h;
		bhash = (bhash << BLOCK_HASH_SHIFT) ^ (bhash >> (32 - BLOCK_HASH_SHIFT)) ^ h;
	}
	return unhashed ? 0 : bhash;
}

int ext4_xattr_ibody_build(u8 *area, u32 size, const struct ext4_xattr *xs, u32 n)
{
	if (!n) {
		memset(area, 0, size);	/* Linux clears the magic of an empty area */
		return 0;
	}
	if (size < 4 || ext4_xattr_space(xs, n) > size - 4)
		return -ENOSPC;
	memset(area, 0, size);
	ext4_put32(area, EXT4_XATTR_MAGIC);
	build(area, size, 4, 4, xs, n);
	return 0;
}

void ext4_xattr_sort(struct ext4_xattr *xs, u32 n)
{
	for (u32 i = 1; i < n; i++) {
		struct ext4_xattr t = xs[i];
		u32 j = i;

		for (; j && ext4_xattr_cmp(&xs[j - 1], &t) > 0; j--)
			xs[j] = xs[j - 1];
		xs[j] = t;
	}
}

int ext4_xattr_block_build(const struct ext4_geom *g, u8 *blk, u64 blocknr, u32 refcount,
			   const struct ext4_xattr *xs, u32 n)
{
	u32 hash;

	if (ext4_xattr_space(xs, n) > g->block_size - XB_HDR)
		return -ENOSPC;
	memset(blk, 0, g->block_size);
	ext4_put32(blk, EXT4_XATTR_MAGIC);
	ext4_put32(blk + 4, refcount);
	ext4_put32(blk + 8, 1);
	hash = build(blk, g->block_size, XB_HDR, 0, xs, n);
	ext4_put32(blk + 12, hash);
	ext4_xattr_block_set_csum(g, blk, blocknr);
	return 0;
}
