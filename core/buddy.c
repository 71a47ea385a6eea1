/*
 * Binary buddy allocator over absolute frame numbers: the buddy of the
 * block at pfn with order k is at pfn ^ (1 << k), so every block is
 * naturally aligned to its size in physical memory (slabs rely on that).
 *
 * Invariants: a free block's head has PG_BUDDY and its order, and sits in
 * free[order]; the other frames of a free block have no flags; an
 * allocated or reserved frame never has PG_BUDDY.
 */
#include <core/buddy.h>
#include <mica/errno.h>

void buddy_init(struct buddy *b, struct page *pages, pfn_t base_pfn, unsigned long nr_pages)
{
	b->pages = pages;
	b->base_pfn = base_pfn;
	b->nr_pages = nr_pages;
	b->free_pages = 0;
	for (unsigned int o = 0; o < MAX_ORDER; o++) {
		INIT_LIST_HEAD(&b->free[o]);
		b->nr_free[o] = 0;
	}
	for (unsigned long i = 0; i < nr_pages; i++) {
		pages[i].flags = PG_RESERVED;
		pages[i].order = 0;
		INIT_LIST_HEAD(&pages[i].link);
	}
}

static void push_free(struct buddy *b, struct page *p, unsigned int order)
{
	p->flags = PG_BUDDY;
	p->order = order;
	list_add(&p->link, &b->free[order]);
	b->nr_free[order]++;
}

static void pop_free(struct buddy *b, struct page *p, unsigned int order)
{
	list_del_init(&p->link);
	p->flags = 0;
	b->nr_free[order]--;
}

/* Merge the free block at pfn with free buddies and queue the result. */
static void free_block(struct buddy *b, pfn_t pfn, unsigned int order)
{
	while (order < MAX_ORDER - 1) {
		pfn_t buddy_pfn = pfn ^ (1UL << order);
		struct page *buddy = buddy_pfn_page(b, buddy_pfn);

		if (!buddy || !(buddy->flags & PG_BUDDY) || buddy->order != order)
			break;
		pop_free(b, buddy, order);
		pfn &= ~(1UL << order);
		order++;
	}
	push_free(b, buddy_pfn_page(b, pfn), order);
}

int buddy_add_range(struct buddy *b, pfn_t start, unsigned long n)
{
	pfn_t end = start + n;

	if (start < b->base_pfn || end > b->base_pfn + b->nr_pages || end < start)
		return -EINVAL;
	for (pfn_t pfn = start; pfn < end; pfn++)
		if (!(buddy_pfn_page(b, pfn)->flags & PG_RESERVED))
			return -EINVAL;
	/* Largest aligned blocks that fit, so the lists start out merged. */
	while (start < end) {
		unsigned int order = 0;

		while (order < MAX_ORDER - 1 && !(start & ((2UL << order) - 1)) &&
		       start + (2UL << order) <= end)
			order++;
		for (unsigned long i = 0; i < (1UL << order); i++)
			buddy_pfn_page(b, start + i)->flags = 0;
		free_block(b, start, order);
		b->free_pages += 1UL << order;
		start += 1UL << order;
	}
	return 0;
}

struct page *buddy_alloc(struct buddy *b, unsigned int order)
{
	unsigned int o = order;
	struct page *p;
	pfn_t pfn;

	if (order >= MAX_ORDER)
		return NULL;
	while (o < MAX_ORDER && list_empty(&b->free[o]))
		o++;
	if (o == MAX_ORDER)
		return NULL;
	p = list_first_entry(&b->free[o], struct page, link);
	pop_free(b, p, o);
	pfn = buddy_page_pfn(b, p);
	/* Split: hand the upper halves back until the block has the right size. */
	while (o > order) {
		o--;
		push_free(b, buddy_pfn_page(b, pfn + (1UL << o)), o);
	}
	p->order = order;
	b->free_pages -= 1UL << order;
	return p;
}

int buddy_free(struct buddy *b, struct page *page, unsigned int order)
{
	pfn_t pfn;

	if (order >= MAX_ORDER || page < b->pages || page >= b->pages + b->nr_pages)
		return -EINVAL;
	pfn = buddy_page_pfn(b, page);
	if (pfn & ((1UL << order) - 1) || pfn + (1UL << order) > b->base_pfn + b->nr_pages)
		return -EINVAL;
	for (unsigned long i = 0; i < (1UL << order); i++)
		if (page[i].flags & (PG_BUDDY | PG_RESERVED | PG_PCP))
			return -EINVAL;
	/* Inside a larger free block: its head is the only frame marked. */
	for (unsigned int o = order + 1; o < MAX_ORDER; o++) {
		struct page *head = buddy_pfn_page(b, pfn & ~((1UL << o) - 1));

		if (head && (head->flags & PG_BUDDY) && head->order >= o)
			return -EINVAL;
	}
	for (unsigned long i = 0; i < (1UL << order); i++)
		page[i].flags = 0;
	free_block(b, pfn, order);
	b->free_pages += 1UL << order;
	return 0;
}
