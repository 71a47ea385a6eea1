/* SBI calls: the firmware's services for timer, IPIs, harts and reset. */
#include <asm/sbi.h>
#include <arch/early_console.h>

struct sbiret sbi_ecall(unsigned long ext, unsigned long fid, unsigned long a0,
			unsigned long a1, unsigned long a2)
{
	register unsigned long r0 __asm__("a0") = a0;
	register unsigned long r1 __asm__("a1") = a1;
	register unsigned long r2 __asm__("a2") = a2;
	register unsigned long r6 __asm__("a6") = fid;
	register unsigned long r7 __asm__("a7") = ext;

	__asm__ __volatile__("ecall"
			     : "+r"(r0), "+r"(r1)
			     : "r"(r2), "r"(r6), "r"(r7)
			     : "memory");
	return (struct sbiret){ .error = (long)r0, .value = (long)r1 };
}

void sbi_console_putchar(int c)
{
	sbi_ecall(SBI_EXT_LEGACY_PUTCHAR, 0, (unsigned long)c, 0, 0);
}

void arch_early_console_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			sbi_console_putchar('\r');
		sbi_console_putchar(s[i]);
	}
}

void sbi_set_timer(u64 when)
{
	sbi_ecall(SBI_EXT_TIME, 0, when, 0, 0);
}

int sbi_send_ipi(unsigned long hart_mask, unsigned long hart_base)
{
	return (int)sbi_ecall(SBI_EXT_IPI, 0, hart_mask, hart_base, 0).error;
}

int sbi_hart_start(unsigned long hartid, unsigned long start_pa, unsigned long opaque)
{
	return (int)sbi_ecall(SBI_EXT_HSM, 0, hartid, start_pa, opaque).error;
}

void sbi_system_reset(u32 type, u32 reason)
{
	sbi_ecall(SBI_EXT_SRST, 0, type, reason, 0);
}
