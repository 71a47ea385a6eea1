/*
 * Unit tests for core/buddy.c: the binary buddy allocator's bookkeeping over
 * a struct page array. After every interesting step the free lists are
 * checked against the allocator's invariants (check_buddy()) and against the
 * test's own record of which frames are allocated.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <core/buddy.h>
#include <lib/string.h>
#include <mica/errno.h>
#include "test_rng.h"

#define MAX_FRAMES 8192
#define GUARD 4		/* descriptors on each side of the buddy's array */

static struct buddy b;
/* pages = storage + GUARD: the guards are valid memory outside the buddy. */
static struct page storage[GUARD + MAX_FRAMES + GUARD];
static struct page *const pages = storage + GUARD;
static bool live[MAX_FRAMES];		/* frame handed out by buddy_alloc */
static bool covered[MAX_FRAMES];	/* scratch for check_buddy() */

static void setup_buddy(pfn_t base, unsigned long nr)
{
	assert_true(nr <= MAX_FRAMES);
	/* Guards look like allocated frames, so only range checks keep them out. */
	for (unsigned long i = 0; i < GUARD + MAX_FRAMES + GUARD; i++)
		storage[i] = (struct page){ .flags = 0, .order = 0xee };
	memset(live, 0, sizeof(live));
	buddy_init(&b, pages, base, nr);
}

static unsigned long idx_of(const struct page *p)
{
	return (unsigned long)(p - pages);
}

static struct page *page_at(pfn_t pfn)
{
	struct page *p = buddy_pfn_page(&b, pfn);

	assert_non_null(p);
	return p;
}

static unsigned long free_blocks_total(void)
{
	unsigned long n = 0;

	for (unsigned int o = 0; o < MAX_ORDER; o++)
		n += b.nr_free[o];
	return n;
}

/*
 * The allocator's invariants: every free-list entry is the PG_BUDDY head of
 * a naturally aligned, in-range block of the list's order whose other frames
 * have no flags; free blocks neither overlap each other nor any live or
 * reserved frame; no frame outside the lists has PG_BUDDY; nr_free and
 * free_pages match the lists; the lists are fully merged (no free block's
 * buddy is a free block of the same order); frames outside the array's
 * guards were never touched.
 */
static void check_buddy(void)
{
	unsigned long total = 0;

	memset(covered, 0, sizeof(covered));
	for (unsigned int o = 0; o < MAX_ORDER; o++) {
		unsigned long count = 0;
		struct page *p;

		list_for_each_entry(p, &b.free[o], link) {
			unsigned long i = idx_of(p);
			pfn_t pfn = b.base_pfn + i;

			assert_true(p >= pages && i < b.nr_pages);
			assert_int_equal(p->flags, PG_BUDDY);
			assert_int_equal(p->order, o);
			assert_int_equal(pfn & ((1UL << o) - 1), 0);
			assert_true(i + (1UL << o) <= b.nr_pages);
			for (unsigned long j = i; j < i + (1UL << o); j++) {
				assert_false(covered[j]);
				assert_false(live[j]);
				covered[j] = true;
				if (j != i)
					assert_int_equal(pages[j].flags, 0);
			}
			count++;
		}
		assert_int_equal(count, b.nr_free[o]);
		total += count << o;
	}
	assert_int_equal(total, b.free_pages);
	for (unsigned long i = 0; i < b.nr_pages; i++) {
		if (pages[i].flags & PG_BUDDY)
			assert_true(covered[i]);
		if (pages[i].flags & PG_RESERVED)
			assert_false(covered[i] || live[i]);
		if (live[i])
			assert_int_equal(pages[i].flags & (PG_BUDDY | PG_RESERVED), 0);
	}
	for (unsigned int o = 0; o < MAX_ORDER - 1; o++) {
		struct page *p;

		list_for_each_entry(p, &b.free[o], link) {
			struct page *bud = buddy_pfn_page(&b, buddy_page_pfn(&b, p) ^ (1UL << o));

			if (bud)
				assert_false((bud->flags & PG_BUDDY) && bud->order == o);
		}
	}
	for (unsigned long i = 0; i < GUARD; i++) {
		const struct page *g[2] = { &storage[i], &pages[b.nr_pages + i] };

		for (int k = 0; k < 2; k++) {
			assert_int_equal(g[k]->flags, 0);
			assert_int_equal(g[k]->order, 0xee);
			assert_null(g[k]->link.next);
		}
	}
}

struct snapshot {
	unsigned long nr_free[MAX_ORDER];
	unsigned long free_pages;
};

static struct snapshot snap(void)
{
	struct snapshot s;

	memcpy(s.nr_free, b.nr_free, sizeof(s.nr_free));
	s.free_pages = b.free_pages;
	return s;
}

static void assert_snap(const struct snapshot *s)
{
	for (unsigned int o = 0; o < MAX_ORDER; o++)
		assert_int_equal(b.nr_free[o], s->nr_free[o]);
	assert_int_equal(b.free_pages, s->free_pages);
}

/* Allocate and check the block is aligned, in range and not yet handed out. */
static struct page *alloc_checked(unsigned int order)
{
	struct page *p = buddy_alloc(&b, order);
	unsigned long i;

	if (!p)
		return NULL;
	i = idx_of(p);
	assert_true(p >= pages && i + (1UL << order) <= b.nr_pages);
	assert_int_equal(buddy_page_pfn(&b, p) & ((1UL << order) - 1), 0);
	assert_int_equal(p->order, order);
	for (unsigned long j = i; j < i + (1UL << order); j++) {
		assert_false(live[j]);
		assert_int_equal(pages[j].flags & (PG_BUDDY | PG_RESERVED), 0);
		live[j] = true;
	}
	return p;
}

static void free_checked(struct page *p, unsigned int order)
{
	for (unsigned long j = idx_of(p); j < idx_of(p) + (1UL << order); j++) {
		assert_true(live[j]);
		live[j] = false;
	}
	assert_int_equal(buddy_free(&b, p, order), 0);
}

static void shuffle(struct page **v, unsigned long n)
{
	for (unsigned long i = n; i > 1; i--) {
		unsigned long j = rng() % i;
		struct page *t = v[i - 1];

		v[i - 1] = v[j];
		v[j] = t;
	}
}

static void test_init_all_reserved(void **state)
{
	(void)state;
	setup_buddy(0x2345, 100);
	for (unsigned long i = 0; i < 100; i++)
		assert_int_equal(pages[i].flags, PG_RESERVED);
	for (unsigned int o = 0; o < MAX_ORDER; o++) {
		assert_int_equal(b.nr_free[o], 0);
		assert_true(list_empty(&b.free[o]));
	}
	assert_int_equal(b.free_pages, 0);
	for (unsigned int o = 0; o < MAX_ORDER; o++)
		assert_null(buddy_alloc(&b, o));
	assert_int_equal(buddy_free(&b, &pages[0], 0), -EINVAL);
	check_buddy();
}

/* [0x1003, 0x1c05) in [0x1000, 0x2000): the largest aligned blocks that fit. */
static void test_add_range_maximal_blocks(void **state)
{
	static const struct { pfn_t pfn; unsigned int order; } want[] = {
		{ 0x1003, 0 }, { 0x1004, 2 }, { 0x1008, 3 }, { 0x1010, 4 },
		{ 0x1020, 5 }, { 0x1040, 6 }, { 0x1080, 7 }, { 0x1100, 8 },
		{ 0x1200, 9 }, { 0x1400, 10 }, { 0x1800, 10 }, { 0x1c00, 2 },
		{ 0x1c04, 0 },
	};
	static const unsigned long want_nr[MAX_ORDER] = { 2, 0, 2, 1, 1, 1, 1, 1, 1, 1, 2 };

	(void)state;
	setup_buddy(0x1000, 0x1000);
	assert_int_equal(buddy_add_range(&b, 0x1003, 0x1c05 - 0x1003), 0);
	for (unsigned int o = 0; o < MAX_ORDER; o++)
		assert_int_equal(b.nr_free[o], want_nr[o]);
	assert_int_equal(b.free_pages, 0x1c05 - 0x1003);
	for (size_t k = 0; k < sizeof(want) / sizeof(want[0]); k++) {
		assert_int_equal(page_at(want[k].pfn)->flags, PG_BUDDY);
		assert_int_equal(page_at(want[k].pfn)->order, want[k].order);
	}
	for (pfn_t pfn = 0x1000; pfn < 0x1003; pfn++)
		assert_int_equal(page_at(pfn)->flags, PG_RESERVED);
	for (pfn_t pfn = 0x1c05; pfn < 0x2000; pfn++)
		assert_int_equal(page_at(pfn)->flags, PG_RESERVED);
	check_buddy();
}

/* Random unaligned ranges always come out fully merged and exact. */
static void test_add_range_random_ranges(void **state)
{
	(void)state;
	rng_state = 0x5eed0001;
	for (int round = 0; round < 200; round++) {
		pfn_t base = rng() % 100000;
		unsigned long nr = 1 + rng() % MAX_FRAMES;
		unsigned long off = rng() % nr;
		unsigned long n = rng() % (nr - off + 1);

		setup_buddy(base, nr);
		assert_int_equal(buddy_add_range(&b, base + off, n), 0);
		assert_int_equal(b.free_pages, n);
		check_buddy();
		for (unsigned long i = 0; i < nr; i++)
			assert_int_equal(covered[i], i >= off && i < off + n);
	}
}

/* Bad ranges are refused and change nothing. */
static void test_add_range_errors(void **state)
{
	struct snapshot s;

	(void)state;
	setup_buddy(0x1000, 64);
	assert_int_equal(buddy_add_range(&b, 0x1010, 16), 0);
	s = snap();
	assert_int_equal(buddy_add_range(&b, 0xfff, 2), -EINVAL);	/* starts below */
	assert_int_equal(buddy_add_range(&b, 0x1030, 17), -EINVAL);	/* ends above */
	assert_int_equal(buddy_add_range(&b, 0x1008, 9), -EINVAL);	/* overlaps added */
	assert_int_equal(buddy_add_range(&b, 0x101f, 1), -EINVAL);	/* already free */
	assert_int_equal(buddy_add_range(&b, 0x1001, ~0UL), -EINVAL);	/* wraps */
	assert_snap(&s);
	for (pfn_t pfn = 0x1000; pfn < 0x1010; pfn++)
		assert_int_equal(page_at(pfn)->flags, PG_RESERVED);
	check_buddy();
}

/* Each order comes back aligned to its size in absolute frame numbers. */
static void test_alloc_natural_alignment(void **state)
{
	struct page *blk[MAX_ORDER];
	struct snapshot s;

	(void)state;
	setup_buddy(0x1001, 6000);	/* odd base: array index != pfn alignment */
	assert_int_equal(buddy_add_range(&b, 0x1001, 6000), 0);
	s = snap();
	for (unsigned int o = 0; o < MAX_ORDER; o++) {
		blk[o] = alloc_checked(o);
		assert_non_null(blk[o]);
		assert_int_equal(b.free_pages, s.free_pages - ((2UL << o) - 1));
		check_buddy();
	}
	for (unsigned int o = 0; o < MAX_ORDER; o++)
		free_checked(blk[o], o);
	assert_snap(&s);
	check_buddy();

	/* Exhaust at one order: every block aligned, none overlapping. */
	for (unsigned int o = 0; o < MAX_ORDER; o += 3) {
		struct page *v[MAX_FRAMES];
		unsigned long n = 0;

		while ((v[n] = alloc_checked(o)))
			n++;
		for (unsigned int k = o; k < MAX_ORDER; k++)
			assert_int_equal(b.nr_free[k], 0);
		check_buddy();
		for (unsigned long i = 0; i < n; i++)
			free_checked(v[i], o);
		assert_snap(&s);
	}
	check_buddy();
}

/* Splitting one max-order block leaves one block per lower order; freeing merges it back. */
static void test_split_then_free_coalesces(void **state)
{
	(void)state;
	setup_buddy(0x400, 1024);
	assert_int_equal(buddy_add_range(&b, 0x400, 1024), 0);
	assert_int_equal(b.nr_free[MAX_ORDER - 1], 1);
	for (unsigned int k = 0; k < MAX_ORDER; k++) {
		struct page *p = alloc_checked(k);

		assert_non_null(p);
		assert_int_equal(buddy_page_pfn(&b, p), 0x400);
		for (unsigned int o = 0; o < MAX_ORDER; o++)
			assert_int_equal(b.nr_free[o], o >= k && o < MAX_ORDER - 1);
		assert_int_equal(b.free_pages, 1024 - (1UL << k));
		check_buddy();

		free_checked(p, k);
		for (unsigned int o = 0; o < MAX_ORDER; o++)
			assert_int_equal(b.nr_free[o], o == MAX_ORDER - 1);
		assert_int_equal(b.free_pages, 1024);
		assert_int_equal(p->flags, PG_BUDDY);
		assert_int_equal(p->order, MAX_ORDER - 1);
		check_buddy();
	}
}

/* Take every frame one by one, give them back in random order: fully merged again. */
static void test_exhaust_then_free_random(void **state)
{
	static struct page *v[MAX_FRAMES];
	unsigned long n = 0;
	struct snapshot s;

	(void)state;
	rng_state = 0x5eed0002;
	setup_buddy(0x777, 3000);
	assert_int_equal(buddy_add_range(&b, 0x777, 3000), 0);
	s = snap();
	while ((v[n] = alloc_checked(0)))
		n++;
	assert_int_equal(n, 3000);
	assert_int_equal(b.free_pages, 0);
	assert_int_equal(free_blocks_total(), 0);
	for (unsigned int o = 0; o < MAX_ORDER; o++)
		assert_null(buddy_alloc(&b, o));
	check_buddy();
	shuffle(v, n);
	for (unsigned long i = 0; i < n; i++) {
		free_checked(v[i], 0);
		if (i % 97 == 0)
			check_buddy();
	}
	assert_snap(&s);
	check_buddy();
}

/* Requests that cannot be met return NULL and change nothing. */
static void test_alloc_beyond_capacity(void **state)
{
	struct page *p, *q, *r;
	struct snapshot s;

	(void)state;
	setup_buddy(0, 1024);
	assert_int_equal(buddy_add_range(&b, 0, 1024), 0);
	p = alloc_checked(MAX_ORDER - 1);
	assert_non_null(p);
	s = snap();
	assert_null(buddy_alloc(&b, 0));
	assert_snap(&s);
	free_checked(p, MAX_ORDER - 1);

	/* Three frames: enough frames for order 2 but no such block. */
	setup_buddy(0, 8);
	assert_int_equal(buddy_add_range(&b, 0, 3), 0);
	s = snap();
	assert_null(buddy_alloc(&b, 2));
	assert_snap(&s);
	p = alloc_checked(1);
	assert_non_null(p);
	assert_int_equal(buddy_page_pfn(&b, p), 0);
	assert_null(buddy_alloc(&b, 1));
	q = alloc_checked(0);
	assert_non_null(q);
	assert_int_equal(buddy_page_pfn(&b, q), 2);
	r = buddy_alloc(&b, 0);
	assert_null(r);
	check_buddy();
	free_checked(q, 0);
	free_checked(p, 1);
	assert_snap(&s);
	check_buddy();
}

static void test_max_order_refused(void **state)
{
	struct snapshot s;
	struct page *p;

	(void)state;
	setup_buddy(0, 4096);
	assert_int_equal(buddy_add_range(&b, 0, 4096), 0);
	s = snap();
	assert_null(buddy_alloc(&b, MAX_ORDER));
	assert_null(buddy_alloc(&b, MAX_ORDER + 1));
	assert_null(buddy_alloc(&b, ~0U));
	assert_snap(&s);
	p = alloc_checked(MAX_ORDER - 1);
	assert_non_null(p);
	assert_int_equal(buddy_free(&b, p, MAX_ORDER), -EINVAL);
	assert_int_equal(buddy_free(&b, p, ~0U), -EINVAL);
	free_checked(p, MAX_ORDER - 1);
	assert_snap(&s);
	check_buddy();
}

/* Every refused free returns -EINVAL and leaves the allocator as it was. */
static void test_free_errors(void **state)
{
	static struct page *v[64];
	struct page *p;
	struct snapshot s;
	unsigned long n = 0;

	(void)state;
	setup_buddy(0x1000, 63);
	assert_int_equal(buddy_add_range(&b, 0x1000, 32), 0);	/* 0x1020.. reserved */
	p = alloc_checked(1);
	assert_non_null(p);
	s = snap();

	/* Misaligned: an order-1 block cannot start at an odd frame. */
	assert_int_equal(buddy_free(&b, p + 1, 1), -EINVAL);
	/* Out of range: the descriptors just outside the array. */
	assert_int_equal(buddy_free(&b, pages - 1, 0), -EINVAL);
	assert_int_equal(buddy_free(&b, pages - 2, 1), -EINVAL);
	assert_int_equal(buddy_free(&b, pages + 63, 0), -EINVAL);
	/* Reserved frames, alone or inside the block. */
	assert_int_equal(buddy_free(&b, page_at(0x1020), 0), -EINVAL);
	assert_int_equal(buddy_free(&b, page_at(0x103e), 0), -EINVAL);
	assert_int_equal(buddy_free(&b, page_at(0x1000), 6), -EINVAL);
	assert_snap(&s);
	check_buddy();

	/* Double free of a free block's head (order 1 and, after merging, order 0). */
	free_checked(p, 1);
	s = snap();
	assert_int_equal(buddy_free(&b, p, 1), -EINVAL);
	assert_int_equal(buddy_free(&b, p, 0), -EINVAL);
	assert_int_equal(buddy_free(&b, page_at(0x1000), 5), -EINVAL);
	assert_snap(&s);
	check_buddy();

	/*
	 * With every frame allocated, only the block's shape can be wrong:
	 * misaligned, or running past the last frame.
	 */
	setup_buddy(0x1000, 63);
	assert_int_equal(buddy_add_range(&b, 0x1000, 63), 0);
	while ((v[n] = alloc_checked(0)))
		n++;
	assert_int_equal(n, 63);
	s = snap();
	assert_int_equal(buddy_free(&b, page_at(0x1001), 1), -EINVAL);
	assert_int_equal(buddy_free(&b, page_at(0x1004), 3), -EINVAL);
	assert_int_equal(buddy_free(&b, page_at(0x1010), 5), -EINVAL);
	assert_int_equal(buddy_free(&b, page_at(0x103e), 1), -EINVAL);
	assert_int_equal(buddy_free(&b, page_at(0x1038), 3), -EINVAL);
	assert_snap(&s);
	for (unsigned long i = 0; i < n; i++)
		free_checked(v[i], 0);
	assert_int_equal(b.free_pages, 63);
	check_buddy();
}

/*
 * Regression: a frame that is free but not the head of its free block (it
 * merged into a larger block) has no flags of its own; freeing it again
 * must still be refused, or it would end up in two free blocks.
 */
static void test_double_free_inside_merged_block(void **state)
{
	struct page *p, *q;

	(void)state;
	setup_buddy(0, 2);
	assert_int_equal(buddy_add_range(&b, 0, 2), 0);
	p = alloc_checked(0);
	q = alloc_checked(0);
	assert_non_null(p);
	assert_non_null(q);
	free_checked(p, 0);
	free_checked(q, 0);		/* merges with p into one order-1 block */
	assert_int_equal(b.nr_free[1], 1);
	assert_int_equal(buddy_free(&b, page_at(1), 0), -EINVAL);
	assert_int_equal(b.free_pages, 2);
	check_buddy();
}

/* Reserved gaps between ranges stay reserved and no block spans them. */
static void test_holes_never_merge(void **state)
{
	static const unsigned long want_nr[MAX_ORDER] = { 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2 };
	static struct page *v[MAX_FRAMES];
	unsigned long n = 0;
	struct page *big[3];
	struct snapshot s;

	(void)state;
	rng_state = 0x5eed0003;
	setup_buddy(0, 4096);
	assert_int_equal(buddy_add_range(&b, 0, 1020), 0);	/* gap 1020..1023 */
	assert_int_equal(buddy_add_range(&b, 1024, 1024), 0);	/* gap 2048 */
	assert_int_equal(buddy_add_range(&b, 2049, 2047), 0);
	for (unsigned int o = 0; o < MAX_ORDER; o++)
		assert_int_equal(b.nr_free[o], want_nr[o]);
	assert_int_equal(b.free_pages, 4091);
	check_buddy();
	s = snap();

	/* Only two order-10 blocks exist, though 2043 frames remain after. */
	big[0] = alloc_checked(MAX_ORDER - 1);
	big[1] = alloc_checked(MAX_ORDER - 1);
	assert_non_null(big[0]);
	assert_non_null(big[1]);
	big[2] = buddy_alloc(&b, MAX_ORDER - 1);
	assert_null(big[2]);
	assert_int_equal(b.free_pages, 4091 - 2048);
	free_checked(big[0], MAX_ORDER - 1);
	free_checked(big[1], MAX_ORDER - 1);
	assert_snap(&s);

	while ((v[n] = alloc_checked(0)))
		n++;
	assert_int_equal(n, 4091);
	shuffle(v, n);
	for (unsigned long i = 0; i < n; i++)
		free_checked(v[i], 0);
	assert_snap(&s);
	check_buddy();
	for (pfn_t pfn = 1020; pfn < 1024; pfn++)
		assert_int_equal(page_at(pfn)->flags, PG_RESERVED);
	assert_int_equal(page_at(2048)->flags, PG_RESERVED);
}

/*
 * Thousands of random allocations and frees of orders 0..5 over two ranges
 * with a hole: blocks never overlap, accounting always balances, an
 * allocation fails only when no block of that order or larger is free, and
 * everything merges back at the end.
 */
static void test_random_mixed(void **state)
{
	static struct { struct page *p; unsigned int order; } lv[MAX_FRAMES];
	const pfn_t base = 0x3001;
	const unsigned long total = 3000 + 4990;
	unsigned long nlive = 0, live_frames = 0, fails = 0;
	struct snapshot s;

	(void)state;
	rng_state = 0x5eed0004;
	setup_buddy(base, 8000);
	assert_int_equal(buddy_add_range(&b, base, 3000), 0);
	assert_int_equal(buddy_add_range(&b, base + 3010, 4990), 0);
	s = snap();
	for (int op = 0; op < 40000; op++) {
		/* Lean to allocation early, to freeing late, to run full and empty. */
		bool do_alloc = nlive == 0 || rng() % 100 < (op < 20000 ? 60u : 40u);

		if (do_alloc) {
			unsigned int order = rng() % 6;
			struct page *p = alloc_checked(order);

			if (!p) {
				for (unsigned int o = order; o < MAX_ORDER; o++)
					assert_int_equal(b.nr_free[o], 0);
				fails++;
			} else {
				lv[nlive].p = p;
				lv[nlive].order = order;
				nlive++;
				live_frames += 1UL << order;
			}
		} else {
			unsigned long k = rng() % nlive;

			free_checked(lv[k].p, lv[k].order);
			live_frames -= 1UL << lv[k].order;
			lv[k] = lv[--nlive];
		}
		assert_int_equal(live_frames + b.free_pages, total);
		if (op % 1000 == 0)
			check_buddy();
	}
	assert_true(fails > 0);		/* the run did reach exhaustion */
	check_buddy();
	while (nlive) {
		nlive--;
		free_checked(lv[nlive].p, lv[nlive].order);
	}
	assert_snap(&s);
	check_buddy();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_all_reserved),
		cmocka_unit_test(test_add_range_maximal_blocks),
		cmocka_unit_test(test_add_range_random_ranges),
		cmocka_unit_test(test_add_range_errors),
		cmocka_unit_test(test_alloc_natural_alignment),
		cmocka_unit_test(test_split_then_free_coalesces),
		cmocka_unit_test(test_exhaust_then_free_random),
		cmocka_unit_test(test_alloc_beyond_capacity),
		cmocka_unit_test(test_max_order_refused),
		cmocka_unit_test(test_free_errors),
		cmocka_unit_test(test_double_free_inside_merged_block),
		cmocka_unit_test(test_holes_never_merge),
		cmocka_unit_test(test_random_mixed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
