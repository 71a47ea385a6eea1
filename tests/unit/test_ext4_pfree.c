/*
 * Unit tests for kernel/fs/ext4/pfree.c, the blocks freed in journal
 * transactions not yet committed: inserts with merging, overlap refusal,
 * the allocator's queries, release up to a tid (wrapping tids too), and a
 * random run checked against a plain array model.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include <kernel/ext4_pfree.h>
#include <mica/errno.h>
#include "test_rng.h"

static void test_empty(void **state)
{
	struct ext4_pfree_set s;

	(void)state;
	ext4_pfree_init(&s);
	assert_int_equal(ext4_pfree_next_free(&s, 17), 17);
	assert_int_equal(ext4_pfree_clear_run(&s, 17, 100), 100);
	assert_int_equal(ext4_pfree_release(&s, 5), 0);
	assert_int_equal(ext4_pfree_add(&s, 10, 0, 1), -EINVAL);
	assert_int_equal(ext4_pfree_add(&s, ~0ULL - 1, 4, 1), -EINVAL);
	ext4_pfree_destroy(&s);
}

static void test_merge_and_query(void **state)
{
	struct ext4_pfree_set s;

	(void)state;
	ext4_pfree_init(&s);
	assert_int_equal(ext4_pfree_add(&s, 100, 10, 7), 0);
	assert_int_equal(ext4_pfree_add(&s, 110, 5, 7), 0);	/* after: merged */
	assert_int_equal(ext4_pfree_add(&s, 95, 5, 7), 0);	/* before: merged */
	assert_int_equal(s.nr_extents, 1);
	assert_int_equal(s.nr_blocks, 20);
	assert_int_equal(ext4_pfree_add(&s, 120, 5, 7), 0);
	assert_int_equal(ext4_pfree_add(&s, 115, 5, 7), 0);	/* closes the gap */
	assert_int_equal(s.nr_extents, 1);
	assert_int_equal(s.nr_blocks, 30);
	/* A touching extent of another transaction stays apart. */
	assert_int_equal(ext4_pfree_add(&s, 125, 3, 8), 0);
	assert_int_equal(s.nr_extents, 2);
	/* Overlaps are refused and change nothing. */
	assert_int_equal(ext4_pfree_add(&s, 90, 6, 9), -EEXIST);
	assert_int_equal(ext4_pfree_add(&s, 127, 2, 9), -EEXIST);
	assert_int_equal(ext4_pfree_add(&s, 100, 1, 7), -EEXIST);
	assert_int_equal(s.nr_blocks, 33);

	assert_int_equal(ext4_pfree_next_free(&s, 94), 94);
	assert_int_equal(ext4_pfree_next_free(&s, 95), 128);	/* across both */
	assert_int_equal(ext4_pfree_next_free(&s, 126), 128);
	assert_int_equal(ext4_pfree_next_free(&s, 128), 128);
	assert_int_equal(ext4_pfree_clear_run(&s, 90, 100), 5);
	assert_int_equal(ext4_pfree_clear_run(&s, 90, 3), 3);
	assert_int_equal(ext4_pfree_clear_run(&s, 100, 3), 0);
	assert_int_equal(ext4_pfree_clear_run(&s, 128, 50), 50);

	assert_int_equal(ext4_pfree_release(&s, 6), 0);
	assert_int_equal(ext4_pfree_release(&s, 7), 30);
	assert_int_equal(ext4_pfree_next_free(&s, 95), 95);
	assert_int_equal(ext4_pfree_next_free(&s, 125), 128);
	assert_int_equal(ext4_pfree_release(&s, 8), 3);
	assert_int_equal(s.nr_blocks, 0);
	assert_int_equal(s.nr_extents, 0);
	ext4_pfree_destroy(&s);
}

/* tids wrap: 0xfffffffe is before 1. */
static void test_tid_wrap(void **state)
{
	struct ext4_pfree_set s;

	(void)state;
	ext4_pfree_init(&s);
	assert_int_equal(ext4_pfree_add(&s, 10, 1, 0xfffffffeu), 0);
	assert_int_equal(ext4_pfree_add(&s, 20, 1, 0xffffffffu), 0);
	assert_int_equal(ext4_pfree_add(&s, 30, 1, 1), 0);
	assert_int_equal(ext4_pfree_release(&s, 0), 2);
	assert_int_equal(ext4_pfree_next_free(&s, 30), 31);
	assert_int_equal(ext4_pfree_release(&s, 1), 1);
	ext4_pfree_destroy(&s);
}

#define SPACE 2048

/* Random adds and releases against a per-block model. */
static void test_random(void **state)
{
	static int model[SPACE];	/* 0: not in the set, else tid + 1 */
	struct ext4_pfree_set s;
	u32 tid = 1;

	(void)state;
	rng_state = 0x9e3779b97f4a7c15ull;
	ext4_pfree_init(&s);
	for (int step = 0; step < 20000; step++) {
		unsigned long r = rng() % 10;

		if (r < 7) {
			u64 start = rng() % SPACE, len = 1 + rng() % 16;
			bool clash = false;

			if (start + len > SPACE)
				len = SPACE - start;
			for (u64 b = start; b < start + len; b++)
				clash |= model[b] != 0;
			assert_int_equal(ext4_pfree_add(&s, start, len, tid), clash ? -EEXIST : 0);
			if (!clash)
				for (u64 b = start; b < start + len; b++)
					model[b] = (int)tid + 1;
		} else if (r < 9) {
			tid++;
		} else {
			u32 upto = tid - (u32)(rng() % 3);
			u64 want = 0;

			for (int b = 0; b < SPACE; b++)
				if (model[b] && (s32)((u32)(model[b] - 1) - upto) <= 0) {
					model[b] = 0;
					want++;
				}
			assert_int_equal(ext4_pfree_release(&s, upto), want);
		}
		/* Check the queries at a few places. */
		for (int k = 0; k < 4; k++) {
			u64 b = rng() % SPACE, nf = b, run = 0, max = 1 + rng() % 64;

			while (nf < SPACE && model[nf])
				nf++;
			assert_int_equal(ext4_pfree_next_free(&s, b), nf);
			while (run < max && b + run < SPACE && !model[b + run])
				run++;
			if (b + run == SPACE && run < max)
				run = max;	/* nothing in the set past SPACE */
			assert_int_equal(ext4_pfree_clear_run(&s, b, max), run);
		}
	}
	u64 total = 0;

	for (int b = 0; b < SPACE; b++)
		total += model[b] != 0;
	assert_int_equal(s.nr_blocks, total);
	ext4_pfree_destroy(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_merge_and_query),
		cmocka_unit_test(test_tid_wrap),
		cmocka_unit_test(test_random),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
