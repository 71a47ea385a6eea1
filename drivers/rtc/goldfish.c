/*
 * Goldfish RTC (QEMU virt): a 64-bit count of nanoseconds since the
 * epoch. Registered as the system's RTC, which sets the wall clock at boot.
 */
#include <core/clock.h>
#include <core/device.h>
#include <core/printk.h>
#include <core/rtc.h>
#include <core/spinlock.h>
#include <arch/io.h>
#include <mica/errno.h>

#define TIME_LOW 0x00
#define TIME_HIGH 0x04

static u8 *regs;
static DEFINE_SPINLOCK(goldfish_rtc_lock);	/* the halves go in pairs */

static int goldfish_rtc_read(u64 *ns)
{
	unsigned long flags = spin_lock_irqsave(&goldfish_rtc_lock);

	/* Reading the low half latches the high half. */
	*ns = mmio_read32(regs + TIME_LOW);
	*ns |= (u64)mmio_read32(regs + TIME_HIGH) << 32;
	spin_unlock_irqrestore(&goldfish_rtc_lock, flags);
	return 0;
}

static int goldfish_rtc_set(u64 ns)
{
	unsigned long flags = spin_lock_irqsave(&goldfish_rtc_lock);

	/* Each write moves the clock's offset by that half: high, then low. */
	mmio_write32(regs + TIME_HIGH, (u32)(ns >> 32));
	mmio_write32(regs + TIME_LOW, (u32)ns);
	spin_unlock_irqrestore(&goldfish_rtc_lock, flags);
	return 0;
}

static const struct rtc_ops goldfish_rtc_ops = {
	.read = goldfish_rtc_read,
	.set = goldfish_rtc_set,
};

static int goldfish_rtc_probe(struct dt_device *dev)
{
	regs = dt_device_ioremap(dev, 0, NULL);
	if (!regs)
		return -ENOMEM;
	rtc_register(&goldfish_rtc_ops);
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
