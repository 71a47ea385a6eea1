/*
 * kmalloc: power-of-two slab caches from 16 to 2048 bytes; larger requests
 * take whole frames. kfree finds its way back through the frame
 * descriptor: PG_SLAB frames lead to the slab header, PG_LARGE ones are an
 * allocation of 2^order frames.
 */
#include <core/kmalloc.h>
#include <core/mm.h>
#include <core/panic.h>
#include <lib/string.h>
#include <mica/errno.h>

#define KMALLOC_MIN_SHIFT 4
#define KMALLOC_MAX_SHIFT 11
#define NR_KMALLOC (KMALLOC_MAX_SHIFT - KMALLOC_MIN_SHIFT + 1)

static struct kmem_cache kmalloc_caches[NR_KMALLOC];
static const char *const kmalloc_names[NR_KMALLOC] = {
	"kmalloc-16", "kmalloc-32", "kmalloc-64", "kmalloc-128",
	"kmalloc-256", "kmalloc-512", "kmalloc-1024", "kmalloc-2048",
};
static struct kmem_cache cache_cache;	/* struct kmem_cache objects */
static LIST_HEAD(slab_caches);
static DEFINE_SPINLOCK(slab_caches_lock);
static atomic_long_t large_frames;

void *slab_pages_alloc(unsigned int order)
{
	struct page *p = frame_alloc(order, 0);

	if (!p)
		return NULL;
	for (unsigned int i = 0; i < (1U << order); i++) {
		p[i].flags = PG_SLAB;
		p[i].order = order;
	}
	return page_to_virt(p);
}

void slab_pages_free(void *addr, unsigned int order)
{
	struct page *p = virt_to_page(addr);

	for (unsigned int i = 0; i < (1U << order); i++)
		p[i].flags = 0;
	frame_free(p, order);
}

static void cache_list_add(struct kmem_cache *c)
{
	unsigned long flags = spin_lock_irqsave(&slab_caches_lock);

	list_add_tail(&c->caches, &slab_caches);
	spin_unlock_irqrestore(&slab_caches_lock, flags);
}

void kmalloc_init(void)
{
	for (int i = 0; i < NR_KMALLOC; i++) {
		/* Power-of-two sizes come naturally aligned, as on Linux. */
		BUG_ON(kmem_cache_init(&kmalloc_caches[i], kmalloc_names[i],
				       1UL << (i + KMALLOC_MIN_SHIFT), 1UL << (i + KMALLOC_MIN_SHIFT)));
		cache_list_add(&kmalloc_caches[i]);
	}
	BUG_ON(kmem_cache_init(&cache_cache, "kmem_cache", sizeof(struct kmem_cache), 0));
	cache_list_add(&cache_cache);
}

struct kmem_cache *kmem_cache_create(const char *name, size_t size, size_t align)
{
	struct kmem_cache *c = kmem_cache_alloc(&cache_cache);

	if (!c)
		return NULL;
	if (kmem_cache_init(c, name, size, align)) {
		kmem_cache_free(&cache_cache, c);
		return NULL;
	}
	cache_list_add(c);
	return c;
}

int kmem_cache_delete(struct kmem_cache *c)
{
	unsigned long flags;
	int err = kmem_cache_destroy(c);

	if (err)
		return err;
	flags = spin_lock_irqsave(&slab_caches_lock);
	list_del(&c->caches);
	spin_unlock_irqrestore(&slab_caches_lock, flags);
	kmem_cache_free(&cache_cache, c);
	return 0;
}

static unsigned int size_order(size_t size)
{
	unsigned int order = 0;

	while ((PAGE_SIZE << order) < size)
		order++;
	return order;
}

void *kmalloc(size_t size)
{
	unsigned int shift = KMALLOC_MIN_SHIFT, order;
	struct page *p;

	if (!size)
		return NULL;
	if (size <= (1UL << KMALLOC_MAX_SHIFT)) {
		while ((1UL << shift) < size)
			shift++;
		return kmem_cache_alloc(&kmalloc_caches[shift - KMALLOC_MIN_SHIFT]);
	}
	order = size_order(size);
	if (order >= MAX_ORDER)
		return NULL;
	p = frame_alloc(order, 0);
	if (!p)
		return NULL;
	p->flags = PG_LARGE;
	p->order = order;
	atomic_long_add(&large_frames, 1L << order);
	return page_to_virt(p);
}

void *kzalloc(size_t size)
{
	void *p = kmalloc(size);

	if (p)
		memset(p, 0, size);
	return p;
}

void kfree(const void *ptr)
{
	struct page *p;

	if (!ptr)
		return;
	p = virt_to_page(ptr);
	if (!p)
		panic("kfree: %p is not kernel heap memory", ptr);
	if (p->flags & PG_SLAB) {
		struct slab *s = slab_of(ptr, p->order);

		if (!s)
			panic("kfree: %p: slab header corrupt", ptr);
		kmem_cache_free(s->cache, (void *)ptr);
	} else if (p->flags & PG_LARGE) {
		unsigned int order = p->order;

		if (page_to_virt(p) != ptr)
			panic("kfree: %p is inside a large allocation", ptr);
		p->flags = 0;
		atomic_long_sub(&large_frames, 1L << order);
		frame_free(p, order);
	} else {
		panic("kfree: %p was not allocated by kmalloc (flags %x)", ptr, p->flags);
	}
}

size_t ksize(const void *ptr)
{
	struct page *p = virt_to_page(ptr);

	if (p->flags & PG_SLAB)
		return slab_of(ptr, p->order)->cache->obj_size;
	return PAGE_SIZE << p->order;
}

unsigned long kmalloc_active_objects(void)
{
	unsigned long flags = spin_lock_irqsave(&slab_caches_lock);
	unsigned long n = atomic_long_read(&large_frames);
	struct kmem_cache *c;

	list_for_each_entry(c, &slab_caches, caches)
		n += READ_ONCE(c->nr_active);
	spin_unlock_irqrestore(&slab_caches_lock, flags);
	return n;
}

unsigned long kmalloc_shrink_all(void)
{
	unsigned long flags = spin_lock_irqsave(&slab_caches_lock);
	unsigned long n = 0;
	struct kmem_cache *c;

	/* kmem_cache_shrink takes only the cache's own lock: nests fine here. */
	list_for_each_entry(c, &slab_caches, caches)
		n += kmem_cache_shrink(c);
	spin_unlock_irqrestore(&slab_caches_lock, flags);
	return n;
}
