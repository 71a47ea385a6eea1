/*
 * Unit tests for ext4's on-disk decoders (kernel/fs/ext4/format_*.c) and
 * crc32c (lib/crc32c.c). Hash vectors come from Debian's debugfs
 * (dx_hash -h ALG NAME, and -s for the seeded one).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include <kernel/ext4_format.h>
#include <lib/crc32c.h>
#include <lib/string.h>
#include <mica/errno.h>

static const char *why;

static void test_crc32c_vectors(void **state)
{
	u8 zeros[32] = { 0 }, ones[32];

	(void)state;
	memset(ones, 0xff, sizeof(ones));
	assert_int_equal(~crc32c(~0u, "123456789", 9), 0xe3069283);
	/* RFC 3720 (iSCSI) B.4 */
	assert_int_equal(~crc32c(~0u, zeros, 32), 0x8a9136aa);
	assert_int_equal(~crc32c(~0u, ones, 32), 0x62a8ab43);
	/* Continuing a running value equals one pass. */
	assert_int_equal(crc32c(crc32c(~0u, "1234", 4), "56789", 5), crc32c(~0u, "123456789", 9));
}

static void test_dx_hash_vectors(void **state)
{
	static const char *long_name = "a_much_longer_file_name_that_spans_several_chunks.txt";
	const u32 seed[4] = { 0x67452301, 0xefcdab89, 0x67452301, 0xefcdab89 };
	u32 minor;

	(void)state;
	assert_int_equal(ext4_dx_hash("hello", 5, EXT4_HASH_LEGACY, NULL, NULL), 0x32252546);
	assert_int_equal(ext4_dx_hash("f000", 4, EXT4_HASH_LEGACY, NULL, NULL), 0x853d84c0);
	assert_int_equal(ext4_dx_hash(long_name, (u32)strlen(long_name), EXT4_HASH_LEGACY, NULL,
				      NULL), 0xaf565ff8);
	assert_int_equal(ext4_dx_hash("hello", 5, EXT4_HASH_HALF_MD4, NULL, &minor), 0x1746da32);
	assert_int_equal(minor, 0x420013b5);
	assert_int_equal(ext4_dx_hash("f000", 4, EXT4_HASH_HALF_MD4, NULL, &minor), 0xcc417616);
	assert_int_equal(minor, 0x4e4355b6);
	assert_int_equal(ext4_dx_hash(long_name, (u32)strlen(long_name), EXT4_HASH_HALF_MD4, NULL,
				      &minor), 0xe37e0674);
	assert_int_equal(minor, 0x28866f63);
	assert_int_equal(ext4_dx_hash("hello", 5, EXT4_HASH_TEA, NULL, &minor), 0x6f5bb1a8);
	assert_int_equal(minor, 0x231917c2);
	assert_int_equal(ext4_dx_hash(long_name, (u32)strlen(long_name), EXT4_HASH_TEA, NULL,
				      &minor), 0x2b3f9e52);
	/* Seed 01234567-89ab-cdef-0123-456789abcdef */
	assert_int_equal(ext4_dx_hash("hello", 5, EXT4_HASH_HALF_MD4, seed, &minor), 0xa26e4a80);
	assert_int_equal(minor, 0x97e5b7f7);
	/* ASCII names hash the same signed and unsigned. */
	assert_int_equal(ext4_dx_hash("hello", 5, EXT4_HASH_HALF_MD4_UNSIGNED, NULL, NULL),
			 0x1746da32);
}

/* A superblock of a 1 KiB-block file system with metadata_csum. */
static void make_sb(u8 *raw)
{
	memset(raw, 0, EXT4_SB_SIZE);
	ext4_put32(raw + 0, 2048);		/* inodes */
	ext4_put32(raw + 4, 8192);		/* blocks */
	ext4_put32(raw + 0xc, 7000);
	ext4_put32(raw + 0x10, 2000);
	ext4_put32(raw + 0x14, 1);		/* first data block */
	ext4_put32(raw + 0x20, 8192);
	ext4_put32(raw + 0x24, 8192);
	ext4_put32(raw + 0x28, 2048);
	ext4_put16(raw + 0x38, EXT4_SUPER_MAGIC);
	ext4_put32(raw + 0x4c, 1);
	ext4_put32(raw + 0x54, 11);
	ext4_put16(raw + 0x58, 256);
	ext4_put32(raw + 0x5c, EXT4_COMPAT_DIR_INDEX | EXT4_COMPAT_EXT_ATTR);
	ext4_put32(raw + 0x60, EXT4_INCOMPAT_FILETYPE | EXT4_INCOMPAT_EXTENTS |
		   EXT4_INCOMPAT_64BIT | EXT4_INCOMPAT_FLEX_BG);
	ext4_put32(raw + 0x64, EXT4_RO_COMPAT_METADATA_CSUM | EXT4_RO_COMPAT_SPARSE_SUPER);
	for (int i = 0; i < 16; i++)
		raw[0x68 + i] = (u8)(i * 17);
	ext4_put16(raw + 0xfe, 64);
	ext4_put16(raw + 0x15e, 32);
	raw[0x175] = 1;
	ext4_put32(raw + 0x3fc, crc32c(~0u, raw, 0x3fc));
}

static void test_sb(void **state)
{
	static u8 raw[EXT4_SB_SIZE];
	struct ext4_geom g;

	(void)state;
	make_sb(raw);
	assert_int_equal(ext4_sb_parse(raw, 0, &g, &why), 0);
	assert_int_equal(g.block_size, 1024);
	assert_int_equal(g.groups, 1);
	assert_int_equal(g.desc_size, 64);
	assert_true(g.csum);
	assert_int_equal(g.csum_seed, crc32c(~0u, raw + 0x68, 16));
	/* Too small a device. */
	assert_int_equal(ext4_sb_parse(raw, 100, &g, &why), -EUCLEAN);
	/* A flipped bit fails the checksum. */
	raw[0x10] ^= 1;
	assert_int_equal(ext4_sb_parse(raw, 0, &g, &why), -EUCLEAN);
	raw[0x10] ^= 1;
	/* An unknown incompatible feature refuses the mount. */
	ext4_put32(raw + 0x60, ext4_get32(raw + 0x60) | 0x10000);
	ext4_put32(raw + 0x3fc, crc32c(~0u, raw, 0x3fc));
	assert_int_equal(ext4_sb_parse(raw, 0, &g, &why), -EOPNOTSUPP);
	make_sb(raw);
	ext4_put32(raw + 0x18, 7);	/* 128 KiB blocks */
	ext4_put32(raw + 0x3fc, crc32c(~0u, raw, 0x3fc));
	assert_int_not_equal(ext4_sb_parse(raw, 0, &g, &why), 0);
	make_sb(raw);
	ext4_put32(raw + 0, 4096);	/* inodes do not match the groups */
	ext4_put32(raw + 0x3fc, crc32c(~0u, raw, 0x3fc));
	assert_int_equal(ext4_sb_parse(raw, 0, &g, &why), -EUCLEAN);
}

static struct ext4_geom geom(void)
{
	static u8 raw[EXT4_SB_SIZE];
	struct ext4_geom g;

	make_sb(raw);
	assert_int_equal(ext4_sb_parse(raw, 0, &g, &why), 0);
	return g;
}

static void test_gd(void **state)
{
	struct ext4_geom g = geom();
	struct ext4_gd gd = { 0 }, out;
	u8 raw[64] = { 0 };

	(void)state;
	ext4_put32(raw + 0, 3);
	ext4_put32(raw + 4, 4);
	ext4_put32(raw + 8, 5);
	gd.free_blocks = 100;
	gd.free_inodes = 50;
	ext4_gd_store(&g, raw, 0, &gd);
	assert_int_equal(ext4_gd_parse(&g, raw, 0, &out, &why), 0);
	assert_int_equal(out.free_blocks, 100);
	assert_int_equal(out.inode_table, 5);
	assert_int_equal(ext4_gd_parse(&g, raw, 1, &out, &why), -EUCLEAN);	/* no group 1 */
	raw[0xc] ^= 1;
	assert_int_equal(ext4_gd_parse(&g, raw, 0, &out, &why), -EUCLEAN);
	raw[0xc] ^= 1;
	ext4_put32(raw + 8, 9000);	/* inode table past the end */
	ext4_gd_store(&g, raw, 0, &gd);
	assert_int_equal(ext4_gd_parse(&g, raw, 0, &out, &why), -EUCLEAN);
	assert_true(ext4_group_has_super(&g, 0));
	assert_true(ext4_group_has_super(&g, 25));
	assert_false(ext4_group_has_super(&g, 6));
	assert_true(ext4_group_has_super(&g, 49));
}

static void test_inode(void **state)
{
	struct ext4_geom g = geom();
	struct ext4_dinode di = { 0 }, out;
	u8 raw[256] = { 0 };

	(void)state;
	di.mode = 0100644;
	di.uid = 70000;
	di.gid = 5;
	di.size = 5ULL << 32;
	di.links = 3;
	di.blocks = 16;
	di.flags = EXT4_EXTENTS_FL;
	di.generation = 1234;
	di.extra_isize = 32;
	di.mtime = 0x100000005LL;	/* past 2038: epoch bits */
	di.mtime_ns = 999;
	memcpy(di.block, "symlink", 7);
	ext4_inode_store(&g, raw, 12, &di);
	assert_int_equal(ext4_inode_parse(&g, raw, 12, &out, &why), 0);
	assert_int_equal(out.uid, 70000);
	assert_true(out.size == 5ULL << 32);
	assert_true(out.mtime == 0x100000005LL);
	assert_int_equal(out.mtime_ns, 999);
	assert_memory_equal(out.block, "symlink", 7);
	/* The checksum covers the inode number. */
	assert_int_equal(ext4_inode_parse(&g, raw, 13, &out, &why), -EUCLEAN);
	raw[0xa0] ^= 1;	/* extra space is covered too */
	assert_int_equal(ext4_inode_parse(&g, raw, 12, &out, &why), -EUCLEAN);
	raw[0xa0] ^= 1;
	ext4_put16(raw + 0x80, 200);	/* extra_isize past the inode */
	assert_int_equal(ext4_inode_parse(&g, raw, 12, &out, &why), -EUCLEAN);
	assert_int_equal(ext4_inode_parse(&g, raw, 0, &out, &why), -EUCLEAN);
}

static void test_extent_nodes(void **state)
{
	struct ext4_geom g = geom();
	struct ext4_ext_header h;
	struct ext4_extent e = { 0, 10, 100, false }, e2 = { 5, 2, 300, false }, got;
	static u8 blk[1024];
	u8 root[EXT4_IBLOCK_SIZE];

	(void)state;
	ext4_ext_node_init(root, sizeof(root), true, 0);
	ext4_ext_leaf_put(root, 0, &e);
	ext4_ext_node_finish(&g, root, sizeof(root), true, 1, 77);
	assert_int_equal(ext4_ext_node_check(&g, root, sizeof(root), true, -1, 77, &h, &why), 0);
	assert_int_equal(h.entries, 1);
	assert_int_equal(h.max, 4);
	ext4_ext_leaf_get(root, 0, &got);
	assert_true(got.pblk == 100 && got.len == 10 && !got.uninit);
	/* Overlapping extents. */
	ext4_ext_leaf_put(root, 1, &e2);
	ext4_ext_node_finish(&g, root, sizeof(root), true, 2, 77);
	assert_int_equal(ext4_ext_node_check(&g, root, sizeof(root), true, -1, 77, &h, &why),
			 -EUCLEAN);
	/* Outside the file system. */
	e2.lblk = 20;
	e2.pblk = 8190;
	e2.len = 5;
	ext4_ext_leaf_put(root, 1, &e2);
	assert_int_equal(ext4_ext_node_check(&g, root, sizeof(root), true, -1, 77, &h, &why),
			 -EUCLEAN);
	/* Too deep; entries above max. */
	ext4_put16(root + 6, 6);
	assert_int_equal(ext4_ext_node_check(&g, root, sizeof(root), true, -1, 77, &h, &why),
			 -EUCLEAN);
	ext4_put16(root + 6, 0);
	ext4_put16(root + 2, 5);
	assert_int_equal(ext4_ext_node_check(&g, root, sizeof(root), true, -1, 77, &h, &why),
			 -EUCLEAN);
	/* A block node: checksum tail, and the depth asked for. */
	ext4_ext_node_init(blk, sizeof(blk), false, 1);
	ext4_ext_index_put(blk, 0, 0, 500);
	ext4_ext_node_finish(&g, blk, sizeof(blk), false, 1, 77);
	assert_int_equal(ext4_ext_node_check(&g, blk, sizeof(blk), false, 1, 77, &h, &why), 0);
	assert_int_equal(h.max, 84);
	assert_int_equal(ext4_ext_node_check(&g, blk, sizeof(blk), false, 0, 77, &h, &why),
			 -EUCLEAN);
	assert_int_equal(ext4_ext_node_check(&g, blk, sizeof(blk), false, 1, 78, &h, &why),
			 -EUCLEAN);
	ext4_put16(blk, 0x1234);
	assert_int_equal(ext4_ext_node_check(&g, blk, sizeof(blk), false, 1, 77, &h, &why),
			 -EUCLEAN);
}

static void test_dir_blocks(void **state)
{
	struct ext4_geom g = geom();
	static u8 blk[1024];
	u32 end = ext4_dirblock_end(&g);
	struct ext4_dirent d;

	(void)state;
	assert_int_equal(end, 1012);
	memset(blk, 0, sizeof(blk));
	ext4_dirent_put(blk, 0, 12, 12, ".", 1, EXT4_FT_DIR);
	ext4_dirent_put(blk, 12, 2, 12, "..", 2, EXT4_FT_DIR);
	ext4_dirent_put(blk, 24, 15, (u16)(end - 24), "name", 4, EXT4_FT_REG_FILE);
	ext4_dirblock_finish(&g, blk, 99);
	assert_int_equal(ext4_dirblock_check(&g, blk, 99, &why), 0);
	ext4_dirent_get(blk, 24, &d);
	assert_int_equal(d.inode, 15);
	assert_memory_equal(d.name, "name", 4);
	assert_int_equal(ext4_dirblock_check(&g, blk, 98, &why), -EUCLEAN);	/* seed */
	/* rec_len running off the block, misaligned, too small for the name. */
	ext4_put16(blk + 24 + 4, (u16)(end - 20));
	ext4_dirblock_finish(&g, blk, 99);
	assert_int_equal(ext4_dirblock_check(&g, blk, 99, &why), -EUCLEAN);
	ext4_put16(blk + 4, 14);
	ext4_put16(blk + 24 + 4, (u16)(end - 24));
	ext4_dirblock_finish(&g, blk, 99);
	assert_int_equal(ext4_dirblock_check(&g, blk, 99, &why), -EUCLEAN);
	ext4_put16(blk + 4, 12);
	blk[24 + 6] = 250;
	ext4_dirblock_finish(&g, blk, 99);
	assert_int_equal(ext4_dirblock_check(&g, blk, 99, &why), 0);	/* room to the end */
	ext4_put16(blk + 24 + 4, 100);
	ext4_dirent_put(blk, 124, 0, (u16)(end - 124), "", 0, 0);
	ext4_dirblock_finish(&g, blk, 99);
	assert_int_equal(ext4_dirblock_check(&g, blk, 99, &why), -EUCLEAN);
}

static void test_htree(void **state)
{
	struct ext4_geom g = geom();
	static u8 blk[1024];
	struct ext4_dx_node n;
	struct ext4_dx_entry e;
	u32 limit = (1024 - 32 - 8) / 8, c;

	(void)state;
	memset(blk, 0, sizeof(blk));
	ext4_dirent_put(blk, 0, 12, 12, ".", 1, EXT4_FT_DIR);
	ext4_dirent_put(blk, 12, 2, 1012, "..", 2, EXT4_FT_DIR);
	blk[28] = EXT4_HASH_HALF_MD4;
	blk[29] = 8;
	ext4_put16(blk + 32, (u16)limit);
	ext4_put16(blk + 34, 2);
	ext4_put32(blk + 36, 1);
	ext4_put32(blk + 40, 0x80000000);
	ext4_put32(blk + 44, 2);
	c = crc32c(5, blk, 32 + 16);
	c = crc32c(c, blk + 32 + 8 * limit, 8);
	ext4_put32(blk + 32 + 8 * limit + 4, c);
	assert_int_equal(ext4_dx_root_parse(&g, blk, 5, &n, &why), 0);
	assert_int_equal(n.count, 2);
	ext4_dx_entry_get(blk, &n, 1, &e);
	assert_int_equal(e.hash, 0x80000000);
	assert_int_equal(e.block, 2);
	assert_int_equal(ext4_dx_root_parse(&g, blk, 6, &n, &why), -EUCLEAN);
	blk[30] = 3;	/* too many levels */
	assert_int_equal(ext4_dx_root_parse(&g, blk, 5, &n, &why), -EUCLEAN);
	blk[30] = 0;
	ext4_put16(blk + 34, (u16)(limit + 1));
	assert_int_equal(ext4_dx_root_parse(&g, blk, 5, &n, &why), -EUCLEAN);
	assert_int_equal(ext4_dx_node_parse(&g, blk, 5, &n, &why), -EUCLEAN);
}

/* A dx root and a node built, entries inserted and moved, parsed back. */
static void test_dx_build(void **state)
{
	struct ext4_geom g = geom();
	static u8 root[1024], node[1024];
	struct ext4_dx_node rn, nn, chk;
	struct ext4_dx_entry e;
	u32 h;

	(void)state;
	assert_int_equal(ext4_dx_limit(&g, true), (1024 - 32 - 8) / 8);
	assert_int_equal(ext4_dx_limit(&g, false), (1024 - 8 - 8) / 8);
	ext4_dx_root_init(&g, root, 12, 2, EXT4_FT_DIR, EXT4_HASH_HALF_MD4, 0, &rn);
	ext4_dx_insert(root, &rn, 0, 0, 1);
	ext4_dx_insert(root, &rn, 1, 0x80000000, 2);
	ext4_dx_insert(root, &rn, 1, 0x40000001, 3);	/* between: order kept */
	ext4_dx_finish(&g, root, &rn, 5);
	assert_int_equal(ext4_dx_root_parse(&g, root, 5, &chk, &why), 0);
	assert_int_equal(chk.count, 3);
	assert_int_equal(chk.hash_version, EXT4_HASH_HALF_MD4);
	assert_int_equal(chk.levels, 0);
	ext4_dx_entry_get(root, &chk, 0, &e);
	assert_int_equal(e.block, 1);
	ext4_dx_entry_get(root, &chk, 1, &e);
	assert_int_equal(e.hash, 0x40000001);
	assert_int_equal(e.block, 3);
	ext4_dx_entry_get(root, &chk, 2, &e);
	assert_int_equal(e.hash, 0x80000000);
	assert_int_equal(ext4_dx_root_parse(&g, root, 6, &chk, &why), -EUCLEAN);	/* seed */
	/* The upper two entries move to a new node: its first hash is implied. */
	ext4_dx_node_init(&g, node, &nn);
	h = ext4_dx_move(root, &rn, 1, node, &nn);
	assert_int_equal(h, 0x40000001);
	assert_int_equal(rn.count, 1);
	assert_int_equal(nn.count, 2);
	ext4_dx_finish(&g, node, &nn, 5);
	ext4_dx_finish(&g, root, &rn, 5);
	assert_int_equal(ext4_dx_node_parse(&g, node, 5, &chk, &why), 0);
	ext4_dx_entry_get(node, &chk, 0, &e);
	assert_int_equal(e.hash, 0);
	assert_int_equal(e.block, 3);
	ext4_dx_entry_get(node, &chk, 1, &e);
	assert_int_equal(e.hash, 0x80000000);
	assert_int_equal(e.block, 2);
	assert_int_equal(ext4_dx_root_parse(&g, root, 5, &chk, &why), 0);
	assert_int_equal(chk.count, 1);
	/* A full root and an out-of-order insertion are refused by the parser. */
	while (rn.count < rn.limit)
		ext4_dx_insert(root, &rn, rn.count, 0x1000 + rn.count, rn.count + 1);
	ext4_dx_finish(&g, root, &rn, 5);
	assert_int_equal(ext4_dx_root_parse(&g, root, 5, &chk, &why), 0);
	assert_int_equal(chk.count, chk.limit);
	ext4_dx_insert(root, &rn, 1, 0xf0000000, 9);
	rn.count--;	/* keep it within the limit: the last entry drops */
	ext4_dx_finish(&g, root, &rn, 5);
	assert_int_equal(ext4_dx_root_parse(&g, root, 5, &chk, &why), -EUCLEAN);
}

/* Fill a checked linear block with names (every name dup times). */
static u32 fill_block(const struct ext4_geom *g, u8 *blk, int dup)
{
	u32 end = ext4_dirblock_end(g), o = 0, last = 0, n = 0;
	char name[64];

	memset(blk, 0, g->block_size);
	for (;;) {
		int len = snprintf(name, sizeof(name), "file-%u%.*s", n / (u32)dup,
				   (int)(n / (u32)dup % 23), "abcdefghijklmnopqrstuvw");
		u32 sz = ext4_dirent_size((u32)len);

		if (o + sz > end)
			break;
		ext4_dirent_put(blk, o, 100 + n, (u16)sz, name, (u8)len, EXT4_FT_REG_FILE);
		last = o;
		o += sz;
		n++;
	}
	ext4_put16(blk + last + 4, (u16)(end - last));
	return n;
}

/* Check a split: both halves valid, every entry in one of them, the
 * lower hashes below the split hash, the upper ones at or above it. */
static void check_split(const struct ext4_geom *g, const u8 *orig, u8 *lo, u8 *hi, u32 n,
			u32 split, u32 *nlo, u32 *nhi)
{
	u32 end = ext4_dirblock_end(g), found = 0;
	u8 *halves[2] = { lo, hi };

	*nlo = *nhi = 0;
	for (int k = 0; k < 2; k++) {
		u32 o = 0;

		ext4_dirblock_finish(g, halves[k], 7);
		assert_int_equal(ext4_dirblock_check(g, halves[k], 7, &why), 0);
		while (o < end) {
			struct ext4_dirent d;
			u32 h;

			ext4_dirent_get(halves[k], o, &d);
			if (d.inode) {
				h = ext4_dx_hash(d.name, d.name_len, EXT4_HASH_HALF_MD4, NULL, NULL);
				if (k) {
					assert_true(h >= (split & ~1u));
					(*nhi)++;
				} else {
					assert_true(h < split || ((split & 1) && h == (split & ~1u)));
					(*nlo)++;
				}
				found++;
			}
			o += d.rec_len;
		}
	}
	assert_int_equal(found, n);
	(void)orig;
}

static void test_dx_split(void **state)
{
	struct ext4_geom g = geom();
	static u8 blk[1024], orig[1024], hi[1024], tmp[1024];
	static struct ext4_dx_map map[1024 / 12 + 1];
	u32 n, split, nlo, nhi;

	(void)state;
	n = fill_block(&g, blk, 1);
	memcpy(orig, blk, sizeof(blk));
	assert_int_equal(ext4_dirblock_split(&g, blk, hi, tmp, map, EXT4_HASH_HALF_MD4, NULL,
					     &split), 0);
	check_split(&g, orig, blk, hi, n, split, &nlo, &nhi);
	assert_true(nlo >= n / 3 && nhi >= n / 3);	/* about half the bytes each */
	assert_int_equal(split & 1, 0);
	/* Names three times over: runs of one hash; one may straddle. */
	n = fill_block(&g, blk, 3);
	assert_int_equal(ext4_dirblock_split(&g, blk, hi, tmp, map, EXT4_HASH_HALF_MD4, NULL,
					     &split), 0);
	check_split(&g, orig, blk, hi, n, split, &nlo, &nhi);
	/* One entry only: nothing to split. */
	memset(blk, 0, sizeof(blk));
	ext4_dirent_put(blk, 0, 5, (u16)ext4_dirblock_end(&g), "x", 1, EXT4_FT_REG_FILE);
	assert_int_equal(ext4_dirblock_split(&g, blk, hi, tmp, map, EXT4_HASH_HALF_MD4, NULL,
					     &split), -ENOSPC);
}

/* Straddling runs: the same name everywhere sets the continuation bit. */
static void test_dx_split_collision(void **state)
{
	struct ext4_geom g = geom();
	static u8 blk[1024], hi[1024], tmp[1024];
	static struct ext4_dx_map map[1024 / 12 + 1];
	u32 n, split, nlo, nhi;

	(void)state;
	n = fill_block(&g, blk, 1000);	/* every entry "file-0" */
	assert_int_equal(ext4_dirblock_split(&g, blk, hi, tmp, map, EXT4_HASH_HALF_MD4, NULL,
					     &split), 0);
	assert_int_equal(split, ext4_dx_hash("file-0", 6, EXT4_HASH_HALF_MD4, NULL, NULL) | 1);
	check_split(&g, blk, blk, hi, n, split, &nlo, &nhi);
	assert_true(nlo && nhi);
}

/* A linear block 0 packed without "." and "..", as indexing does. */
static void test_dir_compact(void **state)
{
	struct ext4_geom g = geom();
	static u8 blk[1024], out[1024];
	u32 end = ext4_dirblock_end(&g);
	struct ext4_dirent d;

	(void)state;
	memset(blk, 0, sizeof(blk));
	ext4_dirent_put(blk, 0, 12, 12, ".", 1, EXT4_FT_DIR);
	ext4_dirent_put(blk, 12, 2, 40, "..", 2, EXT4_FT_DIR);
	ext4_dirent_put(blk, 52, 0, 100, "gone", 4, EXT4_FT_REG_FILE);
	ext4_dirent_put(blk, 152, 15, (u16)(end - 152), "kept", 4, EXT4_FT_REG_FILE);
	assert_int_equal(ext4_dirblock_compact(&g, blk, out, true), 12);
	ext4_dirblock_finish(&g, out, 3);
	assert_int_equal(ext4_dirblock_check(&g, out, 3, &why), 0);
	ext4_dirent_get(out, 0, &d);
	assert_int_equal(d.inode, 15);
	assert_int_equal(d.rec_len, end);
	assert_memory_equal(d.name, "kept", 4);
	assert_int_equal(ext4_dirblock_compact(&g, blk, out, false), 12 + 12 + 12);
}

static int count_cb(const struct ext4_xattr *x, void *arg)
{
	int *n = arg;

	if (x->index == EXT4_XATTR_INDEX_USER && x->name_len == 4 && !memcmp(x->name, "mica", 4) &&
	    x->value_size == 5 && !memcmp(x->value, "value", 5))
		(*n)++;
	return 0;
}

static void test_xattr(void **state)
{
	u8 area[96] = { 0 };
	u8 acl[4 + 4 + 8 + 4 + 4], out[64];
	int n = 0;

	(void)state;
	ext4_put32(area, EXT4_XATTR_MAGIC);
	area[4] = 4;			/* name_len */
	area[5] = EXT4_XATTR_INDEX_USER;
	ext4_put16(area + 6, 40);	/* value offset from the first entry */
	ext4_put32(area + 12, 5);
	memcpy(area + 20, "mica", 4);
	memcpy(area + 4 + 40, "value", 5);
	assert_int_equal(ext4_xattr_ibody_walk(area, sizeof(area), count_cb, &n, &why), 0);
	assert_int_equal(n, 1);
	ext4_put16(area + 6, 90);	/* value off the end */
	assert_int_equal(ext4_xattr_ibody_walk(area, sizeof(area), count_cb, &n, &why), -EUCLEAN);
	ext4_put32(area, 0);
	assert_int_equal(ext4_xattr_ibody_walk(area, sizeof(area), count_cb, &n, &why), -ENODATA);
	/* ACL: user_obj rw, user 1000 r, group_obj r, other none. */
	ext4_put32(acl, 1);
	ext4_put16(acl + 4, 1);
	ext4_put16(acl + 6, 6);
	ext4_put16(acl + 8, 2);
	ext4_put16(acl + 10, 4);
	ext4_put32(acl + 12, 1000);
	ext4_put16(acl + 16, 4);
	ext4_put16(acl + 18, 4);
	ext4_put16(acl + 20, 0x20);
	ext4_put16(acl + 22, 0);
	assert_int_equal(ext4_acl_to_xattr(acl, sizeof(acl), out, 0), 4 + 4 * 8);
	assert_int_equal(ext4_acl_to_xattr(acl, sizeof(acl), out, 8), -ERANGE);
	assert_int_equal(ext4_acl_to_xattr(acl, sizeof(acl), out, sizeof(out)), 36);
	assert_int_equal(ext4_get32(out), 2);
	assert_int_equal(ext4_get32(out + 4 + 8 + 4), 1000);
	assert_int_equal(ext4_get32(out + 4 + 4), 0xffffffff);
	assert_int_equal(ext4_acl_to_xattr(acl, sizeof(acl) - 2, out, sizeof(out)), -EUCLEAN);
}

struct want { u8 index; const char *name, *value; int seen; };

static int find_cb(const struct ext4_xattr *x, void *arg)
{
	struct want *w = arg;

	for (; w->name; w++)
		if (x->index == w->index && x->name_len == strlen(w->name) &&
		    !memcmp(x->name, w->name, x->name_len) && x->value_size == strlen(w->value) &&
		    !memcmp(x->value, w->value, x->value_size))
			w->seen++;
	return 0;
}

/* Entries as e2fsprogs' debugfs (ea_set) lays them out in a 1 KiB block:
 * sorted by index, values packed down from the end, its entry hashes. */
static void test_xattr_build(void **state)
{
	struct ext4_geom g = geom();
	struct ext4_xattr xs[40] = {
		{ EXT4_XATTR_INDEX_TRUSTED, 2, "ab", 5, (const u8 *)"xyz12" },
		{ EXT4_XATTR_INDEX_USER, 4, "mica", 5, (const u8 *)"value" },
	};
	struct want w[] = { { EXT4_XATTR_INDEX_USER, "mica", "value", 0 },
			    { EXT4_XATTR_INDEX_TRUSTED, "ab", "xyz12", 0 }, { 0, NULL, NULL, 0 } };
	u8 blk[1024], area[96];
	u32 h1, h2, n;

	(void)state;
	g.block_size = 1024;
	g.csum = true;
	h1 = ext4_xattr_entry_hash(&xs[1]);
	h2 = ext4_xattr_entry_hash(&xs[0]);
	assert_int_equal(h1, 0x61415d08);
	assert_int_equal(h2, 0x79783d0a);
	ext4_xattr_sort(xs, 2);
	assert_int_equal(xs[0].index, EXT4_XATTR_INDEX_USER);
	assert_int_equal(ext4_xattr_space(xs, 2), 4 + 2 * 16 + 4 + 4 + 8 + 8);
	assert_int_equal(ext4_xattr_block_build(&g, blk, 77, 1, xs, 2), 0);
	assert_int_equal(ext4_get32(blk), EXT4_XATTR_MAGIC);
	assert_int_equal(ext4_get32(blk + 4), 1);
	assert_int_equal(ext4_get32(blk + 8), 1);
	assert_int_equal(ext4_get32(blk + 12), ((h1 << 16) ^ (h1 >> 16)) ^ h2);
	assert_int_equal(blk[32], 4);
	assert_int_equal(ext4_get16(blk + 32 + 2), 1016);
	assert_int_equal(ext4_get32(blk + 32 + 12), h1);
	assert_int_equal(ext4_get16(blk + 52 + 2), 1008);
	assert_memory_equal(blk + 1008, "xyz12", 5);
	assert_int_equal(ext4_xattr_block_walk(&g, blk, 77, find_cb, w, &why), 0);
	assert_int_equal(w[0].seen + w[1].seen, 2);
	/* The checksum covers the block number. */
	assert_int_equal(ext4_xattr_block_walk(&g, blk, 78, find_cb, w, &why), -EUCLEAN);

	/* In the inode: magic, entries in the order given, values relative
	 * to the first entry. */
	assert_int_equal(ext4_xattr_ibody_build(area, sizeof(area), xs, 2), 0);
	assert_int_equal(ext4_get32(area), EXT4_XATTR_MAGIC);
	assert_int_equal(ext4_get16(area + 4 + 2), 96 - 8 - 4);
	w[0].seen = w[1].seen = 0;
	assert_int_equal(ext4_xattr_ibody_walk(area, sizeof(area), find_cb, w, &why), 0);
	assert_int_equal(w[0].seen + w[1].seen, 2);
	assert_int_equal(ext4_xattr_ibody_build(area, 48, xs, 2), -ENOSPC);
	assert_int_equal(ext4_xattr_ibody_build(area, sizeof(area), xs, 0), 0);
	assert_int_equal(ext4_xattr_ibody_walk(area, sizeof(area), find_cb, w, &why), -ENODATA);

	/* Full: 16 + 4 + 8 bytes a name, and no more than the block holds. */
	for (n = 0; n < 40; n++)
		xs[n] = (struct ext4_xattr){ EXT4_XATTR_INDEX_USER, 4, "name", 8,
					     (const u8 *)"12345678" };
	n = (1024 - 32 - 4) / 28;
	assert_int_equal(ext4_xattr_block_build(&g, blk, 77, 1, xs, n), 0);
	assert_int_equal(ext4_xattr_block_build(&g, blk, 77, 1, xs, n + 1), -ENOSPC);
	assert_int_equal(ext4_get32(blk), EXT4_XATTR_MAGIC);	/* untouched by the failure */
	/* An empty value: offset 0, the name alone hashed. */
	xs[0].value_size = 0;
	assert_int_equal(ext4_xattr_block_build(&g, blk, 77, 1, xs, 1), 0);
	assert_int_equal(ext4_get16(blk + 32 + 2), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_crc32c_vectors),
		cmocka_unit_test(test_dx_hash_vectors),
		cmocka_unit_test(test_sb),
		cmocka_unit_test(test_gd),
		cmocka_unit_test(test_inode),
		cmocka_unit_test(test_extent_nodes),
		cmocka_unit_test(test_dir_blocks),
		cmocka_unit_test(test_htree),
		cmocka_unit_test(test_dx_build),
		cmocka_unit_test(test_dx_split),
		cmocka_unit_test(test_dx_split_collision),
		cmocka_unit_test(test_dir_compact),
		cmocka_unit_test(test_xattr),
		cmocka_unit_test(test_xattr_build),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
