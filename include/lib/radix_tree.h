/*
 * A radix tree from 64-bit indices to pointers: 64-way nodes, as tall as
 * the largest index needs. Page caches index their pages with it.
 * Nodes come from radix_node_alloc()/radix_node_free(), which the user of
 * the library provides (the kernel: a slab cache; host tests: malloc).
 * No locking: the owner serializes.
 */
#ifndef LIB_RADIX_TREE_H
#define LIB_RADIX_TREE_H

#include <mica/types.h>

#define RADIX_TREE_SHIFT 6
#define RADIX_TREE_SLOTS (1U << RADIX_TREE_SHIFT)

struct radix_tree {
	void *root;		/* a node, or (height 0) the item at index 0 */
	unsigned int height;	/* levels of nodes: indices < 64^height fit */
};

struct radix_node {
	void *slots[RADIX_TREE_SLOTS];
	unsigned int count;	/* non-NULL slots */
};

/* Provided by the library's user: a zeroed node, or NULL. */
struct radix_node *radix_node_alloc(void);
void radix_node_free(struct radix_node *n);

static inline void radix_tree_init(struct radix_tree *t)
{
	t->root = NULL;
	t->height = 0;
}

void *radix_tree_lookup(const struct radix_tree *t, u64 index);
/* 0, -EEXIST (index taken), -ENOMEM. item must not be NULL. */
int radix_tree_insert(struct radix_tree *t, u64 index, void *item);
/* Remove and return the item at index (NULL if none); empty nodes go. */
void *radix_tree_delete(struct radix_tree *t, u64 index);
/* Up to max items with index >= start, in index order, with their
 * indices (indices may be NULL): how many. */
unsigned int radix_tree_gang_lookup(const struct radix_tree *t, u64 start, void **items,
				    u64 *indices, unsigned int max);

#endif
