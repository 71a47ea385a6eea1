/* Fake cmocka unit test: everything passes. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

static void t1(void **s) { (void)s; assert_int_equal(2 + 2, 4); }
static void t2(void **s) { (void)s; assert_string_equal("mica", "mica"); }
static void t3(void **s) { (void)s; assert_null(NULL); }

int main(void)
{
	const struct CMUnitTest t[] = {
		cmocka_unit_test(t1), cmocka_unit_test(t2), cmocka_unit_test(t3),
	};
	return cmocka_run_group_tests(t, NULL, NULL);
}
