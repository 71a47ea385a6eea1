/*
 * Request queues: bios are checked, turned into requests (merging a bio
 * into a pending request on adjacent sectors of the same op), and handed
 * to the driver while fewer than lim.depth are in flight. A completion
 * ends every bio of its request and starts the next pending ones, so the
 * queue runs from interrupts without a thread.
 *
 * Lock: request_queue.lock (irq-saving, a leaf) guards the pending list
 * and the counters; the driver is called without it.
 */
#include <kernel/block.h>
#include <core/kmalloc.h>
#include <core/wait.h>
#include <mica/errno.h>

/* Pending requests looked at for a merge, newest first. */
#define MERGE_LOOKBACK 8

static int bio_check(struct block_device *bdev, const struct bio *bio)
{
	const struct block_limits *lim = &bdev->queue->lim;
	u64 nr = bio->len >> SECTOR_SHIFT;

	switch (bio->op) {
	case BLK_OP_FLUSH:
		return bio->len ? -EINVAL : 0;
	case BLK_OP_DISCARD:
		if (!(bdev->flags & BLOCK_DISCARD))
			return -EOPNOTSUPP;
		if (bdev->flags & BLOCK_RO)
			return -EROFS;
		if (lim->max_discard_sectors && nr > lim->max_discard_sectors)
			return -EINVAL;
		break;
	case BLK_OP_WRITE:
		if (bdev->flags & BLOCK_RO)
			return -EROFS;
		/* fall through */
	case BLK_OP_READ:
		if (!bio->buf || bio->len > lim->max_bytes)
			return -EINVAL;
		break;
	default:
		return -EINVAL;
	}
	if (!bio->len || bio->len % bdev->lbs || bio->sector % (bdev->lbs >> SECTOR_SHIFT))
		return -EINVAL;
	if (bio->sector >= bdev->nr_sects || nr > bdev->nr_sects - bio->sector)
		return -EINVAL;
	return 0;
}

static bool mergeable(const struct request_queue *q, const struct request *rq,
		      const struct bio *bio)
{
	return rq->op == bio->op && (bio->op == BLK_OP_READ || bio->op == BLK_OP_WRITE) &&
	       rq->nr_bios < q->lim.max_bios && rq->nr_bytes + bio->len <= q->lim.max_bytes;
}

/* Queue bio at absolute sector abs, merging if it can; else use rq.
 * Returns true if rq was used. Called with q->lock. */
static bool enqueue_locked(struct request_queue *q, struct bio *bio, u64 abs,
			   struct request *rq)
{
	int looked = 0;

	bio->next = NULL;
	for (struct list_head *p = q->pending.prev; p != &q->pending; p = p->prev) {
		struct request *r = list_entry(p, struct request, link);

		if (++looked > MERGE_LOOKBACK)
			break;
		if (!mergeable(q, r, bio))
			continue;
		if (r->sector + (r->nr_bytes >> SECTOR_SHIFT) == abs) {
			r->biotail->next = bio;
			r->biotail = bio;
		} else if (abs + (bio->len >> SECTOR_SHIFT) == r->sector) {
			bio->next = r->bio;
			r->bio = bio;
			r->sector = abs;
		} else {
			continue;
		}
		r->nr_bytes += bio->len;
		r->nr_bios++;
		q->merges++;
		return false;
	}
	rq->op = bio->op;
	rq->sector = abs;
	rq->nr_bytes = bio->len;
	rq->nr_bios = 1;
	rq->bio = rq->biotail = bio;
	rq->driver_data = NULL;
	rq->q = q;
	list_add_tail(&rq->link, &q->pending);
	return true;
}

static void end_request(struct request *rq, int err)
{
	struct bio *bio = rq->bio;

	while (bio) {
		struct bio *next = bio->next;

		bio->end_io(bio, err);
		bio = next;
	}
	kfree(rq);
}

/* Give the driver what fits. Any context, no lock held. */
static void queue_run(struct request_queue *q)
{
	for (;;) {
		unsigned long flags = spin_lock_irqsave(&q->lock);
		struct request *rq;
		int err;

		if (q->in_flight >= q->lim.depth || list_empty(&q->pending)) {
			spin_unlock_irqrestore(&q->lock, flags);
			return;
		}
		rq = list_first_entry(&q->pending, struct request, link);
		list_del(&rq->link);
		if (++q->in_flight > q->peak_in_flight)
			q->peak_in_flight = q->in_flight;
		q->dispatched++;
		spin_unlock_irqrestore(&q->lock, flags);

		err = q->ops->queue_rq(q->disk, rq);
		if (!err)
			continue;
		flags = spin_lock_irqsave(&q->lock);
		q->in_flight--;
		if (err == -EBUSY && q->in_flight) {
			/* A completion will run the queue again. */
			list_add(&rq->link, &q->pending);
			spin_unlock_irqrestore(&q->lock, flags);
			return;
		}
		spin_unlock_irqrestore(&q->lock, flags);
		end_request(rq, err == -EBUSY ? -EIO : err);
	}
}

void block_request_done(struct request *rq, int err)
{
	struct request_queue *q = rq->q;
	unsigned long flags = spin_lock_irqsave(&q->lock);

	q->in_flight--;
	spin_unlock_irqrestore(&q->lock, flags);
	end_request(rq, err);
	queue_run(q);
}

int block_submit_batch(struct block_device *bdev, struct bio **bios, unsigned int n)
{
	struct request_queue *q = bdev->queue;
	struct request **rqs;
	unsigned long flags;
	int err;

	for (unsigned int i = 0; i < n; i++) {
		err = bio_check(bdev, bios[i]);
		if (err)
			return err;
	}
	rqs = kmalloc(n * sizeof(*rqs));
	if (!rqs)
		return -ENOMEM;
	for (unsigned int i = 0; i < n; i++) {
		rqs[i] = kmalloc(sizeof(struct request));
		if (!rqs[i]) {
			while (i--)
				kfree(rqs[i]);
			kfree(rqs);
			return -ENOMEM;
		}
	}
	/* Committed: nothing fails from here. A flush on a disk without a
	 * volatile cache has nothing to do. */
	flags = spin_lock_irqsave(&q->lock);
	for (unsigned int i = 0; i < n; i++) {
		struct bio *bio = bios[i];

		if (bio->op == BLK_OP_FLUSH && !(bdev->flags & BLOCK_FLUSH))
			continue;
		if (enqueue_locked(q, bio, bdev->start + bio->sector, rqs[i]))
			rqs[i] = NULL;
	}
	spin_unlock_irqrestore(&q->lock, flags);
	for (unsigned int i = 0; i < n; i++) {
		kfree(rqs[i]);
		if (bios[i]->op == BLK_OP_FLUSH && !(bdev->flags & BLOCK_FLUSH))
			bios[i]->end_io(bios[i], 0);
	}
	kfree(rqs);
	queue_run(q);
	return 0;
}

int block_submit(struct block_device *bdev, struct bio *bio)
{
	return block_submit_batch(bdev, &bio, 1);
}

/* ---- waiting ---- */

struct sync_bio {
	struct bio bio;
	struct completion done;
	int err;
};

static void sync_end(struct bio *bio, int err)
{
	struct sync_bio *s = container_of(bio, struct sync_bio, bio);

	s->err = err;
	complete(&s->done);
}

static int sync_one(struct block_device *bdev, enum blk_op op, u64 sector, void *buf, u32 len)
{
	struct sync_bio s = { .bio = { .op = op, .sector = sector, .buf = buf, .len = len,
				       .end_io = sync_end } };
	int err;

	completion_init(&s.done);
	err = block_submit(bdev, &s.bio);
	if (err)
		return err;
	wait_for_completion(&s.done);
	return s.err;
}

int block_rw(struct block_device *bdev, enum blk_op op, u64 sector, void *buf, u32 len)
{
	u32 max = bdev->queue->lim.max_bytes & ~(bdev->lbs - 1);

	if (op != BLK_OP_READ && op != BLK_OP_WRITE)
		return -EINVAL;
	/* Split what the device cannot take at once. */
	while (len > max) {
		int err = sync_one(bdev, op, sector, buf, max);

		if (err)
			return err;
		sector += max >> SECTOR_SHIFT;
		buf = (u8 *)buf + max;
		len -= max;
	}
	return sync_one(bdev, op, sector, buf, len);
}

int block_flush(struct block_device *bdev)
{
	return sync_one(bdev, BLK_OP_FLUSH, 0, NULL, 0);
}

int block_discard(struct block_device *bdev, u64 sector, u64 nr_sects)
{
	u64 max = bdev->queue->lim.max_discard_sectors;
	u64 step;

	/* bio.len is 32 bits: at most 4 GiB - one block per bio. */
	if (!max || max > (0xffffffffull >> SECTOR_SHIFT))
		max = 0xffffffffull >> SECTOR_SHIFT;
	max &= ~(u64)(bdev->lbs / SECTOR_SIZE - 1);
	while (nr_sects) {
		int err;

		step = nr_sects < max ? nr_sects : max;
		err = sync_one(bdev, BLK_OP_DISCARD, sector, NULL, (u32)(step << SECTOR_SHIFT));
		if (err)
			return err;
		sector += step;
		nr_sects -= step;
	}
	return 0;
}
