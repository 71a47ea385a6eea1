/*
 * ext4 htree (dir_index) directories: lookups through the dx root and
 * nodes, and growing the tree as Linux does (fs/ext4/namei.c).
 *
 * - A linear directory of one full block becomes an htree when the file
 *   system has dir_index (make_indexed): block 0 turns into the dx root
 *   (".", "..", dx_root_info with s_def_hash_version, indirect_levels 0)
 *   and its entries go to two new leaves split by hash.
 * - A name goes to the leaf its hash selects. A full leaf is split by
 *   hash (format_dx.c) and the new leaf's (hash, block) is inserted in the
 *   index node above it. A full node is split in two, its upper half
 *   going to a new node entered in the root; a full root with
 *   indirect_levels 0 moves its entries into a new node and gets
 *   indirect_levels 1. Without largedir (which Mica does not mount) that
 *   is the deepest tree: a full one gives ENOSPC, as in Linux.
 * - Every block is changed in the caller's handle: leaves get their
 *   dirent tail checksum, index blocks their dx tail checksum. New blocks
 *   are allocated before anything changes, so a failed allocation leaves
 *   the directory as it was.
 *
 * inode.lock of the directory is held by every caller (the VFS takes it).
 */
#include "dir.h"
#include <core/kmalloc.h>
#include <lib/string.h>
#include <mica/err.h>
#include <mica/errno.h>

/* One index block on the way from the root to a leaf. */
struct dx_frame {
	struct buffer_head *bh;	/* referenced */
	struct ext4_dx_node n;
	u32 lblk;
	u32 idx;		/* the entry followed */
};

struct dx_path {
	struct dx_frame f[EXT4_DX_MAX_LEVELS + 1];
	u32 depth;		/* frames in use: indirect_levels + 1 */
	u32 leaf;
	u32 hash;
	u8 hv;			/* hash version, signedness applied */
	bool more;		/* the next leaf may continue this hash */
};

u8 ext4_dx_hash_version(struct ext4_inode *dir, u8 root_version)
{
	if (root_version <= EXT4_HASH_TEA && (dir->fs->g.flags & EXT4_FLAGS_UNSIGNED_HASH))
		return (u8)(root_version + 3);
	return root_version;
}

static void dx_path_release(struct dx_path *p)
{
	for (u32 i = 0; i < p->depth; i++)
		bcache_release(p->f[i].bh);
	p->depth = 0;
}

/* Walk from the root to the leaf for name (or, name NULL, for the hash
 * p->hash), keeping every index block. */
static int dx_probe(struct ext4_inode *dir, const char *name, u32 len, struct dx_path *p)
{
	struct ext4_fs *fs = dir->fs;
	struct dx_frame *f = &p->f[0];
	enum blk_kind kind;
	u32 levels;
	int err = ext4_dir_read(dir, 0, &f->bh, &kind);

	p->depth = 0;
	if (err)
		return err;
	p->depth = 1;
	f->lblk = 0;
	ext4_dx_root_parse(&fs->g, f->bh->data, dir->iseed, &f->n, &(const char *){ NULL });
	p->hv = ext4_dx_hash_version(dir, f->n.hash_version);
	if (name)
		p->hash = ext4_dx_hash(name, len, p->hv, fs->g.hash_seed, NULL);
	p->more = false;
	levels = f->n.levels;
	for (u32 lvl = 0;; lvl++) {
		struct ext4_dx_entry e, nx;
		u32 lo = 1, hi = f->n.count, idx = 0;

		while (lo < hi) {	/* the last entry whose hash is <= ours */
			u32 mid = (lo + hi) / 2;

			ext4_dx_entry_get(f->bh->data, &f->n, mid, &e);
			if (e.hash <= p->hash) {
				idx = mid;
				lo = mid + 1;
			} else {
				hi = mid;
			}
		}
		f->idx = idx;
		ext4_dx_entry_get(f->bh->data, &f->n, idx, &e);
		/* The next entry at the lowest level that has one decides. */
		if (idx + 1 < f->n.count) {
			ext4_dx_entry_get(f->bh->data, &f->n, idx + 1, &nx);
			p->more = (nx.hash & ~1u) == p->hash;
		}
		if (!e.block || e.block >= ext4_dir_nblocks(dir)) {
			dx_path_release(p);
			return ext4_corrupt(fs, "directory %lu: htree points to block %u",
					    (unsigned long)dir->vfs.ino, e.block);
		}
		if (lvl == levels) {
			p->leaf = e.block;
			return 0;
		}
		f++;
		err = ext4_dir_read(dir, e.block, &f->bh, &kind);
		if (err) {
			dx_path_release(p);
			return err;
		}
		p->depth++;
		f->lblk = e.block;
		if (kind != BLK_DX_NODE) {
			dx_path_release(p);
			return ext4_corrupt(fs, "directory %lu: block %u is not an htree node",
					    (unsigned long)dir->vfs.ino, e.block);
		}
		ext4_dx_node_parse(&fs->g, f->bh->data, dir->iseed, &f->n, &(const char *){ NULL });
	}
}

int ext4_dx_leaf(struct ext4_inode *dir, const char *name, u32 len, u32 *leaf, bool *more)
{
	struct dx_path p;
	int err = dx_probe(dir, name, len, &p);

	if (err)
		return err;
	*leaf = p.leaf;
	*more = p.more;
	dx_path_release(&p);
	return 0;
}

/* Scratch for a split: the two halves, a copy, and the hash map. */
struct dx_scratch {
	u8 *lo, *hi, *tmp;
	struct ext4_dx_map *map;
};

static int scratch_get(struct ext4_fs *fs, struct dx_scratch *s)
{
	u32 bs = fs->g.block_size;

	s->lo = kmalloc(3 * bs + (bs / 12 + 1) * sizeof(struct ext4_dx_map));
	if (!s->lo)
		return -ENOMEM;
	s->hi = s->lo + bs;
	s->tmp = s->hi + bs;
	s->map = (struct ext4_dx_map *)(void *)(s->tmp + bs);
	return 0;
}

/* Copy a built leaf into its buffer and finish it (write access held). */
static int leaf_store(struct ext4_handle *h, struct ext4_inode *dir, struct buffer_head *bh,
		      const u8 *src)
{
	memcpy(bh->data, src, dir->fs->g.block_size);
	return ext4_dir_block_done(h, dir, bh);
}

static int index_store(struct ext4_handle *h, struct ext4_inode *dir, struct buffer_head *bh,
		       const struct ext4_dx_node *n)
{
	ext4_dx_finish(&dir->fs->g, bh->data, n, dir->iseed);
	return ext4_dirty_metadata(h, bh);
}

/*
 * Split the full leaf p->leaf and enter the new leaf in the index,
 * splitting or deepening the index first when its bottom block is full.
 */
static int dx_split(struct ext4_handle *h, struct ext4_inode *dir, struct dx_path *p)
{
	struct ext4_fs *fs = dir->fs;
	struct dx_frame *root = &p->f[0], *bottom = &p->f[p->depth - 1];
	struct buffer_head *leaf = NULL, *nb[2] = { NULL, NULL };
	bool grow = false, split_node = false;
	struct dx_scratch s;
	enum blk_kind kind;
	u32 need = 1, first, hash2;
	int err;

	if (bottom->n.count >= bottom->n.limit) {
		if (p->depth == 1 && root->n.levels < EXT4_DX_MAX_LEVELS) {
			grow = true;
		} else if (p->depth > 1 && root->n.count < root->n.limit) {
			split_node = true;
		} else {
			pr_err("EXT4-fs (%s): directory %lu: index full, reached max htree level %u\n",
			       fs->name, (unsigned long)dir->vfs.ino, root->n.levels + 1u);
			return -ENOSPC;
		}
		need++;
	}
	err = scratch_get(fs, &s);
	if (err)
		return err;
	err = ext4_dir_read(dir, p->leaf, &leaf, &kind);
	if (err)
		goto out_free;
	if (kind != BLK_LINEAR) {
		err = ext4_corrupt(fs, "directory %lu: htree leaf %u is an index block",
				   (unsigned long)dir->vfs.ino, p->leaf);
		goto out_leaf;
	}
	memcpy(s.lo, leaf->data, fs->g.block_size);
	err = ext4_dirblock_split(&fs->g, s.lo, s.hi, s.tmp, s.map, p->hv, fs->g.hash_seed,
				  &hash2);
	if (err)
		goto out_leaf;
	/* Validate, then commit: write access to every old block first. */
	err = ext4_get_write_access(h, leaf);
	for (u32 i = 0; i < p->depth && !err; i++)
		err = ext4_get_write_access(h, p->f[i].bh);
	if (!err)
		err = ext4_dir_grow(h, dir, need, &first, nb);
	if (err)
		goto out_leaf;
	err = leaf_store(h, dir, leaf, s.lo);
	if (!err)
		err = leaf_store(h, dir, nb[0], s.hi);
	if (err)
		goto out_new;
	if (grow) {
		/* The root's entries move to a new node below it. */
		struct dx_frame *f = &p->f[1];

		ext4_dx_node_init(&fs->g, nb[1]->data, &f->n);
		ext4_dx_move(root->bh->data, &root->n, 0, nb[1]->data, &f->n);
		ext4_dx_insert(root->bh->data, &root->n, 0, 0, first + 1);
		root->n.levels++;
		f->bh = nb[1];
		f->lblk = first + 1;
		f->idx = root->idx;
		root->idx = 0;
		nb[1] = NULL;
		p->depth = 2;
		bottom = f;
	} else if (split_node) {
		/* The upper half of the bottom node moves to a new node. */
		struct ext4_dx_node n2;
		u32 from = bottom->n.count / 2, hn;

		ext4_dx_node_init(&fs->g, nb[1]->data, &n2);
		hn = ext4_dx_move(bottom->bh->data, &bottom->n, from, nb[1]->data, &n2);
		ext4_dx_insert(root->bh->data, &root->n, root->idx + 1, hn, first + 1);
		if (bottom->idx >= from) {
			err = index_store(h, dir, bottom->bh, &bottom->n);
			bcache_release(bottom->bh);
			bottom->bh = nb[1];
			bottom->n = n2;
			bottom->lblk = first + 1;
			bottom->idx -= from;
			nb[1] = NULL;
		} else {
			err = index_store(h, dir, nb[1], &n2);
		}
		if (err)
			goto out_new;
	}
	ext4_dx_insert(bottom->bh->data, &bottom->n, bottom->idx + 1, hash2, first);
	for (u32 i = p->depth; i-- > 0 && !err;)
		err = index_store(h, dir, p->f[i].bh, &p->f[i].n);
out_new:
	for (u32 i = 0; i < 2; i++)
		if (nb[i])
			bcache_release(nb[i]);
out_leaf:
	bcache_release(leaf);
out_free:
	kfree(s.lo);
	return err;
}

int ext4_dx_add(struct ext4_handle *h, struct ext4_inode *dir, const char *name, u32 len,
		u32 ino_nr, u8 ft)
{
	/* A split leaves each half with room for any name unless one hash
	 * fills the leaf; then the next try splits the half again. */
	for (int tries = 0; tries < 4; tries++) {
		struct dx_path p;
		bool done = false;
		int err = dx_probe(dir, name, len, &p);

		if (err)
			return err;
		err = ext4_dir_insert_in(h, dir, p.leaf, name, len, ino_nr, ft);
		if (err > 0)
			done = true, err = 0;
		else if (!err)
			err = dx_split(h, dir, &p);
		dx_path_release(&p);
		if (err || done)
			return err;
	}
	pr_err("EXT4-fs (%s): directory %lu: no room for \"%s\" after splitting its leaf\n",
	       dir->fs->name, (unsigned long)dir->vfs.ino, name);
	return -ENOSPC;
}

int ext4_dx_make_indexed(struct ext4_handle *h, struct ext4_inode *dir)
{
	struct ext4_fs *fs = dir->fs;
	struct buffer_head *bh0, *nb[2] = { NULL, NULL };
	struct ext4_dirent dot, dotdot;
	struct ext4_dx_node rn;
	struct dx_scratch s;
	enum blk_kind kind;
	u32 first, hash2;
	u8 hv = fs->g.def_hash_version;
	int err;

	if (hv > EXT4_HASH_TEA || (dir->flags & (EXT4_ENCRYPT_FL | EXT4_CASEFOLD_FL)))
		return 1;	/* hashes Mica does not compute */
	err = ext4_dir_read(dir, 0, &bh0, &kind);
	if (err)
		return err;
	ext4_dirent_get(bh0->data, 0, &dot);
	ext4_dirent_get(bh0->data, 12, &dotdot);
	if (kind != BLK_LINEAR || dot.rec_len != 12 || dot.name_len != 1 || dot.name[0] != '.' ||
	    dotdot.name_len != 2 || memcmp(dotdot.name, "..", 2)) {
		bcache_release(bh0);
		return 1;
	}
	err = scratch_get(fs, &s);
	if (err)
		goto out_bh;
	ext4_dirblock_compact(&fs->g, bh0->data, s.lo, true);
	err = ext4_dirblock_split(&fs->g, s.lo, s.hi, s.tmp, s.map, ext4_dx_hash_version(dir, hv),
				  fs->g.hash_seed, &hash2);
	if (err) {
		err = 1;	/* too few entries to index: stay linear */
		goto out_free;
	}
	err = ext4_get_write_access(h, bh0);
	if (!err)
		err = ext4_dir_grow(h, dir, 2, &first, nb);
	if (err)
		goto out_free;
	err = leaf_store(h, dir, nb[0], s.lo);
	if (!err)
		err = leaf_store(h, dir, nb[1], s.hi);
	if (!err) {
		ext4_dx_root_init(&fs->g, bh0->data, dot.inode, dotdot.inode, dot.file_type, hv, 0,
				  &rn);
		ext4_dx_insert(bh0->data, &rn, 0, 0, first);
		ext4_dx_insert(bh0->data, &rn, 1, hash2, first + 1);
		err = index_store(h, dir, bh0, &rn);
	}
	if (!err) {
		dir->flags |= EXT4_INDEX_FL;
		err = ext4_inode_save(h, dir);
	}
	bcache_release(nb[0]);
	bcache_release(nb[1]);
out_free:
	kfree(s.lo);
out_bh:
	bcache_release(bh0);
	return err;
}

/*
 * readdir in hash order (Linux's ext4_dx_readdir): used for htrees and for
 * one-block linear directories on dir_index file systems (which may turn
 * into htrees between two calls). The position is the (major, minor) hash
 * of the next entry to return, packed as Linux packs it for 64-bit
 * callers: (major >> 1) << 32 | minor. Splits never reorder hashes, so a
 * name neither added nor removed is returned exactly once however the
 * directory changes between calls. "." and ".." come first, at hashes 0
 * and 2, as in Linux. Names of one full hash are returned in one call
 * (or not at all), so that the position after them stays exact.
 */
#define DX_POS_EOF 0x7fffffffffffffffull
#define DX_DOT 0xffffffffu	/* item.blk of "." (off 0) and ".." (off 1) */

/* The leaves of one run of hashes (a leaf and its continuations), copied. */
struct rd_group {
	u8 *blocks;
	u32 nblk, cap_blk;
	struct ext4_dx_map *items;	/* blk: index into blocks */
	u32 n, cap;
};

static u64 hash_pos(u32 major, u32 minor)
{
	return (u64)(major >> 1) << 32 | minor;
}

static u64 item_pos(const struct ext4_dx_map *m)
{
	return hash_pos(m->hash, m->minor);
}

static int rd_item_add(struct rd_group *g, u32 hash, u32 minor, u32 blk, u32 off)
{
	if (g->n == g->cap) {
		u32 cap = g->cap ? 2 * g->cap : 64;
		struct ext4_dx_map *n = kmalloc(cap * sizeof(*n));

		if (!n)
			return -ENOMEM;
		if (g->n)
			memcpy(n, g->items, g->n * sizeof(*n));
		kfree(g->items);
		g->items = n;
		g->cap = cap;
	}
	g->items[g->n++] = (struct ext4_dx_map){ .hash = hash, .minor = minor, .blk = blk,
						 .off = (u16)off };
	return 0;
}

/* Copy leaf lblk into g and list its names at or after start. */
static int rd_add_leaf(struct ext4_inode *dir, struct rd_group *g, u32 lblk, u64 start, u8 hv)
{
	struct ext4_fs *fs = dir->fs;
	u32 bs = fs->g.block_size, end = ext4_dirblock_end(&fs->g), o = 0;
	struct buffer_head *bh;
	enum blk_kind kind;
	u8 *blk;
	int err;

	if (g->nblk == g->cap_blk) {
		u32 cap = g->cap_blk ? 2 * g->cap_blk : 2;
		u8 *n = kmalloc((size_t)cap * bs);

		if (!n)
			return -ENOMEM;
		if (g->nblk)
			memcpy(n, g->blocks, (size_t)g->nblk * bs);
		kfree(g->blocks);
		g->blocks = n;
		g->cap_blk = cap;
	}
	err = ext4_dir_read(dir, lblk, &bh, &kind);
	if (err)
		return err;
	if (kind != BLK_LINEAR && lblk) {
		bcache_release(bh);
		return ext4_corrupt(fs, "directory %lu: htree leaf %u is an index block",
				    (unsigned long)dir->vfs.ino, lblk);
	}
	blk = g->blocks + (size_t)g->nblk * bs;
	memcpy(blk, bh->data, bs);
	bcache_release(bh);
	while (o < end) {
		struct ext4_dirent d;
		u32 major, minor;

		ext4_dirent_get(blk, o, &d);
		if (d.inode && !(d.name_len == 1 && d.name[0] == '.') &&
		    !(d.name_len == 2 && !memcmp(d.name, "..", 2))) {
			major = ext4_dx_hash(d.name, d.name_len, hv, fs->g.hash_seed, &minor);
			if (hash_pos(major, minor) >= start) {
				err = rd_item_add(g, major, minor, g->nblk, o);
				if (err)
					return err;
			}
		}
		o += d.rec_len;
	}
	g->nblk++;
	return 0;
}

/* Advance p to the next leaf in hash order: 1 with p->leaf and *hash (its
 * starting hash, the low bit saying it continues the previous leaf's
 * last hash), 0 at the end, or an error. */
static int dx_next_leaf(struct ext4_inode *dir, struct dx_path *p, u32 *hash)
{
	struct ext4_fs *fs = dir->fs;
	struct ext4_dx_entry e;
	int i = (int)p->depth - 1;

	while (i >= 0 && p->f[i].idx + 1 >= p->f[i].n.count)
		i--;
	if (i < 0)
		return 0;
	p->f[i].idx++;
	ext4_dx_entry_get(p->f[i].bh->data, &p->f[i].n, p->f[i].idx, &e);
	*hash = e.hash;
	for (;;) {
		struct dx_frame *c = &p->f[i + 1];
		enum blk_kind kind;
		int err;

		if (!e.block || e.block >= ext4_dir_nblocks(dir))
			return ext4_corrupt(fs, "directory %lu: htree points to block %u",
					    (unsigned long)dir->vfs.ino, e.block);
		if (i + 1 == (int)p->depth) {
			p->leaf = e.block;
			return 1;
		}
		bcache_release(c->bh);
		c->bh = NULL;
		err = ext4_dir_read(dir, e.block, &c->bh, &kind);
		if (!err && kind != BLK_DX_NODE) {
			bcache_release(c->bh);
			err = ext4_corrupt(fs, "directory %lu: block %u is not an htree node",
					   (unsigned long)dir->vfs.ino, e.block);
		}
		if (err) {
			/* Keep the path releasable: the frames below i + 1 only. */
			p->depth = (u32)i + 1;
			return err;
		}
		ext4_dx_node_parse(&fs->g, c->bh->data, dir->iseed, &c->n, &(const char *){ NULL });
		c->lblk = e.block;
		c->idx = 0;
		ext4_dx_entry_get(c->bh->data, &c->n, 0, &e);
		i++;
	}
}

/* Emit the sorted items of g; 1 when the buffer is full. */
static int rd_emit(struct ext4_inode *dir, struct rd_group *g, u32 parent, uptr_t buf, size_t n,
		   size_t *used, u64 *pos)
{
	u32 bs = dir->fs->g.block_size;
	size_t tie_used = *used;
	char name[NAME_MAX + 1];

	for (u32 i = 0; i < g->n; i++) {
		struct ext4_dx_map *it = &g->items[i];
		u32 ino, mode;
		int r;

		if (i && item_pos(it) != item_pos(it - 1)) {
			*pos = item_pos(it - 1) + 1;	/* all of that hash returned */
			tie_used = *used;
		}
		if (it->blk == DX_DOT) {
			ino = it->off ? parent : (u32)dir->vfs.ino;
			mode = S_IFDIR;
			memcpy(name, "..", 2);
			name[it->off + 1] = 0;
		} else {
			struct ext4_dirent d;

			ext4_dirent_get(g->blocks + (size_t)it->blk * bs, it->off, &d);
			ino = d.inode;
			mode = ext4_ft_to_mode(d.file_type);
			memcpy(name, d.name, d.name_len);
			name[d.name_len] = 0;
		}
		r = vfs_dirent_emit(buf, n, used, ino, item_pos(it) + 1, mode, name);
		if (r) {
			if (r > 0)
				*used = tie_used;	/* none of this hash, or all */
			return r;
		}
	}
	if (g->n)
		*pos = item_pos(&g->items[g->n - 1]) + 1;
	return 0;
}

ssize_t ext4_dx_getdents(struct ext4_inode *dir, uptr_t buf, size_t n, u64 *pos)
{
	struct ext4_fs *fs = dir->fs;
	struct rd_group g = { 0 };
	struct buffer_head *bh;
	struct ext4_dirent dd;
	struct dx_path p = { .depth = 0 };
	enum blk_kind kind;
	bool indexed = ext4_dir_indexed(dir), first;
	size_t used = 0;
	u32 parent;
	u8 hv;
	int r;

	if (*pos >= DX_POS_EOF)
		return 0;
	r = ext4_dir_read(dir, 0, &bh, &kind);
	if (r)
		return r;
	/* ".." is the second entry (an htree root was checked for it). */
	ext4_dirent_get(bh->data, 0, &dd);
	parent = 0;
	if (dd.rec_len + 12u <= ext4_dirblock_end(&fs->g)) {
		ext4_dirent_get(bh->data, dd.rec_len, &dd);
		if (dd.name_len == 2 && !memcmp(dd.name, "..", 2))
			parent = dd.inode;
	}
	bcache_release(bh);
	if (indexed) {
		p.hash = (u32)(*pos >> 32) << 1;
		r = dx_probe(dir, NULL, 0, &p);
		if (r)
			return r;
		hv = p.hv;
		first = true;
		for (u32 i = 0; i < p.depth; i++)
			first = first && !p.f[i].idx;
	} else {
		hv = ext4_dx_hash_version(dir, fs->g.def_hash_version);
		p.leaf = 0;
		first = true;
	}
	for (;;) {
		u32 next_hash;
		int more = 0;

		g.n = 0;
		g.nblk = 0;
		if (first) {
			if (*pos <= hash_pos(0, 0))
				r = rd_item_add(&g, 0, 0, DX_DOT, 0);
			if (!r && parent && *pos <= hash_pos(2, 0))
				r = rd_item_add(&g, 2, 0, DX_DOT, 1);
			first = false;
		}
		if (!r)
			r = rd_add_leaf(dir, &g, p.leaf, *pos, hv);
		/* The leaves continuing this run of hashes join it. */
		while (!r && indexed) {
			more = dx_next_leaf(dir, &p, &next_hash);
			if (more <= 0 || !(next_hash & 1))
				break;
			r = rd_add_leaf(dir, &g, p.leaf, *pos, hv);
		}
		if (more < 0)
			r = more;
		if (r)
			break;
		ext4_dx_map_sort(g.items, g.n);
		r = rd_emit(dir, &g, parent, buf, n, &used, pos);
		if (r)
			break;
		if (!more) {
			*pos = DX_POS_EOF;
			break;
		}
	}
	dx_path_release(&p);
	kfree(g.items);
	kfree(g.blocks);
	if (r < 0)
		return used ? (ssize_t)used : r;
	if (r > 0 && !used)
		return -EINVAL;
	return (ssize_t)used;
}
