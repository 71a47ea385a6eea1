/*
 * Goldfish RTC (QEMU virt): a 64-bit count of nanoseconds since the
 * epoch. Read once at boot to set the wall clock.
 */
#include <core/clock.h>
#include <core/device.h>
#include <core/printk.h>
#include <arch/io.h>
#include <mica/errno.h>

#define TIME_LOW 0x00
#define TIME_HIGH 0x04

static int goldfish_rtc_probe(struct dt_device *dev)
{
	u8 *regs = dt_device_ioremap(dev, 0, NULL);
	u64 ns;

	if (!regs)
		return -ENOMEM;
	/* Reading the low half latches the high half. */
	ns = mmio_read32(regs + TIME_LOW);
	ns |= (u64)mmio_read32(regs + TIME_HIGH) << 32;
	clock_set_realtime(ns);
	return 0;
}

static const char *const goldfish_rtc_compat[] = { "google,goldfish-rtc", NULL };
static const struct dt_driver goldfish_rtc_driver = {
	.name = "goldfish-rtc",
	.compatible = goldfish_rtc_compat,
	.stage = 1,
	.probe = goldfish_rtc_probe,
};
DT_DRIVER(goldfish_rtc_driver);
