/*
 * x86_64 secondary CPUs: the trampoline (trampoline.S) is copied to
 * TRAMPOLINE_PA, the CPU gets INIT-SIPI-SIPI through the local APIC, and
 * arrives in x86_secondary() on its boot stack with the kernel page table.
 * core/smp.c starts one CPU at a time and waits for it, so one set of
 * arguments serves all.
 */
#include <arch/smp.h>
#include <asm/apic.h>
#include <asm/smp.h>
#include <core/cpu.h>
#include <core/mm.h>
#include <core/smp.h>
#include <lib/string.h>
#include <mica/errno.h>

extern char trampoline_start[], trampoline_end[];
void x86_cpu_early_init(void);
void x86_secondary(struct cpu *cpu);

struct x86_ap_args x86_ap_args;

int arch_cpu_start(unsigned long hwid, struct cpu *cpu, paddr_t root_pa)
{
	static void *tramp;

	if (!tramp) {
		/* Not RAM to the allocator (below 1 MiB), so ours; mapped on demand. */
		tramp = ioremap(TRAMPOLINE_PA, PAGE_SIZE);
		if (!tramp)
			return -ENOMEM;
		memcpy(tramp, trampoline_start, trampoline_end - trampoline_start);
	}
	x86_ap_args.cpu = (u64)cpu;
	x86_ap_args.stack = cpu->boot_stack_top;
	x86_ap_args.root = root_pa;
	__asm__ __volatile__("mfence" ::: "memory");
	lapic_start_cpu(hwid, TRAMPOLINE_PA);
	return 0;
}

void x86_secondary(struct cpu *cpu)
{
	x86_cpu_early_init();
	x86_set_this_cpu(cpu);
	secondary_main(cpu);
}
