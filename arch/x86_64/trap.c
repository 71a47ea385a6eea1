/*
 * x86_64 traps: the GDT with this CPU's TSS, the IDT (every vector to the
 * stubs of entry.S), and dispatch. Local APIC interrupts go to the core's
 * timer and IPI handlers; an exception in the kernel is a kernel bug and
 * panics with the registers and CR2, unless it is a user copy's fault
 * (the uaccess fixups).
 */
#include <arch/trap.h>
#include <asm/apic.h>
#include <asm/memlayout.h>
#include <asm/percpu.h>
#include <asm/x86.h>
#include <core/clock.h>
#include <core/cpu.h>
#include <core/ipi.h>
#include <core/irq.h>
#include <core/panic.h>
#include <core/printk.h>
#include <core/uaccess.h>
#include <lib/printf.h>
#include <lib/string.h>

#define VEC_DOUBLE_FAULT 8
#define VEC_PAGE_FAULT 14
#define PF_WRITE 0x2
#define IDT_INTERRUPT_GATE 0x8e	/* present, DPL 0, 64-bit interrupt gate */
#define TSS_AVAILABLE 0x89	/* present, 64-bit TSS (available) */

extern char trap_stubs[];
void trap_handler(struct trapframe *tf);

struct idt_gate {
	u16 offset0;
	u16 selector;
	u8 ist;
	u8 type;
	u16 offset1;
	u32 offset2;
	u32 reserved;
} __attribute__((packed));

struct table_ptr {
	u16 limit;
	u64 base;
} __attribute__((packed));

static struct idt_gate idt[256] __attribute__((aligned(16)));
static bool idt_ready;

static void idt_build(void)
{
	for (int v = 0; v < 256; v++) {
		u64 addr = (u64)trap_stubs + 16 * v;

		idt[v] = (struct idt_gate){
			.offset0 = addr & 0xffff,
			.selector = GDT_KERNEL_CS,
			.ist = v == VEC_DOUBLE_FAULT ? 1 : 0,
			.type = IDT_INTERRUPT_GATE,
			.offset1 = (addr >> 16) & 0xffff,
			.offset2 = addr >> 32,
		};
	}
}

static void gdt_load(struct x86_percpu *pc)
{
	u64 tss = (u64)&pc->tss, limit = sizeof(pc->tss) - 1;
	struct table_ptr gdtr = { sizeof(pc->gdt) - 1, (u64)pc->gdt };

	pc->gdt[0] = 0;
	pc->gdt[GDT_KERNEL_CS / 8] = 0x00af9a000000ffffULL;	/* code, 64-bit, DPL 0 */
	pc->gdt[GDT_KERNEL_DS / 8] = 0x00cf92000000ffffULL;	/* data, DPL 0 */
	pc->gdt[GDT_USER_DS / 8] = 0x00cff2000000ffffULL;	/* data, DPL 3 */
	pc->gdt[GDT_USER_CS / 8] = 0x00affa000000ffffULL;	/* code, 64-bit, DPL 3 */
	pc->gdt[GDT_TSS / 8] = (limit & 0xffff) | ((tss & 0xffffff) << 16) |
			       ((u64)TSS_AVAILABLE << 40) | (((limit >> 16) & 0xf) << 48) |
			       (((tss >> 24) & 0xff) << 56);
	pc->gdt[GDT_TSS / 8 + 1] = tss >> 32;
	memset(&pc->tss, 0, sizeof(pc->tss));
	pc->tss.ist[0] = (u64)pc->df_stack + DF_STACK_SIZE;
	pc->tss.iomap_base = sizeof(pc->tss);	/* no I/O bitmap */
	/* CS through a far return; GS is left alone: its base is the per-CPU block. */
	__asm__ __volatile__("lgdt %0\n"
			     "pushq %1\n"
			     "leaq 1f(%%rip), %%rax\n"
			     "pushq %%rax\n"
			     "lretq\n"
			     "1: movl %2, %%eax\n"
			     "movl %%eax, %%ds\n"
			     "movl %%eax, %%es\n"
			     "movl %%eax, %%ss\n"
			     "ltr %w3"
			     : : "m"(gdtr), "i"(GDT_KERNEL_CS), "i"(GDT_KERNEL_DS), "r"(GDT_TSS)
			     : "rax", "memory");
}

void arch_trap_init(void)
{
	struct table_ptr idtr = { sizeof(idt) - 1, (u64)idt };

	gdt_load(x86_percpu_of(cpu_id()));
	if (!idt_ready) {
		idt_build();
		pic_disable();
		idt_ready = true;
	}
	__asm__ __volatile__("lidt %0" : : "m"(idtr) : "memory");
}

unsigned long arch_tf_pc(const struct trapframe *tf) { return tf->rip; }
unsigned long arch_tf_fp(const struct trapframe *tf) { return tf->rbp; }
/* No return-address register on x86: the frame chain from rbp has it. */
unsigned long arch_tf_ra(const struct trapframe *tf) { (void)tf; return 0; }
bool arch_tf_from_user(const struct trapframe *tf) { return (tf->cs & 3) == 3; }

void arch_dump_regs(const struct trapframe *tf)
{
	printk(LOG_EMERG, " rip: %016lx  cs: %04lx rflags: %016lx vector: %lu error: %lx\n",
	       tf->rip, tf->cs, tf->rflags, tf->vector, tf->error);
	printk(LOG_EMERG, " rsp: %016lx  ss: %04lx    cr2: %016lx\n", tf->rsp, tf->ss, tf->cr2);
	printk(LOG_EMERG, " rax: %016lx rbx: %016lx rcx: %016lx\n", tf->rax, tf->rbx, tf->rcx);
	printk(LOG_EMERG, " rdx: %016lx rsi: %016lx rdi: %016lx\n", tf->rdx, tf->rsi, tf->rdi);
	printk(LOG_EMERG, " rbp: %016lx  r8: %016lx  r9: %016lx\n", tf->rbp, tf->r8, tf->r9);
	printk(LOG_EMERG, " r10: %016lx r11: %016lx r12: %016lx\n", tf->r10, tf->r11, tf->r12);
	printk(LOG_EMERG, " r13: %016lx r14: %016lx r15: %016lx\n", tf->r13, tf->r14, tf->r15);
}

/* The callee-saved and special registers: the rest mean nothing here. */
void arch_dump_current_regs(void)
{
	unsigned long rsp, rbp, rbx, r12, r13, r14, r15, rflags;

	__asm__ __volatile__("movq %%rsp, %0\n movq %%rbp, %1\n movq %%rbx, %2\n movq %%r12, %3"
			     : "=m"(rsp), "=m"(rbp), "=m"(rbx), "=m"(r12));
	__asm__ __volatile__("movq %%r13, %0\n movq %%r14, %1\n movq %%r15, %2\n"
			     "pushfq\n popq %3"
			     : "=m"(r13), "=m"(r14), "=m"(r15), "=r"(rflags));
	printk(LOG_EMERG, " rsp: %016lx rbp: %016lx rflags: %016lx\n", rsp, rbp, rflags);
	printk(LOG_EMERG, " rbx: %016lx r12: %016lx r13: %016lx\n", rbx, r12, r13);
	printk(LOG_EMERG, " r14: %016lx r15: %016lx cr3: %016lx\n", r14, r15, read_cr3());
}

static const char *const exception_names[32] = {
	"divide error", "debug", "NMI", "breakpoint", "overflow", "bound range exceeded",
	"invalid opcode", "device not available", "double fault", "coprocessor overrun",
	"invalid TSS", "segment not present", "stack-segment fault", "general protection",
	"page fault", "reserved 15", "x87 floating-point error", "alignment check",
	"machine check", "SIMD floating-point error", "virtualization exception",
	"control protection", "reserved 22", "reserved 23", "reserved 24", "reserved 25",
	"reserved 26", "reserved 27", "hypervisor injection", "VMM communication",
	"security exception", "reserved 31",
};

/* A fault inside a user copy (core/uaccess.c); any other kernel fault is a bug. */
static bool kernel_user_fault(struct trapframe *tf)
{
	unsigned long resume = uaccess_kernel_fault(tf->rip, tf->cr2, tf->error & PF_WRITE,
						    tf->rflags & RFLAGS_IF);

	if (!resume)
		return false;
	tf->rip = resume;
	return true;
}

static void local_apic_irq(struct trapframe *tf)
{
	irq_enter();
	lapic_eoi();	/* before irq_exit, which may switch tasks */
	if (tf->vector == VEC_TIMER)
		clock_handle_irq();
	else
		ipi_handle();
	irq_exit(tf, tf->rflags & RFLAGS_IF);
}

void trap_handler(struct trapframe *tf)
{
	unsigned long v = tf->vector;

	if (arch_tf_from_user(tf))
		panic_tf(tf, "x86_64: trap %lu from user mode, which is not implemented yet", v);
	if (v == VEC_TIMER || v == VEC_IPI) {
		local_apic_irq(tf);
		return;
	}
	if (v >= VEC_IRQ_BASE && v < VEC_IRQ_BASE + VEC_IRQ_PINS) {
		irq_enter();
		x86_irq_pending((unsigned int)v);
		irq_handle_external();	/* the chip's complete() sends the EOI */
		irq_exit(tf, tf->rflags & RFLAGS_IF);
		return;
	}
	if (v == VEC_SPURIOUS || (v >= VEC_PIC_BASE && v < VEC_PIC_BASE + 16))
		return;	/* spurious: masked PIC lines, the APIC's own; no EOI */
	if (v >= 32) {
		pr_warn("trap: unexpected interrupt vector %lu\n", v);
		lapic_eoi();
		return;
	}
	if (v == VEC_PAGE_FAULT && kernel_user_fault(tf))
		return;
	panic_tf(tf, "%s at %lx (cr2 %lx, error %lx)", exception_names[v], tf->rip, tf->cr2,
		 tf->error);
}
