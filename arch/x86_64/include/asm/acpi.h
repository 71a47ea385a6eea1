/* x86_64 ACPI: what acpi.c read at boot for power-off. arch/ internal. */
#ifndef ASM_ACPI_H
#define ASM_ACPI_H

#include <mica/types.h>

struct acpi_power {
	bool s5_ok;			/* the ports and \_S5 were found */
	u16 pm1a_cnt, pm1b_cnt;		/* PM1 control ports (b: 0 when absent) */
	u16 slp_typ_a, slp_typ_b;	/* \_S5's sleep types */
};

extern struct acpi_power acpi_power;

/* From the MADT, or the PC's defaults: IOAPIC at 0xfec00000, ISA IRQ n = GSI n. */
struct acpi_irq {
	bool ioapic_found;
	u64 ioapic_pa;
	u32 ioapic_gsi_base;
	u32 isa_gsi[16];	/* ISA IRQ -> global system interrupt */
	u16 isa_flags[16];	/* MPS INTI flags of an override (0: ISA default) */
	u8 lapic_ids[32];	/* the enabled CPUs' APIC ids, in MADT order */
	unsigned int nr_lapics;
};

extern struct acpi_irq acpi_irq;

/* Read the tables from the RSDP (0: search the BIOS area). Boot CPU, early. */
void acpi_init(u64 rsdp_pa);

#endif
