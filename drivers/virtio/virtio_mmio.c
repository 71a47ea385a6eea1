/*
 * The virtio MMIO transport (virtio 1.x, section 4.2), version 2 only:
 * QEMU's virt machine has eight "virtio,mmio" slots in its device tree;
 * empty ones read device id 0. QEMU offers legacy (version 1) devices
 * unless started with -global virtio-mmio.force-legacy=false; those are
 * refused with a message.
 *
 * Register accesses are serialized by the core's protocol (probe runs
 * once, queue setup before DRIVER_OK); the interrupt handler only reads
 * and acknowledges the interrupt status.
 */
#include <drivers/virtio.h>
#include <core/device.h>
#include <core/irq.h>
#include <core/kmalloc.h>
#include <core/printk.h>
#include <arch/io.h>
#include <lib/string.h>
#include <mica/errno.h>

#define MMIO_MAGIC 0x000		/* "virt" */
#define MMIO_VERSION 0x004
#define MMIO_DEVICE_ID 0x008
#define MMIO_VENDOR_ID 0x00c
#define MMIO_DEVICE_FEATURES 0x010
#define MMIO_DEVICE_FEATURES_SEL 0x014
#define MMIO_DRIVER_FEATURES 0x020
#define MMIO_DRIVER_FEATURES_SEL 0x024
#define MMIO_QUEUE_SEL 0x030
#define MMIO_QUEUE_NUM_MAX 0x034
#define MMIO_QUEUE_NUM 0x038
#define MMIO_QUEUE_READY 0x044
#define MMIO_QUEUE_NOTIFY 0x050
#define MMIO_INTERRUPT_STATUS 0x060
#define MMIO_INTERRUPT_ACK 0x064
#define MMIO_STATUS 0x070
#define MMIO_QUEUE_DESC_LOW 0x080
#define MMIO_QUEUE_DESC_HIGH 0x084
#define MMIO_QUEUE_DRIVER_LOW 0x090
#define MMIO_QUEUE_DRIVER_HIGH 0x094
#define MMIO_QUEUE_DEVICE_LOW 0x0a0
#define MMIO_QUEUE_DEVICE_HIGH 0x0a4
#define MMIO_CONFIG_GENERATION 0x0fc
#define MMIO_CONFIG 0x100

#define MMIO_MAGIC_VALUE 0x74726976
#define MMIO_INT_VRING 0x1
#define MMIO_INT_CONFIG 0x2

struct virtio_mmio {
	u8 *regs;
	u64 size;	/* of the register window: config reads stay inside */
	unsigned int irq;
	struct virtio_device vdev;
};

static struct virtio_mmio *to_mmio(struct virtio_device *vdev)
{
	return vdev->transport;
}

static u32 rd(struct virtio_mmio *m, unsigned int off)
{
	return mmio_read32(m->regs + off);
}

static void wr(struct virtio_mmio *m, unsigned int off, u32 v)
{
	mmio_write32(m->regs + off, v);
}

static u64 mmio_get_features(struct virtio_device *vdev)
{
	struct virtio_mmio *m = to_mmio(vdev);
	u64 f;

	wr(m, MMIO_DEVICE_FEATURES_SEL, 1);
	f = (u64)rd(m, MMIO_DEVICE_FEATURES) << 32;
	wr(m, MMIO_DEVICE_FEATURES_SEL, 0);
	return f | rd(m, MMIO_DEVICE_FEATURES);
}

static void mmio_set_features(struct virtio_device *vdev, u64 features)
{
	struct virtio_mmio *m = to_mmio(vdev);

	wr(m, MMIO_DRIVER_FEATURES_SEL, 1);
	wr(m, MMIO_DRIVER_FEATURES, (u32)(features >> 32));
	wr(m, MMIO_DRIVER_FEATURES_SEL, 0);
	wr(m, MMIO_DRIVER_FEATURES, (u32)features);
}

static u8 mmio_get_status(struct virtio_device *vdev)
{
	return (u8)rd(to_mmio(vdev), MMIO_STATUS);
}

static void mmio_set_status(struct virtio_device *vdev, u8 status)
{
	wr(to_mmio(vdev), MMIO_STATUS, status);
}

static void mmio_reset(struct virtio_device *vdev)
{
	struct virtio_mmio *m = to_mmio(vdev);

	wr(m, MMIO_STATUS, 0);
	/* The spec lets a reset take time; QEMU's is immediate. Bounded. */
	for (int i = 0; i < 100000 && rd(m, MMIO_STATUS); i++)
		;
}

static u32 mmio_config_generation(struct virtio_device *vdev)
{
	return rd(to_mmio(vdev), MMIO_CONFIG_GENERATION);
}

static void mmio_config_read(struct virtio_device *vdev, unsigned int off, void *buf,
			     unsigned int len)
{
	struct virtio_mmio *m = to_mmio(vdev);
	u8 *out = buf;

	if (len > 8 || MMIO_CONFIG + off + len > m->size) {
		memset(buf, 0, len);
		return;
	}
	if (len == 4 || len == 8) {
		for (unsigned int i = 0; i < len; i += 4) {
			u32 v = rd(m, MMIO_CONFIG + off + i);

			memcpy(out + i, &v, 4);
		}
		return;
	}
	for (unsigned int i = 0; i < len; i++)
		out[i] = mmio_read8(m->regs + MMIO_CONFIG + off + i);
}

static unsigned int mmio_queue_max(struct virtio_device *vdev, unsigned int idx)
{
	struct virtio_mmio *m = to_mmio(vdev);

	wr(m, MMIO_QUEUE_SEL, idx);
	if (rd(m, MMIO_QUEUE_READY))
		return 0;	/* in use already: not ours to take */
	return rd(m, MMIO_QUEUE_NUM_MAX);
}

static int mmio_queue_enable(struct virtio_device *vdev, unsigned int idx, unsigned int num,
			     dma_addr_t desc, dma_addr_t avail, dma_addr_t used)
{
	struct virtio_mmio *m = to_mmio(vdev);

	wr(m, MMIO_QUEUE_SEL, idx);
	wr(m, MMIO_QUEUE_NUM, num);
	wr(m, MMIO_QUEUE_DESC_LOW, (u32)desc);
	wr(m, MMIO_QUEUE_DESC_HIGH, (u32)(desc >> 32));
	wr(m, MMIO_QUEUE_DRIVER_LOW, (u32)avail);
	wr(m, MMIO_QUEUE_DRIVER_HIGH, (u32)(avail >> 32));
	wr(m, MMIO_QUEUE_DEVICE_LOW, (u32)used);
	wr(m, MMIO_QUEUE_DEVICE_HIGH, (u32)(used >> 32));
	wr(m, MMIO_QUEUE_READY, 1);
	return rd(m, MMIO_QUEUE_READY) == 1 ? 0 : -EIO;
}

static void mmio_queue_disable(struct virtio_device *vdev, unsigned int idx)
{
	struct virtio_mmio *m = to_mmio(vdev);

	wr(m, MMIO_QUEUE_SEL, idx);
	wr(m, MMIO_QUEUE_READY, 0);
}

static void mmio_notify(struct virtio_device *vdev, unsigned int idx)
{
	wr(to_mmio(vdev), MMIO_QUEUE_NOTIFY, idx);
}

static const struct virtio_transport_ops mmio_ops = {
	.get_features = mmio_get_features,
	.set_features = mmio_set_features,
	.get_status = mmio_get_status,
	.set_status = mmio_set_status,
	.reset = mmio_reset,
	.config_generation = mmio_config_generation,
	.config_read = mmio_config_read,
	.queue_max = mmio_queue_max,
	.queue_enable = mmio_queue_enable,
	.queue_disable = mmio_queue_disable,
	.notify = mmio_notify,
};

static void virtio_mmio_irq(unsigned int irq, void *data)
{
	struct virtio_mmio *m = data;
	u32 status = rd(m, MMIO_INTERRUPT_STATUS);

	(void)irq;
	wr(m, MMIO_INTERRUPT_ACK, status);
	if (status & MMIO_INT_CONFIG)
		pr_info("%s: configuration changed\n", m->vdev.name);
	if (status & MMIO_INT_VRING)
		virtio_device_interrupt(&m->vdev);
}

static int virtio_mmio_probe(struct dt_device *dev)
{
	struct virtio_mmio *m;
	u8 *regs;
	u64 size;
	u32 version, id;
	int irq, err;

	regs = dt_device_ioremap(dev, 0, &size);
	if (!regs)
		return -ENOMEM;
	if (size < MMIO_CONFIG || mmio_read32(regs + MMIO_MAGIC) != MMIO_MAGIC_VALUE) {
		pr_err("%s: not a virtio-mmio device\n", dev->name);
		return -ENODEV;
	}
	id = mmio_read32(regs + MMIO_DEVICE_ID);
	if (!id)
		return 0;	/* an empty slot */
	version = mmio_read32(regs + MMIO_VERSION);
	if (version != 2) {
		pr_err("%s: virtio-mmio version %u (device id %u): legacy devices are not "
		       "supported (QEMU: -global virtio-mmio.force-legacy=false)\n",
		       dev->name, version, id);
		return -ENODEV;
	}
	irq = dt_device_irq(dev, 0);
	if (irq <= 0)
		return -ENODEV;
	m = kzalloc(sizeof(*m));
	if (!m)
		return -ENOMEM;
	m->regs = regs;
	m->size = size;
	m->irq = (unsigned int)irq;
	m->vdev.id = id;
	m->vdev.vendor = mmio_read32(regs + MMIO_VENDOR_ID);
	m->vdev.ops = &mmio_ops;
	m->vdev.transport = m;
	err = irq_request(m->irq, virtio_mmio_irq, m, dev->name);
	if (err)
		goto out_free;
	err = virtio_device_register(&m->vdev);
	if (err)
		goto out_irq;
	return 0;

out_irq:
	irq_release(m->irq);
out_free:
	kfree(m);
	return err == -ENODEV ? 0 : err;
}

static const char *const virtio_mmio_compat[] = { "virtio,mmio", NULL };
static const struct dt_driver virtio_mmio_driver = {
	.name = "virtio-mmio",
	.compatible = virtio_mmio_compat,
	.stage = 1,
	.probe = virtio_mmio_probe,
};
DT_DRIVER(virtio_mmio_driver);
