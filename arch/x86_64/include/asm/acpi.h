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

/* Read the tables from the RSDP (0: search the BIOS area). Boot CPU, early. */
void acpi_init(u64 rsdp_pa);

#endif
