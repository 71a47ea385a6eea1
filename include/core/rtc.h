/*
 * The real-time clock: the hardware clock that keeps the date while the
 * machine is off. One driver registers it; the kernel reads it at boot to
 * set the wall clock and /dev/rtc0 reads and sets it.
 */
#ifndef CORE_RTC_H
#define CORE_RTC_H

#include <mica/types.h>

struct rtc_ops {
	int (*read)(u64 *ns_since_epoch);
	int (*set)(u64 ns_since_epoch);
};

/* A driver found its clock: remember it and set the wall clock from it. */
void rtc_register(const struct rtc_ops *ops);
/* The registered clock, or NULL. */
const struct rtc_ops *rtc_get(void);

#endif
