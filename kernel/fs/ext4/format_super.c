/*
 * ext4 superblock and group descriptors, decoded and checked apart from
 * I/O (see <kernel/ext4_format.h>).
 *
 * Superblock (1024 bytes at byte 1024), the offsets used here:
 *   0 inodes_count, 4 blocks_count_lo, 8 r_blocks_count_lo,
 *   0xc free_blocks_lo, 0x10 free_inodes, 0x14 first_data_block,
 *   0x18 log_block_size, 0x1c log_cluster_size, 0x20 blocks_per_group,
 *   0x24 clusters_per_group, 0x28 inodes_per_group, 0x38 magic (u16),
 *   0x3a state (u16), 0x4c rev_level, 0x54 first_ino, 0x58 inode_size
 *   (u16), 0x5c compat, 0x60 incompat, 0x64 ro_compat, 0x68 uuid[16],
 *   0xce reserved_gdt_blocks (u16), 0xe0 journal_inum, 0xe8 last_orphan,
 *   0xec hash_seed[4], 0xfc def_hash_version (u8), 0xfe desc_size (u16),
 *   0x104 first_meta_bg, 0x150 blocks_count_hi, 0x154 r_blocks_count_hi,
 *   0x158 free_blocks_hi, 0x15c min_extra_isize, 0x15e want_extra_isize,
 *   0x160 flags, 0x174 log_groups_per_flex (u8), 0x175 checksum_type (u8),
 *   0x270 checksum_seed, 0x3fc checksum.
 *
 * Group descriptor (32 bytes, 64 with 64bit; the _hi halves from 0x20):
 *   0 block_bitmap, 4 inode_bitmap, 8 inode_table, 0xc free_blocks (u16),
 *   0xe free_inodes (u16), 0x10 used_dirs (u16), 0x12 flags (u16),
 *   0x18 block_bitmap_csum (u16), 0x1a inode_bitmap_csum (u16),
 *   0x1c itable_unused (u16), 0x1e checksum (u16); 0x20.. the high halves
 *   of the same fields in the same order, bitmap checksums at 0x38/0x3a.
 */
#include <kernel/ext4_format.h>
#include <lib/crc32c.h>
#include <lib/string.h>
#include <mica/compiler.h>
#include <mica/errno.h>

#define SB_CHECKSUM 0x3fc

static int bad(const char **why, const char *msg)
{
	*why = msg;
	return -EUCLEAN;
}

static bool is_pow2(u32 v)
{
	return v && !(v & (v - 1));
}

int ext4_sb_parse(const u8 *raw, u64 dev_sectors, struct ext4_geom *g, const char **why)
{
	u32 log, cpg, log_c;
	u64 data_blocks;

	memset(g, 0, sizeof(*g));
	if (ext4_get16(raw + 0x38) != EXT4_SUPER_MAGIC)
		return bad(why, "bad magic");
	g->compat = ext4_get32(raw + 0x5c);
	g->incompat = ext4_get32(raw + 0x60);
	g->ro_compat = ext4_get32(raw + 0x64);
	g->csum = g->ro_compat & EXT4_RO_COMPAT_METADATA_CSUM;
	if (g->csum) {
		if (raw[0x175] != 1)
			return bad(why, "checksum type is not crc32c");
		if (ext4_get32(raw + SB_CHECKSUM) != crc32c(~0u, raw, SB_CHECKSUM))
			return bad(why, "superblock checksum mismatch");
	}
	if (g->incompat & ~EXT4_INCOMPAT_KNOWN) {
		*why = "unsupported incompatible features";
		return -EOPNOTSUPP;
	}
	if (ext4_get32(raw + 0x4c) < 1)
		return bad(why, "revision 0 file systems are not supported");
	log = ext4_get32(raw + 0x18);
	log_c = ext4_get32(raw + 0x1c);
	if (log > 2) {
		*why = "block size above 4096";
		return -EOPNOTSUPP;
	}
	if (log_c != log) {
		*why = "bigalloc clusters";
		return -EOPNOTSUPP;
	}
	g->log_block_size = log;
	g->block_size = 1024u << log;
	g->inodes_count = ext4_get32(raw + 0);
	g->blocks_count = ext4_get32(raw + 4);
	g->r_blocks_count = ext4_get32(raw + 8);
	g->free_blocks = ext4_get32(raw + 0xc);
	g->free_inodes = ext4_get32(raw + 0x10);
	g->desc_size = 32;
	if (g->incompat & EXT4_INCOMPAT_64BIT) {
		g->blocks_count |= (u64)ext4_get32(raw + 0x150) << 32;
		g->r_blocks_count |= (u64)ext4_get32(raw + 0x154) << 32;
		g->free_blocks |= (u64)ext4_get32(raw + 0x158) << 32;
		g->desc_size = ext4_get16(raw + 0xfe);
		if (g->desc_size < 64 || g->desc_size > 1024 || !is_pow2(g->desc_size))
			return bad(why, "bad group descriptor size");
	}
	g->first_data_block = ext4_get32(raw + 0x14);
	if (g->first_data_block != (g->block_size == 1024 ? 1u : 0u))
		return bad(why, "bad first data block");
	g->blocks_per_group = ext4_get32(raw + 0x20);
	cpg = ext4_get32(raw + 0x24);
	if (g->blocks_per_group != cpg || !g->blocks_per_group ||
	    g->blocks_per_group > 8 * g->block_size || g->blocks_per_group % 8)
		return bad(why, "bad blocks per group");
	g->inodes_per_group = ext4_get32(raw + 0x28);
	if (!g->inodes_per_group || g->inodes_per_group > 8 * g->block_size ||
	    g->inodes_per_group % 8)
		return bad(why, "bad inodes per group");
	g->inode_size = ext4_get16(raw + 0x58);
	if (g->inode_size < EXT4_GOOD_OLD_INODE_SIZE || g->inode_size > g->block_size ||
	    !is_pow2(g->inode_size))
		return bad(why, "bad inode size");
	g->first_ino = ext4_get32(raw + 0x54);
	if (g->first_ino < 11 || g->first_ino > g->inodes_count)
		return bad(why, "bad first inode");
	if (g->blocks_count <= g->first_data_block || g->blocks_count >= (1ULL << 48))
		return bad(why, "bad block count");
	if (dev_sectors && g->blocks_count > dev_sectors / (g->block_size / 512))
		return bad(why, "file system larger than the device");
	data_blocks = g->blocks_count - g->first_data_block;
	if (DIV_ROUND_UP(data_blocks, g->blocks_per_group) > 0xffffffffULL / g->inodes_per_group)
		return bad(why, "too many groups");
	g->groups = (u32)DIV_ROUND_UP(data_blocks, g->blocks_per_group);
	if ((u64)g->groups * g->inodes_per_group != g->inodes_count)
		return bad(why, "inode count does not match the groups");
	if (g->free_inodes > g->inodes_count || g->free_blocks > g->blocks_count ||
	    g->r_blocks_count > g->blocks_count)
		return bad(why, "free counts beyond the totals");
	g->gdt_blocks = (u32)DIV_ROUND_UP((u64)g->groups * g->desc_size, g->block_size);
	g->itable_blocks = (u32)DIV_ROUND_UP((u64)g->inodes_per_group * g->inode_size, g->block_size);
	g->state = ext4_get16(raw + 0x3a);
	g->reserved_gdt_blocks = ext4_get16(raw + 0xce);
	if (g->reserved_gdt_blocks > g->block_size / 4)
		return bad(why, "bad reserved GDT block count");
	if (1 + g->gdt_blocks + g->reserved_gdt_blocks >= g->blocks_per_group)
		return bad(why, "group descriptors do not fit in a group");
	g->journal_inum = (g->compat & EXT4_COMPAT_HAS_JOURNAL) ? ext4_get32(raw + 0xe0) : 0;
	if (g->compat & EXT4_COMPAT_HAS_JOURNAL &&
	    (g->journal_inum == 0 || g->journal_inum > g->inodes_count))
		return bad(why, "bad journal inode number");
	if (g->incompat & EXT4_INCOMPAT_JOURNAL_DEV) {
		*why = "external journal devices";
		return -EOPNOTSUPP;
	}
	g->last_orphan = ext4_get32(raw + 0xe8);
	for (int i = 0; i < 4; i++)
		g->hash_seed[i] = ext4_get32(raw + 0xec + 4 * i);
	g->def_hash_version = raw[0xfc];
	g->flags = ext4_get32(raw + 0x160);
	g->want_extra_isize = ext4_get16(raw + 0x15e);
	if (g->inode_size > EXT4_GOOD_OLD_INODE_SIZE &&
	    (g->want_extra_isize < 4 || g->want_extra_isize % 4 ||
	     EXT4_GOOD_OLD_INODE_SIZE + (u32)g->want_extra_isize > g->inode_size))
		g->want_extra_isize = g->inode_size >= 160 ? 32 : 4;
	g->log_groups_per_flex = raw[0x174];
	if (g->log_groups_per_flex > 31)
		return bad(why, "bad flex group size");
	memcpy(g->uuid, raw + 0x68, 16);
	if (g->incompat & EXT4_INCOMPAT_CSUM_SEED)
		g->csum_seed = ext4_get32(raw + 0x270);
	else
		g->csum_seed = crc32c(~0u, g->uuid, 16);
	return 0;
}

void ext4_sb_set_csum(const struct ext4_geom *g, u8 *raw)
{
	if (g->csum)
		ext4_put32(raw + SB_CHECKSUM, crc32c(~0u, raw, SB_CHECKSUM));
}

void ext4_sb_set_counts(const struct ext4_geom *g, u8 *raw)
{
	ext4_put32(raw + 0xc, (u32)g->free_blocks);
	if (g->incompat & EXT4_INCOMPAT_64BIT)
		ext4_put32(raw + 0x158, (u32)(g->free_blocks >> 32));
	ext4_put32(raw + 0x10, g->free_inodes);
}

u64 ext4_gd_block(const struct ext4_geom *g, u32 group, u32 *offset)
{
	u64 byte = (u64)group * g->desc_size;

	*offset = (u32)(byte % g->block_size);
	return g->first_data_block + 1 + byte / g->block_size;
}

static u16 gd_csum(const struct ext4_geom *g, const u8 *raw, u32 group)
{
	u8 le[4];
	u16 zero = 0;
	u32 c;

	ext4_put32(le, group);
	c = crc32c(g->csum_seed, le, 4);
	c = crc32c(c, raw, 0x1e);
	c = crc32c(c, &zero, 2);
	c = crc32c(c, raw + 0x20, g->desc_size - 0x20);
	return (u16)c;
}

u64 ext4_group_first_block(const struct ext4_geom *g, u32 group)
{
	return g->first_data_block + (u64)group * g->blocks_per_group;
}

u32 ext4_group_blocks(const struct ext4_geom *g, u32 group)
{
	u64 first = ext4_group_first_block(g, group);

	return (u32)MIN((u64)g->blocks_per_group, g->blocks_count - first);
}

int ext4_gd_parse(const struct ext4_geom *g, const u8 *raw, u32 group, struct ext4_gd *gd,
		  const char **why)
{
	bool big = g->desc_size >= 64;
	u64 lo = g->first_data_block + 1, hi = g->blocks_count;

	if (group >= g->groups)
		return bad(why, "group number out of range");
	if (g->csum && ext4_get16(raw + 0x1e) != gd_csum(g, raw, group))
		return bad(why, "group descriptor checksum mismatch");
	gd->block_bitmap = ext4_get32(raw + 0);
	gd->inode_bitmap = ext4_get32(raw + 4);
	gd->inode_table = ext4_get32(raw + 8);
	gd->free_blocks = ext4_get16(raw + 0xc);
	gd->free_inodes = ext4_get16(raw + 0xe);
	gd->used_dirs = ext4_get16(raw + 0x10);
	gd->flags = ext4_get16(raw + 0x12);
	gd->block_bitmap_csum = ext4_get16(raw + 0x18);
	gd->inode_bitmap_csum = ext4_get16(raw + 0x1a);
	gd->itable_unused = ext4_get16(raw + 0x1c);
	if (big) {
		gd->block_bitmap |= (u64)ext4_get32(raw + 0x20) << 32;
		gd->inode_bitmap |= (u64)ext4_get32(raw + 0x24) << 32;
		gd->inode_table |= (u64)ext4_get32(raw + 0x28) << 32;
		gd->free_blocks |= (u32)ext4_get16(raw + 0x2c) << 16;
		gd->free_inodes |= (u32)ext4_get16(raw + 0x2e) << 16;
		gd->used_dirs |= (u32)ext4_get16(raw + 0x30) << 16;
		gd->itable_unused |= (u32)ext4_get16(raw + 0x32) << 16;
		gd->block_bitmap_csum |= (u32)ext4_get16(raw + 0x38) << 16;
		gd->inode_bitmap_csum |= (u32)ext4_get16(raw + 0x3a) << 16;
	}
	if (gd->block_bitmap < lo || gd->block_bitmap >= hi || gd->inode_bitmap < lo ||
	    gd->inode_bitmap >= hi || gd->inode_table < lo ||
	    gd->inode_table + g->itable_blocks > hi)
		return bad(why, "group metadata outside the file system");
	if (gd->free_blocks > g->blocks_per_group || gd->free_inodes > g->inodes_per_group ||
	    gd->used_dirs > g->inodes_per_group || gd->itable_unused > g->inodes_per_group)
		return bad(why, "group counts out of range");
	return 0;
}

void ext4_gd_store(const struct ext4_geom *g, u8 *raw, u32 group, const struct ext4_gd *gd)
{
	ext4_put16(raw + 0xc, (u16)gd->free_blocks);
	ext4_put16(raw + 0xe, (u16)gd->free_inodes);
	ext4_put16(raw + 0x10, (u16)gd->used_dirs);
	ext4_put16(raw + 0x12, gd->flags);
	ext4_put16(raw + 0x18, (u16)gd->block_bitmap_csum);
	ext4_put16(raw + 0x1a, (u16)gd->inode_bitmap_csum);
	ext4_put16(raw + 0x1c, (u16)gd->itable_unused);
	if (g->desc_size >= 64) {
		ext4_put16(raw + 0x2c, (u16)(gd->free_blocks >> 16));
		ext4_put16(raw + 0x2e, (u16)(gd->free_inodes >> 16));
		ext4_put16(raw + 0x30, (u16)(gd->used_dirs >> 16));
		ext4_put16(raw + 0x32, (u16)(gd->itable_unused >> 16));
		ext4_put16(raw + 0x38, (u16)(gd->block_bitmap_csum >> 16));
		ext4_put16(raw + 0x3a, (u16)(gd->inode_bitmap_csum >> 16));
	}
	if (g->csum)
		ext4_put16(raw + 0x1e, gd_csum(g, raw, group));
}

u32 ext4_bitmap_csum(const struct ext4_geom *g, const u8 *bitmap, u32 bytes)
{
	u32 c = crc32c(g->csum_seed, bitmap, bytes);

	return g->desc_size >= 64 ? c : (c & 0xffff);
}

static bool power_of(u32 n, u32 base)
{
	while (n > 1 && n % base == 0)
		n /= base;
	return n == 1;
}

bool ext4_group_has_super(const struct ext4_geom *g, u32 group)
{
	if (group <= 1 || !(g->ro_compat & EXT4_RO_COMPAT_SPARSE_SUPER))
		return true;
	if (!(group & 1))
		return false;
	return power_of(group, 3) || power_of(group, 5) || power_of(group, 7);
}
