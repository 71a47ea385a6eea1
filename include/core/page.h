/*
 * Page frame descriptors: one struct page per physical frame of RAM, in one
 * array from the lowest to the highest RAM frame (holes stay reserved).
 */
#ifndef CORE_PAGE_H
#define CORE_PAGE_H

#include <mica/types.h>
#include <mica/atomic.h>
#include <lib/list.h>

#define PAGE_SIZE 4096UL
#define PAGE_SHIFT_BITS 12
#define MAX_ORDER 11	/* blocks of 2^0 .. 2^10 frames (4 KiB .. 4 MiB) */

/* page->flags */
#define PG_RESERVED 0x1	/* not RAM, or kept by firmware / kernel image */
#define PG_BUDDY 0x2	/* head of a free block in a buddy list */
#define PG_SLAB 0x4	/* part of a slab; order = slab's order */
#define PG_LARGE 0x8	/* head of a kmalloc allocation served by whole frames */
#define PG_PCP 0x10	/* free, held in a per-CPU cache */
#define PG_DIRTY 0x20	/* page cache: newer than the file's blocks */
#define PG_SHARED_W 0x40	/* page cache: mapped writable by a shared mapping */

struct page {
	struct list_head link;	/* buddy free list, per-CPU cache list, or the
				 * page cache's LRU list while in a cache */
	u32 flags;		/* PG_DIRTY, PG_SHARED_W: [page_cache.lock] */
	u8 order;		/* block order when PG_BUDDY, PG_SLAB or PG_LARGE */
	atomic_t refs;		/* users of a frame mapped into user space */
	void *mapping;		/* [page_cache.lock] the struct page_cache it is in, or NULL */
	u64 index;		/* [page_cache.lock] its page index in the file */
};

#endif
