/*
 * Physical frame allocator: the buddy lists of core/buddy.c behind one
 * zone lock, with a per-CPU cache of single frames in front so that the
 * common order-0 allocation and free touch no shared lock.
 *
 * Lock order: zone_lock is a leaf. Per-CPU caches are only touched by
 * their CPU with interrupts off.
 */
#include <core/mm.h>
#include <core/buddy.h>
#include <core/cpu.h>
#include <core/boot.h>
#include <core/spinlock.h>
#include <core/panic.h>
#include <core/printk.h>
#include <arch/mmu.h>
#include <lib/string.h>

#define PCP_BATCH 32
#define PCP_HIGH 128

struct pcp {
	struct list_head frames;
	unsigned int count;
};

static struct buddy zone;
static DEFINE_SPINLOCK(zone_lock);
static struct pcp pcps[NR_CPUS];
static unsigned long total_frames;

extern char _start[], _end[];

/* Early bump allocator: from the end of the image, skipping reserved ranges. */
static paddr_t early_next, early_start;
static bool early_closed;

static bool overlaps_reserved(paddr_t base, u64 size, paddr_t *skip_to)
{
	for (int i = 0; i < boot_info.nr_reserved; i++) {
		const struct mem_region *r = &boot_info.reserved[i];

		if (base < r->base + r->size && r->base < base + size) {
			*skip_to = r->base + r->size;
			return true;
		}
	}
	return false;
}

void *early_alloc(u64 size, u64 align)
{
	paddr_t pa, skip;

	BUG_ON(early_closed);
	if (!early_next)
		early_start = early_next = ALIGN_UP(virt_to_phys(_end), PAGE_SIZE);
	pa = ALIGN_UP(early_next, align);
	while (overlaps_reserved(pa, size, &skip))
		pa = ALIGN_UP(skip, align);
	early_next = pa + size;
	memset(phys_to_virt(pa), 0, size);
	return phys_to_virt(pa);
}

paddr_t page_to_pa(const struct page *page)
{
	return buddy_page_pfn(&zone, page) << PAGE_SHIFT;
}

struct page *pa_to_page(paddr_t pa)
{
	return buddy_pfn_page(&zone, pa >> PAGE_SHIFT);
}

paddr_t virt_to_phys(const void *va)
{
	vaddr_t v = (vaddr_t)va;

	if (v >= KERNEL_VMA)
		return v - KERNEL_VMA + arch_kernel_image_pa();
	return v - PAGE_OFFSET;
}

/* Release [base, base+size) of RAM minus every reserved range. */
static void release_ram(paddr_t base, paddr_t end)
{
	base = ALIGN_UP(base, PAGE_SIZE);
	end = ALIGN_DOWN(end, PAGE_SIZE);
	while (base < end) {
		paddr_t skip, stop = end;

		if (overlaps_reserved(base, PAGE_SIZE, &skip)) {
			base = ALIGN_UP(skip, PAGE_SIZE);
			continue;
		}
		/* Stop at the next reserved range that begins inside [base, end). */
		for (int i = 0; i < boot_info.nr_reserved; i++) {
			paddr_t rb = ALIGN_DOWN(boot_info.reserved[i].base, PAGE_SIZE);

			if (rb > base && rb < stop)
				stop = rb;
		}
		if (buddy_add_range(&zone, base >> PAGE_SHIFT, (stop - base) >> PAGE_SHIFT))
			panic("frame: cannot release %llx-%llx", (unsigned long long)base,
			      (unsigned long long)stop);
		total_frames += (stop - base) >> PAGE_SHIFT;
		base = stop;
	}
}

void frame_init(void)
{
	paddr_t lo = ~0ULL, hi = 0;
	unsigned long nr;
	struct page *pages;

	for (int i = 0; i < boot_info.nr_mem; i++) {
		lo = MIN(lo, boot_info.mem[i].base);
		hi = MAX(hi, boot_info.mem[i].base + boot_info.mem[i].size);
	}
	lo = ALIGN_DOWN(lo, PAGE_SIZE);
	hi = ALIGN_DOWN(hi, PAGE_SIZE);
	nr = (hi - lo) >> PAGE_SHIFT;

	boot_info_add_reserved(virt_to_phys(_start), (u64)(_end - _start));
	pages = early_alloc(nr * sizeof(struct page), 64);
	buddy_init(&zone, pages, lo >> PAGE_SHIFT, nr);
	/* Everything bump-allocated so far stays reserved for good. */
	early_closed = true;
	boot_info_add_reserved(early_start, early_next - early_start);

	for (int i = 0; i < boot_info.nr_mem; i++)
		release_ram(boot_info.mem[i].base, boot_info.mem[i].base + boot_info.mem[i].size);
	for (unsigned int c = 0; c < NR_CPUS; c++)
		INIT_LIST_HEAD(&pcps[c].frames);
}

static struct page *zone_alloc(unsigned int order)
{
	unsigned long flags = spin_lock_irqsave(&zone_lock);
	struct page *p = buddy_alloc(&zone, order);

	spin_unlock_irqrestore(&zone_lock, flags);
	return p;
}

static void zone_free(struct page *p, unsigned int order)
{
	unsigned long flags = spin_lock_irqsave(&zone_lock);
	int err = buddy_free(&zone, p, order);

	spin_unlock_irqrestore(&zone_lock, flags);
	if (err)
		panic("frame_free: bad free of pa %llx order %u",
		      (unsigned long long)page_to_pa(p), order);
}

/* Move up to n frames between the zone and a per-CPU cache; irqs are off. */
static void pcp_refill(struct pcp *pcp)
{
	unsigned long flags = spin_lock_irqsave(&zone_lock);

	for (int i = 0; i < PCP_BATCH; i++) {
		struct page *p = buddy_alloc(&zone, 0);

		if (!p)
			break;
		p->flags = PG_PCP;
		list_add_tail(&p->link, &pcp->frames);
		pcp->count++;
	}
	spin_unlock_irqrestore(&zone_lock, flags);
}

static void pcp_drain(struct pcp *pcp, unsigned int keep)
{
	unsigned long flags = spin_lock_irqsave(&zone_lock);

	while (pcp->count > keep) {
		struct page *p = list_first_entry(&pcp->frames, struct page, link);

		list_del_init(&p->link);
		p->flags = 0;
		pcp->count--;
		if (buddy_free(&zone, p, 0))
			panic("frame: per-CPU cache corrupt");
	}
	spin_unlock_irqrestore(&zone_lock, flags);
}

static unsigned long (*reclaim_hooks[FRAME_RECLAIM_HOOKS])(unsigned long nr);
static unsigned int nr_reclaim_hooks;

void frame_add_reclaim(unsigned long (*fn)(unsigned long nr))
{
	if (nr_reclaim_hooks == FRAME_RECLAIM_HOOKS)
		panic("frame: too many reclaim hooks");
	reclaim_hooks[nr_reclaim_hooks++] = fn;
}

static unsigned long reclaim(unsigned long want)
{
	unsigned long freed = 0;

	for (unsigned int i = 0; i < nr_reclaim_hooks && freed < want; i++)
		freed += reclaim_hooks[i](want - freed);
	return freed;
}

static struct page *frame_alloc_once(unsigned int order)
{
	struct page *p;

	if (order == 0) {
		unsigned long irq = local_irq_save();
		struct pcp *pcp = &pcps[cpu_id()];

		if (!pcp->count)
			pcp_refill(pcp);
		p = list_first_entry_or_null(&pcp->frames, struct page, link);
		if (p) {
			list_del_init(&p->link);
			p->flags = 0;
			pcp->count--;
		}
		local_irq_restore(irq);
	} else {
		p = zone_alloc(order);
	}
	return p;
}

struct page *frame_alloc(unsigned int order, unsigned int flags)
{
	struct page *p = frame_alloc_once(order);

	/* Out of frames: give back clean cached file pages and try again. */
	if (!p && !in_irq() && reclaim(1UL << order))
		p = frame_alloc_once(order);
	if (p && (flags & FRAME_ZERO))
		memset(page_to_virt(p), 0, PAGE_SIZE << order);
	return p;
}

void frame_free(struct page *page, unsigned int order)
{
	if (order == 0) {
		unsigned long irq = local_irq_save();
		struct pcp *pcp = &pcps[cpu_id()];

		if (page->flags & (PG_BUDDY | PG_PCP | PG_RESERVED))
			panic("frame_free: double free of pa %llx",
			      (unsigned long long)page_to_pa(page));
		page->flags = PG_PCP;
		list_add(&page->link, &pcp->frames);
		if (++pcp->count > PCP_HIGH)
			pcp_drain(pcp, PCP_HIGH - PCP_BATCH);
		local_irq_restore(irq);
		return;
	}
	zone_free(page, order);
}

void frame_drain_this_cpu(void)
{
	unsigned long irq = local_irq_save();

	pcp_drain(&pcps[cpu_id()], 0);
	local_irq_restore(irq);
}

unsigned long frame_free_count(void)
{
	unsigned long n = READ_ONCE(zone.free_pages);

	for (unsigned int c = 0; c < NR_CPUS; c++)
		n += READ_ONCE(pcps[c].count);
	return n;
}

unsigned long frame_total_count(void)
{
	return total_frames;
}

struct page *page_alloc_ref(void)
{
	struct page *p = frame_alloc(0, FRAME_ZERO);

	if (p)
		atomic_set(&p->refs, 1);
	return p;
}

void page_put(struct page *p)
{
	if (atomic_dec_and_test(&p->refs))
		frame_free(p, 0);
}

void frame_release_boot_range(paddr_t start, paddr_t end)
{
	unsigned long flags, released = 0;

	start = ALIGN_UP(start, PAGE_SIZE);
	end = ALIGN_DOWN(end, PAGE_SIZE);
	flags = spin_lock_irqsave(&zone_lock);
	for (paddr_t pa = start; pa < end; pa += PAGE_SIZE) {
		struct page *p = pa_to_page(pa);

		if (p && (p->flags & PG_RESERVED) && !buddy_add_range(&zone, pa >> PAGE_SHIFT, 1))
			released++;
	}
	total_frames += released;
	spin_unlock_irqrestore(&zone_lock, flags);
}
