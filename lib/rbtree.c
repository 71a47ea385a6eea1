/*
 * Red-black tree balancing.
 *
 * The rules kept after every insert and erase, with NULL children counting
 * as black leaves:
 *   1. every node is red or black, and the root is black;
 *   2. a red node has no red child;
 *   3. every path from a node down to a NULL leaf crosses the same number of
 *      black nodes (its black height).
 * Together they bound the height by 2 * log2(n + 1), so every walk is
 * O(log n). The fix-ups below restore the rules with at most two rotations
 * on insert and three on erase, recolouring upwards otherwise.
 */
#include <lib/rbtree.h>

static inline void set_parent(struct rb_node *n, struct rb_node *parent)
{
	n->__rb_parent_color = (unsigned long)parent | rb_color(n);
}

static inline void set_color(struct rb_node *n, unsigned long color)
{
	n->__rb_parent_color = (n->__rb_parent_color & ~1UL) | color;
}

/* NULL leaves are black. */
static inline bool is_black(const struct rb_node *n)
{
	return !n || rb_is_black(n);
}

/* Make parent's link to old (or the root link) point at new instead. */
static void change_child(struct rb_node *old, struct rb_node *new, struct rb_node *parent,
			 struct rb_root *root)
{
	if (!parent)
		WRITE_ONCE(root->rb_node, new);
	else if (parent->rb_left == old)
		WRITE_ONCE(parent->rb_left, new);
	else
		WRITE_ONCE(parent->rb_right, new);
}

/*
 * Rotate left around x: x's right child y takes x's place and x becomes y's
 * left child. Colours are unchanged; in-order sequence is preserved.
 */
static void rotate_left(struct rb_node *x, struct rb_root *root)
{
	struct rb_node *y = x->rb_right;
	struct rb_node *parent = rb_parent(x);

	x->rb_right = y->rb_left;
	if (y->rb_left)
		set_parent(y->rb_left, x);
	y->rb_left = x;
	set_parent(y, parent);
	change_child(x, y, parent, root);
	set_parent(x, y);
}

/* Mirror of rotate_left. */
static void rotate_right(struct rb_node *x, struct rb_root *root)
{
	struct rb_node *y = x->rb_left;
	struct rb_node *parent = rb_parent(x);

	x->rb_left = y->rb_right;
	if (y->rb_right)
		set_parent(y->rb_right, x);
	y->rb_right = x;
	set_parent(y, parent);
	change_child(x, y, parent, root);
	set_parent(x, y);
}

void rb_insert_color(struct rb_node *node, struct rb_root *root)
{
	struct rb_node *parent, *gparent, *uncle;

	/* node is red; the only possible violation is a red parent (rule 2). */
	while ((parent = rb_parent(node)) && rb_is_red(parent)) {
		/* A red parent is never the root, so the grandparent exists. */
		gparent = rb_parent(parent);
		if (parent == gparent->rb_left) {
			uncle = gparent->rb_right;
			if (!is_black(uncle)) {
				/* Red uncle: push the grandparent's black down one level. */
				set_color(parent, RB_BLACK);
				set_color(uncle, RB_BLACK);
				set_color(gparent, RB_RED);
				node = gparent;
				continue;
			}
			if (node == parent->rb_right) {
				/* Inner grandchild: turn it into the outer case. */
				rotate_left(parent, root);
				node = parent;
				parent = rb_parent(node);
			}
			set_color(parent, RB_BLACK);
			set_color(gparent, RB_RED);
			rotate_right(gparent, root);
		} else {
			uncle = gparent->rb_left;
			if (!is_black(uncle)) {
				set_color(parent, RB_BLACK);
				set_color(uncle, RB_BLACK);
				set_color(gparent, RB_RED);
				node = gparent;
				continue;
			}
			if (node == parent->rb_left) {
				rotate_right(parent, root);
				node = parent;
				parent = rb_parent(node);
			}
			set_color(parent, RB_BLACK);
			set_color(gparent, RB_RED);
			rotate_left(gparent, root);
		}
		break;
	}
	set_color(root->rb_node, RB_BLACK);
}

/*
 * Restore rule 3 after a black node was removed above x: every path through
 * x (possibly NULL, whose parent is parent) is one black short.
 */
static void erase_fixup(struct rb_node *x, struct rb_node *parent, struct rb_root *root)
{
	struct rb_node *w;

	while (x != root->rb_node && is_black(x)) {
		if (x == parent->rb_left) {
			/* The sibling exists: its side has black height >= 1. */
			w = parent->rb_right;
			if (rb_is_red(w)) {
				/* Make the sibling black so the cases below apply. */
				set_color(w, RB_BLACK);
				set_color(parent, RB_RED);
				rotate_left(parent, root);
				w = parent->rb_right;
			}
			if (is_black(w->rb_left) && is_black(w->rb_right)) {
				/* Take one black off the sibling's side too; move up. */
				set_color(w, RB_RED);
				x = parent;
				parent = rb_parent(x);
				continue;
			}
			if (is_black(w->rb_right)) {
				/* Make the sibling's far child red. */
				set_color(w->rb_left, RB_BLACK);
				set_color(w, RB_RED);
				rotate_right(w, root);
				w = parent->rb_right;
			}
			/* Rotate a black over x: the deficit is gone. */
			set_color(w, rb_color(parent));
			set_color(parent, RB_BLACK);
			set_color(w->rb_right, RB_BLACK);
			rotate_left(parent, root);
		} else {
			w = parent->rb_left;
			if (rb_is_red(w)) {
				set_color(w, RB_BLACK);
				set_color(parent, RB_RED);
				rotate_right(parent, root);
				w = parent->rb_left;
			}
			if (is_black(w->rb_left) && is_black(w->rb_right)) {
				set_color(w, RB_RED);
				x = parent;
				parent = rb_parent(x);
				continue;
			}
			if (is_black(w->rb_left)) {
				set_color(w->rb_right, RB_BLACK);
				set_color(w, RB_RED);
				rotate_left(w, root);
				w = parent->rb_left;
			}
			set_color(w, rb_color(parent));
			set_color(parent, RB_BLACK);
			set_color(w->rb_left, RB_BLACK);
			rotate_right(parent, root);
		}
		x = root->rb_node;
		break;
	}
	if (x)
		set_color(x, RB_BLACK);
}

void rb_erase(struct rb_node *node, struct rb_root *root)
{
	struct rb_node *child, *parent, *succ;
	unsigned long removed_color;

	if (!node->rb_left || !node->rb_right) {
		/* At most one child: splice node out, the child takes its place. */
		child = node->rb_left ? node->rb_left : node->rb_right;
		parent = rb_parent(node);
		removed_color = rb_color(node);
		change_child(node, child, parent, root);
		if (child)
			set_parent(child, parent);
	} else {
		/*
		 * Two children: the in-order successor (leftmost of the right
		 * subtree, which has no left child) moves into node's position
		 * and colour; the successor's old slot is what loses a node.
		 */
		succ = node->rb_right;
		while (succ->rb_left)
			succ = succ->rb_left;
		removed_color = rb_color(succ);
		child = succ->rb_right;
		if (rb_parent(succ) == node) {
			parent = succ;
		} else {
			parent = rb_parent(succ);
			parent->rb_left = child;
			if (child)
				set_parent(child, parent);
			succ->rb_right = node->rb_right;
			set_parent(node->rb_right, succ);
		}
		succ->rb_left = node->rb_left;
		set_parent(node->rb_left, succ);
		change_child(node, succ, rb_parent(node), root);
		succ->__rb_parent_color = node->__rb_parent_color;
	}

	/* Removing a red node cannot change any black height. */
	if (removed_color == RB_BLACK)
		erase_fixup(child, parent, root);
}

void rb_replace_node(struct rb_node *old, struct rb_node *new, struct rb_root *root)
{
	struct rb_node *parent = rb_parent(old);

	*new = *old;
	if (old->rb_left)
		set_parent(old->rb_left, new);
	if (old->rb_right)
		set_parent(old->rb_right, new);
	change_child(old, new, parent, root);
}

struct rb_node *rb_first(const struct rb_root *root)
{
	struct rb_node *n = root->rb_node;

	if (!n)
		return NULL;
	while (n->rb_left)
		n = n->rb_left;
	return n;
}

struct rb_node *rb_last(const struct rb_root *root)
{
	struct rb_node *n = root->rb_node;

	if (!n)
		return NULL;
	while (n->rb_right)
		n = n->rb_right;
	return n;
}

struct rb_node *rb_next(const struct rb_node *node)
{
	struct rb_node *parent;

	if (node->rb_right) {
		node = node->rb_right;
		while (node->rb_left)
			node = node->rb_left;
		return (struct rb_node *)node;
	}
	/* Climb until we come up from a left child: that parent is next. */
	while ((parent = rb_parent(node)) && node == parent->rb_right)
		node = parent;
	return parent;
}

struct rb_node *rb_prev(const struct rb_node *node)
{
	struct rb_node *parent;

	if (node->rb_left) {
		node = node->rb_left;
		while (node->rb_right)
			node = node->rb_right;
		return (struct rb_node *)node;
	}
	while ((parent = rb_parent(node)) && node == parent->rb_left)
		node = parent;
	return parent;
}
