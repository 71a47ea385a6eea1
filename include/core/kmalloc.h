/* General-purpose kernel heap on top of slab caches and frames. */
#ifndef CORE_KMALLOC_H
#define CORE_KMALLOC_H

#include <mica/types.h>
#include <core/slab.h>

void *kmalloc(size_t size);	/* NULL on failure or size 0 */
void *kzalloc(size_t size);
void kfree(const void *ptr);	/* NULL is ignored */
size_t ksize(const void *ptr);	/* usable size of an allocation */

struct kmem_cache *kmem_cache_create(const char *name, size_t size, size_t align);
/* Undo kmem_cache_create; -EBUSY while objects are still allocated. */
int kmem_cache_delete(struct kmem_cache *c);

/* Objects handed out by every cache, and frames held by large allocations. */
unsigned long kmalloc_active_objects(void);
void kmalloc_init(void);
/* Release every cache's empty slabs; returns slabs freed. */
unsigned long kmalloc_shrink_all(void);

#endif
