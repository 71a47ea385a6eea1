/*
 * libFuzzer target for ext4's decoders (kernel/fs/ext4/format_*.c): the
 * input is a file-system image. The superblock is decoded; if it is
 * accepted, every group descriptor, then the first inodes, their extent
 * roots and the blocks their extents point to (as extent nodes,
 * directory blocks, htree nodes and xattr blocks) are decoded as the
 * kernel would. Nothing may crash, read out of bounds or loop.
 */
#include <stdlib.h>

#include <kernel/ext4_format.h>
#include <lib/string.h>
#include <mica/errno.h>

struct img {
	const u8 *data;
	size_t size;
	u32 bs;
};

/* Block b of the image, or NULL when it is not all there. */
static const u8 *block(const struct img *im, u64 b)
{
	if (b >= im->size / im->bs)
		return NULL;
	return im->data + b * im->bs;
}

static int xattr_cb(const struct ext4_xattr *x, void *arg)
{
	u8 out[256];

	(void)arg;
	if (x->value_size && x->value[0] == 0xff)	/* touch the value */
		return 0;
	if (x->index == EXT4_XATTR_INDEX_POSIX_ACL_ACCESS)
		ext4_acl_to_xattr(x->value, x->value_size, out, sizeof(out));
	return 0;
}

struct xlist {
	struct ext4_xattr e[1024];
	u32 n;
};

static int collect_cb(const struct ext4_xattr *x, void *arg)
{
	struct xlist *l = arg;

	if (l->n == 1024)
		return 1;
	l->e[l->n++] = *x;
	return 0;
}

/* What setxattr does with a block: decode, sort, build again; a build
 * that fits must decode to as many entries. */
static void xattr_rebuild(const struct ext4_geom *g, const u8 *p, u64 b)
{
	static struct xlist l, again;
	static u8 out[65536];
	const char *why;

	l.n = again.n = 0;
	if (g->block_size > sizeof(out) || ext4_xattr_block_walk(g, p, b, collect_cb, &l, &why))
		return;
	ext4_xattr_sort(l.e, l.n);
	if (ext4_xattr_block_build(g, out, b, 1, l.e, l.n))
		return;
	if (ext4_xattr_block_walk(g, out, b, collect_cb, &again, &why) || again.n != l.n)
		__builtin_trap();
}

/* A checked linear block split by hash (format_dx.c): both halves must
 * check again. */
static void fuzz_split(const struct ext4_geom *g, const u8 *p, u32 iseed)
{
	static u8 lo[EXT4_MAX_BLOCK_SIZE], hi[EXT4_MAX_BLOCK_SIZE], tmp[EXT4_MAX_BLOCK_SIZE];
	static struct ext4_dx_map map[EXT4_MAX_BLOCK_SIZE / 12 + 1];
	const char *why;
	u32 split;

	memcpy(lo, p, g->block_size);
	if (ext4_dirblock_split(g, lo, hi, tmp, map, EXT4_HASH_TEA, g->hash_seed, &split))
		return;
	ext4_dirblock_finish(g, lo, iseed);
	ext4_dirblock_finish(g, hi, iseed);
	if (ext4_dirblock_check(g, lo, iseed, &why) || ext4_dirblock_check(g, hi, iseed, &why))
		__builtin_trap();
}

static void blocks_of(const struct img *im, const struct ext4_geom *g, u64 b, u32 iseed)
{
	const u8 *p = block(im, b);
	struct ext4_ext_header h;
	struct ext4_dx_node n;
	const char *why;

	if (!p)
		return;
	if (!ext4_ext_node_check(g, p, im->bs, false, -1, iseed, &h, &why) && h.depth) {
		for (u32 i = 0; i < h.entries; i++) {
			u32 lblk;
			u64 child;

			ext4_ext_index_get(p, i, &lblk, &child);
			if (block(im, child))
				ext4_ext_node_check(g, block(im, child), im->bs, false, h.depth - 1,
						    iseed, &h, &why);
			break;
		}
	}
	if (!ext4_dirblock_check(g, p, iseed, &why)) {
		u32 end = ext4_dirblock_end(g);

		for (u32 off = 0; off < end;) {
			struct ext4_dirent d;

			ext4_dirent_get(p, off, &d);
			ext4_dx_hash(d.name, d.name_len, (u8)(off % 6), g->hash_seed, NULL);
			off += d.rec_len;
		}
		fuzz_split(g, p, iseed);
	}
	if (!ext4_dx_root_parse(g, p, iseed, &n, &why) || !ext4_dx_node_parse(g, p, iseed, &n, &why))
		for (u32 i = 0; i < n.count; i++) {
			struct ext4_dx_entry e;

			ext4_dx_entry_get(p, &n, i, &e);
		}
	ext4_xattr_block_walk(g, p, b, xattr_cb, NULL, &why);
	xattr_rebuild(g, p, b);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);


int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct ext4_geom g;
	struct img im = { data, size, 0 };
	const char *why;

	if (size < EXT4_SB_OFFSET + EXT4_SB_SIZE)
		return 0;
	if (ext4_sb_parse(data + EXT4_SB_OFFSET, size / 512, &g, &why))
		return 0;
	im.bs = g.block_size;
	for (u32 gr = 0; gr < g.groups && gr < 64; gr++) {
		struct ext4_gd gd;
		u32 off;
		const u8 *p = block(&im, ext4_gd_block(&g, gr, &off));

		if (!p || ext4_gd_parse(&g, p + off, gr, &gd, &why))
			continue;
		for (u32 i = 0; i < 16 && i < g.inodes_per_group; i++) {
			u64 byte = (u64)i * g.inode_size;
			const u8 *ib = block(&im, gd.inode_table + byte / g.block_size);
			struct ext4_dinode di;
			struct ext4_ext_header h;
			u32 nr = gr * g.inodes_per_group + i + 1, iseed;

			if (!ib || ext4_inode_parse(&g, ib + byte % g.block_size, nr, &di, &why))
				continue;
			iseed = ext4_inode_csum_seed(&g, nr, di.generation);
			if (di.extra_isize + EXT4_GOOD_OLD_INODE_SIZE + 8 <= g.inode_size)
				ext4_xattr_ibody_walk(ib + byte % g.block_size + EXT4_GOOD_OLD_INODE_SIZE +
						      di.extra_isize,
						      g.inode_size - EXT4_GOOD_OLD_INODE_SIZE -
						      di.extra_isize, xattr_cb, NULL, &why);
			if (di.file_acl)
				blocks_of(&im, &g, di.file_acl, iseed);
			if (ext4_ext_node_check(&g, di.block, EXT4_IBLOCK_SIZE, true, -1, iseed, &h,
						&why))
				continue;
			for (u32 k = 0; k < h.entries; k++) {
				if (h.depth) {
					u32 lblk;
					u64 child;

					ext4_ext_index_get(di.block, k, &lblk, &child);
					blocks_of(&im, &g, child, iseed);
				} else {
					struct ext4_extent e;

					ext4_ext_leaf_get(di.block, k, &e);
					for (u32 j = 0; j < e.len && j < 4; j++)
						blocks_of(&im, &g, e.pblk + j, iseed);
				}
			}
		}
	}
	return 0;
}
