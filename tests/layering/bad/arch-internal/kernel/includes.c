/* arch/ internals reached from kernel/. Public hooks are fine. */
#include <arch/irq.h>
#include <asm/csr.h>					// BAD
#include <asm/generic/io.h>				// BAD
#include <arch/riscv64/sbi.h>				// BAD
#include "arch/riscv64/trap.h"				// BAD
#include "../arch/riscv64/include/pgtable.h"		// BAD
#include "../arch/irq.h"				// BAD: top-level arch/, not include/arch/
#  include   <include/arch/riscv64/regs.h>		/* BAD */
#include "../include/arch/cpu.h"
#include <core/vmspace.h>

int x;
