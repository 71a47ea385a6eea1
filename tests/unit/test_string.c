/* Unit tests for lib/string.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <lib/string.h>
#include <mica/errno.h>

/* Byte-by-byte reference copy, independent of the code under test. */
static void ref_copy(unsigned char *d, const unsigned char *s, size_t n)
{
	while (n--)
		*d++ = *s++;
}

static void fill_pattern(unsigned char *p, size_t n, unsigned int seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)(i * 131 + seed * 7 + 1);
}

/* Every alignment of source and destination, lengths around word sizes. */
static void test_memcpy_alignments(void **state)
{
	unsigned char src[300], dst[300], ref[300];

	(void)state;
	fill_pattern(src, sizeof(src), 3);
	for (size_t so = 0; so < 16; so++) {
		for (size_t doff = 0; doff < 16; doff++) {
			for (size_t n = 0; n < 200; n += (n < 40 ? 1 : 13)) {
				memset(dst, 0xaa, sizeof(dst));
				for (size_t i = 0; i < sizeof(ref); i++)
					ref[i] = 0xaa;
				ref_copy(ref + doff, src + so, n);
				assert_ptr_equal(memcpy(dst + doff, src + so, n), dst + doff);
				assert_memory_equal(dst, ref, sizeof(dst));
			}
		}
	}
}

static void test_memset(void **state)
{
	unsigned char buf[200];

	(void)state;
	for (size_t off = 0; off < 16; off++) {
		for (size_t n = 0; n < 150; n++) {
			for (size_t i = 0; i < sizeof(buf); i++)
				buf[i] = 0x11;
			/* c is converted to unsigned char: 0x1ce stores 0xce. */
			assert_ptr_equal(memset(buf + off, 0x1ce, n), buf + off);
			for (size_t i = 0; i < sizeof(buf); i++) {
				unsigned char want = (i >= off && i < off + n) ? 0xce : 0x11;

				assert_int_equal(buf[i], want);
			}
		}
	}
}

/* Overlap both ways at every small shift, checked against a reference. */
static void test_memmove_overlap(void **state)
{
	unsigned char buf[256], ref[256], tmp[256];

	(void)state;
	for (size_t src = 0; src < 40; src++) {
		for (size_t dst = 0; dst < 40; dst++) {
			size_t n = 150;

			fill_pattern(buf, sizeof(buf), (unsigned int)(src + dst));
			ref_copy(ref, buf, sizeof(buf));
			ref_copy(tmp, ref + src, n);
			ref_copy(ref + dst, tmp, n);
			assert_ptr_equal(memmove(buf + dst, buf + src, n), buf + dst);
			assert_memory_equal(buf, ref, sizeof(buf));
		}
	}
}

static void test_memcmp_memchr(void **state)
{
	const unsigned char a[] = { 1, 2, 3, 0x80 };
	const unsigned char b[] = { 1, 2, 3, 0x01 };

	(void)state;
	assert_int_equal(memcmp(a, b, 3), 0);
	assert_true(memcmp(a, b, 4) > 0);	/* compared as unsigned char */
	assert_true(memcmp(b, a, 4) < 0);
	assert_int_equal(memcmp(a, b, 0), 0);
	assert_ptr_equal(memchr(a, 3, 4), &a[2]);
	assert_ptr_equal(memchr(a, 0x180, 4), &a[3]);	/* c converted to unsigned char */
	assert_null(memchr(a, 3, 2));
	assert_null(memchr(a, 9, 4));
}

static void test_strlen_cmp(void **state)
{
	(void)state;
	assert_int_equal(strlen(""), 0);
	assert_int_equal(strlen("hello"), 5);
	assert_int_equal(strnlen("hello", 3), 3);
	assert_int_equal(strnlen("hello", 10), 5);
	assert_int_equal(strnlen("hello", 0), 0);

	assert_int_equal(strcmp("abc", "abc"), 0);
	assert_true(strcmp("abc", "abd") < 0);
	assert_true(strcmp("abd", "abc") > 0);
	assert_true(strcmp("ab", "abc") < 0);
	assert_true(strcmp("abc", "ab") > 0);
	assert_true(strcmp("\x80", "\x01") > 0);
	assert_int_equal(strncmp("abcX", "abcY", 3), 0);
	assert_true(strncmp("abcX", "abcY", 4) < 0);
	assert_int_equal(strncmp("ab", "ab", 10), 0);
	assert_true(strncmp("ab", "abc", 10) < 0);
	assert_int_equal(strncmp("x", "y", 0), 0);
}

static void test_strchr_strrchr_strstr(void **state)
{
	const char *s = "a/b/c", *hw = "hello world", *a3b = "aaab";

	(void)state;
	assert_ptr_equal(strchr(s, '/'), s + 1);
	assert_ptr_equal(strrchr(s, '/'), s + 3);
	assert_ptr_equal(strchr(s, '\0'), s + 5);
	assert_ptr_equal(strrchr(s, '\0'), s + 5);
	assert_null(strchr(s, 'x'));
	assert_null(strrchr(s, 'x'));
	assert_ptr_equal(strrchr(s, 'a'), s);

	assert_ptr_equal(strstr(hw, "world"), hw + 6);
	assert_ptr_equal(strstr(s, ""), s);
	assert_ptr_equal(strstr(a3b, "aab"), a3b + 1);
	assert_null(strstr("abc", "abcd"));
	assert_null(strstr("", "a"));
}

static void test_strscpy(void **state)
{
	char buf[8];

	(void)state;
	assert_int_equal(strscpy(buf, "abc", sizeof(buf)), 3);
	assert_string_equal(buf, "abc");
	assert_int_equal(strscpy(buf, "1234567", sizeof(buf)), 7);
	assert_string_equal(buf, "1234567");
	assert_int_equal(strscpy(buf, "12345678", sizeof(buf)), -E2BIG);
	assert_string_equal(buf, "1234567");
	assert_int_equal(strscpy(buf, "", sizeof(buf)), 0);
	assert_string_equal(buf, "");
	assert_int_equal(strscpy(buf, "xy", 1), -E2BIG);
	assert_string_equal(buf, "");
	buf[0] = 'q';
	assert_int_equal(strscpy(buf, "xy", 0), -E2BIG);
	assert_int_equal(buf[0], 'q');
}

static void test_kstrtoull(void **state)
{
	unsigned long long v = 0;

	(void)state;
	assert_int_equal(kstrtoull("0", 10, &v), 0);
	assert_true(v == 0);
	assert_int_equal(kstrtoull("12345", 10, &v), 0);
	assert_true(v == 12345);
	assert_int_equal(kstrtoull("+7", 10, &v), 0);
	assert_true(v == 7);
	assert_int_equal(kstrtoull("42\n", 10, &v), 0);
	assert_true(v == 42);
	assert_int_equal(kstrtoull("0x1F", 0, &v), 0);
	assert_true(v == 0x1f);
	assert_int_equal(kstrtoull("0X1f", 16, &v), 0);
	assert_true(v == 0x1f);
	assert_int_equal(kstrtoull("ff", 16, &v), 0);
	assert_true(v == 0xff);
	assert_int_equal(kstrtoull("0755", 0, &v), 0);
	assert_true(v == 0755);
	assert_int_equal(kstrtoull("0", 0, &v), 0);
	assert_true(v == 0);
	assert_int_equal(kstrtoull("101", 2, &v), 0);
	assert_true(v == 5);
	assert_int_equal(kstrtoull("18446744073709551615", 10, &v), 0);
	assert_true(v == ~0ULL);
	assert_int_equal(kstrtoull("0xffffffffffffffff", 0, &v), 0);
	assert_true(v == ~0ULL);

	v = 99;
	assert_int_equal(kstrtoull("18446744073709551616", 10, &v), -ERANGE);
	assert_int_equal(kstrtoull("0x10000000000000000", 0, &v), -ERANGE);
	assert_int_equal(kstrtoull("", 10, &v), -EINVAL);
	assert_int_equal(kstrtoull("\n", 10, &v), -EINVAL);
	assert_int_equal(kstrtoull("12a", 10, &v), -EINVAL);
	assert_int_equal(kstrtoull("12\n\n", 10, &v), -EINVAL);
	assert_int_equal(kstrtoull(" 12", 10, &v), -EINVAL);
	assert_int_equal(kstrtoull("12 ", 10, &v), -EINVAL);
	assert_int_equal(kstrtoull("-1", 10, &v), -EINVAL);
	assert_int_equal(kstrtoull("++1", 10, &v), -EINVAL);
	assert_int_equal(kstrtoull("08", 0, &v), -EINVAL);
	assert_int_equal(kstrtoull("0x", 0, &v), -EINVAL);
	assert_int_equal(kstrtoull("0x", 16, &v), -EINVAL);
	assert_int_equal(kstrtoull("1", 1, &v), -EINVAL);
	assert_true(v == 99);	/* untouched on error */
}

static void test_kstrto_wrappers(void **state)
{
	unsigned long ul;
	unsigned int ui;
	long long ll;
	long l;
	int i;

	(void)state;
	assert_int_equal(kstrtoul("4096", 0, &ul), 0);
	assert_true(ul == 4096);
	assert_int_equal(kstrtouint("4294967295", 10, &ui), 0);
	assert_true(ui == 4294967295U);
	assert_int_equal(kstrtouint("4294967296", 10, &ui), -ERANGE);

	assert_int_equal(kstrtoint("-17", 10, &i), 0);
	assert_int_equal(i, -17);
	assert_int_equal(kstrtoint("+17", 10, &i), 0);
	assert_int_equal(i, 17);
	assert_int_equal(kstrtoint("2147483647", 10, &i), 0);
	assert_int_equal(i, 2147483647);
	assert_int_equal(kstrtoint("-2147483648", 10, &i), 0);
	assert_true(i == -2147483647 - 1);
	assert_int_equal(kstrtoint("2147483648", 10, &i), -ERANGE);
	assert_int_equal(kstrtoint("-2147483649", 10, &i), -ERANGE);
	assert_int_equal(kstrtoint("-0x10", 0, &i), 0);
	assert_int_equal(i, -16);
	assert_int_equal(kstrtoint("-", 10, &i), -EINVAL);
	assert_int_equal(kstrtoint("--1", 10, &i), -EINVAL);
	assert_int_equal(kstrtoint("-+1", 10, &i), -EINVAL);
	assert_int_equal(kstrtoint("-0", 10, &i), 0);
	assert_int_equal(i, 0);

	assert_int_equal(kstrtoll("-9223372036854775808", 10, &ll), 0);
	assert_true(ll == -9223372036854775807LL - 1);
	assert_int_equal(kstrtoll("9223372036854775808", 10, &ll), -ERANGE);
	assert_int_equal(kstrtol("-42\n", 10, &l), 0);
	assert_true(l == -42);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_memcpy_alignments),
		cmocka_unit_test(test_memset),
		cmocka_unit_test(test_memmove_overlap),
		cmocka_unit_test(test_memcmp_memchr),
		cmocka_unit_test(test_strlen_cmp),
		cmocka_unit_test(test_strchr_strrchr_strstr),
		cmocka_unit_test(test_strscpy),
		cmocka_unit_test(test_kstrtoull),
		cmocka_unit_test(test_kstrto_wrappers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
