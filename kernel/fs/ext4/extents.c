/*
 * ext4 extent trees. A file's tree is read once, every node checked
 * (header, depth, order, range, checksum tail), into a sorted array of
 * its extents, which lookups search. A change (blocks added, blocks cut
 * off) edits the array, merging neighbours that touch, and then lays the
 * tree out again: up to 4 extents in the inode, else full leaves of
 * (block_size - 12) / 12 extents under as many index levels as needed,
 * reusing the tree's old blocks (only nodes whose bytes change are
 * written) and allocating or freeing the difference. Leaves are split
 * when they overflow and index nodes when their children do, as Linux's
 * trees are, but by the layout rather than by moving entries in place.
 *
 * map_lock of the inode is held by every caller.
 */
#include "ext4.h"
#include <core/kmalloc.h>
#include <lib/string.h>
#include <mica/err.h>
#include <mica/errno.h>

#define EXT4_MAX_EXTENTS (1u << 18)	/* in memory: 4 MiB of extents at most */

void ext4_map_free_memory(struct ext4_inode *ei)
{
	kfree(ei->ext);
	kfree(ei->tree);
	ei->ext = NULL;
	ei->tree = NULL;
	ei->next = ei->ext_cap = ei->ntree = 0;
	ei->map_loaded = false;
}

static int grow(void **arr, u32 *cap, u32 need, size_t elem)
{
	u32 ncap = *cap ? *cap : 8;
	void *n;

	if (need <= *cap)
		return 0;
	while (ncap < need)
		ncap *= 2;
	n = kmalloc(ncap * elem);
	if (!n)
		return -ENOMEM;
	if (*arr)
		memcpy(n, *arr, *cap * elem);
	kfree(*arr);
	*arr = n;
	*cap = ncap;
	return 0;
}

static int push_extent(struct ext4_inode *ei, const struct ext4_extent *e)
{
	struct ext4_fs *fs = ei->fs;

	if (ei->next) {
		const struct ext4_extent *p = &ei->ext[ei->next - 1];

		if (p->lblk + p->len > e->lblk)
			return ext4_corrupt(fs, "inode %lu: extents out of order",
					    (unsigned long)ei->vfs.ino);
	}
	if (ei->next >= EXT4_MAX_EXTENTS)
		return -EFBIG;
	if (ext4_block_is_metadata(fs, e->pblk, e->len))
		return ext4_corrupt(fs, "inode %lu: extent at %llu+%u covers metadata",
				    (unsigned long)ei->vfs.ino, (unsigned long long)e->pblk, e->len);
	if (grow((void **)&ei->ext, &ei->ext_cap, ei->next + 1, sizeof(*e)))
		return -ENOMEM;
	ei->ext[ei->next++] = *e;
	return 0;
}

static int push_tree(struct ext4_inode *ei, u64 blk)
{
	u32 cap = ei->ntree;	/* capacity tracked by powers of two */
	u32 c = 8;

	while (c < cap)
		c *= 2;
	if (ei->ntree >= EXT4_MAX_EXTENTS)
		return -EFBIG;
	if (ei->ntree == c || !ei->tree) {
		u64 *n = kmalloc((ei->tree ? 2 * c : c) * sizeof(u64));

		if (!n)
			return -ENOMEM;
		if (ei->tree)
			memcpy(n, ei->tree, ei->ntree * sizeof(u64));
		kfree(ei->tree);
		ei->tree = n;
	}
	ei->tree[ei->ntree++] = blk;
	return 0;
}

/* Load the node buf (already checked) and everything under it. */
static int load_node(struct ext4_inode *ei, const u8 *buf, const struct ext4_ext_header *h)
{
	struct ext4_fs *fs = ei->fs;

	for (u32 i = 0; i < h->entries; i++) {
		int err;

		if (h->depth == 0) {
			struct ext4_extent e;

			ext4_ext_leaf_get(buf, i, &e);
			err = push_extent(ei, &e);
		} else {
			struct ext4_ext_header ch;
			struct buffer_head *bh;
			const char *why;
			u64 child;
			u32 lblk;

			ext4_ext_index_get(buf, i, &lblk, &child);
			if (ext4_block_is_metadata(fs, child, 1))
				return ext4_corrupt(fs, "inode %lu: extent node in metadata",
						    (unsigned long)ei->vfs.ino);
			bh = bcache_read(fs->bdev, child, fs->g.block_size);
			if (IS_ERR(bh))
				return PTR_ERR(bh);
			err = ext4_ext_node_check(&fs->g, bh->data, fs->g.block_size, false,
						  h->depth - 1, ei->iseed, &ch, &why);
			if (err) {
				bcache_release(bh);
				return ext4_corrupt(fs, "inode %lu: extent block %llu: %s",
						    (unsigned long)ei->vfs.ino,
						    (unsigned long long)child, why);
			}
			err = push_tree(ei, child);
			if (!err)
				err = load_node(ei, bh->data, &ch);
			bcache_release(bh);
		}
		if (err)
			return err;
	}
	return 0;
}

int ext4_map_load(struct ext4_inode *ei)
{
	struct ext4_ext_header h;
	const char *why;
	int err;

	if (ei->map_loaded)
		return 0;
	if (!(ei->flags & EXT4_EXTENTS_FL)) {
		if (ei->flags & EXT4_INLINE_DATA_FL || S_ISLNK(ei->vfs.mode) || !ei->blocks) {
			ei->map_loaded = true;	/* no blocks */
			return 0;
		}
		return -EOPNOTSUPP;	/* ext2/3 block maps */
	}
	err = ext4_ext_node_check(&ei->fs->g, ei->iblock, EXT4_IBLOCK_SIZE, true, -1, ei->iseed,
				  &h, &why);
	if (err)
		return ext4_corrupt(ei->fs, "inode %lu: extent root: %s",
				    (unsigned long)ei->vfs.ino, why);
	err = load_node(ei, ei->iblock, &h);
	if (err) {
		ext4_map_free_memory(ei);
		return err;
	}
	ei->map_loaded = true;
	return 0;
}

/* Index of the last extent starting at or before lblk, or -1. */
static long find(struct ext4_inode *ei, u32 lblk)
{
	long lo = 0, hi = (long)ei->next - 1, ans = -1;

	while (lo <= hi) {
		long mid = (lo + hi) / 2;

		if (ei->ext[mid].lblk <= lblk) {
			ans = mid;
			lo = mid + 1;
		} else {
			hi = mid - 1;
		}
	}
	return ans;
}

int ext4_map_lookup(struct ext4_inode *ei, u32 lblk, u64 *pblk, u32 *run)
{
	int err = ext4_map_load(ei);
	long i;

	if (err)
		return err;
	*pblk = 0;
	*run = 1;
	i = find(ei, lblk);
	if (i >= 0 && lblk < ei->ext[i].lblk + ei->ext[i].len) {
		const struct ext4_extent *e = &ei->ext[i];

		*run = e->len - (lblk - e->lblk);
		if (!e->uninit)	/* uninitialized extents read as zeros */
			*pblk = e->pblk + (lblk - e->lblk);
	} else if (i + 1 < (long)ei->next) {
		*run = ei->ext[i + 1].lblk - lblk;	/* the hole's length */
	} else {
		*run = 0xffffffffu - lblk;
	}
	return 0;
}

u64 ext4_bmap(void *ctx, u64 lblk)
{
	struct ext4_inode *ei = ctx;
	u64 pblk = 0;
	u32 run;

	if (lblk >= 0xffffffffULL)
		return 0;
	mutex_lock(&ei->map_lock);
	if (ext4_map_lookup(ei, (u32)lblk, &pblk, &run))
		pblk = 0;
	mutex_unlock(&ei->map_lock);
	return pblk;
}

/* ---- laying the tree out ---- */

static u32 sectors_per_block(struct ext4_fs *fs)
{
	return fs->g.block_size / 512;
}

/* Write node contents buf to block blk if they differ from what is there. */
static int write_node(struct ext4_handle *h, struct ext4_fs *fs, u64 blk, const u8 *buf,
		      bool fresh)
{
	struct buffer_head *bh = fresh ? bcache_get(fs->bdev, blk, fs->g.block_size)
				       : bcache_read(fs->bdev, blk, fs->g.block_size);
	int err;

	if (IS_ERR(bh))
		return PTR_ERR(bh);
	if (!fresh && !memcmp(bh->data, buf, fs->g.block_size)) {
		bcache_release(bh);
		return 0;
	}
	err = fresh ? ext4_get_create_access(h, bh) : ext4_get_write_access(h, bh);
	if (!err) {
		memcpy(bh->data, buf, fs->g.block_size);
		err = ext4_dirty_metadata(h, bh);
	}
	bcache_release(bh);
	return err;
}

/*
 * Lay out ei->ext[] as a tree in i_block and blocks (see the top). On
 * failure the old tree may be partly overwritten: the caller reports
 * the error and the inode is left for e2fsck.
 */
static int rebuild(struct ext4_handle *h, struct ext4_inode *ei)
{
	struct ext4_fs *fs = ei->fs;
	u32 bs = fs->g.block_size, per = ext4_ext_node_capacity(bs, false);
	u32 level_nodes[EXT4_MAX_DEPTH + 1], depth = 0, total = 0, n = ei->next;
	u64 *blocks = NULL;
	bool *fresh = NULL;
	u8 *buf = NULL;
	int err = 0;

	/* Nodes per level, leaves first, until the root can hold the rest. */
	for (u32 items = n; items > 4; items = level_nodes[depth - 1]) {
		if (depth == EXT4_MAX_DEPTH)
			return -EFBIG;
		level_nodes[depth] = DIV_ROUND_UP(items, per);
		total += level_nodes[depth];
		depth++;
	}
	if (total) {
		blocks = kmalloc(total * sizeof(u64));
		fresh = kzalloc(total);
		buf = kmalloc(bs);
		if (!blocks || !fresh || !buf) {
			err = -ENOMEM;
			goto out;
		}
	}
	/* Blocks: the old tree's first, then new ones near the last. */
	for (u32 i = 0; i < total; i++) {
		if (i < ei->ntree) {
			blocks[i] = ei->tree[i];
			continue;
		}
		u64 goal = i ? blocks[i - 1] + 1 : (n ? ei->ext[0].pblk : 0);
		u32 got;

		err = ext4_balloc(h, fs, goal, 1, &blocks[i], &got);
		if (err) {
			for (u32 j = ei->ntree; j < i; j++)
				ext4_bfree(h, fs, blocks[j], 1);
			goto out;
		}
		fresh[i] = true;
		ei->blocks += sectors_per_block(fs);
	}
	/* Free the old blocks no longer needed. */
	for (u32 i = total; i < ei->ntree; i++) {
		ext4_forget(h, ei->tree[i]);
		ext4_bfree(h, fs, ei->tree[i], 1);
		ei->blocks -= MIN((u64)sectors_per_block(fs), ei->blocks);
	}
	/* Write the levels bottom up: leaves hold extents, an index node at
	 * level L holds the first block of each of its children. */
	u32 base = 0, prev_base = 0;

	for (u32 lvl = 0; lvl < depth && !err; lvl++) {
		u32 items = lvl ? level_nodes[lvl - 1] : n;

		for (u32 node = 0; node < level_nodes[lvl] && !err; node++) {
			u32 first = node * per, cnt = MIN(per, items - first);

			ext4_ext_node_init(buf, bs, false, (u16)lvl);
			for (u32 k = 0; k < cnt; k++) {
				if (!lvl) {
					ext4_ext_leaf_put(buf, k, &ei->ext[first + k]);
				} else {
					u32 child = first + k;
					/* The first extent under that child. */
					u32 span = 1;

					for (u32 l = 0; l < lvl - 1; l++)
						span *= per;
					span *= per;
					ext4_ext_index_put(buf, k, ei->ext[child * span].lblk,
							   blocks[prev_base + child]);
				}
			}
			ext4_ext_node_finish(&fs->g, buf, bs, false, (u16)cnt, ei->iseed);
			err = write_node(h, fs, blocks[base + node], buf, fresh[base + node]);
		}
		prev_base = base;
		base += level_nodes[lvl];
	}
	if (err)
		goto out;
	/* The root. */
	{
		u32 items = depth ? level_nodes[depth - 1] : n;
		u32 span = 1;

		for (u32 l = 0; l < depth; l++)
			span *= per;
		ext4_ext_node_init(ei->iblock, EXT4_IBLOCK_SIZE, true, (u16)depth);
		for (u32 k = 0; k < items; k++) {
			if (!depth)
				ext4_ext_leaf_put(ei->iblock, k, &ei->ext[k]);
			else
				ext4_ext_index_put(ei->iblock, k, ei->ext[k * span].lblk,
						   blocks[prev_base + k]);
		}
		ext4_ext_node_finish(&fs->g, ei->iblock, EXT4_IBLOCK_SIZE, true, (u16)items,
				     ei->iseed);
	}
	kfree(ei->tree);
	ei->tree = blocks;
	ei->ntree = total;
	blocks = NULL;
out:
	kfree(blocks);
	kfree(fresh);
	kfree(buf);
	return err;
}

/* Put extent e (in a hole) into the array, merged with touching ones. */
static int insert(struct ext4_inode *ei, const struct ext4_extent *e)
{
	long i = find(ei, e->lblk);
	struct ext4_extent *p;

	if (i >= 0) {
		p = &ei->ext[i];
		if (!p->uninit && p->lblk + p->len == e->lblk && p->pblk + p->len == e->pblk &&
		    p->len + e->len <= EXT4_EXT_INIT_MAX_LEN) {
			p->len += e->len;
			/* And with the next one, if the hole is now closed. */
			if ((u32)i + 1 < ei->next) {
				struct ext4_extent *q = &ei->ext[i + 1];

				if (!q->uninit && p->lblk + p->len == q->lblk &&
				    p->pblk + p->len == q->pblk &&
				    p->len + q->len <= EXT4_EXT_INIT_MAX_LEN) {
					p->len += q->len;
					memmove(q, q + 1, (ei->next - i - 2) * sizeof(*q));
					ei->next--;
				}
			}
			return 0;
		}
	}
	if ((u32)(i + 1) < ei->next) {
		p = &ei->ext[i + 1];
		if (!p->uninit && e->lblk + e->len == p->lblk && e->pblk + e->len == p->pblk &&
		    p->len + e->len <= EXT4_EXT_INIT_MAX_LEN) {
			p->lblk = e->lblk;
			p->pblk = e->pblk;
			p->len += e->len;
			return 0;
		}
	}
	if (ei->next >= EXT4_MAX_EXTENTS)
		return -EFBIG;
	if (grow((void **)&ei->ext, &ei->ext_cap, ei->next + 1, sizeof(*e)))
		return -ENOMEM;
	memmove(&ei->ext[i + 2], &ei->ext[i + 1], (ei->next - (u32)(i + 1)) * sizeof(*e));
	ei->ext[i + 1] = *e;
	ei->next++;
	return 0;
}

static int zero_blocks(struct ext4_fs *fs, u64 start, u32 n)
{
	static const u8 zeros[4096];
	int err = 0;

	for (u32 i = 0; i < n && !err; i++)
		err = block_rw(fs->bdev, BLK_OP_WRITE, (start + i) * sectors_per_block(fs),
			       (void *)zeros, fs->g.block_size);
	return err;
}

int ext4_map_alloc(struct ext4_handle *h, struct ext4_inode *ei, u32 lblk, u32 n, bool zero)
{
	struct ext4_fs *fs = ei->fs;
	bool changed = false;
	int err = ext4_map_load(ei);

	if (err)
		return err;
	if (!(ei->flags & EXT4_EXTENTS_FL))
		return -EOPNOTSUPP;
	while (n && !err) {
		long i = find(ei, lblk);
		struct ext4_extent e;
		u64 goal;
		u32 hole, got;

		if (i >= 0 && lblk < ei->ext[i].lblk + ei->ext[i].len) {
			struct ext4_extent *p = &ei->ext[i];
			u32 skip = p->lblk + p->len - lblk;

			if (p->uninit) {	/* written into: zero it and make it initialized */
				err = zero_blocks(fs, p->pblk, p->len);
				if (err)
					break;
				p->uninit = false;
				changed = true;
			}
			if (skip >= n)
				break;
			lblk += skip;
			n -= skip;
			continue;
		}
		hole = (u32)(i + 1) < ei->next ? ei->ext[i + 1].lblk - lblk : n;
		hole = MIN(hole, MIN(n, EXT4_EXT_INIT_MAX_LEN));
		if (i >= 0)
			goal = ei->ext[i].pblk + (lblk - ei->ext[i].lblk);
		else
			goal = ext4_group_first_block(&fs->g, (u32)((ei->vfs.ino - 1) /
							fs->g.inodes_per_group));
		err = ext4_balloc(h, fs, goal, hole, &e.pblk, &got);
		if (err)
			break;
		if (zero)
			err = zero_blocks(fs, e.pblk, got);
		e.lblk = lblk;
		e.len = got;
		e.uninit = false;
		if (!err)
			err = insert(ei, &e);
		if (err) {
			ext4_bfree(h, fs, e.pblk, got);
			break;
		}
		ei->blocks += (u64)got * sectors_per_block(fs);
		changed = true;
		lblk += got;
		n -= got;
	}
	if (changed) {
		int e2 = rebuild(h, ei);

		if (!err)
			err = e2;
	}
	return err;
}

int ext4_map_truncate(struct ext4_handle *h, struct ext4_inode *ei, u32 lblk)
{
	struct ext4_fs *fs = ei->fs;
	int err = ext4_map_load(ei);
	u32 keep;

	if (err)
		return err;
	if (!(ei->flags & EXT4_EXTENTS_FL))
		return 0;
	keep = ei->next;	/* after the load: a map not read yet has next 0 */
	for (long i = (long)ei->next - 1; i >= 0; i--) {
		struct ext4_extent *e = &ei->ext[i];
		u32 cut;

		if (e->lblk + e->len <= lblk)
			break;
		cut = e->lblk >= lblk ? e->len : e->lblk + e->len - lblk;
		/* Directory and symlink blocks are metadata (buffer cache). */
		if (!S_ISREG(ei->vfs.mode))
			for (u32 k = 0; k < cut; k++)
				ext4_forget(h, e->pblk + e->len - cut + k);
		err = ext4_bfree(h, fs, e->pblk + e->len - cut, cut);
		if (err)
			return err;
		ei->blocks -= MIN((u64)cut * sectors_per_block(fs), ei->blocks);
		e->len -= cut;
		if (!e->len)
			keep = (u32)i;
	}
	ei->next = keep;
	return rebuild(h, ei);
}

/*
 * Free the blocks of lblk..lblk+n-1 (a hole punched): extents inside go,
 * extents across an end are cut, an extent around the range splits in
 * two. The array changes before any block is freed, so a failure (-ENOMEM,
 * -EFBIG: too many extents) leaves every block still mapped.
 */
int ext4_map_punch(struct ext4_handle *h, struct ext4_inode *ei, u32 lblk, u32 n)
{
	struct ext4_fs *fs = ei->fs;
	u64 end = (u64)lblk + n;
	bool changed = false;
	int err = ext4_map_load(ei);
	long i;

	if (err)
		return err;
	if (!(ei->flags & EXT4_EXTENTS_FL))
		return -EOPNOTSUPP;
	i = find(ei, lblk);
	if (i < 0 || (u64)ei->ext[i].lblk + ei->ext[i].len <= lblk)
		i++;
	while ((u32)i < ei->next && ei->ext[i].lblk < end) {
		struct ext4_extent *e = &ei->ext[i];
		u64 e_end = (u64)e->lblk + e->len;
		u32 s = MAX(e->lblk, lblk), t = (u32)MIN(e_end, end);
		u64 pstart = e->pblk + (s - e->lblk);

		if (s > e->lblk && t < e_end) {
			/* The range is inside e: the part after it becomes its own. */
			struct ext4_extent tail = {
				.lblk = t, .len = (u32)(e_end - t),
				.pblk = e->pblk + (t - e->lblk), .uninit = e->uninit,
			};

			if (ei->next >= EXT4_MAX_EXTENTS) {
				err = -EFBIG;
				break;
			}
			if (grow((void **)&ei->ext, &ei->ext_cap, ei->next + 1, sizeof(tail))) {
				err = -ENOMEM;
				break;
			}
			e = &ei->ext[i];
			memmove(e + 2, e + 1, (ei->next - (u32)i - 1) * sizeof(*e));
			e[1] = tail;
			ei->next++;
			e->len = s - e->lblk;
			i++;
		} else if (s > e->lblk) {
			e->len = s - e->lblk;
			i++;
		} else if (t < e_end) {
			e->pblk += t - e->lblk;
			e->len = (u32)(e_end - t);
			e->lblk = t;
			i++;
		} else {
			memmove(e, e + 1, (ei->next - (u32)i - 1) * sizeof(*e));
			ei->next--;
		}
		changed = true;
		/* Directory and symlink blocks are metadata (buffer cache). */
		if (!S_ISREG(ei->vfs.mode))
			for (u32 k = 0; k < t - s; k++)
				ext4_forget(h, pstart + k);
		err = ext4_bfree(h, fs, pstart, t - s);
		if (err)
			break;
		ei->blocks -= MIN((u64)(t - s) * sectors_per_block(fs), ei->blocks);
	}
	if (changed) {
		int e2 = rebuild(h, ei);

		if (!err)
			err = e2;
	}
	return err;
}
