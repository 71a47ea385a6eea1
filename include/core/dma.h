/*
 * Memory that devices read and write (DMA). On QEMU virt devices see
 * physical addresses and caches are coherent, so a "bus address" is the
 * physical address; drivers still ask for it here and never convert
 * addresses themselves, so an IOMMU or bounce buffers could come later.
 */
#ifndef CORE_DMA_H
#define CORE_DMA_H

#include <mica/types.h>

typedef u64 dma_addr_t;

/* Zeroed, physically contiguous memory of at least size bytes (whole
 * frames, at most 4 MiB); *bus gets its device address. NULL if none. */
void *dma_alloc(size_t size, dma_addr_t *bus);
void dma_free(void *va, size_t size);	/* size as given to dma_alloc */

/* Device address of kernel memory from the heap, frames, a kernel stack
 * or the image (all physically contiguous in the direct map). */
dma_addr_t dma_addr(const void *va);

#endif
