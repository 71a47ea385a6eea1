/*
 * /dev/rtc0: the hardware clock for hwclock(8), through Linux's RTC
 * ioctls RTC_RD_TIME and RTC_SET_TIME on a struct rtc_time (UTC).
 */
#include <kernel/time.h>
#include <kernel/file.h>
#include <kernel/cred.h>
#include <core/rtc.h>
#include <lib/calendar.h>
#include <mica/errno.h>

/* _IOR('p', 0x09, struct rtc_time) and _IOW('p', 0x0a, struct rtc_time). */
#define RTC_RD_TIME 0x80247009U
#define RTC_SET_TIME 0x4024700aU

static long rtc_dev_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	const struct rtc_ops *rtc = rtc_get();
	struct cal_time tm;	/* Linux's struct rtc_time */
	u64 ns, secs;
	int err;

	(void)f;
	switch (cmd) {
	case RTC_RD_TIME:
		err = rtc->read(&ns);
		if (err)
			return err;
		calendar_from_seconds(ns / NSEC_PER_SEC, &tm);
		return copy_to_user(arg, &tm, sizeof(tm)) ? -EFAULT : 0;
	case RTC_SET_TIME:
		if (!capable_root())
			return -EACCES;	/* Linux: CAP_SYS_TIME, EACCES */
		if (copy_from_user(&tm, arg, sizeof(tm)))
			return -EFAULT;
		err = calendar_to_seconds(&tm, &secs);
		if (err)
			return err;
		if (secs >= ~0ULL / NSEC_PER_SEC)
			return -ERANGE;	/* past what the goldfish counter holds, as Linux */
		return rtc->set(secs * NSEC_PER_SEC);
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
