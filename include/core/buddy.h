/*
 * The buddy allocator proper: pure bookkeeping over a struct page array,
 * with no locking (core/frame.c adds locks and per-CPU caches) so that it
 * is also built and tested on the host.
 */
#ifndef CORE_BUDDY_H
#define CORE_BUDDY_H

#include <core/page.h>

struct buddy {
	struct page *pages;		/* descriptor of frame base_pfn + i */
	pfn_t base_pfn;
	unsigned long nr_pages;
	struct list_head free[MAX_ORDER];
	unsigned long nr_free[MAX_ORDER];	/* blocks per order */
	unsigned long free_pages;		/* frames in all free blocks */
};

/* All frames start reserved; buddy_add_range() releases RAM into it. */
void buddy_init(struct buddy *b, struct page *pages, pfn_t base_pfn, unsigned long nr_pages);
/* Hand frames [start, start+n) to the allocator. -EINVAL if out of range or not reserved. */
int buddy_add_range(struct buddy *b, pfn_t start, unsigned long n);
/* Allocate 2^order contiguous frames, aligned to their size. NULL if none. */
struct page *buddy_alloc(struct buddy *b, unsigned int order);
/* Return a block; -EINVAL on a bad page, wrong alignment or a double free. */
int buddy_free(struct buddy *b, struct page *page, unsigned int order);

static inline pfn_t buddy_page_pfn(const struct buddy *b, const struct page *p)
{
	return b->base_pfn + (pfn_t)(p - b->pages);
}

static inline struct page *buddy_pfn_page(const struct buddy *b, pfn_t pfn)
{
	if (pfn < b->base_pfn || pfn >= b->base_pfn + b->nr_pages)
		return NULL;
	return &b->pages[pfn - b->base_pfn];
}

#endif
