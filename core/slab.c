/*
 * Slab caches. Each slab is PAGE_SIZE << order bytes, aligned to its size,
 * starting with a struct slab header; objects follow at first_obj. Free
 * objects are chained through their first word. Freed objects are checked:
 * they must lie on an object boundary of a live slab of this cache.
 *
 * A free object's second word holds FREE_POISON (when the object has a
 * second word), so a double free is suspected in O(1) and confirmed by a
 * walk of the slab's free list only then.
 *
 * Lock: kmem_cache.lock (irq-saving) covers the lists, every slab header of
 * the cache and the counters. Pages come from slab_pages_alloc() outside it.
 */
#include <core/slab.h>
#include <core/panic.h>
#include <mica/errno.h>

#define SLAB_MIN_OBJS 8
#define FREE_POISON ((void *)0x5a5aa5a5f4eef4eeUL)
#define SLAB_MAX_ORDER 3

int kmem_cache_init(struct kmem_cache *c, const char *name, size_t size, size_t align)
{
	size_t slab_bytes, first;
	unsigned int order = 0;

	if (!size || size > (PAGE_SIZE << SLAB_MAX_ORDER) / 2 || align > PAGE_SIZE ||
	    (align & (align - 1)))
		return -EINVAL;
	if (align < sizeof(void *))
		align = sizeof(void *);
	size = ALIGN_UP(size, align);
	first = ALIGN_UP(sizeof(struct slab), align);
	while (order < SLAB_MAX_ORDER &&
	       ((PAGE_SIZE << order) - first) / size < SLAB_MIN_OBJS)
		order++;
	slab_bytes = PAGE_SIZE << order;

	spin_lock_init(&c->lock, name);
	c->name = name;
	c->obj_size = size;
	c->first_obj = first;
	c->objs_per_slab = (slab_bytes - first) / size;
	c->order = order;
	INIT_LIST_HEAD(&c->partial);
	INIT_LIST_HEAD(&c->full);
	INIT_LIST_HEAD(&c->empty);
	INIT_LIST_HEAD(&c->caches);
	c->nr_slabs = 0;
	c->nr_active = 0;
	return 0;
}

static struct slab *slab_create(struct kmem_cache *c)
{
	struct slab *s = slab_pages_alloc(c->order);
	char *obj;

	if (!s)
		return NULL;
	s->cache = c;
	s->inuse = 0;
	s->magic = SLAB_MAGIC;
	s->freelist = NULL;
	/* Chain the objects in address order, last one first pushed. */
	obj = (char *)s + c->first_obj + (size_t)(c->objs_per_slab - 1) * c->obj_size;
	for (u32 i = 0; i < c->objs_per_slab; i++, obj -= c->obj_size) {
		*(void **)obj = s->freelist;
		if (c->obj_size >= 2 * sizeof(void *))
			((void **)obj)[1] = FREE_POISON;
		s->freelist = obj;
	}
	return s;
}

void *kmem_cache_alloc(struct kmem_cache *c)
{
	unsigned long flags;
	struct slab *s;
	void *obj;

	flags = spin_lock_irqsave(&c->lock);
	s = list_first_entry_or_null(&c->partial, struct slab, link);
	if (!s) {
		s = list_first_entry_or_null(&c->empty, struct slab, link);
		if (s)
			list_move(&s->link, &c->partial);
	}
	if (!s) {
		spin_unlock_irqrestore(&c->lock, flags);
		s = slab_create(c);
		if (!s)
			return NULL;
		flags = spin_lock_irqsave(&c->lock);
		list_add(&s->link, &c->partial);
		c->nr_slabs++;
	}
	obj = s->freelist;
	s->freelist = *(void **)obj;
	if (c->obj_size >= 2 * sizeof(void *))
		((void **)obj)[1] = NULL;
	s->inuse++;
	c->nr_active++;
	if (!s->freelist)
		list_move(&s->link, &c->full);
	spin_unlock_irqrestore(&c->lock, flags);
	return obj;
}

struct slab *slab_of(const void *obj, unsigned int order)
{
	struct slab *s = (struct slab *)ALIGN_DOWN((uintptr_t)obj, PAGE_SIZE << order);

	if (s->magic != SLAB_MAGIC)
		return NULL;
	return s;
}

void kmem_cache_free(struct kmem_cache *c, void *obj)
{
	struct slab *s = slab_of(obj, c->order);
	uintptr_t off = (uintptr_t)obj - (uintptr_t)s;
	unsigned long flags;
	bool release = false;

	if (!s || s->cache != c || off < c->first_obj || (off - c->first_obj) % c->obj_size)
		panic("kmem_cache_free(%s): %p is not an object of this cache", c->name, obj);
	flags = spin_lock_irqsave(&c->lock);
	if (!s->inuse || c->obj_size < 2 * sizeof(void *) || ((void **)obj)[1] == FREE_POISON)
		for (void *f = s->freelist; f; f = *(void **)f)
			if (f == obj)
				panic("kmem_cache_free(%s): double free of %p", c->name, obj);
	if (!s->freelist)
		list_move(&s->link, &c->partial);
	*(void **)obj = s->freelist;
	if (c->obj_size >= 2 * sizeof(void *))
		((void **)obj)[1] = FREE_POISON;
	s->freelist = obj;
	s->inuse--;
	c->nr_active--;
	if (!s->inuse) {
		/* Keep one empty slab to absorb alloc/free ping-pong. */
		if (list_empty(&c->empty)) {
			list_move(&s->link, &c->empty);
		} else {
			list_del(&s->link);
			c->nr_slabs--;
			s->magic = 0;
			release = true;
		}
	}
	spin_unlock_irqrestore(&c->lock, flags);
	if (release)
		slab_pages_free(s, c->order);
}

unsigned long kmem_cache_shrink(struct kmem_cache *c)
{
	unsigned long flags, n = 0;
	LIST_HEAD(victims);
	struct slab *s, *tmp;

	flags = spin_lock_irqsave(&c->lock);
	list_splice_tail_init(&c->empty, &victims);
	list_for_each_entry(s, &victims, link) {
		c->nr_slabs--;
		s->magic = 0;
	}
	spin_unlock_irqrestore(&c->lock, flags);
	list_for_each_entry_safe(s, tmp, &victims, link) {
		list_del(&s->link);
		slab_pages_free(s, c->order);
		n++;
	}
	return n;
}

int kmem_cache_destroy(struct kmem_cache *c)
{
	if (c->nr_active)
		return -EBUSY;
	kmem_cache_shrink(c);
	return 0;
}
