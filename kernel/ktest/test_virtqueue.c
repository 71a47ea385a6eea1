/*
 * A hostile virtio device: a fake transport hands the test the rings, and
 * the test writes into the used ring what a buggy device might. The queue
 * must refuse it (marked broken, every request handed back), never crash
 * or hand back a token twice.
 */
#include <drivers/virtio.h>
#include <kernel/ktest.h>
#include <core/kmalloc.h>
#include <core/mm.h>
#include <lib/string.h>
#include <mica/err.h>
#include <mica/errno.h>

struct fake {
	unsigned int max;	/* queue size offered */
	u16 *used_idx;		/* the used ring, as the device sees it */
	u32 *used_ring;		/* { id, len } pairs */
	unsigned int notified, resets;
	bool disabled;
};

static struct fake fake;

static unsigned int fake_queue_max(struct virtio_device *vdev, unsigned int idx)
{
	(void)vdev;
	return idx ? 0 : fake.max;
}

static int fake_queue_enable(struct virtio_device *vdev, unsigned int idx, unsigned int num,
			     dma_addr_t desc, dma_addr_t avail, dma_addr_t used)
{
	(void)vdev, (void)idx, (void)num, (void)desc, (void)avail;
	fake.used_idx = (u16 *)phys_to_virt(used) + 1;
	fake.used_ring = (u32 *)((u16 *)phys_to_virt(used) + 2);
	return 0;
}

static void fake_queue_disable(struct virtio_device *vdev, unsigned int idx)
{
	(void)vdev, (void)idx;
	fake.disabled = true;
}

static void fake_notify(struct virtio_device *vdev, unsigned int idx)
{
	(void)vdev, (void)idx;
	fake.notified++;
}

static void fake_reset(struct virtio_device *vdev)
{
	(void)vdev;
	fake.resets++;
}

static const struct virtio_transport_ops fake_ops = {
	.reset = fake_reset,
	.queue_max = fake_queue_max,
	.queue_enable = fake_queue_enable,
	.queue_disable = fake_queue_disable,
	.notify = fake_notify,
};

/* The device "completes" request id with len. */
static void device_put_used(unsigned int slot, u32 id, u32 len, u16 new_idx)
{
	fake.used_ring[2 * slot] = id;
	fake.used_ring[2 * slot + 1] = len;
	__atomic_store_n(fake.used_idx, new_idx, __ATOMIC_RELEASE);
}

static struct virtqueue *new_queue(struct virtio_device *vdev, unsigned int max, u64 features)
{
	memset(&fake, 0, sizeof(fake));
	fake.max = max;
	memset(vdev, 0, sizeof(*vdev));
	vdev->ops = &fake_ops;
	vdev->features = features;
	strscpy(vdev->name, "fakevirtio", sizeof(vdev->name));
	return virtqueue_create(vdev, 0, NULL, NULL);
}

KTEST(virtqueue_hostile_device)
{
	static struct virtio_device vdev;
	u64 feats[] = { 0, 1ull << VIRTIO_F_INDIRECT_DESC | 1ull << VIRTIO_F_EVENT_IDX };
	u8 *buf = kmalloc(64);
	int tokens[4];
	u32 len;

	KT_ASSERT(buf);
	/* Sizes: none, absurd, not a power of two (rounded down). */
	KT_ASSERT(PTR_ERR(new_queue(&vdev, 0, 0)) == -ENOENT);
	KT_ASSERT(PTR_ERR(new_queue(&vdev, 100000, 0)) == -EIO);
	{
		struct virtqueue *vq = new_queue(&vdev, 6, 0);

		KT_ASSERT(!IS_ERR(vq));
		KT_ASSERT_EQ(virtqueue_size(vq), 4);
		virtqueue_destroy(vq);
	}

	for (unsigned int f = 0; f < ARRAY_SIZE(feats); f++) {
		for (int how = 0; how < 3; how++) {
			struct virtqueue *vq = new_queue(&vdev, 8, feats[f]);
			struct vq_buf bufs[2] = { { buf, 16 }, { buf + 16, 16 } };
			/* Head of the second request: chains of two, or one indirect. */
			u32 second = feats[f] ? 1 : 2;
			int back = 0;
			void *tok;

			KT_ASSERT(!IS_ERR(vq));
			for (int i = 0; i < 2; i++)
				KT_ASSERT_EQ(virtqueue_add(vq, bufs, 1, 1, &tokens[i]), 0);
			virtqueue_kick(vq);
			KT_ASSERT(fake.notified == 1 || feats[f]);
			KT_ASSERT(virtqueue_get_buf(vq, &len) == NULL);
			/* A sound completion first. */
			device_put_used(0, 0, 16, 1);
			KT_ASSERT(virtqueue_get_buf(vq, &len) == &tokens[0]);
			KT_ASSERT_EQ(len, 16);
			KT_ASSERT(!virtqueue_is_broken(vq));
			/* Then a bad one: an id not in flight, a length beyond the
			 * request's buffers, or an index that runs far ahead. */
			if (how == 0)
				device_put_used(1, 0, 16, 2);	/* id 0 was done already */
			else if (how == 1)
				device_put_used(1, second, 4096, 2);
			else
				device_put_used(1, second, 16, 200);
			while ((tok = virtqueue_get_buf(vq, &len))) {
				KT_ASSERT(tok == &tokens[1]);
				KT_ASSERT_EQ(len, 0);
				back++;
			}
			KT_ASSERT_EQ(back, 1);
			KT_ASSERT(virtqueue_is_broken(vq));
			KT_ASSERT_EQ(fake.resets, 1);	/* it stops touching memory */
			KT_ASSERT_EQ(virtqueue_add(vq, bufs, 1, 1, &tokens[2]), -EIO);
			virtqueue_destroy(vq);
			KT_ASSERT(fake.disabled);
		}
	}
	/* Bad requests from the driver side are refused too. */
	{
		struct virtqueue *vq = new_queue(&vdev, 2, 0);
		struct vq_buf bufs[3] = { { buf, 8 }, { buf + 8, 8 }, { buf + 16, 8 } };

		KT_ASSERT(!IS_ERR(vq));
		KT_ASSERT_EQ(virtqueue_add(vq, bufs, 0, 0, &tokens[0]), -EINVAL);
		KT_ASSERT_EQ(virtqueue_add(vq, bufs, 1, 1, NULL), -EINVAL);
		/* Two descriptors each without indirect ones: the second does not fit. */
		KT_ASSERT_EQ(virtqueue_add(vq, bufs, 2, 1, &tokens[0]), -ENOSPC);
		KT_ASSERT_EQ(virtqueue_add(vq, bufs, 1, 1, &tokens[0]), 0);
		KT_ASSERT_EQ(virtqueue_add(vq, bufs, 1, 0, &tokens[1]), -ENOSPC);
		device_put_used(0, 0, 8, 1);
		KT_ASSERT(virtqueue_get_buf(vq, &len) == &tokens[0]);
		KT_ASSERT_EQ(virtqueue_add(vq, bufs, 1, 0, &tokens[1]), 0);
		device_put_used(1, 0, 0, 2);
		KT_ASSERT(virtqueue_get_buf(vq, &len) == &tokens[1]);
		virtqueue_destroy(vq);
	}
	kfree(buf);
	return 0;
}
