/*
 * ext4 inodes and extent-tree nodes, decoded and checked apart from I/O
 * (see <kernel/ext4_format.h>).
 *
 * Inode (inode_size bytes, 128 of the original layout and i_extra_isize
 * more): 0 mode (u16), 2 uid_lo (u16), 4 size_lo, 8 atime, 0xc ctime,
 * 0x10 mtime, 0x14 dtime, 0x18 gid_lo (u16), 0x1a links (u16),
 * 0x1c blocks_lo, 0x20 flags, 0x28 i_block[60], 0x64 generation,
 * 0x68 file_acl_lo, 0x6c size_hi, 0x74 blocks_hi (u16), 0x76 file_acl_hi
 * (u16), 0x78 uid_hi (u16), 0x7a gid_hi (u16), 0x7c checksum_lo (u16),
 * 0x80 extra_isize (u16), 0x82 checksum_hi (u16), 0x84 ctime_extra,
 * 0x88 mtime_extra, 0x8c atime_extra (epoch bits 0-1, nanoseconds << 2).
 *
 * Extent node: a 12-byte header (magic 0xf30a, entries, max, depth,
 * generation) and 12-byte entries: leaves (block, len (u16, above 32768:
 * uninitialized), start_hi (u16), start_lo) or indexes (block, leaf_lo,
 * leaf_hi (u16), unused). A node in a block has a crc32c tail right after
 * max entries.
 */
#include <kernel/ext4_format.h>
#include <lib/crc32c.h>
#include <lib/string.h>
#include <mica/compiler.h>
#include <mica/errno.h>

#define I_CSUM_LO 0x7c
#define I_CSUM_HI 0x82

static int bad(const char **why, const char *msg)
{
	*why = msg;
	return -EUCLEAN;
}

u32 ext4_inode_csum_seed(const struct ext4_geom *g, u32 nr, u32 generation)
{
	u8 le[4];
	u32 c;

	ext4_put32(le, nr);
	c = crc32c(g->csum_seed, le, 4);
	ext4_put32(le, generation);
	return crc32c(c, le, 4);
}

static bool has_csum_hi(const struct ext4_geom *g, const u8 *raw)
{
	return g->inode_size > EXT4_GOOD_OLD_INODE_SIZE && ext4_get16(raw + 0x80) >= 4;
}

static u32 inode_csum(const struct ext4_geom *g, const u8 *raw, u32 nr)
{
	u32 c = ext4_inode_csum_seed(g, nr, ext4_get32(raw + 0x64));
	u16 zero = 0;

	c = crc32c(c, raw, I_CSUM_LO);
	c = crc32c(c, &zero, 2);
	c = crc32c(c, raw + I_CSUM_LO + 2, EXT4_GOOD_OLD_INODE_SIZE - I_CSUM_LO - 2);
	if (g->inode_size > EXT4_GOOD_OLD_INODE_SIZE) {
		u32 off = I_CSUM_HI;

		c = crc32c(c, raw + EXT4_GOOD_OLD_INODE_SIZE, I_CSUM_HI - EXT4_GOOD_OLD_INODE_SIZE);
		if (has_csum_hi(g, raw)) {
			c = crc32c(c, &zero, 2);
			off += 2;
		}
		c = crc32c(c, raw + off, g->inode_size - off);
	}
	return c;
}

static void get_time(const u8 *raw, u32 off, u32 extra_off, u16 extra_isize, s64 *sec, u32 *ns)
{
	*sec = (s32)ext4_get32(raw + off);
	*ns = 0;
	if (EXT4_GOOD_OLD_INODE_SIZE + (u32)extra_isize >= extra_off + 4) {
		u32 x = ext4_get32(raw + extra_off);

		*sec += (s64)(x & 3) << 32;
		*ns = x >> 2;
		if (*ns > 999999999)
			*ns = 0;
	}
}

static void put_time(u8 *raw, u32 off, u32 extra_off, u16 extra_isize, s64 sec, u32 ns)
{
	ext4_put32(raw + off, (u32)sec);
	if (EXT4_GOOD_OLD_INODE_SIZE + (u32)extra_isize >= extra_off + 4)
		ext4_put32(raw + extra_off, (u32)(((sec - (s32)sec) >> 32) & 3) | ns << 2);
}

int ext4_inode_parse(const struct ext4_geom *g, const u8 *raw, u32 nr, struct ext4_dinode *di,
		     const char **why)
{
	if (nr < 1 || nr > g->inodes_count)
		return bad(why, "inode number out of range");
	di->extra_isize = 0;
	if (g->inode_size > EXT4_GOOD_OLD_INODE_SIZE) {
		di->extra_isize = ext4_get16(raw + 0x80);
		if (di->extra_isize % 4 ||
		    EXT4_GOOD_OLD_INODE_SIZE + (u32)di->extra_isize > g->inode_size)
			return bad(why, "bad i_extra_isize");
	}
	if (g->csum) {
		u32 want = inode_csum(g, raw, nr);
		u32 have = ext4_get16(raw + I_CSUM_LO);

		if (has_csum_hi(g, raw))
			have |= (u32)ext4_get16(raw + I_CSUM_HI) << 16;
		else
			want &= 0xffff;
		if (have != want)
			return bad(why, "inode checksum mismatch");
	}
	di->mode = ext4_get16(raw + 0);
	di->uid = ext4_get16(raw + 2) | (u32)ext4_get16(raw + 0x78) << 16;
	di->gid = ext4_get16(raw + 0x18) | (u32)ext4_get16(raw + 0x7a) << 16;
	di->size = ext4_get32(raw + 4) | (u64)ext4_get32(raw + 0x6c) << 32;
	if (di->size >> 62)
		return bad(why, "absurd file size");
	di->links = ext4_get16(raw + 0x1a);
	di->flags = ext4_get32(raw + 0x20);
	di->blocks = ext4_get32(raw + 0x1c) | (u64)ext4_get16(raw + 0x74) << 32;
	if ((g->ro_compat & EXT4_RO_COMPAT_HUGE_FILE) && (di->flags & EXT4_HUGE_FILE_FL))
		di->blocks *= g->block_size / 512;
	di->generation = ext4_get32(raw + 0x64);
	di->file_acl = ext4_get32(raw + 0x68) | (u64)ext4_get16(raw + 0x76) << 32;
	if (di->file_acl && (di->file_acl <= g->first_data_block || di->file_acl >= g->blocks_count))
		return bad(why, "xattr block outside the file system");
	di->dtime = ext4_get32(raw + 0x14);
	get_time(raw, 0x8, 0x8c, di->extra_isize, &di->atime, &di->atime_ns);
	get_time(raw, 0xc, 0x84, di->extra_isize, &di->ctime, &di->ctime_ns);
	get_time(raw, 0x10, 0x88, di->extra_isize, &di->mtime, &di->mtime_ns);
	memcpy(di->block, raw + 0x28, EXT4_IBLOCK_SIZE);
	return 0;
}

void ext4_inode_store(const struct ext4_geom *g, u8 *raw, u32 nr, const struct ext4_dinode *di)
{
	u64 blocks = di->blocks;
	u32 flags = di->flags & ~EXT4_HUGE_FILE_FL;

	if (blocks >> 48) {	/* count in file-system blocks instead */
		blocks /= g->block_size / 512;
		flags |= EXT4_HUGE_FILE_FL;
	}
	ext4_put16(raw + 0, di->mode);
	ext4_put16(raw + 2, (u16)di->uid);
	ext4_put16(raw + 0x78, (u16)(di->uid >> 16));
	ext4_put16(raw + 0x18, (u16)di->gid);
	ext4_put16(raw + 0x7a, (u16)(di->gid >> 16));
	ext4_put32(raw + 4, (u32)di->size);
	ext4_put32(raw + 0x6c, (u32)(di->size >> 32));
	ext4_put16(raw + 0x1a, (u16)di->links);
	ext4_put32(raw + 0x20, flags);
	ext4_put32(raw + 0x1c, (u32)blocks);
	ext4_put16(raw + 0x74, (u16)(blocks >> 32));
	ext4_put32(raw + 0x64, di->generation);
	ext4_put32(raw + 0x68, (u32)di->file_acl);
	ext4_put16(raw + 0x76, (u16)(di->file_acl >> 32));
	ext4_put32(raw + 0x14, di->dtime);
	if (g->inode_size > EXT4_GOOD_OLD_INODE_SIZE)
		ext4_put16(raw + 0x80, di->extra_isize);
	put_time(raw, 0x8, 0x8c, di->extra_isize, di->atime, di->atime_ns);
	put_time(raw, 0xc, 0x84, di->extra_isize, di->ctime, di->ctime_ns);
	put_time(raw, 0x10, 0x88, di->extra_isize, di->mtime, di->mtime_ns);
	memcpy(raw + 0x28, di->block, EXT4_IBLOCK_SIZE);
	if (g->csum) {
		u32 c;

		ext4_put16(raw + I_CSUM_LO, 0);
		if (has_csum_hi(g, raw))
			ext4_put16(raw + I_CSUM_HI, 0);
		c = inode_csum(g, raw, nr);
		ext4_put16(raw + I_CSUM_LO, (u16)c);
		if (has_csum_hi(g, raw))
			ext4_put16(raw + I_CSUM_HI, (u16)(c >> 16));
	}
}

/* ---- extent nodes ---- */

u32 ext4_ext_node_capacity(u32 size, bool root)
{
	return root ? (EXT4_IBLOCK_SIZE - 12) / 12 : (size - 12) / 12;
}

static u32 tail_off(u16 max)
{
	return 12 + 12u * max;
}

int ext4_ext_node_check(const struct ext4_geom *g, const u8 *buf, u32 size, bool root,
			int want_depth, u32 iseed, struct ext4_ext_header *h, const char **why)
{
	u32 cap = ext4_ext_node_capacity(size, root);

	if (ext4_get16(buf) != EXT4_EXT_MAGIC)
		return bad(why, "bad extent header magic");
	h->entries = ext4_get16(buf + 2);
	h->max = ext4_get16(buf + 4);
	h->depth = ext4_get16(buf + 6);
	if (!h->max || h->max > cap)
		return bad(why, "bad extent header eh_max");
	if (h->entries > h->max)
		return bad(why, "extent header entries above eh_max");
	if (h->depth > EXT4_MAX_DEPTH || (want_depth >= 0 && h->depth != want_depth))
		return bad(why, "bad extent tree depth");
	if (!h->entries && h->depth)
		return bad(why, "empty extent index node");
	if (!root && g->csum) {
		u32 off = tail_off(h->max);

		if (off + 4 > size)
			return bad(why, "no room for the extent block tail");
		if (ext4_get32(buf + off) != crc32c(iseed, buf, off))
			return bad(why, "extent block checksum mismatch");
	}
	/* Entries in increasing order, inside the file system. */
	for (u32 i = 0; i < h->entries; i++) {
		if (h->depth == 0) {
			struct ext4_extent e, p;

			ext4_ext_leaf_get(buf, i, &e);
			if (!e.len || e.pblk <= g->first_data_block ||
			    e.pblk + e.len > g->blocks_count || (u64)e.lblk + e.len > 1ULL << 32)
				return bad(why, "extent outside the file system");
			if (i) {
				ext4_ext_leaf_get(buf, i - 1, &p);
				if (p.lblk + p.len > e.lblk)
					return bad(why, "extents overlap or out of order");
			}
		} else {
			u32 lb, plb;
			u64 child, pc;

			ext4_ext_index_get(buf, i, &lb, &child);
			if (child <= g->first_data_block || child >= g->blocks_count)
				return bad(why, "extent index outside the file system");
			if (i) {
				ext4_ext_index_get(buf, i - 1, &plb, &pc);
				if (plb >= lb)
					return bad(why, "extent index out of order");
			}
		}
	}
	return 0;
}

void ext4_ext_leaf_get(const u8 *buf, u32 i, struct ext4_extent *e)
{
	const u8 *p = buf + 12 + 12 * i;
	u32 len = ext4_get16(p + 4);

	e->lblk = ext4_get32(p);
	e->uninit = len > EXT4_EXT_INIT_MAX_LEN;
	e->len = e->uninit ? len - EXT4_EXT_INIT_MAX_LEN : len;
	e->pblk = ext4_get32(p + 8) | (u64)ext4_get16(p + 6) << 32;
}

void ext4_ext_index_get(const u8 *buf, u32 i, u32 *lblk, u64 *child)
{
	const u8 *p = buf + 12 + 12 * i;

	*lblk = ext4_get32(p);
	*child = ext4_get32(p + 4) | (u64)ext4_get16(p + 8) << 32;
}

void ext4_ext_node_init(u8 *buf, u32 size, bool root, u16 depth)
{
	memset(buf, 0, size);
	ext4_put16(buf, EXT4_EXT_MAGIC);
	ext4_put16(buf + 4, (u16)ext4_ext_node_capacity(size, root));
	ext4_put16(buf + 6, depth);
}

void ext4_ext_leaf_put(u8 *buf, u32 i, const struct ext4_extent *e)
{
	u8 *p = buf + 12 + 12 * i;

	ext4_put32(p, e->lblk);
	ext4_put16(p + 4, (u16)(e->uninit ? e->len + EXT4_EXT_INIT_MAX_LEN : e->len));
	ext4_put16(p + 6, (u16)(e->pblk >> 32));
	ext4_put32(p + 8, (u32)e->pblk);
}

void ext4_ext_index_put(u8 *buf, u32 i, u32 lblk, u64 child)
{
	u8 *p = buf + 12 + 12 * i;

	ext4_put32(p, lblk);
	ext4_put32(p + 4, (u32)child);
	ext4_put16(p + 8, (u16)(child >> 32));
	ext4_put16(p + 10, 0);
}

void ext4_ext_node_finish(const struct ext4_geom *g, u8 *buf, u32 size, bool root, u16 entries,
			  u32 iseed)
{
	(void)size;
	ext4_put16(buf + 2, entries);
	if (!root && g->csum) {
		u32 off = tail_off(ext4_get16(buf + 4));

		ext4_put32(buf + off, crc32c(iseed, buf, off));
	}
}
