/*
 * Unit tests for lib/bitmap.c and include/lib/bitops.h, checked against a
 * one-bool-per-bit reference model under random operations.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <lib/bitmap.h>
#include <lib/bitops.h>
#include "test_rng.h"

#define NBITS 333	/* not a multiple of the word size on purpose */

static DECLARE_BITMAP(map, NBITS);
static bool model[NBITS];

static unsigned long ref_find(unsigned long size, unsigned long off, bool val)
{
	for (; off < size; off++) {
		if (model[off] == val)
			return off;
	}
	return size;
}

static unsigned long ref_zero_area(unsigned long size, unsigned long start, unsigned long nr,
				   unsigned long align_mask)
{
	for (unsigned long i = (start + align_mask) & ~align_mask; i + nr <= size;
	     i += align_mask + 1) {
		unsigned long j;

		for (j = 0; j < nr && !model[i + j]; j++)
			;
		if (j == nr)
			return i;
	}
	return size;
}

static void check_against_model(void)
{
	unsigned long weight = 0;

	for (unsigned long i = 0; i < NBITS; i++) {
		assert_int_equal(bitmap_test_bit(map, i), model[i]);
		weight += model[i];
	}
	assert_int_equal(bitmap_weight(map, NBITS), weight);
	for (unsigned long size = NBITS - 70; size <= NBITS; size += 7) {
		for (unsigned long off = 0; off <= size + 1; off++) {
			assert_int_equal(find_next_bit(map, size, off), ref_find(size, off, true));
			assert_int_equal(find_next_zero_bit(map, size, off),
					 ref_find(size, off, false));
		}
	}
	assert_int_equal(find_first_bit(map, NBITS), ref_find(NBITS, 0, true));
	assert_int_equal(find_first_zero_bit(map, NBITS), ref_find(NBITS, 0, false));
}

static void test_bitops(void **state)
{
	(void)state;
	for (unsigned int i = 0; i < BITS_PER_LONG; i++) {
		assert_int_equal(__ffs(1UL << i), i);
		assert_int_equal(__fls(1UL << i), i);
		assert_int_equal(__ffs(~0UL << i), i);
		assert_int_equal(__fls(~0UL >> i), BITS_PER_LONG - 1 - i);
		assert_int_equal(hweight_long(~0UL << i), BITS_PER_LONG - i);
		assert_int_equal(hweight_long(1UL << i), 1);
	}
	assert_int_equal(hweight_long(0), 0);
	assert_int_equal(hweight_long(0x5555555555555555UL), 32);
	assert_int_equal(fls64(0), 0);
	assert_int_equal(fls64(1), 1);
	assert_int_equal(fls64(0x8000000000000000ULL), 64);
	assert_int_equal(BITS_TO_LONGS(0), 0);
	assert_int_equal(BITS_TO_LONGS(1), 1);
	assert_int_equal(BITS_TO_LONGS(BITS_PER_LONG), 1);
	assert_int_equal(BITS_TO_LONGS(BITS_PER_LONG + 1), 2);
	assert_int_equal(sizeof(map), BITS_TO_LONGS(NBITS) * sizeof(unsigned long));
}

static void test_zero_fill_single(void **state)
{
	(void)state;
	bitmap_fill(map, NBITS);
	for (unsigned long i = 0; i < NBITS; i++)
		model[i] = true;
	check_against_model();
	bitmap_zero(map, NBITS);
	for (unsigned long i = 0; i < NBITS; i++)
		model[i] = false;
	check_against_model();
	assert_int_equal(find_first_bit(map, NBITS), NBITS);

	bitmap_set_bit(map, 0);
	bitmap_set_bit(map, 63);
	bitmap_set_bit(map, 64);
	bitmap_set_bit(map, NBITS - 1);
	model[0] = model[63] = model[64] = model[NBITS - 1] = true;
	check_against_model();
	bitmap_clear_bit(map, 63);
	model[63] = false;
	check_against_model();
}

static void test_set_clear_ranges(void **state)
{
	(void)state;
	bitmap_zero(map, NBITS);
	for (unsigned long i = 0; i < NBITS; i++)
		model[i] = false;
	/* Every start and length around word boundaries. */
	for (unsigned long start = 0; start < 140; start += 3) {
		for (unsigned long n = 0; start + n <= NBITS && n < 200; n += 5) {
			bool set = (start + n) & 1;

			if (set)
				bitmap_set(map, start, n);
			else
				bitmap_clear(map, start, n);
			for (unsigned long i = start; i < start + n; i++)
				model[i] = set;
			for (unsigned long i = 0; i < NBITS; i++)
				assert_int_equal(bitmap_test_bit(map, i), model[i]);
		}
	}
	check_against_model();
}

static void test_random_ops(void **state)
{
	(void)state;
	rng_state = 0x243f6a8885a308d3ULL;
	bitmap_zero(map, NBITS);
	for (unsigned long i = 0; i < NBITS; i++)
		model[i] = false;
	for (int step = 0; step < 300; step++) {
		unsigned long start = rng() % NBITS;
		unsigned long n = rng() % (NBITS - start + 1);

		switch (rng() % 4) {
		case 0:
			bitmap_set(map, start, n);
			for (unsigned long i = start; i < start + n; i++)
				model[i] = true;
			break;
		case 1:
			bitmap_clear(map, start, n);
			for (unsigned long i = start; i < start + n; i++)
				model[i] = false;
			break;
		case 2:
			bitmap_set_bit(map, start);
			model[start] = true;
			break;
		default:
			bitmap_clear_bit(map, start);
			model[start] = false;
			break;
		}
		if (step % 10 == 0)
			check_against_model();
	}
	check_against_model();
}

static void test_zero_area(void **state)
{
	unsigned long idx;

	(void)state;
	rng_state = 0x13198a2e03707344ULL;
	for (int round = 0; round < 60; round++) {
		bitmap_zero(map, NBITS);
		for (unsigned long i = 0; i < NBITS; i++)
			model[i] = false;
		for (int k = 0; k < round; k++) {
			unsigned long b = rng() % NBITS;

			bitmap_set_bit(map, b);
			model[b] = true;
		}
		for (unsigned long nr = 1; nr < 70; nr += 3) {
			for (unsigned long align = 0; align < 64; align = align * 2 + 1) {
				for (unsigned long st = 0; st < NBITS; st += 29) {
					idx = bitmap_find_next_zero_area(map, NBITS, st, nr, align);
					assert_int_equal(idx, ref_zero_area(NBITS, st, nr, align));
				}
			}
		}
	}
	/* An allocation pattern: take areas until full. */
	bitmap_zero(map, NBITS);
	unsigned long taken = 0;

	while ((idx = bitmap_find_next_zero_area(map, NBITS, 0, 10, 7)) < NBITS) {
		assert_int_equal(idx % 8, 0);
		assert_int_equal(find_next_bit(map, idx + 10, idx), idx + 10);
		bitmap_set(map, idx, 10);
		taken++;
	}
	assert_int_equal(taken, (NBITS - 10) / 16 + 1);
	assert_int_equal(bitmap_find_next_zero_area(map, NBITS, 0, NBITS + 1, 0), NBITS);
}

static void test_for_each_set_bit(void **state)
{
	unsigned long bit, n = 0;

	(void)state;
	bitmap_zero(map, NBITS);
	bitmap_set(map, 60, 10);
	bitmap_set_bit(map, NBITS - 1);
	for_each_set_bit(bit, map, NBITS) {
		assert_true((bit >= 60 && bit < 70) || bit == NBITS - 1);
		n++;
	}
	assert_int_equal(n, 11);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bitops),
		cmocka_unit_test(test_zero_fill_single),
		cmocka_unit_test(test_set_clear_ranges),
		cmocka_unit_test(test_random_ops),
		cmocka_unit_test(test_zero_area),
		cmocka_unit_test(test_for_each_set_bit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
