/*
 * The virtio core (virtio 1.x): devices, drivers, feature negotiation and
 * split virtqueues, independent of the transport.
 *
 * A transport (drivers/virtio/virtio_mmio.c; PCI later) finds a device,
 * fills a struct virtio_device with its operations and calls
 * virtio_device_register(). The core resets the device, negotiates
 * features with the driver for its device id (VIRTIO_F_VERSION_1 is
 * required: legacy devices are refused), calls the driver's probe, sets
 * DRIVER_OK and calls the driver's start. Drivers then only talk to
 * virtqueues (virtqueue_add / virtqueue_kick / virtqueue_get_buf) and to
 * config space through virtio_config_read; they never see the transport.
 *
 * Everything a device writes (queue sizes, used-ring ids and lengths,
 * config values) is checked: a device that breaks the rules is reset and
 * marked broken, and every request on it fails with -EIO.
 */
#ifndef DRIVERS_VIRTIO_H
#define DRIVERS_VIRTIO_H

#include <core/dma.h>
#include <core/spinlock.h>
#include <mica/types.h>

/* Device status bits. */
#define VIRTIO_STATUS_ACKNOWLEDGE 0x01
#define VIRTIO_STATUS_DRIVER 0x02
#define VIRTIO_STATUS_DRIVER_OK 0x04
#define VIRTIO_STATUS_FEATURES_OK 0x08
#define VIRTIO_STATUS_NEEDS_RESET 0x40
#define VIRTIO_STATUS_FAILED 0x80

/* Transport-independent feature bits. */
#define VIRTIO_F_INDIRECT_DESC 28
#define VIRTIO_F_EVENT_IDX 29
#define VIRTIO_F_VERSION_1 32

/* Device ids. */
#define VIRTIO_ID_NET 1
#define VIRTIO_ID_BLOCK 2
#define VIRTIO_ID_CONSOLE 3
#define VIRTIO_ID_RNG 4

#define VIRTIO_MAX_VQS 8
#define VIRTQUEUE_MAX_SIZE 256		/* larger queues are used at this size */
#define VIRTQUEUE_MAX_SEGS 16		/* buffers per request (one indirect table) */

struct virtio_device;
struct virtqueue;

/* What a transport provides. Called with no lock held, in process context
 * (notify and ack also from interrupts). */
struct virtio_transport_ops {
	u64 (*get_features)(struct virtio_device *vdev);
	void (*set_features)(struct virtio_device *vdev, u64 features);
	u8 (*get_status)(struct virtio_device *vdev);
	void (*set_status)(struct virtio_device *vdev, u8 status);
	void (*reset)(struct virtio_device *vdev);	/* returns once reset */
	u32 (*config_generation)(struct virtio_device *vdev);
	/* Bytes [off, off + len) of the device config space; len <= 8. */
	void (*config_read)(struct virtio_device *vdev, unsigned int off, void *buf,
			    unsigned int len);
	/* Largest size of queue idx; 0 when there is no such queue. */
	unsigned int (*queue_max)(struct virtio_device *vdev, unsigned int idx);
	int (*queue_enable)(struct virtio_device *vdev, unsigned int idx, unsigned int num,
			    dma_addr_t desc, dma_addr_t avail, dma_addr_t used);
	void (*queue_disable)(struct virtio_device *vdev, unsigned int idx);
	void (*notify)(struct virtio_device *vdev, unsigned int idx);
};

/* Lock legend: [I] set before the driver's probe, then immutable;
 * [D] the driver's own. */
struct virtio_device {
	u32 id;					/* [I] VIRTIO_ID_* */
	u32 vendor;				/* [I] */
	char name[16];				/* [I] "virtio0" */
	const struct virtio_transport_ops *ops;	/* [I] */
	void *transport;			/* [I] the transport's state */
	u64 features;				/* [I] negotiated */
	int broken;				/* [a] it broke the rules (int: no byte atomics) */
	const struct virtio_driver *driver;	/* [I] */
	struct virtqueue *vqs[VIRTIO_MAX_VQS];	/* [D] created by the driver */
	void *priv;				/* [D] */
};

struct virtio_driver {
	const char *name;
	u32 device_id;
	u64 features;	/* device-specific bits the driver understands */
	/* Set up virtqueues and read config; no I/O yet. 0 or -errno (the
	 * driver has undone its own work). */
	int (*probe)(struct virtio_device *vdev);
	/* After DRIVER_OK: the device may be used. */
	void (*start)(struct virtio_device *vdev);
};

/* Called by a transport for a device it found (id != 0, version checked). */
int virtio_device_register(struct virtio_device *vdev);
/* Called by a transport's interrupt handler: used buffers arrived. */
void virtio_device_interrupt(struct virtio_device *vdev);

static inline bool virtio_has_feature(const struct virtio_device *vdev, unsigned int bit)
{
	return (vdev->features >> bit) & 1;
}

/* A consistent read of config bytes [off, off + len), len <= 8. */
void virtio_config_read(struct virtio_device *vdev, unsigned int off, void *buf,
			unsigned int len);

/* ---- split virtqueues (drivers/virtio/virtqueue.c) ---- */

/* One buffer of a request: kernel memory in the direct map or the image. */
struct vq_buf {
	void *addr;
	u32 len;
};

typedef void (*vq_callback_t)(struct virtqueue *vq);

/*
 * Create queue idx of vdev at the largest power-of-two size the device
 * allows (at most VIRTQUEUE_MAX_SIZE). callback runs in interrupt context
 * when used buffers may be there; it calls virtqueue_get_buf until NULL.
 * ERR_PTR(-ENOENT) when the device has no such queue, -EIO for a size the
 * device should not have offered, -ENOMEM.
 */
struct virtqueue *virtqueue_create(struct virtio_device *vdev, unsigned int idx,
				   vq_callback_t callback, void *priv);
/* Disable the queue in the device and free it; nothing may be in flight. */
void virtqueue_destroy(struct virtqueue *vq);

/*
 * Queue one request: n_out buffers the device reads, then n_in it writes
 * (n_out + n_in <= VIRTQUEUE_MAX_SEGS). token comes back from
 * virtqueue_get_buf. -ENOSPC when the ring is full, -EIO when broken.
 * Any context; the device is not told until virtqueue_kick.
 */
int virtqueue_add(struct virtqueue *vq, const struct vq_buf *bufs, unsigned int n_out,
		  unsigned int n_in, void *token);
/* Tell the device about added requests, if it wants to know. */
void virtqueue_kick(struct virtqueue *vq);
/*
 * Next completed request's token (NULL: none), with the bytes the device
 * wrote in *len. On a broken queue, returns every request still in flight
 * with *len 0 (check virtqueue_is_broken). Any context.
 */
void *virtqueue_get_buf(struct virtqueue *vq, u32 *len);
bool virtqueue_is_broken(const struct virtqueue *vq);
unsigned int virtqueue_size(const struct virtqueue *vq);
/* Requests that fit at once (the ring size, or a third of it without indirect
 * descriptors and three buffers each: the caller divides). */
unsigned int virtqueue_capacity(const struct virtqueue *vq, unsigned int bufs_per_req);
void *virtqueue_priv(const struct virtqueue *vq);
struct virtio_device *virtqueue_device(const struct virtqueue *vq);

/* For the core: the interrupt of vq's device arrived. */
void virtqueue_interrupt(struct virtqueue *vq);

#endif
