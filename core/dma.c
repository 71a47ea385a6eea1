/* DMA-able memory: whole frames from the frame allocator, with their address. */
#include <core/dma.h>
#include <core/mm.h>

static unsigned int dma_order(size_t size)
{
	unsigned int order = 0;

	while ((PAGE_SIZE << order) < size)
		order++;
	return order;
}

void *dma_alloc(size_t size, dma_addr_t *bus)
{
	unsigned int order = dma_order(size);
	struct page *pg;

	if (!size || order >= MAX_ORDER)
		return NULL;
	pg = frame_alloc(order, FRAME_ZERO);
	if (!pg)
		return NULL;
	*bus = page_to_pa(pg);
	return page_to_virt(pg);
}

void dma_free(void *va, size_t size)
{
	if (va)
		frame_free(virt_to_page(va), dma_order(size));
}

dma_addr_t dma_addr(const void *va)
{
	return virt_to_phys(va);
}
