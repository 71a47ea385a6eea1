/* Boot-time CPU bring-up. */
#ifndef CORE_SMP_H
#define CORE_SMP_H

#include <mica/compiler.h>
#include <core/panic.h>

struct cpu;

/* The boot CPU becomes logical CPU 0; hwid is its hart id from the firmware. */
void smp_init_boot_cpu(unsigned long hwid);
/* Start every other CPU of boot_info; each runs secondary_main(). */
void smp_start_secondaries(void);
/* Entry of a secondary CPU in C, on its boot stack (kernel/main.c). */
__noreturn void secondary_main(struct cpu *cpu);

#endif
