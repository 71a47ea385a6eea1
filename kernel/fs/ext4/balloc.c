/*
 * ext4 block allocation: the block bitmap of each group (made on first
 * use for a group still marked BLOCK_UNINIT), the group's free count and
 * bitmap checksum in its descriptor, the file system's free count.
 * Allocation starts at a goal (the block after the file's last one, or
 * the inode's group) so that files stay contiguous. alloc_lock serializes
 * all of it.
 *
 * With a journal, blocks freed in transaction T are clear in T's bitmap
 * (and counted free at once, in the descriptor and statfs, as Linux
 * counts them) but are not handed out until T has committed: until then a
 * crash replays a file system whose old owner still points at them, and
 * new data written there (ordered data goes out before the commit) would
 * show through the old file. fs->pfree holds them; jbd2 calls
 * ext4_balloc_committed when T's commit block is on disk. A caller that
 * gets ENOSPC while blocks wait asks ext4_should_retry_alloc, which forces
 * the commit (Linux's ext4_should_retry_alloc).
 */
#include "ext4.h"
#include <kernel/ext4_pfree.h>
#include <lib/bitops.h>
#include <lib/string.h>
#include <kernel/cred.h>
#include <mica/err.h>
#include <mica/errno.h>

static bool bit_test(const u8 *map, u32 i)
{
	return map[i / 8] & (1u << (i % 8));
}

static void bit_set(u8 *map, u32 i)
{
	map[i / 8] |= (u8)(1u << (i % 8));
}

static void bit_clear(u8 *map, u32 i)
{
	map[i / 8] &= (u8)~(1u << (i % 8));
}

static void mark_range(struct ext4_fs *fs, u8 *map, u32 group, u64 start, u64 len)
{
	u64 first = ext4_group_first_block(&fs->g, group), end = first + fs->g.blocks_per_group;

	for (u64 b = start; b < start + len; b++)
		if (b >= first && b < end)
			bit_set(map, (u32)(b - first));
}

/* The contents of a BLOCK_UNINIT group's bitmap: its superblock backup
 * and descriptors, any group's bitmaps and inode table inside it, and the
 * bits past its last block. */
static void init_block_bitmap(struct ext4_fs *fs, u32 group, u8 *map)
{
	const struct ext4_geom *g = &fs->g;

	memset(map, 0, g->block_size);
	if (ext4_group_has_super(g, group))
		mark_range(fs, map, group, ext4_group_first_block(g, group),
			   1 + g->gdt_blocks + g->reserved_gdt_blocks);
	for (u32 i = 0; i < g->groups; i++) {
		mark_range(fs, map, group, fs->gmeta[3 * i], 1);
		mark_range(fs, map, group, fs->gmeta[3 * i + 1], 1);
		mark_range(fs, map, group, fs->gmeta[3 * i + 2], g->itable_blocks);
	}
	for (u32 b = ext4_group_blocks(g, group); b < 8 * g->block_size; b++)
		bit_set(map, b);
}

/* Read a bitmap block and check it against the checksum its descriptor
 * holds (bytes: the part the checksum covers). */
int ext4_bitmap_read(struct ext4_fs *fs, u64 blk, u32 bytes, u32 want, u32 group,
		     const char *what, struct buffer_head **bhp)
{
	struct buffer_head *bh = bcache_read(fs->bdev, blk, fs->g.block_size);

	if (IS_ERR(bh))
		return PTR_ERR(bh);
	if (fs->g.csum) {
		u32 c = ext4_bitmap_csum(&fs->g, bh->data, bytes);

		if (fs->g.desc_size < 64)
			c &= 0xffff;
		if (c != want) {
			bcache_release(bh);
			return ext4_corrupt(fs, "group %u %s bitmap checksum mismatch", group, what);
		}
	}
	*bhp = bh;
	return 0;
}

/*
 * The block bitmap of group (its descriptor in *gd), checked against its
 * checksum; a BLOCK_UNINIT group's is made now (h needed then, and the
 * flag is cleared in *gd: the caller stores gd). alloc_lock held.
 */
int ext4_block_bitmap(struct ext4_handle *h, struct ext4_fs *fs, u32 group, struct ext4_gd *gd,
		      struct buffer_head **bhp)
{
	struct buffer_head *bh;
	u32 bytes = fs->g.blocks_per_group / 8;
	int err;

	if (gd->flags & EXT4_BG_BLOCK_UNINIT) {
		bh = bcache_get(fs->bdev, gd->block_bitmap, fs->g.block_size);
		if (IS_ERR(bh))
			return PTR_ERR(bh);
		err = h ? ext4_get_create_access(h, bh) : -EROFS;
		if (err) {
			bcache_release(bh);
			return err;
		}
		init_block_bitmap(fs, group, bh->data);
		gd->flags &= ~EXT4_BG_BLOCK_UNINIT;
		gd->block_bitmap_csum = ext4_bitmap_csum(&fs->g, bh->data, bytes);
		ext4_dirty_metadata(h, bh);
		*bhp = bh;
		return 0;
	}
	return ext4_bitmap_read(fs, gd->block_bitmap, bytes, gd->block_bitmap_csum, group, "block",
				bhp);
}

/* First clear bit in [from, to), or to. */
static u32 find_zero(const u8 *map, u32 from, u32 to)
{
	for (u32 i = from; i < to; i++) {
		if (!(i % 8) && map[i / 8] == 0xff && i + 8 <= to) {
			i += 7;
			continue;
		}
		if (!bit_test(map, i))
			return i;
	}
	return to;
}

/*
 * First block of group (at or after bit from, before nbits) that is clear
 * in map and not waiting for its transaction's commit (fs->pfree); nbits
 * if none.
 */
static u32 find_usable(struct ext4_fs *fs, const u8 *map, u64 first, u32 from, u32 nbits)
{
	while (from < nbits) {
		u32 bit = find_zero(map, from, nbits);
		u64 next;

		if (bit == nbits)
			return nbits;
		next = ext4_pfree_next_free(&fs->pfree, first + bit);
		if (next == first + bit)
			return bit;
		from = next - first >= nbits ? nbits : (u32)(next - first);
	}
	return nbits;
}

/* Try group: a run of up to want blocks from bit from on (or anywhere). */
static int alloc_in_group(struct ext4_handle *h, struct ext4_fs *fs, u32 group, u32 from,
			  u32 want, u64 *start, u32 *got)
{
	struct ext4_gd gd;
	struct buffer_head *gbh, *bh;
	u32 goff, nbits = ext4_group_blocks(&fs->g, group), bit, n = 0, limit;
	u64 first = ext4_group_first_block(&fs->g, group);
	int err = ext4_gd_get(fs, group, &gd, &gbh, &goff);

	if (err)
		return err;
	if (!gd.free_blocks) {
		bcache_release(gbh);
		return -ENOSPC;
	}
	err = ext4_block_bitmap(h, fs, group, &gd, &bh);
	if (err) {
		bcache_release(gbh);
		return err;
	}
	bit = find_usable(fs, bh->data, first, MIN(from, nbits), nbits);
	if (bit == nbits && from)
		bit = find_usable(fs, bh->data, first, 0, nbits);
	if (bit == nbits) {
		/* Every clear bit waits for a commit (it counts as free, as in
		 * Linux), or the descriptor lies. */
		bool none = find_zero(bh->data, 0, nbits) == nbits;

		bcache_release(bh);
		bcache_release(gbh);
		if (!none)
			return -ENOSPC;
		return ext4_corrupt(fs, "group %u: free count %u but a full bitmap", group,
				    gd.free_blocks);
	}
	limit = (u32)ext4_pfree_clear_run(&fs->pfree, first + bit, want);
	while (n < limit && bit + n < nbits && !bit_test(bh->data, bit + n))
		n++;
	if (ext4_block_is_metadata(fs, first + bit, n)) {
		bcache_release(bh);
		bcache_release(gbh);
		return ext4_corrupt(fs, "group %u block bitmap leaves metadata free", group);
	}
	err = ext4_get_write_access(h, bh);
	if (err) {
		bcache_release(bh);
		bcache_release(gbh);
		return err;
	}
	for (u32 i = 0; i < n; i++)
		bit_set(bh->data, bit + i);
	gd.block_bitmap_csum = ext4_bitmap_csum(&fs->g, bh->data, fs->g.blocks_per_group / 8);
	ext4_dirty_metadata(h, bh);
	bcache_release(bh);
	gd.free_blocks = gd.free_blocks >= n ? gd.free_blocks - n : 0;
	fs->g.free_blocks -= MIN((u64)n, fs->g.free_blocks);
	err = ext4_gd_put(h, fs, group, &gd, gbh, goff);
	*start = first + bit;
	*got = n;
	return err;
}

int ext4_balloc(struct ext4_handle *h, struct ext4_fs *fs, u64 goal, u32 want, u64 *start,
		u32 *got)
{
	const struct ext4_geom *g = &fs->g;
	u32 group, from;
	int err = -ENOSPC;

	if (goal <= g->first_data_block || goal >= g->blocks_count)
		goal = g->first_data_block;
	group = (u32)((goal - g->first_data_block) / g->blocks_per_group);
	from = (u32)((goal - g->first_data_block) % g->blocks_per_group);
	mutex_lock(&fs->alloc_lock);
	/* The reserved blocks are root's. */
	if (g->free_blocks <= g->r_blocks_count && current_cred()->fsuid != 0) {
		mutex_unlock(&fs->alloc_lock);
		return -ENOSPC;
	}
	for (u32 i = 0; i < g->groups; i++) {
		u32 gr = (group + i) % g->groups;

		err = alloc_in_group(h, fs, gr, i ? 0 : from, want, start, got);
		if (err != -ENOSPC)
			break;
	}
	mutex_unlock(&fs->alloc_lock);
	return err;
}

/*
 * Blocks start..start+len-1, just freed in transaction tid, wait for its
 * commit before the allocator hands them out again (alloc_lock held).
 */
static void defer_reuse(struct ext4_fs *fs, u64 start, u64 len, u32 tid)
{
	/* Only memory can fail (the set never holds a block whose bit was
	 * set): then the blocks are reusable at once, as before this set. */
	if (ext4_pfree_add(&fs->pfree, start, len, tid))
		pr_warn("EXT4-fs (%s): no memory to hold freed blocks %llu+%llu until the commit\n",
			fs->name, (unsigned long long)start, (unsigned long long)len);
}

int ext4_bfree(struct ext4_handle *h, struct ext4_fs *fs, u64 start, u32 len)
{
	const struct ext4_geom *g = &fs->g;
	bool defer;
	u32 tid;
	int err = 0;

	if (!len)
		return 0;
	defer = ext4_handle_tid(h, &tid);
	if (ext4_block_is_metadata(fs, start, len))
		return ext4_corrupt(fs, "freeing blocks %llu+%u that hold metadata",
				    (unsigned long long)start, len);
	mutex_lock(&fs->alloc_lock);
	while (len && !err) {
		u32 group = (u32)((start - g->first_data_block) / g->blocks_per_group);
		u32 bit = (u32)((start - g->first_data_block) % g->blocks_per_group);
		u32 n = MIN(len, g->blocks_per_group - bit), freed = 0, goff;
		struct buffer_head *gbh, *bh;
		struct ext4_gd gd;

		err = ext4_gd_get(fs, group, &gd, &gbh, &goff);
		if (err)
			break;
		err = ext4_block_bitmap(h, fs, group, &gd, &bh);
		if (err) {
			bcache_release(gbh);
			break;
		}
		err = ext4_get_write_access(h, bh);
		if (!err) {
			u32 run = 0;

			for (u32 i = 0; i <= n; i++) {
				if (i < n && bit_test(bh->data, bit + i)) {
					bit_clear(bh->data, bit + i);
					freed++;
					run++;
					continue;
				}
				if (defer && run)
					defer_reuse(fs, start + i - run, run, tid);
				run = 0;
			}
			if (freed != n)
				pr_err("EXT4-fs (%s): freeing %u free blocks at %llu\n", fs->name,
				       n - freed, (unsigned long long)start);
			gd.block_bitmap_csum = ext4_bitmap_csum(g, bh->data, g->blocks_per_group / 8);
			ext4_dirty_metadata(h, bh);
			gd.free_blocks += freed;
			fs->g.free_blocks += freed;
		}
		bcache_release(bh);
		if (!err)
			err = ext4_gd_put(h, fs, group, &gd, gbh, goff);
		else
			bcache_release(gbh);
		start += n;
		len -= n;
	}
	mutex_unlock(&fs->alloc_lock);
	return err;
}

void ext4_balloc_committed(void *arg, u32 tid)
{
	struct ext4_fs *fs = arg;

	mutex_lock(&fs->alloc_lock);
	ext4_pfree_release(&fs->pfree, tid);
	mutex_unlock(&fs->alloc_lock);
}

bool ext4_should_retry_alloc(struct ext4_fs *fs, int *retries)
{
	u64 pending;

	if (!fs->journal || ++*retries > 3)
		return false;
	mutex_lock(&fs->alloc_lock);
	pending = fs->pfree.nr_blocks;
	mutex_unlock(&fs->alloc_lock);
	/* The commit frees them (ext4_balloc_committed runs before it returns). */
	return pending && !ext4_journal_commit(fs);
}
