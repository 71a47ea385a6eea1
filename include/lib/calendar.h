/*
 * Dates of the proleptic Gregorian calendar in UTC, for RTCs: seconds
 * since 1970-01-01 to a broken-down time and back. The structure has the
 * layout of Linux's struct rtc_time (and the first fields of struct tm).
 */
#ifndef LIB_CALENDAR_H
#define LIB_CALENDAR_H

#include <mica/types.h>

struct cal_time {
	int tm_sec, tm_min, tm_hour;
	int tm_mday;	/* 1..31 */
	int tm_mon;	/* 0..11 */
	int tm_year;	/* years since 1900 */
	int tm_wday;	/* 0 = Sunday */
	int tm_yday;	/* 0..365 */
	int tm_isdst;	/* always 0: UTC */
};

void calendar_from_seconds(u64 secs, struct cal_time *tm);
/* -EINVAL unless tm is a valid date from 1970 to the year 101899 (wday,
 * yday and isdst are ignored); else 0 and *secs. */
int calendar_to_seconds(const struct cal_time *tm, u64 *secs);

#endif
