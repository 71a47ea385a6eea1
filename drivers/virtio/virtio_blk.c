/*
 * virtio-blk (virtio 1.x, section 5.2): one request queue, interrupt
 * driven, as many requests in flight as the virtqueue holds. Each request
 * is a header the device reads, the data (read or written), and a status
 * byte the device writes:
 *
 *   struct { u32 type; u32 reserved; u64 sector; }   (sector: 512 bytes)
 *   data ... (discard: { u64 sector; u32 num_sectors; u32 flags; })
 *   u8 status   (0 OK, 1 IOERR, 2 UNSUPP)
 *
 * Config space: u64 capacity @0 (512-byte sectors), u32 seg_max @12,
 * u32 blk_size @20, u32 max_discard_sectors @36, u32 max_discard_seg @40.
 *
 * The driver registers its disk with the block layer (<kernel/block.h>,
 * the registration interface block drivers use), which merges and feeds
 * requests. Lock: vblk.lock (irq-saving, a leaf) guards the free list of
 * request slots; the virtqueue has its own.
 */
#include <drivers/virtio.h>
#include <kernel/block.h>
#include <core/kmalloc.h>
#include <core/printk.h>
#include <lib/printf.h>
#include <lib/string.h>
#include <mica/atomic.h>
#include <mica/err.h>
#include <mica/errno.h>

#define VIRTIO_BLK_F_SEG_MAX 2
#define VIRTIO_BLK_F_RO 5
#define VIRTIO_BLK_F_BLK_SIZE 6
#define VIRTIO_BLK_F_FLUSH 9
#define VIRTIO_BLK_F_DISCARD 13

#define VIRTIO_BLK_T_IN 0
#define VIRTIO_BLK_T_OUT 1
#define VIRTIO_BLK_T_FLUSH 4
#define VIRTIO_BLK_T_DISCARD 11

#define VIRTIO_BLK_S_OK 0
#define VIRTIO_BLK_S_UNSUPP 2

#define CFG_CAPACITY 0
#define CFG_SEG_MAX 12
#define CFG_BLK_SIZE 20
#define CFG_MAX_DISCARD_SECTORS 36
#define CFG_MAX_DISCARD_SEG 40

/* Data buffers per request: the virtqueue's limit less header and status. */
#define VBLK_MAX_BIOS (VIRTQUEUE_MAX_SEGS - 2)
#define VBLK_MAX_BYTES (1u << 20)

struct vblk_hdr {
	u32 type;
	u32 reserved;
	u64 sector;
};

struct vblk_discard {
	u64 sector;
	u32 num_sectors;
	u32 flags;
};

/* One request slot; the device reads hdr and seg and writes status. */
struct vblk_req {
	struct vblk_hdr hdr;
	struct vblk_discard seg;
	u8 status;
	struct request *rq;
	struct vblk_req *next_free;	/* [vblk.lock] */
};

struct vblk {
	struct virtio_device *vdev;	/* [I] */
	struct virtqueue *vq;		/* [I] */
	struct block_device *disk;	/* [I] after start */
	struct vblk_req *reqs;		/* [I] depth slots */
	unsigned int depth;		/* [I] */
	spinlock_t lock;
	struct vblk_req *free;		/* [lock] */
	u64 capacity;			/* [I] sectors */
	u32 lbs;			/* [I] */
	u32 max_bios;			/* [I] */
	u32 max_discard;		/* [I] sectors per discard; 0: none */
	unsigned int flags;		/* [I] BLOCK_* */
};

static atomic_t vblk_count;

static struct vblk_req *slot_get(struct vblk *vb)
{
	unsigned long flags = spin_lock_irqsave(&vb->lock);
	struct vblk_req *r = vb->free;

	if (r)
		vb->free = r->next_free;
	spin_unlock_irqrestore(&vb->lock, flags);
	return r;
}

static void slot_put(struct vblk *vb, struct vblk_req *r)
{
	unsigned long flags = spin_lock_irqsave(&vb->lock);

	r->rq = NULL;
	r->next_free = vb->free;
	vb->free = r;
	spin_unlock_irqrestore(&vb->lock, flags);
}

static int vblk_queue_rq(struct block_device *disk, struct request *rq)
{
	struct vblk *vb = disk->driver_data;
	struct vq_buf bufs[VIRTQUEUE_MAX_SEGS];
	unsigned int n = 1, n_out;
	struct vblk_req *r;
	struct bio *bio;
	int err;

	if (rq->nr_bios > vb->max_bios)
		return -EINVAL;
	r = slot_get(vb);
	if (!r)
		return -EBUSY;
	r->rq = rq;
	r->status = 0xff;	/* a device that writes nothing fails the request */
	r->hdr.reserved = 0;
	r->hdr.sector = rq->sector;
	bufs[0] = (struct vq_buf){ &r->hdr, sizeof(r->hdr) };
	switch (rq->op) {
	case BLK_OP_READ:
	case BLK_OP_WRITE:
		r->hdr.type = rq->op == BLK_OP_READ ? VIRTIO_BLK_T_IN : VIRTIO_BLK_T_OUT;
		for (bio = rq->bio; bio; bio = bio->next)
			bufs[n++] = (struct vq_buf){ bio->buf, bio->len };
		break;
	case BLK_OP_FLUSH:
		r->hdr.type = VIRTIO_BLK_T_FLUSH;
		r->hdr.sector = 0;
		break;
	case BLK_OP_DISCARD:
		r->hdr.type = VIRTIO_BLK_T_DISCARD;
		r->hdr.sector = 0;
		r->seg = (struct vblk_discard){ rq->sector, rq->nr_bytes >> SECTOR_SHIFT, 0 };
		bufs[n++] = (struct vq_buf){ &r->seg, sizeof(r->seg) };
		break;
	}
	n_out = rq->op == BLK_OP_READ ? 1 : n;
	bufs[n++] = (struct vq_buf){ &r->status, 1 };
	err = virtqueue_add(vb->vq, bufs, n_out, n - n_out, r);
	if (err) {
		slot_put(vb, r);
		return err == -ENOSPC ? -EBUSY : -EIO;
	}
	virtqueue_kick(vb->vq);
	return 0;
}

static void vblk_done(struct virtqueue *vq)
{
	struct vblk *vb = virtqueue_priv(vq);
	struct vblk_req *r;
	u32 len;

	while ((r = virtqueue_get_buf(vq, &len))) {
		struct request *rq = r->rq;
		int err = 0;

		if (virtqueue_is_broken(vq) || !len)
			err = -EIO;
		else if (r->status == VIRTIO_BLK_S_UNSUPP)
			err = -EOPNOTSUPP;
		else if (r->status != VIRTIO_BLK_S_OK)
			err = -EIO;
		slot_put(vb, r);
		block_request_done(rq, err);
	}
}

static const struct block_driver_ops vblk_ops = {
	.queue_rq = vblk_queue_rq,
};

/* Read and check the config space. */
static void vblk_config(struct vblk *vb)
{
	struct virtio_device *vdev = vb->vdev;
	u32 v;

	virtio_config_read(vdev, CFG_CAPACITY, &vb->capacity, 8);
	if (vb->capacity > (~0ull >> SECTOR_SHIFT)) {
		pr_warn("%s: capacity %llu sectors is impossible; using %llu\n", vdev->name,
			(unsigned long long)vb->capacity, ~0ull >> SECTOR_SHIFT);
		vb->capacity = ~0ull >> SECTOR_SHIFT;
	}
	vb->lbs = SECTOR_SIZE;
	if (virtio_has_feature(vdev, VIRTIO_BLK_F_BLK_SIZE)) {
		virtio_config_read(vdev, CFG_BLK_SIZE, &v, 4);
		if (v >= SECTOR_SIZE && v <= 4096 && !(v & (v - 1)))
			vb->lbs = v;
		else
			pr_warn("%s: ignoring block size %u\n", vdev->name, v);
	}
	vb->max_bios = VBLK_MAX_BIOS;
	if (virtio_has_feature(vdev, VIRTIO_BLK_F_SEG_MAX)) {
		virtio_config_read(vdev, CFG_SEG_MAX, &v, 4);
		if (v && v < vb->max_bios)
			vb->max_bios = v;
	}
	if (virtio_has_feature(vdev, VIRTIO_BLK_F_RO))
		vb->flags |= BLOCK_RO;
	if (virtio_has_feature(vdev, VIRTIO_BLK_F_FLUSH))
		vb->flags |= BLOCK_FLUSH;
	if (virtio_has_feature(vdev, VIRTIO_BLK_F_DISCARD)) {
		u32 segs;

		virtio_config_read(vdev, CFG_MAX_DISCARD_SECTORS, &v, 4);
		virtio_config_read(vdev, CFG_MAX_DISCARD_SEG, &segs, 4);
		if (v && segs) {
			vb->max_discard = v;
			vb->flags |= BLOCK_DISCARD;
		}
	}
}

static int vblk_probe(struct virtio_device *vdev)
{
	struct vblk *vb = kzalloc(sizeof(*vb));
	int err;

	if (!vb)
		return -ENOMEM;
	vb->vdev = vdev;
	spin_lock_init(&vb->lock, "vblk");
	vblk_config(vb);
	vb->vq = virtqueue_create(vdev, 0, vblk_done, vb);
	if (IS_ERR(vb->vq)) {
		err = PTR_ERR(vb->vq);
		goto out_free;
	}
	vb->depth = virtqueue_capacity(vb->vq, vb->max_bios + 2);
	if (!vb->depth) {
		err = -EIO;
		goto out_vq;
	}
	vb->reqs = kzalloc(vb->depth * sizeof(*vb->reqs));
	if (!vb->reqs) {
		err = -ENOMEM;
		goto out_vq;
	}
	for (unsigned int i = 0; i < vb->depth; i++)
		slot_put(vb, &vb->reqs[i]);
	vdev->priv = vb;
	vdev->vqs[0] = vb->vq;
	return 0;

out_vq:
	virtqueue_destroy(vb->vq);
out_free:
	kfree(vb);
	return err;
}

static void vblk_start(struct virtio_device *vdev)
{
	struct vblk *vb = vdev->priv;
	struct block_limits lim = {
		.depth = vb->depth,
		.max_bios = vb->max_bios,
		.max_bytes = VBLK_MAX_BYTES,
		.max_discard_sectors = vb->max_discard,
	};
	int n = atomic_fetch_add(&vblk_count, 1);
	char name[8];

	if (n >= 256 / DISK_MINORS) {	/* minors are 8 bits (MKDEV) */
		pr_err("%s: too many virtio disks\n", vdev->name);
		return;
	}
	snprintf(name, sizeof(name), "vd%c", 'a' + n);
	vb->disk = block_disk_add(name, MKDEV(VIRTBLK_MAJOR, n * DISK_MINORS), vb->lbs,
				  vb->capacity, vb->flags, &vblk_ops, &lim, vb);
	if (IS_ERR(vb->disk)) {
		pr_err("%s: cannot add disk %s: %d\n", vdev->name, name, (int)PTR_ERR(vb->disk));
		vb->disk = NULL;
	}
}

const struct virtio_driver virtio_blk_driver = {
	.name = "virtio-blk",
	.device_id = VIRTIO_ID_BLOCK,
	.features = (1u << VIRTIO_BLK_F_SEG_MAX) | (1u << VIRTIO_BLK_F_RO) |
		    (1u << VIRTIO_BLK_F_BLK_SIZE) | (1u << VIRTIO_BLK_F_FLUSH) |
		    (1u << VIRTIO_BLK_F_DISCARD),
	.probe = vblk_probe,
	.start = vblk_start,
};
