/*
 * The file allocation table: cluster chains, allocation near the previous
 * cluster, and the free count. Every copy of the FAT is written; the first
 * is the one read. Chain values are checked before use: a value outside
 * the data clusters, a free or bad cluster inside a chain, or a chain
 * longer than the volume has clusters (a loop) is -EUCLEAN with a message.
 * All functions here run with fat_sb.lock held.
 */
#include "fat.h"
#include <kernel/block.h>
#include <lib/string.h>
#include <mica/errno.h>

/* The bytes of entry n: one sector, or two for a FAT12 entry on a
 * boundary. copy: FAT number. */
static int entry_io(struct fat_sb *sbi, u32 n, int copy, u32 *val, const u32 *newval)
{
	const struct fat_geom *g = &sbi->g;
	u64 off = fat_entry_offset(g, n);
	u32 ss = g->sector_size, within = (u32)(off % ss), bytes = g->bits == 32 ? 4 : 2;
	u64 sector = g->fat_start + (u64)copy * g->fat_sectors + off / ss;
	struct buffer_head *bh[2] = { NULL, NULL };
	int nbh = within + bytes > ss ? 2 : 1, err = 0;
	u8 tmp[4];

	for (int i = 0; i < nbh; i++) {
		bh[i] = bcache_read(sbi->bdev, sector + i, ss);
		if (IS_ERR(bh[i])) {
			err = PTR_ERR(bh[i]);
			bh[i] = NULL;
			goto out;
		}
	}
	for (u32 i = 0; i < bytes; i++)
		tmp[i] = within + i < ss ? ((u8 *)bh[0]->data)[within + i]
					 : ((u8 *)bh[1]->data)[within + i - ss];
	if (val)
		*val = fat_entry_decode(g, n, tmp);
	if (newval) {
		fat_entry_encode(g, n, tmp, *newval);
		for (u32 i = 0; i < bytes; i++) {
			if (within + i < ss)
				((u8 *)bh[0]->data)[within + i] = tmp[i];
			else
				((u8 *)bh[1]->data)[within + i - ss] = tmp[i];
		}
		for (int i = 0; i < nbh; i++)
			bcache_mark_dirty(bh[i]);
	}
out:
	for (int i = 0; i < nbh; i++)
		if (bh[i])
			bcache_release(bh[i]);
	return err;
}

int fat_get(struct fat_sb *sbi, u32 n, u32 *val)
{
	if (n >= sbi->g.nr_clusters + FAT_FIRST_CLUSTER)
		return -EUCLEAN;
	return entry_io(sbi, n, 0, val, NULL);
}

int fat_set(struct fat_sb *sbi, u32 n, u32 val)
{
	int err = 0;

	if (n >= sbi->g.nr_clusters + FAT_FIRST_CLUSTER)
		return -EUCLEAN;
	for (u32 copy = 0; copy < sbi->g.nr_fats; copy++) {
		int e = entry_io(sbi, n, (int)copy, NULL, &val);

		if (e && !err)
			err = e;
	}
	return err;
}

/* The next cluster after c: 0 and *next (0 at the end of the chain), or
 * -EUCLEAN for a value that cannot be in a chain. */
static int chain_next(struct fat_sb *sbi, u32 c, u32 *next)
{
	u32 v;
	int err = fat_get(sbi, c, &v);

	if (err)
		return err;
	if (fat_is_eoc(&sbi->g, v)) {
		*next = 0;
		return 0;
	}
	if (!fat_valid_cluster(&sbi->g, v)) {
		fat_err(sbi, "invalid FAT chain: cluster %u points to %#x", c, v);
		return -EUCLEAN;
	}
	*next = v;
	return 0;
}

/* The best place to start a walk to cluster index idx: the cached run
 * holding it (true: *c is its cluster), else the nearest one before it,
 * else the first cluster. */
static bool cache_find(struct fat_inode *fi, u32 idx, u32 *i, u32 *c, int *slot)
{
	*i = 0;
	*c = fi->start;
	*slot = -1;
	for (int k = 0; k < FAT_EXTENTS; k++) {
		u32 s = fi->ext[k].idx, n = fi->ext[k].len;

		if (!n || s > idx)
			continue;
		if (idx - s < n) {
			*i = idx;
			*c = fi->ext[k].clus + (idx - s);
			*slot = k;
			return true;
		}
		if (s + n - 1 >= *i) {
			*i = s + n - 1;
			*c = fi->ext[k].clus + n - 1;
			*slot = k;
		}
	}
	return false;
}

/* Remember that clusters idx.. are clus.. for len (a run): a cached run
 * it continues or overlaps grows, else it takes the oldest slot. */
static void cache_store(struct fat_inode *fi, u32 idx, u32 clus, u32 len)
{
	for (int k = 0; k < FAT_EXTENTS; k++) {
		u32 s = fi->ext[k].idx, n = fi->ext[k].len;

		if (n && idx >= s && idx <= s + n && idx - s == clus - fi->ext[k].clus) {
			if (idx + len > s + n)
				fi->ext[k].len = idx + len - s;
			return;
		}
	}
	int k = (int)(fi->ext_next++ % FAT_EXTENTS);

	fi->ext[k].idx = idx;
	fi->ext[k].clus = clus;
	fi->ext[k].len = len;
}

static void cache_cut(struct fat_inode *fi, u32 keep)
{
	for (int k = 0; k < FAT_EXTENTS; k++) {
		if (fi->ext[k].idx >= keep)
			fi->ext[k].len = 0;
		else if (fi->ext[k].idx + fi->ext[k].len > keep)
			fi->ext[k].len = keep - fi->ext[k].idx;
	}
}

/* Walk from (i, c) towards index idx (or the chain's end when idx is
 * 0xffffffff): the index and cluster reached. Caches the last run walked. */
static int walk(struct fat_sb *sbi, struct fat_inode *fi, u32 idx, u32 *pi, u32 *pc)
{
	u32 i = *pi, c = *pc, run_i = i, run_c = c;
	int err;

	if (!fat_valid_cluster(&sbi->g, c)) {
		fat_err(sbi, "invalid cluster %#x in chain (i_pos %llu)", c,
			(unsigned long long)fi->i_pos);
		return -EUCLEAN;
	}
	while (i < idx) {
		u32 next;

		if (i + 1 >= sbi->g.nr_clusters) {
			fat_err(sbi, "FAT chain loop (i_pos %llu)", (unsigned long long)fi->i_pos);
			return -EUCLEAN;
		}
		err = chain_next(sbi, c, &next);
		if (err)
			return err;
		if (!next)
			break;
		if (next != c + 1) {
			cache_store(fi, run_i, run_c, i - run_i + 1);
			run_i = i + 1;
			run_c = next;
		}
		c = next;
		i++;
	}
	cache_store(fi, run_i, run_c, i - run_i + 1);
	*pi = i;
	*pc = c;
	return 0;
}

int fat_bmap(struct fat_sb *sbi, struct fat_inode *fi, u32 idx, u32 *clus)
{
	u32 i, c;
	int slot, err;

	*clus = 0;
	if (!fi->start)
		return 0;
	if (cache_find(fi, idx, &i, &c, &slot)) {
		*clus = c;
		return 0;
	}
	err = walk(sbi, fi, idx, &i, &c);
	if (!err && i == idx)
		*clus = c;
	return err;
}

int fat_chain_len(struct fat_sb *sbi, u32 start, u32 *len)
{
	/* Brent's cycle detection: a loop shows within twice its length. */
	u32 n = 0, c = start, mark = start, power = 1, lam = 0;
	int err;

	while (c) {
		if (!fat_valid_cluster(&sbi->g, c) || n >= sbi->g.nr_clusters)
			goto bad;
		n++;
		err = chain_next(sbi, c, &c);
		if (err)
			return err;
		if (c && c == mark)
			goto bad;
		if (++lam == power) {
			mark = c;
			power <<= 1;
			lam = 0;
		}
	}
	*len = n;
	return 0;
bad:
	fat_err(sbi, "invalid or looping FAT chain from cluster %u", start);
	return -EUCLEAN;
}

int fat_zero_cluster(struct fat_sb *sbi, u32 c)
{
	u64 sector = fat_cluster_sector(&sbi->g, c) * (sbi->g.sector_size / SECTOR_SIZE);

	for (u32 done = 0; done < sbi->g.cluster_size; done += PAGE_SIZE) {
		u32 n = MIN(PAGE_SIZE, sbi->g.cluster_size - done);
		int err = block_rw(sbi->bdev, BLK_OP_WRITE, sector + done / SECTOR_SIZE, sbi->zero, n);

		if (err)
			return err;
	}
	return 0;
}

/* A free cluster, searching from the hint on. */
static int find_free(struct fat_sb *sbi, u32 hint, u32 *out)
{
	const struct fat_geom *g = &sbi->g;
	u32 c = fat_valid_cluster(g, hint) ? hint : FAT_FIRST_CLUSTER;
	int err;

	if (!sbi->free_count)
		return -ENOSPC;
	for (u32 tries = 0; tries < g->nr_clusters; tries++) {
		u32 v;

		err = fat_get(sbi, c, &v);
		if (err)
			return err;
		if (v == FAT_FREE) {
			*out = c;
			return 0;
		}
		c = c + 1 < g->nr_clusters + FAT_FIRST_CLUSTER ? c + 1 : FAT_FIRST_CLUSTER;
	}
	fat_err(sbi, "free cluster count %u but no free cluster", sbi->free_count);
	sbi->free_count = 0;
	return -ENOSPC;
}

/* Zero a directory's new cluster through the buffer cache, which may still
 * hold sectors of what the cluster was before. */
static int zero_meta_cluster(struct fat_sb *sbi, u32 c)
{
	u64 sector = fat_cluster_sector(&sbi->g, c);

	for (u32 i = 0; i < sbi->g.sec_per_clus; i++) {
		struct buffer_head *bh = bcache_get(sbi->bdev, sector + i, sbi->g.sector_size);

		if (IS_ERR(bh))
			return PTR_ERR(bh);
		memset(bh->data, 0, sbi->g.sector_size);
		bcache_mark_dirty(bh);
		bcache_release(bh);
	}
	return 0;
}

int fat_flush_meta_chain(struct fat_sb *sbi, u32 start)
{
	u32 c = start, n = 0;
	int err = 0;

	while (c && !err) {
		u64 sector;

		if (!fat_valid_cluster(&sbi->g, c) || n++ >= sbi->g.nr_clusters)
			return -EUCLEAN;
		sector = fat_cluster_sector(&sbi->g, c);
		for (u32 i = 0; i < sbi->g.sec_per_clus && !err; i++) {
			struct buffer_head *bh = bcache_get(sbi->bdev, sector + i, sbi->g.sector_size);

			if (IS_ERR(bh))
				return PTR_ERR(bh);
			err = bcache_write(bh);
			bcache_release(bh);
		}
		if (!err)
			err = chain_next(sbi, c, &c);
	}
	return err;
}

int fat_grow(struct fat_sb *sbi, struct fat_inode *fi, u32 want, u32 keep_lo, u32 keep_hi,
	     bool meta)
{
	u32 len = 0, last = 0;
	int err;

	if (fi->start) {
		/* The chain's end, from the cached run nearest to it on. */
		u32 i, c;
		int slot;

		cache_find(fi, 0xffffffffu, &i, &c, &slot);
		err = walk(sbi, fi, 0xffffffffu, &i, &c);
		if (err)
			return err;
		len = i + 1;
		last = c;
	}
	while (len < want) {
		u32 c;

		err = find_free(sbi, last ? last + 1 : sbi->next_free, &c);
		if (err)
			return err;
		if (meta) {
			err = zero_meta_cluster(sbi, c);
			if (err)
				return err;
		} else if (len < keep_lo || len >= keep_hi) {
			err = fat_zero_cluster(sbi, c);
			if (err)
				return err;
		}
		err = fat_set(sbi, c, fat_eoc(&sbi->g));
		if (!err)
			err = last ? fat_set(sbi, last, c) : 0;
		if (err)
			return err;
		if (!last)
			fi->start = c;
		sbi->free_count--;
		sbi->next_free = c + 1;
		sbi->fsinfo_dirty = true;
		cache_store(fi, len, c, 1);
		last = c;
		len++;
	}
	return 0;
}

int fat_free_chain(struct fat_sb *sbi, u32 c)
{
	u32 n = 0;
	int err;

	while (c) {
		u32 next;

		if (!fat_valid_cluster(&sbi->g, c) || n++ >= sbi->g.nr_clusters) {
			fat_err(sbi, "invalid or looping FAT chain while freeing (cluster %#x)", c);
			return -EUCLEAN;
		}
		err = fat_get(sbi, c, &next);
		if (err)
			return err;
		if (next == FAT_FREE) {
			fat_err(sbi, "free cluster %u inside a chain", c);
			return -EUCLEAN;
		}
		err = fat_set(sbi, c, FAT_FREE);
		if (err)
			return err;
		sbi->free_count++;
		sbi->fsinfo_dirty = true;
		if (fat_is_eoc(&sbi->g, next) || fat_is_bad(&sbi->g, next))
			break;
		c = next;
	}
	return 0;
}

int fat_shrink(struct fat_sb *sbi, struct fat_inode *fi, u32 keep)
{
	u32 c, next;
	int err;

	if (!fi->start)
		return 0;
	cache_cut(fi, keep);
	if (!keep) {
		c = fi->start;
		fi->start = 0;
		return fat_free_chain(sbi, c);
	}
	err = fat_bmap(sbi, fi, keep - 1, &c);
	if (err || !c)
		return err;
	err = chain_next(sbi, c, &next);
	if (err || !next)
		return err;
	err = fat_set(sbi, c, fat_eoc(&sbi->g));
	return err ? err : fat_free_chain(sbi, next);
}

int fat_count_free(struct fat_sb *sbi)
{
	const struct fat_geom *g = &sbi->g;
	u32 free = 0, n = FAT_FIRST_CLUSTER, end = g->nr_clusters + FAT_FIRST_CLUSTER;
	int err;

	if (g->bits == 12) {
		for (; n < end; n++) {
			u32 v;

			err = fat_get(sbi, n, &v);
			if (err)
				return err;
			free += v == FAT_FREE;
		}
	} else {
		u32 per = g->sector_size / (g->bits / 8);

		while (n < end) {
			u64 sector = g->fat_start + n / per;
			struct buffer_head *bh = bcache_read(sbi->bdev, sector, g->sector_size);

			if (IS_ERR(bh))
				return PTR_ERR(bh);
			for (; n < end && n / per == sector - g->fat_start; n++)
				free += fat_entry_decode(g, n, (u8 *)bh->data +
							 (n % per) * (g->bits / 8)) == FAT_FREE;
			bcache_release(bh);
		}
	}
	sbi->free_count = free;
	return 0;
}
