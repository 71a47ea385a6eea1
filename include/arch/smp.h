/* Starting secondary CPUs and inter-processor interrupts. */
#ifndef ARCH_SMP_H
#define ARCH_SMP_H

#include <mica/types.h>

struct cpu;

/*
 * Start hardware thread hwid running secondary_main(cpu) on the stack
 * cpu->boot_stack_top with the kernel page table root at root_pa.
 */
int arch_cpu_start(unsigned long hwid, struct cpu *cpu, paddr_t root_pa);
void arch_send_ipi(unsigned long hwid);
void arch_ipi_clear(void);	/* acknowledge the IPI on this CPU */

#endif
