/*
 * The buffer cache (see <kernel/bcache.h>): a hash table of buffers keyed
 * by (device, block), and an LRU list of the unused ones.
 *
 * Lock order: bh->io (mutex) -> bcache_lock (spinlock, a leaf). I/O is
 * done with bh->io held and bcache_lock dropped.
 */
#include <kernel/bcache.h>
#include <core/panic.h>
#include <core/bug.h>
#include <core/kmalloc.h>
#include <core/printk.h>
#include <mica/err.h>
#include <mica/errno.h>

#define BCACHE_BUCKETS 256
#define BCACHE_MAX 1024		/* unused clean buffers beyond this are freed */

static DEFINE_SPINLOCK(bcache_lock);
static struct list_head buckets[BCACHE_BUCKETS];	/* [bcache_lock] */
static LIST_HEAD(lru);			/* [bcache_lock] oldest first */
static unsigned long nr_buffers;	/* [bcache_lock] */
static bool buckets_ready;		/* [bcache_lock] */

static struct list_head *bucket(const struct block_device *bdev, u64 block)
{
	u64 h = ((u64)(uintptr_t)bdev >> 6) ^ (block * 0x9e3779b97f4a7c15ull);

	return &buckets[(h >> 32) % BCACHE_BUCKETS];
}

static struct buffer_head *lookup_locked(struct block_device *bdev, u64 block, u32 size)
{
	struct buffer_head *bh;

	list_for_each_entry(bh, bucket(bdev, block), hash)
		if (bh->bdev == bdev && bh->block == block && bh->size == size)
			return bh;
	return NULL;
}

static void bh_free(struct buffer_head *bh)
{
	block_device_put(bh->bdev);
	kfree(bh->data);
	kfree(bh);
}

/* Unlink up to n clean unused buffers (of bdev, or any when NULL) onto out. */
static void evict_locked(struct block_device *bdev, unsigned long n, struct list_head *out)
{
	struct buffer_head *bh, *tmp;

	list_for_each_entry_safe(bh, tmp, &lru, lru) {
		if (!n)
			break;
		if ((bdev && bh->bdev != bdev) || (bh->state & (BH_DIRTY | BH_JOURNALED)))
			continue;
		list_del(&bh->lru);
		list_del(&bh->hash);
		nr_buffers--;
		list_add_tail(&bh->lru, out);
		n--;
	}
}

static void free_list(struct list_head *l)
{
	struct buffer_head *bh, *tmp;

	list_for_each_entry_safe(bh, tmp, l, lru)
		bh_free(bh);
}

struct buffer_head *bcache_get(struct block_device *bdev, u64 block, u32 size)
{
	struct buffer_head *bh, *fresh;
	LIST_HEAD(victims);

	if (size < bdev->lbs || size > 4096 || size % bdev->lbs ||
	    block >= (bdev->nr_sects << SECTOR_SHIFT) / size)
		return ERR_PTR(-EINVAL);
	/* Allocate before the lock; dropped if another task won the race. */
	fresh = kzalloc(sizeof(*fresh));
	if (fresh)
		fresh->data = kmalloc(size);
	if (!fresh || !fresh->data) {
		kfree(fresh);
		return ERR_PTR(-ENOMEM);
	}
	spin_lock(&bcache_lock);
	if (!buckets_ready) {
		for (int i = 0; i < BCACHE_BUCKETS; i++)
			INIT_LIST_HEAD(&buckets[i]);
		buckets_ready = true;
	}
	bh = lookup_locked(bdev, block, size);
	if (bh) {
		if (!bh->refs++)
			list_del(&bh->lru);
		spin_unlock(&bcache_lock);
		kfree(fresh->data);
		kfree(fresh);
		return bh;
	}
	bh = fresh;
	block_device_get(bdev);
	bh->bdev = bdev;
	bh->block = block;
	bh->size = size;
	bh->refs = 1;
	mutex_init(&bh->io, "buffer_head.io");
	INIT_LIST_HEAD(&bh->lru);
	list_add(&bh->hash, bucket(bdev, block));
	if (++nr_buffers > BCACHE_MAX)
		evict_locked(NULL, nr_buffers - BCACHE_MAX, &victims);
	spin_unlock(&bcache_lock);
	free_list(&victims);
	return bh;
}

static u64 bh_sector(const struct buffer_head *bh)
{
	return bh->block * (bh->size >> SECTOR_SHIFT);
}

struct buffer_head *bcache_read(struct block_device *bdev, u64 block, u32 size)
{
	struct buffer_head *bh = bcache_get(bdev, block, size);
	int err = 0;

	if (IS_ERR(bh))
		return bh;
	mutex_lock(&bh->io);
	if (!(READ_ONCE(bh->state) & BH_UPTODATE)) {
		err = block_rw(bdev, BLK_OP_READ, bh_sector(bh), bh->data, size);
		if (!err) {
			spin_lock(&bcache_lock);
			bh->state |= BH_UPTODATE;
			spin_unlock(&bcache_lock);
		}
	}
	mutex_unlock(&bh->io);
	if (err) {
		bcache_release(bh);
		return ERR_PTR(err);
	}
	return bh;
}

void bcache_mark_dirty(struct buffer_head *bh)
{
	spin_lock(&bcache_lock);
	bh->state |= BH_DIRTY | BH_UPTODATE;
	spin_unlock(&bcache_lock);
}

int bcache_write(struct buffer_head *bh)
{
	int err = 0;

	mutex_lock(&bh->io);
	spin_lock(&bcache_lock);
	if (!(bh->state & BH_DIRTY) || (bh->state & BH_JOURNALED)) {
		spin_unlock(&bcache_lock);
		goto out;
	}
	/* Cleared first: a change made during the write marks it dirty again. */
	bh->state &= ~BH_DIRTY;
	spin_unlock(&bcache_lock);
	err = block_rw(bh->bdev, BLK_OP_WRITE, bh_sector(bh), bh->data, bh->size);
	if (err) {
		pr_err("%s: write-back of block %llu failed: %d\n", bh->bdev->name,
		       (unsigned long long)bh->block, err);
		bcache_mark_dirty(bh);
	}
out:
	mutex_unlock(&bh->io);
	return err;
}

void bcache_release(struct buffer_head *bh)
{
	LIST_HEAD(victims);

	spin_lock(&bcache_lock);
	if (WARN_ON_ONCE(bh->refs <= 0)) {
		spin_unlock(&bcache_lock);
		return;
	}
	if (!--bh->refs) {
		list_add_tail(&bh->lru, &lru);
		if (nr_buffers > BCACHE_MAX)
			evict_locked(NULL, nr_buffers - BCACHE_MAX, &victims);
	}
	spin_unlock(&bcache_lock);
	free_list(&victims);
}

void bcache_hold(struct buffer_head *bh)
{
	spin_lock(&bcache_lock);
	WARN_ON_ONCE(bh->refs <= 0);
	bh->refs++;
	spin_unlock(&bcache_lock);
}

void bcache_set_journaled(struct buffer_head *bh, bool on)
{
	spin_lock(&bcache_lock);
	if (on)
		bh->state |= BH_JOURNALED | BH_UPTODATE;
	else
		bh->state &= ~BH_JOURNALED;
	spin_unlock(&bcache_lock);
}

/* Take a reference on the next dirty buffer of bdev (not one the journal
 * owns), if any. */
static struct buffer_head *next_dirty(struct block_device *bdev)
{
	struct buffer_head *bh;

	spin_lock(&bcache_lock);
	for (int i = 0; buckets_ready && i < BCACHE_BUCKETS; i++) {
		list_for_each_entry(bh, &buckets[i], hash) {
			if (bh->bdev == bdev &&
			    (bh->state & (BH_DIRTY | BH_JOURNALED)) == BH_DIRTY) {
				if (!bh->refs++)
					list_del(&bh->lru);
				spin_unlock(&bcache_lock);
				return bh;
			}
		}
	}
	spin_unlock(&bcache_lock);
	return NULL;
}

int bcache_sync(struct block_device *bdev)
{
	struct buffer_head *bh;

	while ((bh = next_dirty(bdev))) {
		int err = bcache_write(bh);

		bcache_release(bh);
		if (err)
			return err;	/* still dirty: stop rather than retry forever */
	}
	return 0;
}

int bcache_invalidate(struct block_device *bdev)
{
	LIST_HEAD(victims);
	int err = bcache_sync(bdev);

	spin_lock(&bcache_lock);
	evict_locked(bdev, ~0ul, &victims);
	spin_unlock(&bcache_lock);
	free_list(&victims);
	return err;
}

unsigned long bcache_count(void)
{
	return READ_ONCE(nr_buffers);
}
