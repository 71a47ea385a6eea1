/*
 * /dev/rtc0: the hardware clock for hwclock(8), through Linux's RTC
 * ioctls RTC_RD_TIME and RTC_SET_TIME on a struct rtc_time (UTC).
 */
#include <kernel/time.h>
#include <kernel/file.h>
#include <kernel/cred.h>
#include <core/rtc.h>
#include <mica/errno.h>

/* _IOR('p', 0x09, struct rtc_time) and _IOW('p', 0x0a, struct rtc_time). */
#define RTC_RD_TIME 0x80247009U
#define RTC_SET_TIME 0x4024700aU

struct rtc_time {
	int tm_sec, tm_min, tm_hour, tm_mday, tm_mon, tm_year, tm_wday, tm_yday, tm_isdst;
};

static bool is_leap(s64 y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(s64 y, int m)
{
	static const u8 days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return days[m] + (m == 1 && is_leap(y));
}

/* Days from 1970-01-01 to year y, January 1st (y >= 1970). */
static s64 days_before_year(s64 y)
{
	s64 n = y - 1;

	return 365 * (y - 1970) + (n / 4 - n / 100 + n / 400) - (1969 / 4 - 1969 / 100 + 1969 / 400);
}

static void ns_to_rtc_time(u64 ns, struct rtc_time *tm)
{
	u64 secs = ns / NSEC_PER_SEC;
	s64 days = (s64)(secs / 86400), y = 1970;
	int m = 0;

	tm->tm_sec = (int)(secs % 60);
	tm->tm_min = (int)(secs / 60 % 60);
	tm->tm_hour = (int)(secs / 3600 % 24);
	tm->tm_wday = (int)((days + 4) % 7);	/* 1970-01-01 was a Thursday */
	while (days >= 365 + is_leap(y)) {
		days -= 365 + is_leap(y);
		y++;
	}
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

/* Linux's rtc_valid_tm, then seconds since the epoch. */
static int rtc_time_to_ns(const struct rtc_time *tm, u64 *ns)
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
	*ns = ((u64)days * 86400 + (u64)tm->tm_hour * 3600 + (u64)tm->tm_min * 60 +
	       (u64)tm->tm_sec) * NSEC_PER_SEC;
	return 0;
}

static long rtc_dev_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	const struct rtc_ops *rtc = rtc_get();
	struct rtc_time tm;
	u64 ns;
	int err;

	(void)f;
	switch (cmd) {
	case RTC_RD_TIME:
		err = rtc->read(&ns);
		if (err)
			return err;
		ns_to_rtc_time(ns, &tm);
		return copy_to_user(arg, &tm, sizeof(tm)) ? -EFAULT : 0;
	case RTC_SET_TIME:
		if (!capable_root())
			return -EACCES;	/* Linux: CAP_SYS_TIME, EACCES */
		if (copy_from_user(&tm, arg, sizeof(tm)))
			return -EFAULT;
		err = rtc_time_to_ns(&tm, &ns);
		return err ? err : rtc->set(ns);
	default:
		return -ENOTTY;
	}
}

const struct file_ops rtc_file_ops = {
	.ioctl = rtc_dev_ioctl,
};

int rtc_dev_open(struct file *f)
{
	if (!rtc_get())
		return -ENODEV;
	f->ops = &rtc_file_ops;
	return 0;
}
