/*
 * Intrusive red-black trees (lib/rbtree.c), used like Linux's rbtree.
 *
 * The tree knows nothing about keys. To insert, the caller walks down from
 * the root comparing keys, remembers the parent and the child link where the
 * new node belongs, then calls rb_link_node() and rb_insert_color():
 *
 *	struct rb_node **link = &root->rb_node, *parent = NULL;
 *	while (*link) {
 *		parent = *link;
 *		link = key < rb_entry(parent, struct foo, node)->key ?
 *			&parent->rb_left : &parent->rb_right;
 *	}
 *	rb_link_node(&new->node, parent, link);
 *	rb_insert_color(&new->node, root);
 *
 * Lookups are plain walks written by the caller. Locking is the caller's.
 * Nodes must be at least 2-byte aligned: bit 0 of the parent word is the
 * colour.
 */
#ifndef LIB_RBTREE_H
#define LIB_RBTREE_H

#include <mica/compiler.h>
#include <mica/types.h>

struct rb_node {
	unsigned long __rb_parent_color;	/* parent pointer | colour (bit 0, 1 = black) */
	struct rb_node *rb_right;
	struct rb_node *rb_left;
} __aligned(sizeof(long));

struct rb_root {
	struct rb_node *rb_node;
};

/* A tree that also remembers its leftmost node, for O(1) rb_first_cached. */
struct rb_root_cached {
	struct rb_root rb_root;
	struct rb_node *rb_leftmost;
};

#define RB_ROOT ((struct rb_root){ NULL })
#define RB_ROOT_CACHED ((struct rb_root_cached){ { NULL }, NULL })

#define RB_RED 0UL
#define RB_BLACK 1UL

#define rb_parent(n) ((struct rb_node *)((n)->__rb_parent_color & ~3UL))
#define rb_color(n) ((n)->__rb_parent_color & 1UL)
#define rb_is_red(n) (rb_color(n) == RB_RED)
#define rb_is_black(n) (rb_color(n) == RB_BLACK)

#define rb_entry(ptr, type, member) container_of(ptr, type, member)
#define rb_entry_safe(ptr, type, member) ({				\
	__typeof__(ptr) __rb = (ptr);					\
	__rb ? rb_entry(__rb, type, member) : NULL;			\
})

#define RB_EMPTY_ROOT(root) (READ_ONCE((root)->rb_node) == NULL)

/* A node that is in no tree points at itself; see RB_CLEAR_NODE. */
#define RB_EMPTY_NODE(node) ((node)->__rb_parent_color == (unsigned long)(node))
#define RB_CLEAR_NODE(node) ((node)->__rb_parent_color = (unsigned long)(node))

/*
 * Attach node as a red leaf at *link, a child slot of parent (NULL for the
 * root). The tree is unbalanced until rb_insert_color() is called.
 */
static inline void rb_link_node(struct rb_node *node, struct rb_node *parent,
				struct rb_node **link)
{
	node->__rb_parent_color = (unsigned long)parent;
	node->rb_left = node->rb_right = NULL;
	*link = node;
}

/* Rebalance after rb_link_node() so that the red-black rules hold again. */
void rb_insert_color(struct rb_node *node, struct rb_root *root);

/* Remove node from the tree and rebalance. node's own fields become stale. */
void rb_erase(struct rb_node *node, struct rb_root *root);

/* In-order traversal; NULL at either end (or for an empty tree). */
struct rb_node *rb_first(const struct rb_root *root);
struct rb_node *rb_last(const struct rb_root *root);
struct rb_node *rb_next(const struct rb_node *node);
struct rb_node *rb_prev(const struct rb_node *node);

/* Put new in old's place (same key order), without rebalancing. */
void rb_replace_node(struct rb_node *old, struct rb_node *new, struct rb_root *root);

/*
 * Cached variant: leftmost tells whether the caller's walk only ever went
 * left (so the new node is the smallest); the cache is kept up to date.
 */
static inline void rb_insert_color_cached(struct rb_node *node, struct rb_root_cached *root,
					  bool leftmost)
{
	if (leftmost)
		root->rb_leftmost = node;
	rb_insert_color(node, &root->rb_root);
}

static inline void rb_erase_cached(struct rb_node *node, struct rb_root_cached *root)
{
	if (root->rb_leftmost == node)
		root->rb_leftmost = rb_next(node);
	rb_erase(node, &root->rb_root);
}

static inline struct rb_node *rb_first_cached(const struct rb_root_cached *root)
{
	return root->rb_leftmost;
}

#endif
