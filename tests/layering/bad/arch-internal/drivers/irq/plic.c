#include <arch/io.h>
#include "../../arch/riscv64/plic_regs.h"	/* BAD */
#include <arch/x86_64/apic.h>			/* BAD */

void plic_init(void) { }
