/* Unit tests for lib/calendar.c, checked against the host's gmtime/timegm. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>
#include <cmocka.h>

#include <lib/calendar.h>
#include <mica/errno.h>

static void check_against_host(uint64_t secs)
{
	time_t t = (time_t)secs;
	struct cal_time c;
	struct tm h;
	uint64_t back = 0;

	assert_non_null(gmtime_r(&t, &h));
	calendar_from_seconds(secs, &c);
	assert_int_equal(c.tm_sec, h.tm_sec);
	assert_int_equal(c.tm_min, h.tm_min);
	assert_int_equal(c.tm_hour, h.tm_hour);
	assert_int_equal(c.tm_mday, h.tm_mday);
	assert_int_equal(c.tm_mon, h.tm_mon);
	assert_int_equal(c.tm_year, h.tm_year);
	assert_int_equal(c.tm_wday, h.tm_wday);
	assert_int_equal(c.tm_yday, h.tm_yday);
	assert_int_equal(c.tm_isdst, 0);
	assert_int_equal(calendar_to_seconds(&c, &back), 0);
	assert_int_equal(back, secs);
}

static void test_known_dates(void **state)
{
	static const uint64_t dates[] = {
		0,		/* 1970-01-01 Thursday */
		951782400,	/* 2000-02-29 */
		951868799,	/* 2000-02-29 23:59:59 */
		2147483647,	/* 2038-01-19 03:14:07 */
		4107542400,	/* 2100-03-01 (2100 is no leap year) */
		9223372036,	/* 2262-04-11 */
		1764720000,	/* 2025-12-03 */
		86399, 86400, 31535999, 31536000,
	};

	(void)state;
	for (size_t i = 0; i < sizeof(dates) / sizeof(dates[0]); i++)
		check_against_host(dates[i]);
}

static void test_random_dates(void **state)
{
	(void)state;
	srand(12345);
	for (int i = 0; i < 100000; i++) {
		uint64_t s = ((uint64_t)rand() << 31 ^ (uint64_t)rand()) % 20000000000ULL;

		check_against_host(s);
	}
}

static void test_invalid(void **state)
{
	struct cal_time c = { 0, 0, 0, 1, 0, 123, 0, 0, 0 };	/* 2023-01-01 */
	uint64_t s;

	(void)state;
	assert_int_equal(calendar_to_seconds(&c, &s), 0);
	c.tm_mon = 1;
	c.tm_mday = 29;	/* 2023-02-29 */
	assert_int_equal(calendar_to_seconds(&c, &s), -EINVAL);
	c.tm_year = 124;	/* 2024-02-29 */
	assert_int_equal(calendar_to_seconds(&c, &s), 0);
	c.tm_mday = 30;
	assert_int_equal(calendar_to_seconds(&c, &s), -EINVAL);
	c.tm_mday = 1;
	c.tm_mon = 12;
	assert_int_equal(calendar_to_seconds(&c, &s), -EINVAL);
	c.tm_mon = -1;
	assert_int_equal(calendar_to_seconds(&c, &s), -EINVAL);
	c.tm_mon = 0;
	c.tm_hour = 24;
	assert_int_equal(calendar_to_seconds(&c, &s), -EINVAL);
	c.tm_hour = 0;
	c.tm_sec = 60;
	assert_int_equal(calendar_to_seconds(&c, &s), -EINVAL);
	c.tm_sec = 0;
	c.tm_year = 69;	/* before the epoch */
	assert_int_equal(calendar_to_seconds(&c, &s), -EINVAL);
	c.tm_year = 100001;
	assert_int_equal(calendar_to_seconds(&c, &s), -EINVAL);
	c.tm_year = 100000;
	assert_int_equal(calendar_to_seconds(&c, &s), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known_dates),
		cmocka_unit_test(test_random_dates),
		cmocka_unit_test(test_invalid),
	};

	return cmocka_run_group_tests_name("test_calendar", tests, NULL, NULL);
}
