/* The registered real-time clock (see include/core/rtc.h). */
#include <core/rtc.h>
#include <core/clock.h>

static const struct rtc_ops *rtc;

void rtc_register(const struct rtc_ops *ops)
{
	u64 ns;

	WRITE_ONCE(rtc, ops);
	if (ops->read(&ns) == 0)
		clock_set_realtime(ns);
}

const struct rtc_ops *rtc_get(void)
{
	return READ_ONCE(rtc);
}
