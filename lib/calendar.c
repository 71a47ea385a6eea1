/* Gregorian calendar arithmetic in UTC (see include/lib/calendar.h). */
#include <lib/calendar.h>
#include <mica/errno.h>

#define SECS_PER_DAY 86400ULL

static bool is_leap(s64 y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(s64 y, int m)
{
	static const u8 days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return days[m] + (m == 1 && is_leap(y));
}

/* Leap years from year 1 up to and including year y. */
static s64 leaps_through(s64 y)
{
	return y / 4 - y / 100 + y / 400;
}

/* Days from 1970-01-01 to January 1st of year y (y >= 1970). */
static s64 days_before_year(s64 y)
{
	return 365 * (y - 1970) + leaps_through(y - 1) - leaps_through(1969);
}

void calendar_from_seconds(u64 secs, struct cal_time *tm)
{
	s64 days = (s64)(secs / SECS_PER_DAY), y;
	int m = 0;

	tm->tm_sec = (int)(secs % 60);
	tm->tm_min = (int)(secs / 60 % 60);
	tm->tm_hour = (int)(secs / 3600 % 24);
	tm->tm_wday = (int)((days + 4) % 7);	/* 1970-01-01 was a Thursday */
	/* Estimate the year from below, then step up to it. */
	y = 1970 + days / 366;
	while (days_before_year(y + 1) <= days)
		y++;
	days -= days_before_year(y);
	tm->tm_yday = (int)days;
	while (days >= month_days(y, m)) {
		days -= month_days(y, m);
		m++;
	}
	tm->tm_year = (int)(y - 1900);
	tm->tm_mon = m;
	tm->tm_mday = (int)days + 1;
	tm->tm_isdst = 0;
}

int calendar_to_seconds(const struct cal_time *tm, u64 *secs)
{
	s64 y = (s64)tm->tm_year + 1900, days;

	if (tm->tm_year < 70 || tm->tm_year > 100000 || tm->tm_mon < 0 || tm->tm_mon >= 12 ||
	    tm->tm_mday < 1 || tm->tm_mday > month_days(y, tm->tm_mon) || tm->tm_hour < 0 ||
	    tm->tm_hour >= 24 || tm->tm_min < 0 || tm->tm_min >= 60 || tm->tm_sec < 0 ||
	    tm->tm_sec >= 60)
		return -EINVAL;
	days = days_before_year(y) + tm->tm_mday - 1;
	for (int m = 0; m < tm->tm_mon; m++)
		days += month_days(y, m);
	*secs = (u64)days * SECS_PER_DAY + (u64)tm->tm_hour * 3600 + (u64)tm->tm_min * 60 +
		(u64)tm->tm_sec;
	return 0;
}
