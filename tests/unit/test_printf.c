/*
 * Unit tests for lib/vsnprintf.c.
 *
 * Besides fixed cases, integer and string conversions are compared against
 * the host C library (reached as __builtin_snprintf, since host_rename.h
 * gives Mica's snprintf another name) over every combination of flags,
 * widths, precisions and length modifiers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <cmocka.h>

#include <lib/printf.h>
#include <lib/string.h>

/* Odd and NULL-argument formats below are deliberate. */
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-zero-length"
#ifndef __clang__
#pragma GCC diagnostic ignored "-Wformat-overflow"
#endif

#define CHECK(expect, ...)							\
	do {									\
		char __buf[256];						\
		int __n = snprintf(__buf, sizeof(__buf), __VA_ARGS__);		\
		assert_string_equal(__buf, expect);				\
		assert_int_equal(__n, (int)strlen(expect));			\
	} while (0)

static void test_basic(void **state)
{
	(void)state;
	CHECK("", "");
	CHECK("plain text", "plain text");
	CHECK("42", "%d", 42);
	CHECK("-42", "%i", -42);
	CHECK("4294967295", "%u", 0xffffffffU);
	CHECK("ff FF 777", "%x %X %o", 255, 255, 0777);
	CHECK("x", "%c", 'x');
	CHECK("hi", "%s", "hi");
	CHECK("(null)", "%s", (char *)NULL);
	CHECK("100%", "%d%%", 100);
	CHECK("a-2147483648b", "a%db", -2147483647 - 1);
}

static void test_flags_width_precision(void **state)
{
	(void)state;
	CHECK("   42", "%5d", 42);
	CHECK("42   |", "%-5d|", 42);
	CHECK("00042", "%05d", 42);
	CHECK("-0042", "%05d", -42);
	CHECK("+42", "%+d", 42);
	CHECK(" 42", "% d", 42);
	CHECK("+42", "%+ d", 42);
	CHECK("  042", "%5.3d", 42);
	CHECK("  042", "%05.3d", 42);	/* precision cancels '0' */
	CHECK("", "%.0d", 0);
	CHECK("     ", "%5.0d", 0);
	CHECK("0x1f", "%#x", 0x1f);
	CHECK("0X1F", "%#X", 0x1f);
	CHECK("0", "%#x", 0);
	CHECK("0x001f", "%#06x", 0x1f);
	CHECK("017", "%#o", 017);
	CHECK("0", "%#o", 0);
	CHECK("0", "%#.0o", 0);
	CHECK("00017", "%#.5o", 017);
	CHECK("   ab", "%5.2s", "abcdef");
	CHECK("ab   |", "%-5.2s|", "abcdef");
	CHECK("    x", "%5c", 'x');
	CHECK("x    |", "%-5c|", 'x');
	CHECK("   42", "%*d", 5, 42);
	CHECK("42   |", "%*d|", -5, 42);
	CHECK("00042", "%.*d", 5, 42);
	CHECK("42", "%.*d", -3, 42);	/* negative precision: none */
	CHECK("abc", "%.*s", -1, "abc");
	CHECK("(nu", "%.3s", (char *)NULL);
}

static void test_length_modifiers(void **state)
{
	(void)state;
	CHECK("44", "%hhd", 300);
	CHECK("-1", "%hhd", 255);
	CHECK("255", "%hhu", -1);
	CHECK("4464", "%hu", 70000);
	CHECK("-1", "%hd", 65535);
	CHECK("-9223372036854775808", "%ld", (long)(-9223372036854775807L - 1));
	CHECK("18446744073709551615", "%lu", ~0UL);
	CHECK("-9223372036854775808", "%lld", -9223372036854775807LL - 1);
	CHECK("ffffffffffffffff", "%llx", ~0ULL);
	CHECK("1777777777777777777777", "%llo", ~0ULL);
	CHECK("-5", "%zd", (ssize_t)-5);
	CHECK("123", "%zu", (size_t)123);
	CHECK("-7", "%td", (ptrdiff_t)-7);
	CHECK("-8", "%jd", (intmax_t)-8);
}

static void test_pointer(void **state)
{
	(void)state;
	CHECK("0x0000000000000000", "%p", NULL);
	CHECK("0x0000000000001234", "%p", (void *)0x1234);
	CHECK("0xffffffff80000000", "%p", (void *)0xffffffff80000000UL);
	CHECK("  0x0000000000001234", "%20p", (void *)0x1234);
	CHECK("0x0000000000001234  |", "%-20p|", (void *)0x1234);
}

static void test_odd_formats(void **state)
{
	(void)state;
	CHECK("%y", "%y");
	CHECK("a%-5ya", "a%-5ya");
	CHECK("end%", "end%");
	CHECK("%", "%");
	CHECK("%5", "%5");
}

static void test_truncation(void **state)
{
	char buf[8];

	(void)state;
	memset(buf, 'Z', sizeof(buf));
	assert_int_equal(snprintf(buf, 4, "%s", "hello"), 5);
	assert_string_equal(buf, "hel");
	assert_int_equal(buf[4], 'Z');

	memset(buf, 'Z', sizeof(buf));
	assert_int_equal(snprintf(buf, 1, "%d", 12345), 5);
	assert_int_equal(buf[0], '\0');
	assert_int_equal(buf[1], 'Z');

	memset(buf, 'Z', sizeof(buf));
	assert_int_equal(snprintf(buf, 0, "%d", 12345), 5);
	assert_int_equal(buf[0], 'Z');
	assert_int_equal(snprintf(NULL, 0, "%s-%d", "abc", -1), 6);

	assert_int_equal(snprintf(buf, sizeof(buf), "%7d", 1), 7);
	assert_string_equal(buf, "      1");
	assert_int_equal(snprintf(buf, sizeof(buf), "%8d", 1), 8);
	assert_string_equal(buf, "       ");

	assert_int_equal(scnprintf(buf, sizeof(buf), "%s", "0123456789"), 7);
	assert_string_equal(buf, "0123456");
	assert_int_equal(scnprintf(buf, sizeof(buf), "%s", "012"), 3);
	assert_int_equal(scnprintf(buf, 0, "%s", "012"), 0);
}

struct sink {
	char buf[64];
	size_t n;
};

static void sink_putc(char c, void *ctx)
{
	struct sink *s = ctx;

	if (s->n < sizeof(s->buf) - 1)
		s->buf[s->n++] = c;
}

static int sink_printf(struct sink *s, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vcbprintf(sink_putc, s, fmt, ap);
	va_end(ap);
	return n;
}

static void test_sink(void **state)
{
	struct sink s = { .n = 0 };

	(void)state;
	assert_int_equal(sink_printf(&s, "[%04x|%-3s]", 0xab, "q"), 10);
	s.buf[s.n] = '\0';
	assert_string_equal(s.buf, "[00ab|q  ]");
}

/* Compare one formatted value against the host C library. */
#define ORACLE(fmt, val)							\
	do {									\
		char __mine[128], __libc[128];					\
		int __a = snprintf(__mine, sizeof(__mine), fmt, val);		\
		int __b = __builtin_snprintf(__libc, sizeof(__libc), fmt, val);	\
		if (__a != __b || strcmp(__mine, __libc))			\
			fail_msg("format \"%s\": got \"%s\" (%d), libc \"%s\" (%d)", \
				 fmt, __mine, __a, __libc, __b);		\
	} while (0)

static const char *const flag_sets[] = { "", "-", "0", "+", " ", "#", "-0", "+0", "- ", "#0",
					 "-#", "+ #0-" };
static const char *const widths[] = { "", "1", "6", "22" };
static const char *const precs[] = { "", ".", ".0", ".1", ".4", ".25" };

/*
 * Build "%<flags><width><prec><len><conv>" for every combination whose flags
 * are all in allowed (others are undefined behaviour in C for that
 * conversion) and call check.
 */
static void for_each_spec(const char *len, const char *convs, const char *allowed,
			  bool with_prec, void (*check)(const char *fmt, char conv))
{
	char fmt[32];

	for (size_t f = 0; f < sizeof(flag_sets) / sizeof(flag_sets[0]); f++) {
		const char *fl;

		for (fl = flag_sets[f]; *fl && strchr(allowed, *fl); fl++)
			;
		if (*fl)
			continue;
		for (size_t w = 0; w < sizeof(widths) / sizeof(widths[0]); w++)
			for (size_t p = 0; p < sizeof(precs) / sizeof(precs[0]); p++)
				for (const char *c = convs; *c; c++) {
					if (!with_prec && *precs[p])
						continue;
					snprintf(fmt, sizeof(fmt), "%%%s%s%s%s%c", flag_sets[f],
						 widths[w], precs[p], len, *c);
					check(fmt, *c);
				}
	}
}

static const long long svals[] = { 0, 1, -1, 7, -42, 255, 4096, 2147483647, -2147483647 - 1,
				   123456789012LL, -9223372036854775807LL - 1 };

static void check_int(const char *fmt, char conv)
{
	for (size_t i = 0; i < sizeof(svals) / sizeof(svals[0]); i++) {
		if (conv == 'd' || conv == 'i')
			ORACLE(fmt, (int)svals[i]);
		else
			ORACLE(fmt, (unsigned int)svals[i]);
	}
}

static void check_long(const char *fmt, char conv)
{
	for (size_t i = 0; i < sizeof(svals) / sizeof(svals[0]); i++) {
		if (conv == 'd' || conv == 'i')
			ORACLE(fmt, (long)svals[i]);
		else
			ORACLE(fmt, (unsigned long)svals[i]);
	}
}

static void check_llong(const char *fmt, char conv)
{
	for (size_t i = 0; i < sizeof(svals) / sizeof(svals[0]); i++) {
		if (conv == 'd' || conv == 'i')
			ORACLE(fmt, svals[i]);
		else
			ORACLE(fmt, (unsigned long long)svals[i]);
	}
}

/* hh and h take an int argument and convert it themselves. */
static void check_promoted(const char *fmt, char conv)
{
	(void)conv;
	for (size_t i = 0; i < sizeof(svals) / sizeof(svals[0]); i++)
		ORACLE(fmt, (int)svals[i]);
}

static void check_size(const char *fmt, char conv)
{
	for (size_t i = 0; i < sizeof(svals) / sizeof(svals[0]); i++) {
		if (conv == 'd' || conv == 'i')
			ORACLE(fmt, (ssize_t)svals[i]);
		else
			ORACLE(fmt, (size_t)svals[i]);
	}
}

static void check_str(const char *fmt, char conv)
{
	static const char *const strs[] = { "", "a", "hello", "a much longer string value" };

	(void)conv;
	for (size_t i = 0; i < sizeof(strs) / sizeof(strs[0]); i++)
		ORACLE(fmt, strs[i]);
}

static void check_char(const char *fmt, char conv)
{
	(void)conv;
	ORACLE(fmt, 'Q');
}

static void test_oracle_integers(void **state)
{
	(void)state;
	/* '+' and ' ' only for signed, '#' only for octal and hex. */
	for_each_spec("", "di", "-0+ ", true, check_int);
	for_each_spec("", "uxXo", "-0#", true, check_int);
	for_each_spec("l", "di", "-0+ ", true, check_long);
	for_each_spec("l", "uxXo", "-0#", true, check_long);
	for_each_spec("ll", "di", "-0+ ", true, check_llong);
	for_each_spec("ll", "uxXo", "-0#", true, check_llong);
	for_each_spec("h", "di", "-0+ ", true, check_promoted);
	for_each_spec("h", "uxXo", "-0#", true, check_promoted);
	for_each_spec("hh", "di", "-0+ ", true, check_promoted);
	for_each_spec("hh", "uxXo", "-0#", true, check_promoted);
	for_each_spec("z", "di", "-0+ ", true, check_size);
	for_each_spec("z", "uxXo", "-0#", true, check_size);
}

static void test_oracle_strings(void **state)
{
	(void)state;
	for_each_spec("", "s", "-", true, check_str);
	for_each_spec("", "c", "-", false, check_char);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_basic),
		cmocka_unit_test(test_flags_width_precision),
		cmocka_unit_test(test_length_modifiers),
		cmocka_unit_test(test_pointer),
		cmocka_unit_test(test_odd_formats),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_sink),
		cmocka_unit_test(test_oracle_integers),
		cmocka_unit_test(test_oracle_strings),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
