/* A typical driver: DMA addresses from core helpers, no asm. */
#include <arch/io.h>
#include <core/dma.h>
#include <drivers/virtio.h>

struct virtio_blk_req { u32 type; u32 reserved; u64 sector; };

static void submit(struct virtqueue *vq, struct virtio_blk_req *req)
{
	paddr_t pa = virt_to_phys(req);
	void *ring = (void *)vq->ring;			/* ordinary pointer */
	volatile u32 *reg = (volatile u32 *)(vq->base + 0x50);
	writel(pa, reg);
	(void)ring;
	printk("virtio-blk: asm(\"\") is not used here\n");
}
