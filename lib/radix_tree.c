/*
 * Radix tree (see <lib/radix_tree.h>). A tree of height h holds indices
 * below 64^h; inserting a larger index adds levels on top, and deleting
 * frees nodes that become empty (the height never shrinks).
 */
#include <lib/radix_tree.h>
#include <mica/errno.h>

static u64 max_index(unsigned int height)
{
	return height * RADIX_TREE_SHIFT >= 64 ? ~0ULL : (1ULL << (height * RADIX_TREE_SHIFT)) - 1;
}

static unsigned int slot_at(u64 index, unsigned int level)
{
	return (index >> (level * RADIX_TREE_SHIFT)) & (RADIX_TREE_SLOTS - 1);
}

void *radix_tree_lookup(const struct radix_tree *t, u64 index)
{
	void *p = t->root;

	if (!t->height)
		return index ? NULL : p;
	if (index > max_index(t->height))
		return NULL;
	for (unsigned int level = t->height; p && level > 0; level--)
		p = ((struct radix_node *)p)->slots[slot_at(index, level - 1)];
	return p;
}

/* Add levels on top until index fits. */
static int grow(struct radix_tree *t, u64 index)
{
	while (index > max_index(t->height)) {
		struct radix_node *n;

		if (!t->root) {	/* empty: just get taller */
			t->height++;
			continue;
		}
		n = radix_node_alloc();
		if (!n)
			return -ENOMEM;
		n->slots[0] = t->root;	/* the old tree covers the first slot */
		n->count = 1;
		t->root = n;
		t->height++;
	}
	return 0;
}

int radix_tree_insert(struct radix_tree *t, u64 index, void *item)
{
	struct radix_node *spare[64 / RADIX_TREE_SHIFT + 2], *n;
	unsigned int need = 0, used = 0;
	void **slot;
	int err = grow(t, index);

	if (err)
		return err;
	if (!t->height) {
		if (t->root)
			return -EEXIST;
		t->root = item;
		return 0;
	}
	/* Count the missing nodes on the path and allocate them all first,
	 * so that a failure leaves the tree as it was. */
	n = t->root;
	for (unsigned int level = t->height; level > 0; level--) {
		if (!n) {
			need += level;
			break;
		}
		if (level > 1)
			n = n->slots[slot_at(index, level - 1)];
	}
	for (; used < need; used++)
		if (!(spare[used] = radix_node_alloc())) {
			while (used)
				radix_node_free(spare[--used]);
			return -ENOMEM;
		}
	if (!t->root)
		t->root = spare[--used];
	n = t->root;
	for (unsigned int level = t->height; level > 1; level--) {
		slot = &n->slots[slot_at(index, level - 1)];
		if (!*slot) {
			*slot = spare[--used];
			n->count++;
		}
		n = *slot;
	}
	slot = &n->slots[slot_at(index, 0)];
	if (*slot)
		return -EEXIST;
	*slot = item;
	n->count++;
	return 0;
}

void *radix_tree_delete(struct radix_tree *t, u64 index)
{
	struct radix_node *path[64 / RADIX_TREE_SHIFT + 2];
	struct radix_node *n = t->root;
	unsigned int level, depth = 0;
	void *item;

	if (!t->height) {
		if (index)
			return NULL;
		item = t->root;
		t->root = NULL;
		return item;
	}
	if (index > max_index(t->height) || !n)
		return NULL;
	for (level = t->height; level > 1; level--) {
		path[depth++] = n;
		n = n->slots[slot_at(index, level - 1)];
		if (!n)
			return NULL;
	}
	item = n->slots[slot_at(index, 0)];
	if (!item)
		return NULL;
	n->slots[slot_at(index, 0)] = NULL;
	n->count--;
	/* Free the nodes that became empty, bottom up. */
	for (level = 1; n && !n->count; level++) {
		struct radix_node *parent = depth ? path[--depth] : NULL;

		radix_node_free(n);
		if (!parent) {
			t->root = NULL;
			t->height = 0;
			break;
		}
		parent->slots[slot_at(index, level)] = NULL;
		parent->count--;
		n = parent;
	}
	return item;
}

/* Collect items of the subtree n (level levels tall, first index base)
 * with index >= start. */
static unsigned int gang(const struct radix_node *n, unsigned int level, u64 base, u64 start,
			 void **items, u64 *indices, unsigned int max)
{
	unsigned int found = 0;
	u64 span = level > 1 ? 1ULL << ((level - 1) * RADIX_TREE_SHIFT) : 1;

	for (unsigned int i = 0; i < RADIX_TREE_SLOTS && found < max; i++) {
		u64 first = base + i * span;

		if (!n->slots[i] || first + (span - 1) < start)
			continue;
		if (level == 1) {
			items[found] = n->slots[i];
			if (indices)
				indices[found] = first;
			found++;
		} else {
			found += gang(n->slots[i], level - 1, first, start, items + found,
				      indices ? indices + found : NULL, max - found);
		}
	}
	return found;
}

unsigned int radix_tree_gang_lookup(const struct radix_tree *t, u64 start, void **items,
				    u64 *indices, unsigned int max)
{
	if (!t->root || !max)
		return 0;
	if (!t->height) {
		if (start)
			return 0;
		items[0] = t->root;
		if (indices)
			indices[0] = 0;
		return 1;
	}
	if (start > max_index(t->height))
		return 0;
	return gang(t->root, t->height, 0, start, items, indices, max);
}
