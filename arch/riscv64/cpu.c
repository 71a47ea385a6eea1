/* riscv64 CPU hooks: timer, IPIs, starting harts, power, MMU switching. */
#include <arch/cpu.h>
#include <arch/timer.h>
#include <arch/smp.h>
#include <arch/power.h>
#include <arch/mmu.h>
#include <asm/sbi.h>
#include <asm/memlayout.h>
#include <core/cpu.h>
#include <core/console.h>

extern unsigned long kernel_image_pa_boot;
extern char secondary_start[];

paddr_t arch_kernel_image_pa(void)
{
	return kernel_image_pa_boot;
}

static paddr_t image_va_to_pa(const void *va)
{
	return (vaddr_t)va - KERNEL_VMA + kernel_image_pa_boot;
}

void arch_timer_program(u64 deadline)
{
	sbi_set_timer(deadline);
}

void arch_timer_cancel(void)
{
	/* Far future: also clears a pending timer interrupt. */
	sbi_set_timer(~0ULL);
}

void arch_send_ipi(unsigned long hwid)
{
	sbi_send_ipi(1, hwid);
}

void arch_ipi_clear(void)
{
	csr_clear(sip, SIP_SSIP);
}

/* Read by secondary_start with the MMU off; one hart starts at a time. */
static struct {
	unsigned long satp, cpu, sp, va_pa_offset;
} secondary_boot_args;

int arch_cpu_start(unsigned long hwid, struct cpu *cpu, paddr_t root_pa)
{
	secondary_boot_args.satp = SATP_MODE_SV39 | (root_pa >> 12);
	secondary_boot_args.cpu = (unsigned long)cpu;
	secondary_boot_args.sp = cpu->boot_stack_top;
	secondary_boot_args.va_pa_offset = KERNEL_VMA - kernel_image_pa_boot;
	__asm__ __volatile__("fence rw, rw" ::: "memory");
	return sbi_hart_start(hwid, image_va_to_pa(secondary_start),
			      image_va_to_pa(&secondary_boot_args));
}

void arch_halt(void)
{
	for (;;) {
		arch_irq_disable();
		arch_wait_for_interrupt();
	}
}

void arch_poweroff(void)
{
	console_flush();
	sbi_system_reset(0, 0);		/* SRST shutdown */
	sbi_ecall(0x08, 0, 0, 0, 0);	/* legacy shutdown */
	arch_halt();
}

void arch_reboot(void)
{
	console_flush();
	sbi_system_reset(1, 0);		/* SRST cold reboot */
	arch_halt();
}

void arch_mmu_switch(paddr_t root_pa)
{
	__asm__ __volatile__("sfence.vma" ::: "memory");
	csr_write(satp, SATP_MODE_SV39 | (root_pa >> 12));
	__asm__ __volatile__("sfence.vma" ::: "memory");
}

void arch_tlb_flush_all(void)
{
	__asm__ __volatile__("sfence.vma" ::: "memory");
}

void arch_tlb_flush_page(vaddr_t va)
{
	__asm__ __volatile__("sfence.vma %0" : : "r"(va) : "memory");
}
