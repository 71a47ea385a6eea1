/* Fake cmocka unit test: passes, failures (listed again in the summary),
 * a skip, a caught segfault, and two groups reusing a test name. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

static void ok_one(void **s) { (void)s; assert_int_equal(1, 1); }
static void ok_two(void **s) { (void)s; assert_true(1); }
static void bad_eq(void **s) { (void)s; assert_int_equal(1, 2); }
static void bad_true(void **s) { (void)s; assert_true(0); }
static void bad_segv(void **s) { (void)s; *(volatile int *)0 = 1; }
static void skipped(void **s) { (void)s; skip(); }

int main(void)
{
	const struct CMUnitTest a[] = {
		cmocka_unit_test(ok_one), cmocka_unit_test(bad_eq),
		cmocka_unit_test(bad_true), cmocka_unit_test(bad_segv),
		cmocka_unit_test(skipped), cmocka_unit_test(ok_two),
	};
	const struct CMUnitTest b[] = {
		cmocka_unit_test(ok_one), cmocka_unit_test(bad_eq),
	};
	int r = cmocka_run_group_tests_name("group_a", a, NULL, NULL);
	r += cmocka_run_group_tests_name("group_b", b, NULL, NULL);
	return r;
}
