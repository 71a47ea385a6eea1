/* Fake cmocka unit test: one pass, then the process dies from a signal
 * cmocka cannot catch. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <signal.h>
#include <cmocka.h>

static void fine(void **s) { (void)s; }
static void dies(void **s) { (void)s; raise(SIGKILL); }

int main(void)
{
	const struct CMUnitTest t[] = { cmocka_unit_test(fine), cmocka_unit_test(dies) };
	return cmocka_run_group_tests(t, NULL, NULL);
}
