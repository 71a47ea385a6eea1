/*
 * Slab caches of fixed-size objects. A slab is a naturally aligned block of
 * 2^order frames: a struct slab header, then the objects. The page supplier
 * (slab_pages_alloc/free) is the kernel's frame allocator, or malloc in host
 * tests.
 *
 * Lock: cache->lock (irq-saving) protects the slab lists and counters.
 */
#ifndef CORE_SLAB_H
#define CORE_SLAB_H

#include <core/spinlock.h>
#include <lib/list.h>
#include <core/page.h>

struct kmem_cache {
	spinlock_t lock;
	const char *name;
	u32 obj_size;		/* [I] rounded up to align */
	u32 first_obj;		/* [I] offset of object 0 in a slab */
	u32 objs_per_slab;	/* [I] */
	u8 order;		/* [I] slab size is PAGE_SIZE << order */
	struct list_head partial;	/* slabs with free and used objects */
	struct list_head full;
	struct list_head empty;		/* at most one kept */
	unsigned long nr_slabs;
	unsigned long nr_active;	/* objects handed out */
	struct list_head caches;	/* all caches (slab_caches list) */
};

struct slab {
	struct kmem_cache *cache;
	struct list_head link;
	void *freelist;		/* free objects, linked through their first word */
	u32 inuse;
	u32 magic;
};

#define SLAB_MAGIC 0x51ab51ab

void *slab_pages_alloc(unsigned int order);
void slab_pages_free(void *addr, unsigned int order);

/* Set up a cache in caller-provided storage. -EINVAL for a bad size/align. */
int kmem_cache_init(struct kmem_cache *c, const char *name, size_t size, size_t align);
void *kmem_cache_alloc(struct kmem_cache *c);	/* NULL when out of memory */
void kmem_cache_free(struct kmem_cache *c, void *obj);
/* The slab holding obj, given the slab order; NULL if obj is not a live slab object. */
struct slab *slab_of(const void *obj, unsigned int order);
/* Free every empty slab; returns the number of slabs released. */
unsigned long kmem_cache_shrink(struct kmem_cache *c);
/* -EBUSY while objects are still allocated. */
int kmem_cache_destroy(struct kmem_cache *c);

#endif
