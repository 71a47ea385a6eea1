/* x86_64 local APIC, legacy PIC and PIT (apic.c, pit.c). arch/ internal. */
#ifndef ASM_APIC_H
#define ASM_APIC_H

#include <mica/types.h>

/* Interrupt vectors (0-31 are the exceptions). */
#define VEC_PIC_BASE 0x20	/* the legacy PIC, remapped here and masked */
#define VEC_IRQ_BASE 0x30	/* IOAPIC pin n (ioapic.c) */
#define VEC_IRQ_PINS 64
#define VEC_TIMER 0xec
#define VEC_IPI 0xfd
#define VEC_SPURIOUS 0xff

void pic_disable(void);
void lapic_eoi(void);
void lapic_start_cpu(unsigned long hwid, paddr_t start_pa);
void x86_irq_pending(unsigned int vector);	/* ioapic.c */
/* TSC ticks per second, measured against the PIT (0 if it does not count). */
u64 pit_measure_tsc_hz(void);

#endif
