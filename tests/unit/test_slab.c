/*
 * Unit tests for core/slab.c. The page supplier below hands out naturally
 * aligned blocks from aligned_alloc(), filled with garbage, remembers each
 * one with its order (so a wrong-order or unknown free fails the test),
 * checks that it is called with no lock held, and can be told to fail.
 * Every test must give every slab back. Panics are caught through the
 * shim's core/panic.h (expect_assert_failure).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include <core/slab.h>
#include <lib/string.h>
#include <mica/errno.h>
#include "test_rng.h"

#define MAX_TRACKED 4096
#define QUARANTINE_MAX 64

/* Mirrors slab.c's private SLAB_MIN_OBJS and SLAB_MAX_ORDER. */
#define MIN_OBJS 8
#define MAX_SLAB_ORDER 3

static struct { void *addr; unsigned int order; } tracked[MAX_TRACKED];
static unsigned long nr_tracked;	/* slabs handed out and not returned */
static unsigned long alloc_calls, free_calls;
static bool fail_allocs;		/* slab_pages_alloc() returns NULL */
static unsigned int fail_percent;	/* ... or fails this often, at random */
/* Keep returned slabs readable (poisoned) instead of freeing them. */
static bool quarantine;
static void *quarantined[QUARANTINE_MAX];
static unsigned int nr_quarantined;

void *slab_pages_alloc(unsigned int order)
{
	size_t bytes = PAGE_SIZE << order;
	void *p;

	assert_int_equal(shim_spin_held, 0);
	assert_true(order <= MAX_SLAB_ORDER);
	alloc_calls++;
	if (fail_allocs || (fail_percent && rng() % 100 < fail_percent))
		return NULL;
	assert_true(nr_tracked < MAX_TRACKED);
	p = aligned_alloc(bytes, bytes);
	assert_non_null(p);
	memset(p, 0xa5, bytes);		/* slab.c must not rely on zeroed pages */
	tracked[nr_tracked].addr = p;
	tracked[nr_tracked].order = order;
	nr_tracked++;
	return p;
}

void slab_pages_free(void *addr, unsigned int order)
{
	unsigned long i;

	assert_int_equal(shim_spin_held, 0);
	for (i = 0; i < nr_tracked && tracked[i].addr != addr; i++)
		;
	assert_true(i < nr_tracked);		/* handed out by us, not yet returned */
	assert_int_equal(tracked[i].order, order);
	tracked[i] = tracked[--nr_tracked];
	free_calls++;
	memset(addr, 0x6b, PAGE_SIZE << order);
	if (quarantine && nr_quarantined < QUARANTINE_MAX)
		quarantined[nr_quarantined++] = addr;
	else
		free(addr);
}

static bool tracked_slab(const void *addr, unsigned int order)
{
	for (unsigned long i = 0; i < nr_tracked; i++)
		if (tracked[i].addr == addr)
			return tracked[i].order == order;
	return false;
}

static int reset_supplier(void **state)
{
	(void)state;
	nr_tracked = 0;
	alloc_calls = free_calls = 0;
	fail_allocs = false;
	fail_percent = 0;
	quarantine = false;
	nr_quarantined = 0;
	return 0;
}

/* Release whatever a failed test left behind, so that LeakSanitizer stays quiet. */
static int release_all(void **state)
{
	(void)state;
	while (nr_tracked)
		free(tracked[--nr_tracked].addr);
	while (nr_quarantined)
		free(quarantined[--nr_quarantined]);
	shim_spin_held = 0;
	return 0;
}

static size_t slab_bytes(const struct kmem_cache *c)
{
	return PAGE_SIZE << c->order;
}

static unsigned long list_count(const struct list_head *head)
{
	unsigned long n = 0;

	for (const struct list_head *e = head->next; e != head; e = e->next)
		n++;
	return n;
}

/* obj is on an object boundary of slab s of cache c. */
static void check_obj_in_slab(const struct kmem_cache *c, const struct slab *s, const void *obj)
{
	uintptr_t off = (uintptr_t)obj - (uintptr_t)s;

	assert_true((uintptr_t)obj > (uintptr_t)s);
	assert_true(off >= c->first_obj);
	assert_int_equal((off - c->first_obj) % c->obj_size, 0);
	assert_true(off + c->obj_size <= slab_bytes(c));
}

static void check_slab(const struct kmem_cache *c, const struct slab *s)
{
	u32 nfree = 0;

	assert_int_equal(s->magic, SLAB_MAGIC);
	assert_ptr_equal(s->cache, c);
	assert_int_equal((uintptr_t)s % slab_bytes(c), 0);
	assert_true(tracked_slab(s, c->order));
	for (void *o = s->freelist; o; o = *(void **)o) {
		check_obj_in_slab(c, s, o);
		assert_true(++nfree <= c->objs_per_slab);	/* no cycle */
	}
	assert_int_equal(nfree + s->inuse, c->objs_per_slab);
}

/*
 * The cache's invariants: partial slabs have both free and used objects,
 * full ones none free, at most one empty slab is kept, and the counters
 * match the lists.
 */
static void check_cache(const struct kmem_cache *c)
{
	unsigned long slabs = 0, active = 0;
	struct slab *s;

	assert_false(spin_is_locked(&c->lock));
	list_for_each_entry(s, &c->partial, link) {
		check_slab(c, s);
		assert_true(s->inuse > 0 && s->inuse < c->objs_per_slab);
		slabs++;
		active += s->inuse;
	}
	list_for_each_entry(s, &c->full, link) {
		check_slab(c, s);
		assert_int_equal(s->inuse, c->objs_per_slab);
		assert_null(s->freelist);
		slabs++;
		active += s->inuse;
	}
	assert_true(list_count(&c->empty) <= 1);
	list_for_each_entry(s, &c->empty, link) {
		check_slab(c, s);
		assert_int_equal(s->inuse, 0);
		slabs++;
	}
	assert_int_equal(slabs, c->nr_slabs);
	assert_int_equal(active, c->nr_active);
}

/* Allocate, and check the object lies on an object boundary of a slab of c. */
static void *alloc_checked(struct kmem_cache *c, size_t align)
{
	void *obj = kmem_cache_alloc(c);
	struct slab *s;

	assert_non_null(obj);
	assert_int_equal((uintptr_t)obj % align, 0);
	s = slab_of(obj, c->order);
	assert_non_null(s);
	assert_ptr_equal(s, (void *)((uintptr_t)obj & ~(slab_bytes(c) - 1)));
	assert_ptr_equal(s->cache, c);
	check_obj_in_slab(c, s, obj);
	return obj;
}

static void destroy_checked(struct kmem_cache *c)
{
	check_cache(c);
	assert_int_equal(kmem_cache_destroy(c), 0);
	assert_int_equal(c->nr_slabs, 0);
}

static void test_init_rejects_bad_args(void **state)
{
	struct kmem_cache c;

	(void)state;
	assert_int_equal(kmem_cache_init(&c, "zero", 0, 8), -EINVAL);
	assert_int_equal(kmem_cache_init(&c, "big", (PAGE_SIZE << MAX_SLAB_ORDER) / 2 + 1, 8),
			 -EINVAL);
	assert_int_equal(kmem_cache_init(&c, "huge", 1UL << 30, 8), -EINVAL);
	assert_int_equal(kmem_cache_init(&c, "huge", ~(size_t)0, 8), -EINVAL);
	assert_int_equal(kmem_cache_init(&c, "align3", 64, 3), -EINVAL);
	assert_int_equal(kmem_cache_init(&c, "align12", 64, 12), -EINVAL);
	assert_int_equal(kmem_cache_init(&c, "align-big", 64, 2 * PAGE_SIZE), -EINVAL);
	assert_int_equal(kmem_cache_init(&c, "align-odd", 64, PAGE_SIZE + 1), -EINVAL);

	/* The limits themselves are fine. */
	assert_int_equal(kmem_cache_init(&c, "max", (PAGE_SIZE << MAX_SLAB_ORDER) / 2, 8), 0);
	destroy_checked(&c);
	assert_int_equal(kmem_cache_init(&c, "page-aligned", 64, PAGE_SIZE), 0);
	destroy_checked(&c);
	assert_int_equal(alloc_calls, 0);
}

/* obj_size is the size rounded up to the alignment (at least a pointer's). */
static void test_init_rounding(void **state)
{
	static const struct { size_t size, align; u32 obj_size; } t[] = {
		{ 1, 1, 8 }, { 1, 8, 8 }, { 8, 2, 8 }, { 13, 8, 16 }, { 24, 16, 32 },
		{ 40, 32, 64 }, { 100, 64, 128 }, { 256, 8, 256 }, { 2000, 8, 2000 },
		{ 3000, PAGE_SIZE, PAGE_SIZE }, { 16384, 8, 16384 }, { 5, 4096, 4096 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		size_t align = t[i].align < sizeof(void *) ? sizeof(void *) : t[i].align;
		struct kmem_cache c;

		assert_int_equal(kmem_cache_init(&c, "round", t[i].size, t[i].align), 0);
		assert_int_equal(c.obj_size, t[i].obj_size);
		assert_int_equal(c.first_obj % align, 0);
		assert_true(c.first_obj >= sizeof(struct slab));
		assert_true(c.first_obj < sizeof(struct slab) + align);
		assert_true(c.order <= MAX_SLAB_ORDER);
		assert_int_equal(c.objs_per_slab, (slab_bytes(&c) - c.first_obj) / c.obj_size);
		assert_true(c.objs_per_slab >= 1);
		/* The smallest order holding MIN_OBJS objects, if any does. */
		assert_true(c.objs_per_slab >= MIN_OBJS || c.order == MAX_SLAB_ORDER);
		if (c.order)
			assert_true(((PAGE_SIZE << (c.order - 1)) - c.first_obj) / c.obj_size <
				    MIN_OBJS);
		destroy_checked(&c);
	}
	/* Two worked cases: 2000-byte objects need order 2; 16 KiB ones get 1 per slab. */
	{
		struct kmem_cache c;

		assert_int_equal(kmem_cache_init(&c, "2000", 2000, 8), 0);
		assert_int_equal(c.order, 2);
		assert_int_equal(c.objs_per_slab, ((PAGE_SIZE << 2) - c.first_obj) / 2000);
		assert_int_equal(kmem_cache_init(&c, "16k", 16384, 8), 0);
		assert_int_equal(c.order, 3);
		assert_int_equal(c.objs_per_slab, 1);
	}
}

static int cmp_ptr(const void *a, const void *b)
{
	uintptr_t x = *(const uintptr_t *)a, y = *(const uintptr_t *)b;

	return x < y ? -1 : x > y;
}

/* Objects are distinct, aligned, whole objects of live slabs, and do not overlap. */
static void test_alloc_distinct_aligned(void **state)
{
	static void *v[512];
	struct kmem_cache c;
	unsigned long n;

	(void)state;
	assert_int_equal(kmem_cache_init(&c, "obj40", 40, 32), 0);
	assert_int_equal(c.obj_size, 64);
	n = 3 * c.objs_per_slab + 1;
	assert_true(n <= 512);
	for (unsigned long i = 0; i < n; i++) {
		v[i] = alloc_checked(&c, 32);
		memset(v[i], (int)(i & 0xff), c.obj_size);
	}
	assert_int_equal(c.nr_slabs, 4);
	check_cache(&c);
	for (unsigned long i = 0; i < n; i++)
		for (u32 j = 0; j < c.obj_size; j++)
			assert_int_equal(((unsigned char *)v[i])[j], i & 0xff);
	qsort(v, n, sizeof(v[0]), cmp_ptr);
	for (unsigned long i = 1; i < n; i++)
		assert_true((uintptr_t)v[i] >= (uintptr_t)v[i - 1] + c.obj_size);
	for (unsigned long i = 0; i < n; i++)
		kmem_cache_free(&c, v[i]);
	destroy_checked(&c);
	assert_int_equal(nr_tracked, 0);
}

/* nr_active counts objects out, nr_slabs slabs held; a new slab only when all are full. */
static void test_accounting(void **state)
{
	static void *v[64];
	struct kmem_cache c;
	u32 per;

	(void)state;
	assert_int_equal(kmem_cache_init(&c, "acct", 256, 8), 0);
	per = c.objs_per_slab;
	assert_true(per >= 2 && per + 1 <= 64);
	v[0] = alloc_checked(&c, 8);
	assert_int_equal(c.nr_active, 1);
	assert_int_equal(c.nr_slabs, 1);
	assert_int_equal(nr_tracked, 1);
	for (u32 i = 1; i < per; i++)
		v[i] = alloc_checked(&c, 8);
	assert_int_equal(c.nr_active, per);
	assert_int_equal(c.nr_slabs, 1);
	assert_int_equal(list_count(&c.full), 1);
	assert_true(list_empty(&c.partial));
	check_cache(&c);

	v[per] = alloc_checked(&c, 8);		/* all full: second slab */
	assert_int_equal(c.nr_active, per + 1);
	assert_int_equal(c.nr_slabs, 2);
	assert_int_equal(nr_tracked, 2);
	assert_ptr_not_equal(slab_of(v[per], c.order), slab_of(v[0], c.order));
	check_cache(&c);

	kmem_cache_free(&c, v[0]);		/* full slab becomes partial */
	assert_int_equal(c.nr_active, per);
	assert_int_equal(list_count(&c.partial), 2);
	check_cache(&c);
	v[0] = alloc_checked(&c, 8);		/* reuses a free slot */
	assert_int_equal(c.nr_slabs, 2);
	assert_int_equal(alloc_calls, 2);
	check_cache(&c);

	assert_int_equal(kmem_cache_destroy(&c), -EBUSY);
	for (u32 i = 0; i <= per; i++) {
		kmem_cache_free(&c, v[i]);
		assert_int_equal(c.nr_active, per - i);
		check_cache(&c);
	}
	destroy_checked(&c);
	assert_int_equal(nr_tracked, 0);
}

/* Freeing the last object keeps one empty slab; further empty slabs go back. */
static void test_free_keeps_one_empty_slab(void **state)
{
	static void *v[3][64];
	struct kmem_cache c;
	u32 per;

	(void)state;
	assert_int_equal(kmem_cache_init(&c, "empty", 512, 8), 0);
	per = c.objs_per_slab;
	assert_true(per <= 64);
	for (int s = 0; s < 3; s++)
		for (u32 i = 0; i < per; i++)
			v[s][i] = alloc_checked(&c, 8);
	assert_int_equal(nr_tracked, 3);
	for (int s = 0; s < 3; s++) {
		for (u32 i = 0; i < per; i++)
			kmem_cache_free(&c, v[s][i]);
		/* The first empty slab is kept; the next ones are released. */
		assert_int_equal(c.nr_slabs, s == 0 ? 3 : 3 - s);
		assert_int_equal(nr_tracked, c.nr_slabs);
		assert_int_equal(free_calls, (unsigned long)s);
		assert_int_equal(list_count(&c.empty), 1);
		check_cache(&c);
	}
	assert_int_equal(c.nr_active, 0);
	assert_int_equal(c.nr_slabs, 1);

	/* The kept slab serves the next allocation. */
	v[0][0] = alloc_checked(&c, 8);
	assert_int_equal(alloc_calls, 3);
	assert_int_equal(c.nr_slabs, 1);
	assert_true(list_empty(&c.empty));
	check_cache(&c);
	kmem_cache_free(&c, v[0][0]);
	assert_int_equal(nr_tracked, 1);
	destroy_checked(&c);
	assert_int_equal(nr_tracked, 0);
}

/* shrink returns the empty slab and leaves used ones alone. */
static void test_shrink(void **state)
{
	static void *v[200];
	struct kmem_cache c;
	unsigned long n;
	void *keep;

	(void)state;
	assert_int_equal(kmem_cache_init(&c, "shrink", 128, 8), 0);
	assert_int_equal(c.order, 0);
	n = 2 * c.objs_per_slab + 1;
	assert_true(n <= 200);
	for (unsigned long i = 0; i < n; i++)
		v[i] = alloc_checked(&c, 8);
	assert_int_equal(c.nr_slabs, 3);
	assert_int_equal(kmem_cache_shrink(&c), 0);	/* nothing empty */
	assert_int_equal(c.nr_slabs, 3);
	for (unsigned long i = 0; i < n; i++)
		kmem_cache_free(&c, v[i]);
	assert_int_equal(c.nr_slabs, 1);
	assert_int_equal(kmem_cache_shrink(&c), 1);
	assert_int_equal(c.nr_slabs, 0);
	assert_int_equal(nr_tracked, 0);
	assert_int_equal(kmem_cache_shrink(&c), 0);
	check_cache(&c);

	/* A partial slab survives a shrink, and its object stays intact. */
	keep = alloc_checked(&c, 8);
	memset(keep, 0x3c, c.obj_size);
	assert_int_equal(kmem_cache_shrink(&c), 0);
	assert_int_equal(c.nr_slabs, 1);
	assert_int_equal(((unsigned char *)keep)[c.obj_size - 1], 0x3c);
	check_cache(&c);
	kmem_cache_free(&c, keep);
	destroy_checked(&c);
	assert_int_equal(nr_tracked, 0);
}

/* destroy refuses while objects live and changes nothing; after, every page is back. */
static void test_destroy_busy(void **state)
{
	struct kmem_cache c;
	void *a, *b;

	(void)state;
	assert_int_equal(kmem_cache_init(&c, "destroy", 2000, 8), 0);
	a = alloc_checked(&c, 8);
	b = alloc_checked(&c, 8);
	assert_int_equal(kmem_cache_destroy(&c), -EBUSY);
	assert_int_equal(c.nr_slabs, 1);
	assert_int_equal(c.nr_active, 2);
	check_cache(&c);
	kmem_cache_free(&c, a);
	assert_int_equal(kmem_cache_destroy(&c), -EBUSY);
	check_cache(&c);
	kmem_cache_free(&c, b);
	assert_int_equal(kmem_cache_destroy(&c), 0);
	assert_int_equal(c.nr_slabs, 0);
	assert_int_equal(nr_tracked, 0);
	assert_int_equal(free_calls, alloc_calls);
}

/* slab_of finds the header from anywhere in an object; plain memory has none. */
static void test_slab_of(void **state)
{
	static const size_t sizes[] = { 64, 2000, 16384 };
	void *plain;

	(void)state;
	for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		struct kmem_cache c;
		void *v[9];
		u32 n;

		assert_int_equal(kmem_cache_init(&c, "slab_of", sizes[k], 8), 0);
		n = c.objs_per_slab < 9 ? c.objs_per_slab : 9;
		for (u32 i = 0; i < n; i++) {
			struct slab *s;

			v[i] = alloc_checked(&c, 8);
			s = slab_of(v[i], c.order);
			assert_ptr_equal(slab_of((char *)v[i] + c.obj_size - 1, c.order), s);
			assert_int_equal(s->magic, SLAB_MAGIC);
			assert_ptr_equal(s->cache, &c);
			assert_int_equal(s->inuse, i + 1);
		}
		for (u32 i = 0; i < n; i++)
			kmem_cache_free(&c, v[i]);
		destroy_checked(&c);
	}
	plain = aligned_alloc(PAGE_SIZE, PAGE_SIZE);
	assert_non_null(plain);
	memset(plain, 0, PAGE_SIZE);
	assert_null(slab_of((char *)plain + 100, 0));
	free(plain);
	assert_int_equal(nr_tracked, 0);
}

static bool panicked_with(const char *what)
{
	return global_last_failed_assert && strstr(global_last_failed_assert, what);
}

/* Freeing an object twice panics (the slab is then empty, kept). */
static void test_double_free_detected(void **state)
{
	struct kmem_cache c;
	void *a;

	(void)state;
	assert_int_equal(kmem_cache_init(&c, "dfree", 64, 8), 0);
	a = alloc_checked(&c, 8);
	kmem_cache_free(&c, a);
	expect_assert_failure(kmem_cache_free(&c, a));
	assert_true(panicked_with("double free"));
	shim_spin_reset(&c.lock);
	assert_int_equal(c.nr_active, 0);
	destroy_checked(&c);
	assert_int_equal(nr_tracked, 0);
}

/* A double free into a slab already given back finds no slab there. */
static void test_double_free_after_release_detected(void **state)
{
	static void *v[2][64];
	struct kmem_cache c;
	u32 per;

	(void)state;
	quarantine = true;	/* the released slab stays readable, as RAM would */
	assert_int_equal(kmem_cache_init(&c, "dfree2", 512, 8), 0);
	per = c.objs_per_slab;
	assert_true(per <= 64);
	for (int s = 0; s < 2; s++)
		for (u32 i = 0; i < per; i++)
			v[s][i] = alloc_checked(&c, 8);
	for (int s = 0; s < 2; s++)
		for (u32 i = 0; i < per; i++)
			kmem_cache_free(&c, v[s][i]);
	assert_int_equal(free_calls, 1);	/* the second slab was released */
	expect_assert_failure(kmem_cache_free(&c, v[1][3]));
	assert_true(panicked_with("not an object"));
	shim_spin_reset(&c.lock);
	check_cache(&c);
	destroy_checked(&c);
	assert_int_equal(nr_tracked, 0);
}

/*
 * Regression: a double free must be caught even while a neighbour in the
 * same slab is live; otherwise the object would be on the free list twice
 * and later handed out twice.
 */
static void test_double_free_with_live_neighbour(void **state)
{
	struct kmem_cache c;
	void *a, *b;

	(void)state;
	assert_int_equal(kmem_cache_init(&c, "dfree3", 64, 8), 0);
	a = alloc_checked(&c, 8);
	b = alloc_checked(&c, 8);
	kmem_cache_free(&c, a);
	expect_assert_failure(kmem_cache_free(&c, a));
	assert_true(panicked_with("double free"));
	shim_spin_reset(&c.lock);
	assert_int_equal(c.nr_active, 1);
	check_cache(&c);
	kmem_cache_free(&c, b);
	destroy_checked(&c);
}

/* Pointers that are not objects of the cache panic and change nothing. */
static void test_foreign_pointer_detected(void **state)
{
	struct kmem_cache a, b, big;
	void *oa, *ob, *obig[4];
	struct slab *sa;

	(void)state;
	assert_int_equal(kmem_cache_init(&a, "a", 64, 8), 0);
	assert_int_equal(kmem_cache_init(&b, "b", 64, 8), 0);
	assert_int_equal(kmem_cache_init(&big, "big", 2000, 8), 0);
	assert_true(a.order == 0 && b.order == 0 && big.order > 0);
	oa = alloc_checked(&a, 8);
	ob = alloc_checked(&b, 8);
	for (int i = 0; i < 4; i++)
		obig[i] = alloc_checked(&big, 8);
	sa = slab_of(oa, a.order);

	/* Another cache's object. */
	expect_assert_failure(kmem_cache_free(&b, oa));
	assert_true(panicked_with("not an object"));
	expect_assert_failure(kmem_cache_free(&a, ob));
	assert_true(panicked_with("not an object"));
	/* An object of a cache with larger slabs, given to an order-0 cache. */
	for (volatile int i = 0; i < 4; i++) {	/* volatile: kept across the longjmp */
		expect_assert_failure(kmem_cache_free(&a, obig[i]));
		assert_true(panicked_with("not an object"));
	}
	/* Inside an object, or inside the slab header. */
	expect_assert_failure(kmem_cache_free(&a, (char *)oa + 1));
	assert_true(panicked_with("not an object"));
	expect_assert_failure(kmem_cache_free(&a, (char *)oa + a.obj_size / 2));
	assert_true(panicked_with("not an object"));
	expect_assert_failure(kmem_cache_free(&a, (char *)sa + sizeof(void *)));
	assert_true(panicked_with("not an object"));
	expect_assert_failure(kmem_cache_free(&a, sa));
	assert_true(panicked_with("not an object"));

	shim_spin_reset(&a.lock);
	shim_spin_reset(&b.lock);
	shim_spin_reset(&big.lock);
	assert_int_equal(a.nr_active, 1);
	assert_int_equal(b.nr_active, 1);
	assert_int_equal(big.nr_active, 4);
	check_cache(&a);
	check_cache(&b);
	check_cache(&big);
	kmem_cache_free(&a, oa);
	kmem_cache_free(&b, ob);
	for (int i = 0; i < 4; i++)
		kmem_cache_free(&big, obig[i]);
	destroy_checked(&a);
	destroy_checked(&b);
	destroy_checked(&big);
	assert_int_equal(nr_tracked, 0);
}

/* A failing page supplier makes alloc return NULL and leaves the cache intact. */
static void test_out_of_memory(void **state)
{
	static void *v[64];
	struct kmem_cache c;
	u32 per;
	void *p;

	(void)state;
	assert_int_equal(kmem_cache_init(&c, "oom", 512, 8), 0);
	per = c.objs_per_slab;
	assert_true(per <= 64);

	fail_allocs = true;
	assert_null(kmem_cache_alloc(&c));
	assert_int_equal(alloc_calls, 1);
	assert_int_equal(c.nr_active, 0);
	assert_int_equal(c.nr_slabs, 0);
	assert_int_equal(shim_spin_held, 0);
	check_cache(&c);

	fail_allocs = false;
	for (u32 i = 0; i < per; i++) {
		v[i] = alloc_checked(&c, 8);
		memset(v[i], (int)i, c.obj_size);
	}
	fail_allocs = true;			/* the only slab is full */
	assert_null(kmem_cache_alloc(&c));
	assert_null(kmem_cache_alloc(&c));
	assert_int_equal(c.nr_active, per);
	assert_int_equal(c.nr_slabs, 1);
	assert_int_equal(shim_spin_held, 0);
	check_cache(&c);
	for (u32 i = 0; i < per; i++)
		assert_int_equal(((unsigned char *)v[i])[c.obj_size - 1], i & 0xff);

	/* A freed slot is served without the supplier. */
	kmem_cache_free(&c, v[5]);
	p = alloc_checked(&c, 8);
	assert_ptr_equal(p, v[5]);
	assert_int_equal(c.nr_slabs, 1);

	fail_allocs = false;
	v[per] = alloc_checked(&c, 8);
	assert_int_equal(c.nr_slabs, 2);
	check_cache(&c);
	for (u32 i = 0; i <= per; i++)
		kmem_cache_free(&c, v[i]);
	destroy_checked(&c);
	assert_int_equal(nr_tracked, 0);
}

/*
 * Random allocations and frees over caches of several sizes, orders and
 * alignments, with the supplier failing now and then: objects never overlap
 * (each keeps its fill pattern), and counters and lists stay consistent.
 */
static void test_random(void **state)
{
	static const struct { size_t size, align; } spec[] = {
		{ 8, 8 }, { 24, 8 }, { 200, 64 }, { 1000, 16 }, { 3000, 8 }, { 9000, 512 },
	};
	enum { NC = sizeof(spec) / sizeof(spec[0]), MAXLIVE = 3000 };
	static struct { void *p; unsigned int c; unsigned char tag; } lv[MAXLIVE];
	static struct kmem_cache caches[NC];
	unsigned long nlive = 0, nulls = 0, per_cache[NC] = { 0 };

	(void)state;
	rng_state = 0x5eed51ab;
	for (unsigned int k = 0; k < NC; k++)
		assert_int_equal(kmem_cache_init(&caches[k], "rand", spec[k].size, spec[k].align), 0);
	fail_percent = 3;
	for (int op = 0; op < 60000; op++) {
		bool do_alloc = nlive == 0 ||
				(nlive < MAXLIVE && rng() % 100 < (op % 20000 < 12000 ? 60u : 35u));

		if (do_alloc) {
			unsigned int k = rng() % NC;
			struct kmem_cache *c = &caches[k];
			unsigned long before = c->nr_slabs;
			void *p = kmem_cache_alloc(c);

			if (!p) {
				/* Only when a new slab was needed and the supplier said no. */
				assert_true(list_empty(&c->partial) && list_empty(&c->empty));
				assert_int_equal(c->nr_slabs, before);
				nulls++;
				continue;
			}
			assert_int_equal((uintptr_t)p % spec[k].align, 0);
			assert_ptr_equal(slab_of(p, c->order)->cache, c);
			check_obj_in_slab(c, slab_of(p, c->order), p);
			lv[nlive].p = p;
			lv[nlive].c = k;
			lv[nlive].tag = (unsigned char)rng();
			memset(p, lv[nlive].tag, c->obj_size);
			nlive++;
			per_cache[k]++;
		} else {
			unsigned long i = rng() % nlive;
			struct kmem_cache *c = &caches[lv[i].c];
			unsigned char *o = lv[i].p;

			for (u32 j = 0; j < c->obj_size; j++)
				assert_int_equal(o[j], lv[i].tag);
			kmem_cache_free(c, o);
			per_cache[lv[i].c]--;
			lv[i] = lv[--nlive];
		}
		if (op % 5000 == 4999)
			kmem_cache_shrink(&caches[rng() % NC]);
		if (op % 1000 == 0) {
			unsigned long slabs = 0;

			for (unsigned int k = 0; k < NC; k++) {
				check_cache(&caches[k]);
				assert_int_equal(caches[k].nr_active, per_cache[k]);
				slabs += caches[k].nr_slabs;
			}
			assert_int_equal(slabs, nr_tracked);
		}
	}
	assert_true(nulls > 0);
	fail_percent = 0;
	while (nlive) {
		nlive--;
		kmem_cache_free(&caches[lv[nlive].c], lv[nlive].p);
	}
	for (unsigned int k = 0; k < NC; k++)
		destroy_checked(&caches[k]);
	assert_int_equal(nr_tracked, 0);
	assert_int_equal(free_calls, alloc_calls - nulls);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, reset_supplier, release_all)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_init_rejects_bad_args),
		T(test_init_rounding),
		T(test_alloc_distinct_aligned),
		T(test_accounting),
		T(test_free_keeps_one_empty_slab),
		T(test_shrink),
		T(test_destroy_busy),
		T(test_slab_of),
		T(test_double_free_detected),
		T(test_double_free_after_release_detected),
		T(test_double_free_with_live_neighbour),
		T(test_foreign_pointer_detected),
		T(test_out_of_memory),
		T(test_random),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
