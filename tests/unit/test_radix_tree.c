/*
 * Unit tests for lib/radix_tree.c: lookups, inserts and deletes checked
 * against a plain array model, growth to large indices, gang lookups in
 * order from any start, and that every node is freed once the tree is
 * empty (the node allocator counts them).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include <lib/radix_tree.h>
#include <mica/errno.h>
#include "test_rng.h"

#define SPACE 20000

static long live_nodes;
static bool fail_alloc;

struct radix_node *radix_node_alloc(void)
{
	struct radix_node *n;

	if (fail_alloc)
		return NULL;
	n = calloc(1, sizeof(*n));
	if (n)
		live_nodes++;
	return n;
}

void radix_node_free(struct radix_node *n)
{
	live_nodes--;
	free(n);
}

static char items[SPACE];	/* &items[i] is stored at index i */
static bool present[SPACE];

static void test_empty(void **state)
{
	struct radix_tree t;
	void *out[4];

	(void)state;
	radix_tree_init(&t);
	assert_null(radix_tree_lookup(&t, 0));
	assert_null(radix_tree_lookup(&t, 12345));
	assert_null(radix_tree_delete(&t, 7));
	assert_int_equal(radix_tree_gang_lookup(&t, 0, out, NULL, 4), 0);
}

static void test_index_zero_and_growth(void **state)
{
	struct radix_tree t;
	u64 big = 1ULL << 40;
	void *out[4];
	u64 idx[4];

	(void)state;
	radix_tree_init(&t);
	assert_int_equal(radix_tree_insert(&t, 0, &items[0]), 0);
	assert_ptr_equal(radix_tree_lookup(&t, 0), &items[0]);
	assert_int_equal(radix_tree_insert(&t, 0, &items[1]), -EEXIST);
	/* Growing keeps index 0 where it was. */
	assert_int_equal(radix_tree_insert(&t, big, &items[2]), 0);
	assert_ptr_equal(radix_tree_lookup(&t, 0), &items[0]);
	assert_ptr_equal(radix_tree_lookup(&t, big), &items[2]);
	assert_null(radix_tree_lookup(&t, big - 1));
	assert_int_equal(radix_tree_gang_lookup(&t, 0, out, idx, 4), 2);
	assert_true(idx[0] == 0 && idx[1] == big);
	assert_int_equal(radix_tree_gang_lookup(&t, 1, out, idx, 4), 1);
	assert_ptr_equal(out[0], &items[2]);
	assert_ptr_equal(radix_tree_delete(&t, 0), &items[0]);
	assert_ptr_equal(radix_tree_delete(&t, big), &items[2]);
	assert_int_equal(live_nodes, 0);
}

static void test_random(void **state)
{
	struct radix_tree t;

	(void)state;
	rng_state = 0x9e3779b97f4a7c15ULL;
	radix_tree_init(&t);
	for (int i = 0; i < SPACE; i++)
		present[i] = false;
	for (int step = 0; step < 200000; step++) {
		unsigned long k = rng() % SPACE;

		if (rng() % 3) {
			int err = radix_tree_insert(&t, k, &items[k]);

			assert_int_equal(err, present[k] ? -EEXIST : 0);
			present[k] = true;
		} else {
			void *got = radix_tree_delete(&t, k);

			assert_ptr_equal(got, present[k] ? &items[k] : NULL);
			present[k] = false;
		}
		if (step % 1000 == 0)
			for (int i = 0; i < SPACE; i++)
				assert_ptr_equal(radix_tree_lookup(&t, i), present[i] ? &items[i] : NULL);
	}
	/* Gang lookups return the present indices in order, from any start. */
	for (int start = 0; start < SPACE; start += 997) {
		void *out[16];
		u64 idx[16];
		unsigned int n = radix_tree_gang_lookup(&t, start, out, idx, 16);
		int expect = start;

		for (unsigned int j = 0; j < n; j++) {
			while (!present[expect])
				expect++;
			assert_int_equal(idx[j], expect);
			assert_ptr_equal(out[j], &items[expect]);
			expect++;
		}
	}
	for (int i = 0; i < SPACE; i++)
		if (present[i])
			assert_ptr_equal(radix_tree_delete(&t, i), &items[i]);
	assert_int_equal(live_nodes, 0);
	assert_null(t.root);
}

static void test_alloc_failure(void **state)
{
	struct radix_tree t;

	(void)state;
	radix_tree_init(&t);
	assert_int_equal(radix_tree_insert(&t, 5, &items[5]), 0);
	fail_alloc = true;
	assert_int_equal(radix_tree_insert(&t, 100000, &items[1]), -ENOMEM);
	fail_alloc = false;
	assert_ptr_equal(radix_tree_lookup(&t, 5), &items[5]);
	assert_null(radix_tree_lookup(&t, 100000));
	assert_int_equal(radix_tree_insert(&t, 100000, &items[1]), 0);
	assert_ptr_equal(radix_tree_delete(&t, 5), &items[5]);
	assert_ptr_equal(radix_tree_delete(&t, 100000), &items[1]);
	assert_int_equal(live_nodes, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_index_zero_and_growth),
		cmocka_unit_test(test_random),
		cmocka_unit_test(test_alloc_failure),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
