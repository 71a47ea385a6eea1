/*
 * The virtio core: matches devices to drivers, negotiates features and
 * runs the status protocol of virtio 1.x (section 3.1.1):
 *
 *   reset -> ACKNOWLEDGE -> DRIVER -> features -> FEATURES_OK (read back)
 *   -> driver probe (queues, config) -> DRIVER_OK -> driver start
 *
 * Anything that fails sets FAILED and leaves the device alone.
 */
#include <drivers/virtio.h>
#include <core/printk.h>
#include <lib/printf.h>
#include <mica/atomic.h>
#include <mica/compiler.h>
#include <mica/errno.h>

/* The drivers there are. A list here rather than a linker section: there
 * are few, and the transports only need to find them by device id. */
extern const struct virtio_driver virtio_blk_driver;
static const struct virtio_driver *const virtio_drivers[] = { &virtio_blk_driver };

/* Features the core implements for every device. */
#define VIRTIO_CORE_FEATURES                                                       \
	((1ull << VIRTIO_F_VERSION_1) | (1ull << VIRTIO_F_INDIRECT_DESC) |         \
	 (1ull << VIRTIO_F_EVENT_IDX))

static atomic_t virtio_count;

static const struct virtio_driver *find_driver(u32 id)
{
	for (size_t i = 0; i < ARRAY_SIZE(virtio_drivers); i++)
		if (virtio_drivers[i]->device_id == id)
			return virtio_drivers[i];
	return NULL;
}

static void add_status(struct virtio_device *vdev, u8 bits)
{
	vdev->ops->set_status(vdev, vdev->ops->get_status(vdev) | bits);
}

static int negotiate(struct virtio_device *vdev, const struct virtio_driver *drv)
{
	u64 offered = vdev->ops->get_features(vdev);
	/* Device-specific bits are 0-23; transport bits are the core's. */
	u64 wanted = (drv->features & 0xffffffull) | VIRTIO_CORE_FEATURES;

	if (!(offered & (1ull << VIRTIO_F_VERSION_1))) {
		pr_err("%s: device does not offer VIRTIO_F_VERSION_1 (legacy only): refused\n",
		       vdev->name);
		return -ENODEV;
	}
	vdev->features = offered & wanted;
	vdev->ops->set_features(vdev, vdev->features);
	add_status(vdev, VIRTIO_STATUS_FEATURES_OK);
	if (!(vdev->ops->get_status(vdev) & VIRTIO_STATUS_FEATURES_OK)) {
		pr_err("%s: device refused features %#llx\n", vdev->name,
		       (unsigned long long)vdev->features);
		return -ENODEV;
	}
	return 0;
}

int virtio_device_register(struct virtio_device *vdev)
{
	const struct virtio_driver *drv = find_driver(vdev->id);
	int err;

	snprintf(vdev->name, sizeof(vdev->name), "virtio%d",
		 atomic_fetch_add(&virtio_count, 1));
	if (!drv) {
		pr_info("%s: no driver for device id %u\n", vdev->name, vdev->id);
		return -ENODEV;
	}
	vdev->driver = drv;
	vdev->ops->reset(vdev);
	add_status(vdev, VIRTIO_STATUS_ACKNOWLEDGE);
	add_status(vdev, VIRTIO_STATUS_DRIVER);
	err = negotiate(vdev, drv);
	if (!err)
		err = drv->probe(vdev);
	if (err) {
		add_status(vdev, VIRTIO_STATUS_FAILED);
		vdev->driver = NULL;
		return err;
	}
	add_status(vdev, VIRTIO_STATUS_DRIVER_OK);
	pr_info("%s: %s, features %#llx\n", vdev->name, drv->name,
		(unsigned long long)vdev->features);
	if (drv->start)
		drv->start(vdev);
	return 0;
}

void virtio_device_interrupt(struct virtio_device *vdev)
{
	int was_broken = READ_ONCE(vdev->broken);

	for (int i = 0; i < VIRTIO_MAX_VQS; i++) {
		struct virtqueue *vq = READ_ONCE(vdev->vqs[i]);

		if (vq)
			virtqueue_interrupt(vq);
	}
	/* A queue found the device broken (and reset it): no interrupt will
	 * come again, so let every queue hand back its requests now. */
	if (!was_broken && READ_ONCE(vdev->broken))
		virtio_device_interrupt(vdev);
}

void virtio_config_read(struct virtio_device *vdev, unsigned int off, void *buf,
			unsigned int len)
{
	/* A device may change its config while we read: retry until stable,
	 * but not forever for a device whose generation never settles. */
	for (int tries = 0; tries < 64; tries++) {
		u32 gen = vdev->ops->config_generation(vdev);

		vdev->ops->config_read(vdev, off, buf, len);
		if (gen == vdev->ops->config_generation(vdev))
			return;
	}
	pr_warn("%s: config generation never settles\n", vdev->name);
}
