/* SBI calls (RISC-V Supervisor Binary Interface v1.0). arch/ internal. */
#ifndef ASM_SBI_H
#define ASM_SBI_H

#include <mica/types.h>

#define SBI_EXT_LEGACY_PUTCHAR 0x01
#define SBI_EXT_BASE 0x10
#define SBI_EXT_TIME 0x54494D45
#define SBI_EXT_IPI 0x735049
#define SBI_EXT_RFENCE 0x52464E43
#define SBI_EXT_HSM 0x48534D
#define SBI_EXT_SRST 0x53525354

struct sbiret {
	long error;
	long value;
};

struct sbiret sbi_ecall(unsigned long ext, unsigned long fid, unsigned long a0,
			unsigned long a1, unsigned long a2);
void sbi_console_putchar(int c);
void sbi_set_timer(u64 when);
int sbi_send_ipi(unsigned long hart_mask, unsigned long hart_base);
int sbi_hart_start(unsigned long hartid, unsigned long start_pa, unsigned long opaque);
void sbi_system_reset(u32 type, u32 reason);

#endif
