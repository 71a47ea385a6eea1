/*
 * Split virtqueues (virtio 1.x, section 2.7).
 *
 * Memory shared with the device, in one zeroed DMA block:
 *
 *   descriptor table  num x { u64 addr; u32 len; u16 flags; u16 next; }
 *   available ring    { u16 flags; u16 idx; u16 ring[num]; u16 used_event; }
 *   used ring (4-aligned)
 *                     { u16 flags; u16 idx; { u32 id; u32 len; } ring[num];
 *                       u16 avail_event; }
 *
 * (all little-endian, as the CPU). With VIRTIO_F_INDIRECT_DESC a request
 * takes one ring descriptor pointing at a table of its own; each ring slot
 * owns a preallocated table, so adding a request allocates nothing and
 * works from interrupt handlers. With VIRTIO_F_EVENT_IDX the driver says
 * in used_event which used index should interrupt it, and the device says
 * in avail_event which available index it wants to be notified of.
 *
 * The device may write anything into the shared memory. The driver keeps
 * its own copy of every chain (slot[], next[]) and never follows a link
 * the device could have changed; used ids, lengths and the used index are
 * checked, and a violation resets the device and marks it broken: the
 * requests of all its queues come back failed, and new ones are refused.
 *
 * Lock: vq->lock (irq-saving) guards the rings and the free list; it is a
 * leaf. Callbacks run without it.
 */
#include <drivers/virtio.h>
#include <core/panic.h>
#include <core/bug.h>
#include <core/kmalloc.h>
#include <core/printk.h>
#include <lib/string.h>
#include <mica/atomic.h>
#include <mica/compiler.h>
#include <mica/err.h>
#include <mica/errno.h>

#define VRING_DESC_F_NEXT 1
#define VRING_DESC_F_WRITE 2
#define VRING_DESC_F_INDIRECT 4
#define VRING_USED_F_NO_NOTIFY 1

struct vring_desc {
	u64 addr;
	u32 len;
	u16 flags;
	u16 next;
};

struct vring_used_elem {
	u32 id;
	u32 len;
};

/* Per head descriptor: what the driver put there. */
struct vq_slot {
	void *token;	/* NULL: not a request head */
	u32 in_len;	/* bytes the device may write */
	u16 ndesc;	/* ring descriptors the request holds */
};

struct virtqueue {
	struct virtio_device *vdev;	/* [I] */
	unsigned int index;		/* [I] */
	unsigned int num;		/* [I] power of two */
	vq_callback_t callback;		/* [I] */
	void *priv;			/* [I] */
	bool indirect, event_idx;	/* [I] negotiated */

	void *mem;			/* [I] the shared block */
	size_t mem_size;		/* [I] */
	struct vring_desc *desc;	/* [I] */
	u16 *avail_flags, *avail_idx, *avail_ring, *used_event;	/* [I] */
	u16 *used_flags, *used_idx, *avail_event;		/* [I] device-written */
	struct vring_used_elem *used_ring;			/* [I] device-written */
	struct vring_desc *ind;		/* [I] num tables of VIRTQUEUE_MAX_SEGS */
	dma_addr_t ind_bus;		/* [I] */

	spinlock_t lock;
	struct vq_slot *slot;		/* [lock] */
	u16 *next;			/* [lock] driver's copy of desc[].next */
	u16 free_head, num_free;	/* [lock] */
	u16 avail_shadow;		/* [lock] our avail idx */
	u16 kicked;			/* [lock] avail idx at the last kick */
	u16 last_used;			/* [lock] used entries consumed */
	unsigned int in_flight;		/* [lock] */
	bool broken;			/* [lock], read racily by is_broken */
};

static size_t vring_size(unsigned int num, size_t *avail_off, size_t *used_off)
{
	*avail_off = 16 * (size_t)num;
	*used_off = ALIGN_UP(*avail_off + 6 + 2 * (size_t)num, 4);
	return *used_off + 6 + 8 * (size_t)num;
}

/*
 * The device broke the rules: reset it, so that it stops touching the
 * buffers about to be handed back, and fail every request of the device.
 * Called with vq->lock held.
 */
static void vq_mark_broken(struct virtqueue *vq, const char *why)
{
	struct virtio_device *vdev = vq->vdev;

	if (!vq->broken)
		pr_err("%s: queue %u: %s; resetting the device and failing its requests\n",
		       vdev->name, vq->index, why);
	vq->broken = true;
	if (!__atomic_exchange_n(&vdev->broken, 1, __ATOMIC_SEQ_CST))
		vdev->ops->reset(vdev);
}

/* Broken by this queue or another of the device. Called with vq->lock. */
static bool vq_broken_locked(struct virtqueue *vq)
{
	if (!vq->broken && READ_ONCE(vq->vdev->broken))
		vq->broken = true;
	return vq->broken;
}

struct virtqueue *virtqueue_create(struct virtio_device *vdev, unsigned int idx,
				   vq_callback_t callback, void *priv)
{
	unsigned int max = vdev->ops->queue_max(vdev, idx), num = 1;
	size_t avail_off, used_off;
	struct virtqueue *vq;
	dma_addr_t bus;
	int err = -ENOMEM;

	if (!max)
		return ERR_PTR(-ENOENT);
	if (max > 32768) {
		pr_err("%s: queue %u: impossible size %u\n", vdev->name, idx, max);
		return ERR_PTR(-EIO);
	}
	while (num * 2 <= max && num * 2 <= VIRTQUEUE_MAX_SIZE)
		num *= 2;
	vq = kzalloc(sizeof(*vq));
	if (!vq)
		return ERR_PTR(-ENOMEM);
	vq->vdev = vdev;
	vq->index = idx;
	vq->num = num;
	vq->callback = callback;
	vq->priv = priv;
	vq->indirect = virtio_has_feature(vdev, VIRTIO_F_INDIRECT_DESC);
	vq->event_idx = virtio_has_feature(vdev, VIRTIO_F_EVENT_IDX);
	spin_lock_init(&vq->lock, "virtqueue");

	vq->mem_size = vring_size(num, &avail_off, &used_off);
	vq->mem = dma_alloc(vq->mem_size, &bus);
	vq->slot = kzalloc(num * sizeof(*vq->slot));
	vq->next = kmalloc(num * sizeof(*vq->next));
	if (!vq->mem || !vq->slot || !vq->next)
		goto out_free;
	if (vq->indirect) {
		vq->ind = dma_alloc(num * VIRTQUEUE_MAX_SEGS * sizeof(struct vring_desc),
				    &vq->ind_bus);
		if (!vq->ind)
			goto out_free;
	}
	vq->desc = vq->mem;
	vq->avail_flags = (u16 *)((u8 *)vq->mem + avail_off);
	vq->avail_idx = vq->avail_flags + 1;
	vq->avail_ring = vq->avail_flags + 2;
	vq->used_event = vq->avail_ring + num;
	vq->used_flags = (u16 *)((u8 *)vq->mem + used_off);
	vq->used_idx = vq->used_flags + 1;
	vq->used_ring = (struct vring_used_elem *)(vq->used_flags + 2);
	vq->avail_event = (u16 *)(vq->used_ring + num);
	for (unsigned int i = 0; i < num; i++)
		vq->next[i] = (u16)(i + 1);
	vq->free_head = 0;
	vq->num_free = (u16)num;

	err = vdev->ops->queue_enable(vdev, idx, num, bus, bus + avail_off, bus + used_off);
	if (err)
		goto out_free;
	return vq;

out_free:
	dma_free(vq->ind, num * VIRTQUEUE_MAX_SEGS * sizeof(struct vring_desc));
	dma_free(vq->mem, vq->mem_size);
	kfree(vq->slot);
	kfree(vq->next);
	kfree(vq);
	return ERR_PTR(err);
}

void virtqueue_destroy(struct virtqueue *vq)
{
	if (!vq)
		return;
	WARN_ON_ONCE(vq->in_flight);
	vq->vdev->ops->queue_disable(vq->vdev, vq->index);
	dma_free(vq->ind, vq->num * VIRTQUEUE_MAX_SEGS * sizeof(struct vring_desc));
	dma_free(vq->mem, vq->mem_size);
	kfree(vq->slot);
	kfree(vq->next);
	kfree(vq);
}

static void fill_desc(struct vring_desc *d, const struct vq_buf *b, bool write)
{
	d->addr = dma_addr(b->addr);
	d->len = b->len;
	d->flags = write ? VRING_DESC_F_WRITE : 0;
}

int virtqueue_add(struct virtqueue *vq, const struct vq_buf *bufs, unsigned int n_out,
		  unsigned int n_in, void *token)
{
	unsigned int n = n_out + n_in, need;
	unsigned long flags;
	u32 in_len = 0;
	u16 head, d;

	if (!n || n > VIRTQUEUE_MAX_SEGS || !token)
		return -EINVAL;
	for (unsigned int i = n_out; i < n; i++)
		in_len += bufs[i].len;
	need = vq->indirect && n > 1 ? 1 : n;

	flags = spin_lock_irqsave(&vq->lock);
	if (vq_broken_locked(vq)) {
		spin_unlock_irqrestore(&vq->lock, flags);
		return -EIO;
	}
	if (vq->num_free < need) {
		spin_unlock_irqrestore(&vq->lock, flags);
		return -ENOSPC;
	}
	head = vq->free_head;
	if (need == 1 && n > 1) {
		/* One ring descriptor pointing at this slot's own table. */
		struct vring_desc *t = vq->ind + (size_t)head * VIRTQUEUE_MAX_SEGS;

		for (unsigned int i = 0; i < n; i++) {
			fill_desc(&t[i], &bufs[i], i >= n_out);
			if (i + 1 < n) {
				t[i].flags |= VRING_DESC_F_NEXT;
				t[i].next = (u16)(i + 1);
			}
		}
		vq->desc[head].addr = vq->ind_bus + (size_t)head * VIRTQUEUE_MAX_SEGS *
							 sizeof(struct vring_desc);
		vq->desc[head].len = n * sizeof(struct vring_desc);
		vq->desc[head].flags = VRING_DESC_F_INDIRECT;
		vq->free_head = vq->next[head];
	} else {
		d = head;
		for (unsigned int i = 0; i < n; i++) {
			fill_desc(&vq->desc[d], &bufs[i], i >= n_out);
			if (i + 1 < n) {
				vq->desc[d].flags |= VRING_DESC_F_NEXT;
				vq->desc[d].next = vq->next[d];
			}
			d = vq->next[d];
		}
		vq->free_head = d;
	}
	vq->num_free -= (u16)need;
	vq->slot[head].token = token;
	vq->slot[head].in_len = in_len;
	vq->slot[head].ndesc = (u16)need;
	vq->in_flight++;

	vq->avail_ring[vq->avail_shadow & (vq->num - 1)] = head;
	vq->avail_shadow++;
	/* The descriptors and the ring entry before the index the device reads. */
	smp_wmb();
	WRITE_ONCE(*vq->avail_idx, vq->avail_shadow);
	spin_unlock_irqrestore(&vq->lock, flags);
	return 0;
}

void virtqueue_kick(struct virtqueue *vq)
{
	unsigned long flags = spin_lock_irqsave(&vq->lock);
	u16 old = vq->kicked, new_ = vq->avail_shadow;
	bool notify;

	/* Our index store before reading what the device asked for. */
	smp_mb();
	if (vq->event_idx) {
		u16 event = READ_ONCE(*vq->avail_event);

		notify = (u16)(new_ - event - 1) < (u16)(new_ - old);
	} else {
		notify = !(READ_ONCE(*vq->used_flags) & VRING_USED_F_NO_NOTIFY);
	}
	vq->kicked = new_;
	if (notify && old != new_ && !vq_broken_locked(vq))
		vq->vdev->ops->notify(vq->vdev, vq->index);
	spin_unlock_irqrestore(&vq->lock, flags);
}

/* Put head's descriptors back on the free list; returns its token. */
static void *detach(struct virtqueue *vq, u16 head)
{
	void *token = vq->slot[head].token;
	u16 last = head;

	for (unsigned int i = 1; i < vq->slot[head].ndesc; i++)
		last = vq->next[last];
	vq->next[last] = vq->free_head;
	vq->free_head = head;
	vq->num_free += vq->slot[head].ndesc;
	vq->slot[head].token = NULL;
	vq->in_flight--;
	return token;
}

/* Broken queue: hand back the requests still in flight, one per call. */
static void *drain_broken(struct virtqueue *vq, u32 *len)
{
	*len = 0;
	for (unsigned int i = 0; i < vq->num; i++)
		if (vq->slot[i].token)
			return detach(vq, (u16)i);
	return NULL;
}

void *virtqueue_get_buf(struct virtqueue *vq, u32 *len)
{
	unsigned long flags = spin_lock_irqsave(&vq->lock);
	struct vring_used_elem e;
	void *token = NULL;
	u16 used;

	if (vq_broken_locked(vq))
		goto broken;
	used = READ_ONCE(*vq->used_idx);
	if (used == vq->last_used && vq->event_idx) {
		/* Ask for an interrupt at the next entry, then look once more
		 * in case the device added one before it could see that. */
		WRITE_ONCE(*vq->used_event, vq->last_used);
		smp_mb();
		used = READ_ONCE(*vq->used_idx);
	}
	if (used == vq->last_used)
		goto out;
	if ((u16)(used - vq->last_used) > vq->in_flight) {
		vq_mark_broken(vq, "used index ran ahead of the requests");
		goto broken;
	}
	/* The index before the entry it covers. */
	smp_rmb();
	e.id = READ_ONCE(vq->used_ring[vq->last_used & (vq->num - 1)].id);
	e.len = READ_ONCE(vq->used_ring[vq->last_used & (vq->num - 1)].len);
	if (e.id >= vq->num || !vq->slot[e.id].token) {
		vq_mark_broken(vq, "used id is not a request in flight");
		goto broken;
	}
	if (e.len > vq->slot[e.id].in_len) {
		vq_mark_broken(vq, "used length exceeds the request's buffers");
		goto broken;
	}
	vq->last_used++;
	if (vq->event_idx)
		WRITE_ONCE(*vq->used_event, vq->last_used);
	*len = e.len;
	token = detach(vq, (u16)e.id);
out:
	spin_unlock_irqrestore(&vq->lock, flags);
	return token;
broken:
	token = drain_broken(vq, len);
	spin_unlock_irqrestore(&vq->lock, flags);
	return token;
}

void virtqueue_interrupt(struct virtqueue *vq)
{
	if (vq->callback)
		vq->callback(vq);
}

bool virtqueue_is_broken(const struct virtqueue *vq)
{
	return READ_ONCE(vq->broken) || READ_ONCE(vq->vdev->broken);
}

unsigned int virtqueue_size(const struct virtqueue *vq)
{
	return vq->num;
}

unsigned int virtqueue_capacity(const struct virtqueue *vq, unsigned int bufs_per_req)
{
	if (vq->indirect || bufs_per_req <= 1)
		return vq->num;
	return vq->num / bufs_per_req;
}

void *virtqueue_priv(const struct virtqueue *vq)
{
	return vq->priv;
}

struct virtio_device *virtqueue_device(const struct virtqueue *vq)
{
	return vq->vdev;
}
