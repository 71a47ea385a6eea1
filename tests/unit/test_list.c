/* Unit tests for include/lib/list.h, built with its debug link checks on. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#define CONFIG_LIST_DEBUG 1
#include <lib/list.h>
#include <lib/string.h>

struct item {
	int val;
	struct list_head link;
};

/* The debug hook: remember the report instead of panicking. */
static int corrupt_count;
static const char *corrupt_what;
static const void *corrupt_entry;

void list_corrupt(const char *what, const void *entry)
{
	corrupt_count++;
	corrupt_what = what;
	corrupt_entry = entry;
}

static int reset_corrupt(void **state)
{
	(void)state;
	corrupt_count = 0;
	corrupt_what = NULL;
	corrupt_entry = NULL;
	return 0;
}

/* Check the list holds exactly vals in order, walking both directions. */
static void expect_list(struct list_head *head, const int *vals, int n)
{
	struct item *it;
	int i = 0;

	list_for_each_entry(it, head, link) {
		assert_true(i < n);
		assert_int_equal(it->val, vals[i]);
		assert_ptr_equal(it->link.next->prev, &it->link);
		assert_ptr_equal(it->link.prev->next, &it->link);
		i++;
	}
	assert_int_equal(i, n);
	list_for_each_entry_reverse(it, head, link) {
		i--;
		assert_int_equal(it->val, vals[i]);
	}
	assert_int_equal(i, 0);
	assert_int_equal(list_empty(head), n == 0);
	assert_int_equal(list_is_singular(head), n == 1);
}

static void test_init_empty(void **state)
{
	LIST_HEAD(head);
	struct list_head dyn;

	(void)state;
	assert_true(list_empty(&head));
	assert_false(list_is_singular(&head));
	INIT_LIST_HEAD(&dyn);
	assert_true(list_empty(&dyn));
	assert_null(list_first_entry_or_null(&head, struct item, link));
	expect_list(&head, NULL, 0);
}

static void test_add_order(void **state)
{
	LIST_HEAD(head);
	struct item a = { .val = 1 }, b = { .val = 2 }, c = { .val = 3 }, d = { .val = 4 };

	(void)state;
	list_add_tail(&b.link, &head);
	expect_list(&head, (int[]){ 2 }, 1);
	list_add_tail(&c.link, &head);
	list_add(&a.link, &head);
	list_add_tail(&d.link, &head);
	expect_list(&head, (int[]){ 1, 2, 3, 4 }, 4);
	assert_ptr_equal(list_first_entry(&head, struct item, link), &a);
	assert_ptr_equal(list_last_entry(&head, struct item, link), &d);
	assert_ptr_equal(list_first_entry_or_null(&head, struct item, link), &a);
	assert_ptr_equal(list_next_entry(&b, link), &c);
	assert_ptr_equal(list_prev_entry(&b, link), &a);
	assert_true(list_is_first(&a.link, &head));
	assert_true(list_is_last(&d.link, &head));
	assert_false(list_is_last(&c.link, &head));
	assert_int_equal(corrupt_count, 0);
}

static void test_del(void **state)
{
	LIST_HEAD(head);
	struct item a = { .val = 1 }, b = { .val = 2 }, c = { .val = 3 };

	(void)state;
	list_add_tail(&a.link, &head);
	list_add_tail(&b.link, &head);
	list_add_tail(&c.link, &head);
	list_del(&b.link);
	assert_ptr_equal(b.link.next, LIST_POISON1);
	assert_ptr_equal(b.link.prev, LIST_POISON2);
	expect_list(&head, (int[]){ 1, 3 }, 2);
	list_del_init(&a.link);
	assert_true(list_empty(&a.link));
	expect_list(&head, (int[]){ 3 }, 1);
	list_del_init(&c.link);
	expect_list(&head, NULL, 0);
	/* A self-linked (del_init'ed) entry can be deleted again harmlessly. */
	list_del_init(&c.link);
	assert_true(list_empty(&c.link));
	assert_int_equal(corrupt_count, 0);
}

static void test_move_and_replace(void **state)
{
	LIST_HEAD(h1);
	LIST_HEAD(h2);
	struct item a = { .val = 1 }, b = { .val = 2 }, c = { .val = 3 }, r = { .val = 9 };

	(void)state;
	list_add_tail(&a.link, &h1);
	list_add_tail(&b.link, &h1);
	list_add_tail(&c.link, &h1);
	list_move(&c.link, &h1);
	expect_list(&h1, (int[]){ 3, 1, 2 }, 3);
	list_move_tail(&c.link, &h1);
	expect_list(&h1, (int[]){ 1, 2, 3 }, 3);
	list_move_tail(&a.link, &h2);
	list_move(&b.link, &h2);
	expect_list(&h1, (int[]){ 3 }, 1);
	expect_list(&h2, (int[]){ 2, 1 }, 2);
	list_replace(&b.link, &r.link);
	expect_list(&h2, (int[]){ 9, 1 }, 2);
	assert_int_equal(corrupt_count, 0);
}

static void test_splice(void **state)
{
	LIST_HEAD(h1);
	LIST_HEAD(h2);
	struct item it[6];

	(void)state;
	for (int i = 0; i < 6; i++) {
		it[i].val = i;
		list_add_tail(&it[i].link, i < 3 ? &h1 : &h2);
	}
	list_splice_tail_init(&h2, &h1);
	expect_list(&h1, (int[]){ 0, 1, 2, 3, 4, 5 }, 6);
	expect_list(&h2, NULL, 0);
	list_splice_tail_init(&h2, &h1);	/* empty: no-op */
	expect_list(&h1, (int[]){ 0, 1, 2, 3, 4, 5 }, 6);

	list_move_tail(&it[0].link, &h2);
	list_move_tail(&it[1].link, &h2);
	list_splice_init(&h2, &h1);
	expect_list(&h1, (int[]){ 0, 1, 2, 3, 4, 5 }, 6);
	assert_true(list_empty(&h2));
	assert_int_equal(corrupt_count, 0);
}

static void test_iterate_safe_delete(void **state)
{
	LIST_HEAD(head);
	struct item it[10], *pos, *n;
	struct list_head *p, *q;
	int count = 0;

	(void)state;
	for (int i = 0; i < 10; i++) {
		it[i].val = i;
		list_add_tail(&it[i].link, &head);
	}
	/* Delete every odd entry while iterating. */
	list_for_each_entry_safe(pos, n, &head, link) {
		if (pos->val & 1)
			list_del(&pos->link);
	}
	expect_list(&head, (int[]){ 0, 2, 4, 6, 8 }, 5);

	list_for_each(p, &head)
		count++;
	assert_int_equal(count, 5);
	list_for_each_prev(p, &head)
		count--;
	assert_int_equal(count, 0);

	list_for_each_safe(p, q, &head)
		list_del_init(p);
	assert_true(list_empty(&head));
	assert_int_equal(corrupt_count, 0);
}

static void test_debug_double_add(void **state)
{
	LIST_HEAD(head);
	struct item a = { .val = 1 };

	(void)state;
	list_add(&a.link, &head);
	list_add(&a.link, &head);	/* already right after head */
	assert_int_equal(corrupt_count, 1);
	assert_ptr_equal(corrupt_entry, &a.link);
	assert_non_null(strstr(corrupt_what, "double add"));
	/* The bad operation was refused: the list is intact. */
	expect_list(&head, (int[]){ 1 }, 1);
}

static void test_debug_bad_neighbours(void **state)
{
	LIST_HEAD(head);
	struct item a = { .val = 1 }, b = { .val = 2 }, c = { .val = 3 }, stray = { .val = 0 };
	struct list_head *saved;

	(void)state;
	list_add_tail(&a.link, &head);
	list_add_tail(&b.link, &head);

	/* Break b's back link, as a stray write would. */
	saved = head.prev;
	head.prev = &stray.link;
	list_add_tail(&c.link, &head);
	assert_int_equal(corrupt_count, 1);
	assert_non_null(strstr(corrupt_what, "list_add"));
	head.prev = saved;

	saved = a.link.next;
	a.link.next = &stray.link;
	list_del(&b.link);
	assert_int_equal(corrupt_count, 2);
	assert_non_null(strstr(corrupt_what, "prev->next"));
	a.link.next = saved;

	b.link.next->prev = &stray.link;
	list_del_init(&b.link);
	assert_int_equal(corrupt_count, 3);
	assert_non_null(strstr(corrupt_what, "next->prev"));
	b.link.next->prev = &b.link;
	expect_list(&head, (int[]){ 1, 2 }, 2);
}

static void test_debug_double_del(void **state)
{
	LIST_HEAD(head);
	struct item a = { .val = 1 };

	(void)state;
	list_add(&a.link, &head);
	list_del(&a.link);
	assert_int_equal(corrupt_count, 0);
	list_del(&a.link);	/* use after delete: caught, not a wild write */
	assert_int_equal(corrupt_count, 1);
	assert_non_null(strstr(corrupt_what, "already deleted"));
	expect_list(&head, NULL, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_init_empty, reset_corrupt),
		cmocka_unit_test_setup(test_add_order, reset_corrupt),
		cmocka_unit_test_setup(test_del, reset_corrupt),
		cmocka_unit_test_setup(test_move_and_replace, reset_corrupt),
		cmocka_unit_test_setup(test_splice, reset_corrupt),
		cmocka_unit_test_setup(test_iterate_safe_delete, reset_corrupt),
		cmocka_unit_test_setup(test_debug_double_add, reset_corrupt),
		cmocka_unit_test_setup(test_debug_bad_neighbours, reset_corrupt),
		cmocka_unit_test_setup(test_debug_double_del, reset_corrupt),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
