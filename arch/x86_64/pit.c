/*
 * The 8254 PIT, only to measure the TSC at boot: channel 2 (gated through
 * port 0x61, no interrupt) counts down 50 ms in mode 0 while the TSC runs;
 * its output bit rises when the count ends.
 */
#include <asm/apic.h>
#include <asm/x86.h>
#include <arch/timer.h>

#define PIT_HZ 1193182
#define PIT_CH2 0x42
#define PIT_CMD 0x43
#define PORT_B 0x61
#define PORT_B_GATE2 0x01
#define PORT_B_SPEAKER 0x02
#define PORT_B_OUT2 0x20
#define CALIBRATE_DIV 20	/* 1/20 s */

u64 pit_measure_tsc_hz(void)
{
	u32 latch = PIT_HZ / CALIBRATE_DIV;
	u64 t0, t1, spins = 0;

	outb(PORT_B, (inb(PORT_B) & ~PORT_B_SPEAKER) | PORT_B_GATE2);
	outb(PIT_CMD, 0xb0);	/* channel 2, lobyte/hibyte, mode 0, binary */
	outb(PIT_CH2, latch & 0xff);
	outb(PIT_CH2, latch >> 8);
	t0 = arch_clock_read();
	while (!(inb(PORT_B) & PORT_B_OUT2)) {
		/* A PIT that never ends the count: a port read takes at least
		 * ~100 ns, so this is far beyond 50 ms. */
		if (++spins > 100000000)
			return 0;
	}
	t1 = arch_clock_read();
	return (t1 - t0) * CALIBRATE_DIV;
}
