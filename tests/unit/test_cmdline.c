/* Unit tests for lib/cmdline.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <lib/cmdline.h>
#include <lib/string.h>
#include <mica/errno.h>

static struct cmdline cl;	/* large: keep it off the stack */

static void test_words_and_values(void **state)
{
	(void)state;
	assert_int_equal(cmdline_parse(&cl, "  console=ttyS0,115200 quiet\tloglevel=7\n"
					   "init=/bin/sh  "), 0);
	assert_int_equal(cl.nparams, 4);
	assert_string_equal(cl.params[0].key, "console");
	assert_string_equal(cl.params[0].val, "ttyS0,115200");
	assert_string_equal(cl.params[0].word, "console=ttyS0,115200");
	assert_string_equal(cl.params[1].key, "quiet");
	assert_null(cl.params[1].val);
	assert_string_equal(cl.params[3].val, "/bin/sh");
	for (int i = 0; i < cl.nparams; i++)
		assert_false(cl.params[i].after_dashdash);

	assert_true(cmdline_has(&cl, "quiet"));
	assert_true(cmdline_has(&cl, "console"));
	assert_false(cmdline_has(&cl, "cons"));
	assert_false(cmdline_has(&cl, "consolex"));
	assert_string_equal(cmdline_get(&cl, "console"), "ttyS0,115200");
	assert_string_equal(cmdline_get(&cl, "quiet"), "");
	assert_null(cmdline_get(&cl, "nope"));
}

static void test_empty_and_spaces(void **state)
{
	(void)state;
	assert_int_equal(cmdline_parse(&cl, ""), 0);
	assert_int_equal(cl.nparams, 0);
	assert_int_equal(cmdline_parse(&cl, " \t\n "), 0);
	assert_int_equal(cl.nparams, 0);
	assert_false(cmdline_has(&cl, ""));
}

static void test_values_edge_cases(void **state)
{
	(void)state;
	assert_int_equal(cmdline_parse(&cl, "a= b==c =x root=/dev/vda=1"), 0);
	assert_int_equal(cl.nparams, 4);
	assert_string_equal(cmdline_get(&cl, "a"), "");	/* empty value, not bare */
	assert_non_null(cl.params[0].val);
	assert_string_equal(cmdline_get(&cl, "b"), "=c");
	assert_string_equal(cl.params[2].key, "");
	assert_string_equal(cl.params[2].val, "x");
	assert_string_equal(cmdline_get(&cl, "root"), "/dev/vda=1");
}

static void test_last_value_wins(void **state)
{
	(void)state;
	assert_int_equal(cmdline_parse(&cl, "mem=1G foo mem=2G -- mem=3G"), 0);
	assert_string_equal(cmdline_get(&cl, "mem"), "2G");
}

static void test_quotes(void **state)
{
	(void)state;
	assert_int_equal(cmdline_parse(&cl, "key=\"a b\" \"x y\" k2=\"\" a\"b c\"d \"q=1 2\""), 0);
	assert_int_equal(cl.nparams, 5);
	assert_string_equal(cmdline_get(&cl, "key"), "a b");
	assert_string_equal(cl.params[0].word, "key=a b");
	assert_string_equal(cl.params[1].key, "x y");
	assert_null(cl.params[1].val);
	assert_string_equal(cmdline_get(&cl, "k2"), "");
	assert_string_equal(cl.params[3].key, "ab cd");
	assert_string_equal(cmdline_get(&cl, "q"), "1 2");

	assert_int_equal(cmdline_parse(&cl, "good=1 bad=\"oops"), -EINVAL);
	assert_int_equal(cl.nparams, 0);
	assert_int_equal(cmdline_parse(&cl, "\""), -EINVAL);
}

static void test_dashdash(void **state)
{
	(void)state;
	assert_int_equal(cmdline_parse(&cl, "quiet -- single x=1 -- quiet"), 0);
	assert_int_equal(cl.nparams, 5);
	assert_false(cl.params[0].after_dashdash);
	for (int i = 1; i < 5; i++)
		assert_true(cl.params[i].after_dashdash);
	assert_string_equal(cl.params[2].word, "x=1");
	assert_null(cl.params[2].val);
	assert_string_equal(cl.params[3].word, "--");
	assert_false(cmdline_has(&cl, "x"));
	assert_false(cmdline_has(&cl, "single"));
	assert_true(cmdline_has(&cl, "quiet"));
}

static void test_dash_underscore(void **state)
{
	(void)state;
	assert_int_equal(cmdline_parse(&cl, "no-smp foo_bar=3"), 0);
	assert_true(cmdline_has(&cl, "no_smp"));
	assert_true(cmdline_has(&cl, "no-smp"));
	assert_string_equal(cmdline_get(&cl, "foo-bar"), "3");
}

static void test_get_ulong(void **state)
{
	unsigned long v = 0;

	(void)state;
	assert_int_equal(cmdline_parse(&cl, "n=42 h=0x10 o=010 bad=12k bare neg=-1 "
					   "big=99999999999999999999"), 0);
	assert_int_equal(cmdline_get_ulong(&cl, "n", &v), 0);
	assert_int_equal(v, 42);
	assert_int_equal(cmdline_get_ulong(&cl, "h", &v), 0);
	assert_int_equal(v, 16);
	assert_int_equal(cmdline_get_ulong(&cl, "o", &v), 0);
	assert_int_equal(v, 8);
	assert_int_equal(cmdline_get_ulong(&cl, "bad", &v), -EINVAL);
	assert_int_equal(cmdline_get_ulong(&cl, "bare", &v), -EINVAL);
	assert_int_equal(cmdline_get_ulong(&cl, "neg", &v), -EINVAL);
	assert_int_equal(cmdline_get_ulong(&cl, "big", &v), -ERANGE);
	assert_int_equal(cmdline_get_ulong(&cl, "missing", &v), -ENOENT);
}

static void test_limits(void **state)
{
	char text[CMDLINE_MAX_LEN + 16];
	size_t i;

	(void)state;
	/* Longest accepted: CMDLINE_MAX_LEN - 1 characters. */
	for (i = 0; i < CMDLINE_MAX_LEN - 1; i++)
		text[i] = 'a';
	text[i] = '\0';
	assert_int_equal(cmdline_parse(&cl, text), 0);
	assert_int_equal(cl.nparams, 1);
	assert_int_equal(strlen(cl.params[0].key), CMDLINE_MAX_LEN - 1);
	text[i] = 'a';
	text[i + 1] = '\0';
	assert_int_equal(cmdline_parse(&cl, text), -E2BIG);
	assert_int_equal(cl.nparams, 0);

	/* Exactly CMDLINE_MAX_PARAMS words fit, one more does not. */
	for (i = 0; i < CMDLINE_MAX_PARAMS; i++) {
		text[2 * i] = 'w';
		text[2 * i + 1] = ' ';
	}
	text[2 * i] = '\0';
	assert_int_equal(cmdline_parse(&cl, text), 0);
	assert_int_equal(cl.nparams, CMDLINE_MAX_PARAMS);
	text[2 * i] = 'w';
	text[2 * i + 1] = '\0';
	assert_int_equal(cmdline_parse(&cl, text), -E2BIG);
	assert_int_equal(cl.nparams, 0);

	/* Many one-character words with values fill both buffers exactly. */
	for (i = 0; i + 4 < CMDLINE_MAX_LEN - 1 && i / 4 < CMDLINE_MAX_PARAMS; i += 4)
		memcpy(&text[i], "k=v ", 4);
	text[i - 1] = '\0';
	assert_int_equal(cmdline_parse(&cl, text), 0);
	assert_string_equal(cl.params[cl.nparams - 1].word, "k=v");
}

static void test_init_args(void **state)
{
	static const char *const known[] = { "console", "init", "mem", "no_smp", NULL };
	const char *argv[8], *envp[8];
	int na = -1, ne = -1;

	(void)state;
	assert_int_equal(cmdline_parse(&cl, "console=ttyS0 single TERM=vt100 no-smp mod.opt=1 "
					   "rd.break HOME=/ TERM=linux init=/sbin/init "
					   "mem=1G emergency -- -x KEY=v -- z"), 0);
	assert_int_equal(cmdline_init_args(&cl, known, argv, 8, envp, 8, &na, &ne), 0);
	assert_int_equal(na, 6);
	assert_string_equal(argv[0], "single");
	assert_string_equal(argv[1], "emergency");
	assert_string_equal(argv[2], "-x");
	assert_string_equal(argv[3], "KEY=v");	/* after "--": argv, even with '=' */
	assert_string_equal(argv[4], "--");
	assert_string_equal(argv[5], "z");
	assert_int_equal(ne, 2);
	assert_string_equal(envp[0], "TERM=linux");	/* replaced in place */
	assert_string_equal(envp[1], "HOME=/");

	/* Too small: what fits is returned, with -E2BIG. */
	assert_int_equal(cmdline_init_args(&cl, known, argv, 2, envp, 1, &na, &ne), -E2BIG);
	assert_int_equal(na, 2);
	assert_int_equal(ne, 1);

	/* Nothing known: every key goes to init; quotes are gone from the env text. */
	assert_int_equal(cmdline_parse(&cl, "PS1=\"a b\" x"), 0);
	assert_int_equal(cmdline_init_args(&cl, NULL, argv, 8, envp, 8, &na, &ne), 0);
	assert_int_equal(na, 1);
	assert_int_equal(ne, 1);
	assert_string_equal(envp[0], "PS1=a b");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_words_and_values),
		cmocka_unit_test(test_empty_and_spaces),
		cmocka_unit_test(test_values_edge_cases),
		cmocka_unit_test(test_last_value_wins),
		cmocka_unit_test(test_quotes),
		cmocka_unit_test(test_dashdash),
		cmocka_unit_test(test_dash_underscore),
		cmocka_unit_test(test_get_ulong),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_init_args),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
