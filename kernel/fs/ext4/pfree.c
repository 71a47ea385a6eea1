/*
 * The set of blocks freed in transactions not yet committed
 * (<kernel/ext4_pfree.h>): an rbtree of disjoint extents keyed by their
 * first block, each tagged with the transaction that freed it.
 */
#include <kernel/ext4_pfree.h>
#include <core/kmalloc.h>
#include <mica/errno.h>

struct ext4_pfree {
	struct rb_node node;
	u64 start, len;
	u32 tid;
};

static struct ext4_pfree *pf(struct rb_node *n)
{
	return n ? rb_entry(n, struct ext4_pfree, node) : NULL;
}

/* tid a is b or earlier (modulo 2^32). */
static bool tid_le(u32 a, u32 b)
{
	return (s32)(a - b) <= 0;
}

void ext4_pfree_init(struct ext4_pfree_set *s)
{
	s->root = RB_ROOT;
	s->nr_blocks = 0;
	s->nr_extents = 0;
}

void ext4_pfree_destroy(struct ext4_pfree_set *s)
{
	struct rb_node *n;

	while ((n = rb_first(&s->root))) {
		rb_erase(n, &s->root);
		kfree(pf(n));
	}
	ext4_pfree_init(s);
}

/* The extent with the greatest start <= b, or NULL. */
static struct ext4_pfree *floor_of(const struct ext4_pfree_set *s, u64 b)
{
	struct rb_node *n = s->root.rb_node;
	struct ext4_pfree *best = NULL;

	while (n) {
		struct ext4_pfree *e = pf(n);

		if (e->start <= b) {
			best = e;
			n = n->rb_right;
		} else {
			n = n->rb_left;
		}
	}
	return best;
}

/* The extent with the least start > b, or NULL. */
static struct ext4_pfree *above(const struct ext4_pfree_set *s, u64 b)
{
	struct rb_node *n = s->root.rb_node;
	struct ext4_pfree *best = NULL;

	while (n) {
		struct ext4_pfree *e = pf(n);

		if (e->start > b) {
			best = e;
			n = n->rb_left;
		} else {
			n = n->rb_right;
		}
	}
	return best;
}

int ext4_pfree_add(struct ext4_pfree_set *s, u64 start, u64 len, u32 tid)
{
	struct ext4_pfree *prev, *next, *e;
	struct rb_node **link, *parent = NULL;

	if (!len || start + len < start)
		return -EINVAL;
	prev = floor_of(s, start);
	next = above(s, start);
	if ((prev && prev->start + prev->len > start) || (next && next->start < start + len))
		return -EEXIST;
	/* Touching extents of the same transaction become one. */
	if (prev && prev->tid == tid && prev->start + prev->len == start) {
		prev->len += len;
		s->nr_blocks += len;
		if (next && next->tid == tid && next->start == prev->start + prev->len) {
			prev->len += next->len;
			rb_erase(&next->node, &s->root);
			kfree(next);
			s->nr_extents--;
		}
		return 0;
	}
	if (next && next->tid == tid && next->start == start + len) {
		/* Moving next's start down keeps the order: prev ends before start. */
		next->start = start;
		next->len += len;
		s->nr_blocks += len;
		return 0;
	}
	e = kmalloc(sizeof(*e));
	if (!e)
		return -ENOMEM;
	e->start = start;
	e->len = len;
	e->tid = tid;
	link = &s->root.rb_node;
	while (*link) {
		parent = *link;
		link = start < pf(parent)->start ? &parent->rb_left : &parent->rb_right;
	}
	rb_link_node(&e->node, parent, link);
	rb_insert_color(&e->node, &s->root);
	s->nr_blocks += len;
	s->nr_extents++;
	return 0;
}

u64 ext4_pfree_next_free(const struct ext4_pfree_set *s, u64 b)
{
	struct ext4_pfree *e = floor_of(s, b);

	/* Extents may touch (different tids): follow them. */
	while (e && b < e->start + e->len) {
		struct rb_node *n;

		b = e->start + e->len;
		n = rb_next(&e->node);
		e = pf(n);
		if (e && e->start > b)
			break;
	}
	return b;
}

u64 ext4_pfree_clear_run(const struct ext4_pfree_set *s, u64 b, u64 max)
{
	struct ext4_pfree *e = floor_of(s, b);

	if (e && b < e->start + e->len)
		return 0;
	e = above(s, b);
	if (e && e->start - b < max)
		return e->start - b;
	return max;
}

u64 ext4_pfree_release(struct ext4_pfree_set *s, u32 tid)
{
	struct rb_node *n = rb_first(&s->root);
	u64 dropped = 0;

	while (n) {
		struct ext4_pfree *e = pf(n);

		n = rb_next(n);
		if (tid_le(e->tid, tid)) {
			rb_erase(&e->node, &s->root);
			dropped += e->len;
			s->nr_blocks -= e->len;
			s->nr_extents--;
			kfree(e);
		}
	}
	return dropped;
}
