/* /dev/rtc0: RTC_RD_TIME gives the date in UTC, as the wall clock has it;
 * RTC_SET_TIME checks the date and needs CAP_SYS_TIME (EACCES); other
 * requests are ENOTTY. Linux hosts without an RTC (the oracle's sandbox)
 * have no /dev/rtc0: there only Mica must provide one. */
#include "utest.h"
#include <linux/rtc.h>
#include <sys/ioctl.h>
#include <sys/utsname.h>
#include <time.h>

int main(int argc, char **argv)
{
	struct rtc_time tm;
	struct utsname u;
	struct tm now;
	time_t t, rt;
	pid_t pid;
	int fd;

	utest_begin(argc, argv);
	fd = open("/dev/rtc0", O_RDONLY);
	if (fd < 0) {
		int e = errno;

		CHECK_OK(uname(&u));
		CHECK_MSG(e == ENOENT && !strstr(u.release, "mica"), "no /dev/rtc0 (errno %d)", e);
		utest_pass();
	}
	memset(&tm, 0, sizeof(tm));
	CHECK_OK(ioctl(fd, RTC_RD_TIME, &tm));
	t = time(NULL);
	memset(&now, 0, sizeof(now));
	now.tm_sec = tm.tm_sec;
	now.tm_min = tm.tm_min;
	now.tm_hour = tm.tm_hour;
	now.tm_mday = tm.tm_mday;
	now.tm_mon = tm.tm_mon;
	now.tm_year = tm.tm_year;
	rt = timegm(&now);
	CHECK_MSG(llabs((long long)rt - (long long)t) <= 2, "rtc %lld, time %lld", (long long)rt,
		  (long long)t);
	CHECK_EQ(tm.tm_wday, now.tm_wday);
	CHECK_EQ(tm.tm_yday, now.tm_yday);
	CHECK_ERR(ioctl(fd, RTC_RD_TIME, UTEST_BAD_PTR), EFAULT);
	CHECK_ERR(ioctl(fd, _IO('p', 0x7f), 0), ENOTTY);
	/* An impossible date: refused before anything changes. */
	tm.tm_mon = 1;
	tm.tm_mday = 30;
	CHECK_ERR(ioctl(fd, RTC_SET_TIME, &tm), EINVAL);
	pid = utest_fork();
	if (pid == 0) {
		CHECK_OK(setuid(65534));
		CHECK_ERR(ioctl(fd, RTC_SET_TIME, &tm), EACCES);
		CHECK_OK(ioctl(fd, RTC_RD_TIME, &tm));
		_exit(0);
	}
	CHECK_CHILD_EXIT(pid, 0);
	close(fd);
	utest_pass();
}
