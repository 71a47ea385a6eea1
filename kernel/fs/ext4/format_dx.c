/*
 * Building ext4 htrees apart from I/O (see <kernel/ext4_format.h> and the
 * layout at the top of format_dir.c): a dx root or node written from
 * scratch, an index entry inserted, the upper half of a full node moved to
 * a new one, the dx tail checksum, and a full leaf split in two by hash.
 *
 * The leaf split follows the rule Linux's do_split and e2fsprogs keep:
 * the live entries sorted by hash, those of the upper half of the bytes
 * (at least one, and never all) go to the new block; the split hash is the
 * first moved entry's hash, with the low "continued" bit set when the
 * last entry that stays has the same hash (a lookup of that hash must
 * then look in the next leaf too).
 */
#include <kernel/ext4_format.h>
#include <lib/crc32c.h>
#include <lib/string.h>
#include <mica/errno.h>

u32 ext4_dx_limit(const struct ext4_geom *g, bool root)
{
	u32 off = root ? EXT4_DX_ROOT_OFF : EXT4_DX_NODE_OFF;

	return (g->block_size - off - (g->csum ? EXT4_DX_TAIL_SIZE : 0)) / 8;
}

void ext4_dx_root_init(const struct ext4_geom *g, u8 *blk, u32 ino, u32 parent, u8 ft_dir,
		       u8 hash_version, u8 levels, struct ext4_dx_node *n)
{
	memset(blk, 0, g->block_size);
	ext4_dirent_put(blk, 0, ino, 12, ".", 1, ft_dir);
	ext4_dirent_put(blk, 12, parent, (u16)(g->block_size - 12), "..", 2, ft_dir);
	blk[28] = hash_version;
	blk[29] = 8;		/* info_length */
	blk[30] = levels;
	n->entries_off = EXT4_DX_ROOT_OFF;
	n->limit = ext4_dx_limit(g, true);
	n->count = 0;
	n->levels = levels;
	n->hash_version = hash_version;
}

void ext4_dx_node_init(const struct ext4_geom *g, u8 *blk, struct ext4_dx_node *n)
{
	memset(blk, 0, g->block_size);
	/* A fake entry spanning the block hides the index from old readers. */
	ext4_put16(blk + 4, (u16)g->block_size);
	n->entries_off = EXT4_DX_NODE_OFF;
	n->limit = ext4_dx_limit(g, false);
	n->count = 0;
	n->levels = 0;
	n->hash_version = 0;
}

void ext4_dx_entry_put(u8 *blk, const struct ext4_dx_node *n, u32 i, u32 hash, u32 block)
{
	u8 *p = blk + n->entries_off + 8 * i;

	if (i)	/* entry 0's hash is implied: its slot holds limit and count */
		ext4_put32(p, hash);
	ext4_put32(p + 4, block);
}

void ext4_dx_insert(u8 *blk, struct ext4_dx_node *n, u32 at, u32 hash, u32 block)
{
	u8 *p = blk + n->entries_off + 8 * at;

	memmove(p + 8, p, 8 * (n->count - at));
	n->count++;
	ext4_dx_entry_put(blk, n, at, hash, block);
}

u32 ext4_dx_move(u8 *src, struct ext4_dx_node *sn, u32 from, u8 *dst, struct ext4_dx_node *dn)
{
	u32 hash = ext4_get32(src + sn->entries_off + 8 * from);
	u32 moved = sn->count - from;

	/* Entry from becomes dst's entry 0, whose hash is implied: the caller
	 * puts the returned hash in the parent. */
	memcpy(dst + dn->entries_off + 4, src + sn->entries_off + 8 * from + 4, 4);
	memcpy(dst + dn->entries_off + 8, src + sn->entries_off + 8 * (from + 1), 8 * (moved - 1));
	memset(src + sn->entries_off + 8 * from, 0, 8 * moved);
	dn->count = moved;
	sn->count = from;
	return hash;
}

void ext4_dx_finish(const struct ext4_geom *g, u8 *blk, const struct ext4_dx_node *n, u32 iseed)
{
	u32 off = n->entries_off;

	ext4_put16(blk + off, (u16)n->limit);
	ext4_put16(blk + off + 2, (u16)n->count);
	if (n->entries_off == EXT4_DX_ROOT_OFF)
		blk[30] = n->levels;
	if (g->csum) {
		u8 *t = blk + off + 8 * n->limit;
		u32 zero = 0, c;

		memset(t, 0, EXT4_DX_TAIL_SIZE);
		c = crc32c(iseed, blk, off + 8 * n->count);
		c = crc32c(c, t, 4);
		c = crc32c(c, &zero, 4);
		ext4_put32(t + 4, c);
	}
}

static bool map_before(const struct ext4_dx_map *a, const struct ext4_dx_map *b)
{
	return a->hash < b->hash || (a->hash == b->hash && a->minor < b->minor);
}

/* Insertion sort: a leaf's entries at most (block_size / 12), or a run of
 * a few leaves for readdir. */
void ext4_dx_map_sort(struct ext4_dx_map *m, u32 n)
{
	for (u32 i = 1; i < n; i++) {
		struct ext4_dx_map x = m[i];
		u32 j = i;

		while (j && map_before(&x, &m[j - 1])) {
			m[j] = m[j - 1];
			j--;
		}
		m[j] = x;
	}
}

u32 ext4_dirblock_compact(const struct ext4_geom *g, const u8 *src, u8 *dst, bool skip_dots)
{
	u32 end = ext4_dirblock_end(g), o = 0, w = 0, last = 0;
	bool any = false;

	memset(dst, 0, g->block_size);
	while (o < end) {
		struct ext4_dirent d;

		ext4_dirent_get(src, o, &d);
		if (d.inode && !(skip_dots && ((d.name_len == 1 && d.name[0] == '.') ||
					       (d.name_len == 2 && !memcmp(d.name, "..", 2))))) {
			u32 sz = ext4_dirent_size(d.name_len);

			ext4_dirent_put(dst, w, d.inode, (u16)sz, d.name, d.name_len, d.file_type);
			last = w;
			w += sz;
			any = true;
		}
		o += d.rec_len;
	}
	if (!any)
		ext4_dirent_put(dst, 0, 0, (u16)end, "", 0, 0);
	else
		ext4_put16(dst + last + 4, (u16)(end - last));
	return w;
}

/* Append entry d to the block being built at *w; *last: its offset. */
static void put_packed(u8 *dst, u32 *w, u32 *last, const struct ext4_dirent *d)
{
	u32 sz = ext4_dirent_size(d->name_len);

	ext4_dirent_put(dst, *w, d->inode, (u16)sz, d->name, d->name_len, d->file_type);
	*last = *w;
	*w += sz;
}

int ext4_dirblock_split(const struct ext4_geom *g, u8 *blk, u8 *dst, u8 *tmp,
			struct ext4_dx_map *map, u8 hash_version, const u32 seed[4], u32 *split_hash)
{
	u32 end = ext4_dirblock_end(g), o = 0, n = 0, size = 0, move = 0, split, hash2;
	u32 w1 = 0, w2 = 0, last1 = 0, last2 = 0;

	memcpy(tmp, blk, g->block_size);
	while (o < end) {
		struct ext4_dirent d;

		ext4_dirent_get(tmp, o, &d);
		if (d.inode) {
			map[n].hash = ext4_dx_hash(d.name, d.name_len, hash_version, seed,
						   &map[n].minor);
			map[n].off = (u16)o;
			map[n].size = (u16)ext4_dirent_size(d.name_len);
			n++;
		}
		o += d.rec_len;
	}
	if (n < 2)
		return -ENOSPC;	/* one entry fills the block: nothing to split */
	ext4_dx_map_sort(map, n);
	/* From the top, entries whose bytes stay within half the block. */
	for (u32 i = n; i-- > 1;) {
		if (size + map[i].size / 2 > end / 2 && move)
			break;
		size += map[i].size;
		move++;
	}
	split = n - move;
	hash2 = map[split].hash;
	if (map[split - 1].hash == hash2)
		hash2 |= 1;	/* the run of this hash continues in the new block */
	memset(blk, 0, g->block_size);
	memset(dst, 0, g->block_size);
	for (u32 i = 0; i < n; i++) {
		struct ext4_dirent d;

		ext4_dirent_get(tmp, map[i].off, &d);
		if (i < split)
			put_packed(blk, &w1, &last1, &d);
		else
			put_packed(dst, &w2, &last2, &d);
	}
	ext4_put16(blk + last1 + 4, (u16)(end - last1));
	ext4_put16(dst + last2 + 4, (u16)(end - last2));
	*split_hash = hash2;
	return 0;
}
