/*
 * ext4 directory blocks, decoded and checked apart from I/O (see
 * <kernel/ext4_format.h>).
 *
 * Linear block: entries (inode u32, rec_len u16, name_len u8, file_type
 * u8, name padded to 4 bytes) whose rec_len chain covers the block; with
 * metadata_csum the last 12 bytes are a tail: a fake entry (inode 0,
 * rec_len 12, name_len 0, type 0xde) and crc32c of the block before it.
 *
 * htree root (block 0 of an indexed directory): "." (rec_len 12) and ".."
 * (rec_len to the end of the block), then at 24 dx_root_info (reserved
 * u32 zero, hash_version u8, info_length u8 = 8, indirect_levels u8,
 * flags u8) and at 32 the entries: the first holds limit u16, count u16
 * and a block; the others hash u32, block u32. An htree node is a fake
 * entry (inode 0, rec_len = block size) with entries from byte 8. With
 * metadata_csum, 8 bytes after limit entries hold a tail (reserved u32,
 * crc32c of the entries in use and that reserved word).
 */
#include <kernel/ext4_format.h>
#include <lib/crc32c.h>
#include <lib/string.h>
#include <mica/compiler.h>
#include <mica/errno.h>

static int bad(const char **why, const char *msg)
{
	*why = msg;
	return -EUCLEAN;
}

u32 ext4_dirblock_end(const struct ext4_geom *g)
{
	return g->csum ? g->block_size - EXT4_DIR_TAIL_SIZE : g->block_size;
}

void ext4_dirent_get(const u8 *blk, u32 off, struct ext4_dirent *d)
{
	d->inode = ext4_get32(blk + off);
	d->rec_len = ext4_get16(blk + off + 4);
	d->name_len = blk[off + 6];
	d->file_type = blk[off + 7];
	d->name = (const char *)blk + off + 8;
}

void ext4_dirent_put(u8 *blk, u32 off, u32 inode, u16 rec_len, const char *name, u8 name_len,
		     u8 type)
{
	ext4_put32(blk + off, inode);
	ext4_put16(blk + off + 4, rec_len);
	blk[off + 6] = name_len;
	blk[off + 7] = type;
	memcpy(blk + off + 8, name, name_len);
	/* Zero the padding: e2fsck does not care, but stale bytes leak. */
	memset(blk + off + 8 + name_len, 0, ext4_dirent_size(name_len) - 8 - name_len);
}

int ext4_dirblock_check(const struct ext4_geom *g, const u8 *blk, u32 iseed, const char **why)
{
	u32 end = ext4_dirblock_end(g), off = 0;

	if (g->csum) {
		const u8 *t = blk + end;

		if (ext4_get32(t) || ext4_get16(t + 4) != EXT4_DIR_TAIL_SIZE || t[6] ||
		    t[7] != EXT4_FT_DIR_CSUM)
			return bad(why, "directory block without checksum tail");
		if (ext4_get32(t + 8) != crc32c(iseed, blk, end))
			return bad(why, "directory block checksum mismatch");
	}
	while (off < end) {
		struct ext4_dirent d;

		if (end - off < 12)
			return bad(why, "directory entry overruns the block");
		ext4_dirent_get(blk, off, &d);
		if (d.rec_len < 12 || d.rec_len % 4)
			return bad(why, "bad directory entry rec_len");
		if (d.rec_len > end - off)
			return bad(why, "directory entry overruns the block");
		if (ext4_dirent_size(d.name_len) > d.rec_len)
			return bad(why, "directory entry name longer than its record");
		if (d.inode && (!d.name_len || d.inode > g->inodes_count))
			return bad(why, "bad directory entry inode or name");
		off += d.rec_len;
	}
	return 0;
}

void ext4_dirblock_finish(const struct ext4_geom *g, u8 *blk, u32 iseed)
{
	u32 end = ext4_dirblock_end(g);
	u8 *t = blk + end;

	if (!g->csum)
		return;
	memset(t, 0, EXT4_DIR_TAIL_SIZE);
	ext4_put16(t + 4, EXT4_DIR_TAIL_SIZE);
	t[7] = EXT4_FT_DIR_CSUM;
	ext4_put32(t + 8, crc32c(iseed, blk, end));
}

/* Common to root and node: count/limit at off, checksum tail. */
static int dx_entries(const struct ext4_geom *g, const u8 *blk, u32 off, u32 iseed,
		      struct ext4_dx_node *n, const char **why)
{
	u32 want = (g->block_size - off - (g->csum ? EXT4_DX_TAIL_SIZE : 0)) / 8;

	n->limit = ext4_get16(blk + off);
	n->count = ext4_get16(blk + off + 2);
	n->entries_off = off;
	if (n->limit != want)
		return bad(why, "bad htree limit");
	if (!n->count || n->count > n->limit)
		return bad(why, "bad htree count");
	if (g->csum) {
		const u8 *t = blk + off + 8 * n->limit;
		u32 zero = 0, c = crc32c(iseed, blk, off + 8 * n->count);

		/* The reserved word and the checksum field, as zero. */
		c = crc32c(c, t, 4);
		c = crc32c(c, &zero, 4);
		if (ext4_get32(t + 4) != c)
			return bad(why, "htree node checksum mismatch");
	}
	for (u32 i = 2; i < n->count; i++)
		if (ext4_get32(blk + off + 8 * i) < ext4_get32(blk + off + 8 * (i - 1)))
			return bad(why, "htree hashes out of order");
	return 0;
}

int ext4_dx_root_parse(const struct ext4_geom *g, const u8 *blk, u32 iseed, struct ext4_dx_node *n,
		       const char **why)
{
	struct ext4_dirent dot, dotdot;

	ext4_dirent_get(blk, 0, &dot);
	ext4_dirent_get(blk, 12, &dotdot);
	if (dot.rec_len != 12 || dot.name_len != 1 || dot.name[0] != '.' ||
	    dotdot.rec_len != g->block_size - 12 || dotdot.name_len != 2 ||
	    memcmp(dotdot.name, "..", 2))
		return bad(why, "bad htree root entries");
	if (ext4_get32(blk + 24) || blk[29] != 8)
		return bad(why, "bad htree root info");
	n->hash_version = blk[28];
	if (n->hash_version > EXT4_HASH_TEA)
		return bad(why, "unknown htree hash version");
	n->levels = blk[30];
	if (n->levels > 1)
		return bad(why, "htree deeper than two levels");
	return dx_entries(g, blk, 32, iseed, n, why);
}

int ext4_dx_node_parse(const struct ext4_geom *g, const u8 *blk, u32 iseed, struct ext4_dx_node *n,
		       const char **why)
{
	struct ext4_dirent fake;

	ext4_dirent_get(blk, 0, &fake);
	if (fake.inode || fake.rec_len != g->block_size || fake.name_len)
		return bad(why, "bad htree node header");
	n->levels = 0;
	n->hash_version = 0;
	return dx_entries(g, blk, 8, iseed, n, why);
}

void ext4_dx_entry_get(const u8 *blk, const struct ext4_dx_node *n, u32 i, struct ext4_dx_entry *e)
{
	const u8 *p = blk + n->entries_off + 8 * i;

	e->hash = i ? ext4_get32(p) : 0;
	e->block = ext4_get32(p + 4);
}
