/*
 * Unit tests for lib/rbtree.c: random inserts and erases, checking every
 * red-black rule, the parent links, key order and both traversal directions
 * after each step.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include <lib/rbtree.h>
#include "test_rng.h"

#define KEYSPACE 4096

struct item {
	unsigned int key;
	struct rb_node node;
};

static struct item items[KEYSPACE];	/* items[k] has key k */
static bool present[KEYSPACE];
static unsigned int npresent;


static int setup(void **state)
{
	(void)state;
	rng_state = 0x9e3779b97f4a7c15ULL;
	npresent = 0;
	for (unsigned int k = 0; k < KEYSPACE; k++) {
		items[k].key = k;
		present[k] = false;
		RB_CLEAR_NODE(&items[k].node);
	}
	return 0;
}

static unsigned int key_of(const struct rb_node *n)
{
	return rb_entry(n, struct item, node)->key;
}

/*
 * Check the subtree at n (whose parent must be parent) and return its black
 * height counting the NULL leaves. Keys must lie in (lo, hi).
 */
static int check_subtree(const struct rb_node *n, const struct rb_node *parent, long lo,
			 long hi, unsigned int *count)
{
	int lh, rh;

	if (!n)
		return 1;
	assert_ptr_equal(rb_parent(n), parent);
	assert_true((long)key_of(n) > lo && (long)key_of(n) < hi);
	if (rb_is_red(n)) {
		assert_true(!n->rb_left || rb_is_black(n->rb_left));
		assert_true(!n->rb_right || rb_is_black(n->rb_right));
	}
	(*count)++;
	lh = check_subtree(n->rb_left, n, lo, key_of(n), count);
	rh = check_subtree(n->rb_right, n, key_of(n), hi, count);
	assert_int_equal(lh, rh);
	return lh + (rb_is_black(n) ? 1 : 0);
}

/* Full check of the tree against the reference set present[]. */
static void check_tree(const struct rb_root *root)
{
	unsigned int count = 0, k;
	const struct rb_node *n;
	int height;

	if (root->rb_node) {
		assert_null(rb_parent(root->rb_node));
		assert_true(rb_is_black(root->rb_node));
	}
	height = check_subtree(root->rb_node, NULL, -1, KEYSPACE, &count);
	assert_int_equal(count, npresent);
	/* Black height bounds the height: it is at most log2(n + 1) + 1. */
	assert_true(height <= 2 + 32 - __builtin_clz(npresent + 1));

	k = 0;
	for (n = rb_first(root); n; n = rb_next(n)) {
		while (!present[k])
			k++;
		assert_int_equal(key_of(n), k);
		k++;
	}
	while (k < KEYSPACE && !present[k])
		k++;
	assert_int_equal(k, KEYSPACE);

	k = KEYSPACE;
	for (n = rb_last(root); n; n = rb_prev(n)) {
		do
			k--;
		while (!present[k]);
		assert_int_equal(key_of(n), k);
	}
}

/* The usual caller-side insert: walk to the link, then link and colour. */
static void insert(struct rb_root_cached *root, struct item *it)
{
	struct rb_node **link = &root->rb_root.rb_node, *parent = NULL;
	bool leftmost = true;

	while (*link) {
		parent = *link;
		if (it->key < key_of(parent)) {
			link = &parent->rb_left;
		} else {
			link = &parent->rb_right;
			leftmost = false;
		}
	}
	rb_link_node(&it->node, parent, link);
	rb_insert_color_cached(&it->node, root, leftmost);
	present[it->key] = true;
	npresent++;
}

static void erase(struct rb_root_cached *root, struct item *it)
{
	rb_erase_cached(&it->node, root);
	RB_CLEAR_NODE(&it->node);
	present[it->key] = false;
	npresent--;
}

static struct item *lookup(const struct rb_root *root, unsigned int key)
{
	struct rb_node *n = root->rb_node;

	while (n) {
		if (key < key_of(n))
			n = n->rb_left;
		else if (key > key_of(n))
			n = n->rb_right;
		else
			return rb_entry(n, struct item, node);
	}
	return NULL;
}

static void check_cached(const struct rb_root_cached *root)
{
	check_tree(&root->rb_root);
	assert_ptr_equal(rb_first_cached(root), rb_first(&root->rb_root));
}

static void test_empty(void **state)
{
	struct rb_root root = RB_ROOT;
	struct rb_root_cached croot = RB_ROOT_CACHED;

	(void)state;
	assert_true(RB_EMPTY_ROOT(&root));
	assert_null(rb_first(&root));
	assert_null(rb_last(&root));
	assert_null(rb_first_cached(&croot));
	assert_true(RB_EMPTY_NODE(&items[0].node));
}

/* Ascending and descending runs are the classic worst case for rotations. */
static void test_sequential(void **state)
{
	struct rb_root_cached root = RB_ROOT_CACHED;

	(void)state;
	for (unsigned int k = 0; k < 1024; k++) {
		insert(&root, &items[k]);
		check_cached(&root);
	}
	for (unsigned int k = KEYSPACE - 1; k >= 3072; k--) {
		insert(&root, &items[k]);
		check_cached(&root);
	}
	assert_false(RB_EMPTY_NODE(&items[5].node));
	for (unsigned int k = 0; k < 1024; k++) {
		erase(&root, &items[k]);
		check_cached(&root);
	}
	for (unsigned int k = 3072; k < KEYSPACE; k++) {
		erase(&root, &items[k]);
		check_cached(&root);
	}
	assert_true(RB_EMPTY_ROOT(&root.rb_root));
	assert_null(rb_first_cached(&root));
}

static void test_random(void **state)
{
	struct rb_root_cached root = RB_ROOT_CACHED;

	(void)state;
	/* Grow to about half full, then churn with a bias towards erasing. */
	for (int step = 0; step < 6000; step++) {
		unsigned int k = rng() % KEYSPACE;
		bool grow = step < 2500 ? rng() % 4 != 0 : rng() % 5 < 2;

		if (grow) {
			while (present[k])
				k = (k + 1) % KEYSPACE;
			insert(&root, &items[k]);
		} else if (npresent) {
			while (!present[k])
				k = (k + 1) % KEYSPACE;
			assert_ptr_equal(lookup(&root.rb_root, k), &items[k]);
			erase(&root, &items[k]);
			assert_null(lookup(&root.rb_root, k));
		}
		check_cached(&root);
	}
	while (npresent) {
		struct rb_node *n = root.rb_root.rb_node;

		/* Erase the root each time: always the two-child case when possible. */
		erase(&root, rb_entry(n, struct item, node));
		check_cached(&root);
	}
}

static void test_replace(void **state)
{
	struct rb_root_cached root = RB_ROOT_CACHED;
	struct item twin, *old, twin2;

	(void)state;
	for (unsigned int k = 0; k < 100; k++)
		insert(&root, &items[(k * 37) % 100]);
	check_cached(&root);

	twin.key = 50;
	rb_replace_node(&items[50].node, &twin.node, &root.rb_root);
	assert_ptr_equal(lookup(&root.rb_root, 50), &twin);
	check_cached(&root);

	/* Replace the root too. */
	old = rb_entry(root.rb_root.rb_node, struct item, node);
	twin2.key = old->key;

	rb_replace_node(&old->node, &twin2.node, &root.rb_root);
	assert_ptr_equal(root.rb_root.rb_node, &twin2.node);
	check_cached(&root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_empty, setup),
		cmocka_unit_test_setup(test_sequential, setup),
		cmocka_unit_test_setup(test_random, setup),
		cmocka_unit_test_setup(test_replace, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
