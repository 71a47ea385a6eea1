/*
 * x86_64 CPU hooks: the per-CPU block behind GS, the GDT and TSS, CPU
 * features (NX, global pages, FXSR), MMU switching, power, and the early
 * console on COM1.
 */
#include <arch/cpu.h>
#include <arch/mmu.h>
#include <arch/power.h>
#include <arch/early_console.h>
#include <asm/acpi.h>
#include <asm/memlayout.h>
#include <asm/percpu.h>
#include <asm/x86.h>
#include <core/cpu.h>
#include <core/console.h>
#include <lib/string.h>

#define CR4_OSFXSR (1UL << 9)
#define CR4_OSXMMEXCPT (1UL << 10)
#define COM1 0x3f8
#define DEBUG_EXIT_PORT 0xf4
#define RESET_CONTROL_PORT 0xcf9
#define ACPI_SLP_EN (1U << 13)

u64 x86_pte_nx;
int x86_max_leaf_level = 1;
static struct x86_percpu percpu[NR_CPUS] __attribute__((aligned(64)));

struct x86_percpu *x86_percpu_of(unsigned int cpu_id)
{
	return &percpu[cpu_id];
}

void x86_set_this_cpu(struct cpu *cpu)
{
	percpu[cpu->id].cpu = cpu;
	wrmsr(MSR_GS_BASE, (u64)&percpu[cpu->id]);
}

/* Before anything else on the boot CPU: the page-table bits core/ will use. */
void x86_cpu_early_init(void)
{
	u32 a, b, c, d;

	cpuid(0x80000000, 0, &a, &b, &c, &d);
	if (a >= 0x80000001) {
		cpuid(0x80000001, 0, &a, &b, &c, &d);
		if (d & (1U << 20)) {
			wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_NXE);
			x86_pte_nx = _PTE_XD;
		}
		if (d & (1U << 26))
			x86_max_leaf_level = 2;	/* 1 GiB pages */
	}
	cpuid(1, 0, &a, &b, &c, &d);
	if (d & (1U << 13))
		write_cr4(read_cr4() | CR4_PGE);
	/* FXSAVE/FXRSTOR of user state (arch_fp_save) need OSFXSR. */
	write_cr4(read_cr4() | CR4_OSFXSR | CR4_OSXMMEXCPT);
}

paddr_t arch_kernel_image_pa(void)
{
	return KERNEL_LOAD_PA;
}

void arch_halt(void)
{
	for (;;)
		__asm__ __volatile__("cli; hlt" ::: "memory");
}

/*
 * ACPI S5 with what acpi.c found (QEMU exits with status 0). Failing that,
 * QEMU's isa-debug-exit device (make run adds it) ends QEMU with status 1;
 * without it the CPU halts.
 */
void arch_poweroff(void)
{
	console_flush();
	if (acpi_power.s5_ok) {
		outw(acpi_power.pm1a_cnt, acpi_power.slp_typ_a << 10 | ACPI_SLP_EN);
		if (acpi_power.pm1b_cnt)
			outw(acpi_power.pm1b_cnt, acpi_power.slp_typ_b << 10 | ACPI_SLP_EN);
	}
	outl(DEBUG_EXIT_PORT, 0);
	arch_halt();
}

void arch_reboot(void)
{
	console_flush();
	outb(RESET_CONTROL_PORT, 0x02);
	outb(RESET_CONTROL_PORT, 0x06);	/* hard reset through the chipset */
	arch_halt();
}

void arch_mmu_switch(paddr_t root_pa)
{
	write_cr3(root_pa);
}

/* Kernel mappings are global: only a CR4.PGE toggle flushes them too. */
void arch_tlb_flush_all(void)
{
	unsigned long flags = arch_irq_save();
	unsigned long cr4 = read_cr4();

	if (cr4 & CR4_PGE) {
		write_cr4(cr4 & ~CR4_PGE);
		write_cr4(cr4);
	} else {
		write_cr3(read_cr3());
	}
	arch_irq_restore(flags);
}

void arch_tlb_flush_page(vaddr_t va)
{
	__asm__ __volatile__("invlpg (%0)" : : "r"(va) : "memory");
}

static void com1_put(char c)
{
	for (int i = 0; i < 100000 && !(inb(COM1 + 5) & 0x20); i++)
		;
	outb(COM1, (u8)c);
}

void arch_early_console_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			com1_put('\r');
		com1_put(s[i]);
	}
}
