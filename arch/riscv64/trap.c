/*
 * Trap dispatch: interrupts go to the core's timer, IPI and external-irq
 * handlers; an exception in the kernel is a kernel bug and panics with the
 * trap frame.
 */
#include <arch/trap.h>
#include <asm/csr.h>
#include <core/irq.h>
#include <core/ipi.h>
#include <core/clock.h>
#include <core/panic.h>
#include <core/printk.h>

extern char trap_vector[];

void trap_handler(struct trapframe *tf);

void arch_trap_init(void)
{
	csr_write(sscratch, 0);
	csr_write(stvec, (unsigned long)trap_vector);
}

void arch_irq_sources_enable(void)
{
	csr_set(sie, SIE_SSIE | SIE_STIE | SIE_SEIE);
}

unsigned long arch_tf_pc(const struct trapframe *tf) { return tf->sepc; }
unsigned long arch_tf_fp(const struct trapframe *tf) { return TF_REG(tf, 8); }
unsigned long arch_tf_ra(const struct trapframe *tf) { return TF_REG(tf, 1); }
bool arch_tf_from_user(const struct trapframe *tf) { return !(tf->sstatus & SSTATUS_SPP); }

static const char *const reg_names[32] = {
	"zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0",
	"a1", "a2", "a3", "a4", "a5", "a6", "a7", "s2", "s3", "s4", "s5",
	"s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
};

void arch_dump_regs(const struct trapframe *tf)
{
	printk(LOG_EMERG, " sepc: %016lx sstatus: %016lx\n", tf->sepc, tf->sstatus);
	printk(LOG_EMERG, "stval: %016lx  scause: %016lx\n", tf->stval, tf->scause);
	for (int i = 1; i < 32; i += 3) {
		printk(LOG_EMERG, " %4s: %016lx %4s: %016lx %4s: %016lx\n", reg_names[i],
		       TF_REG(tf, i), i + 1 < 32 ? reg_names[i + 1] : "",
		       i + 1 < 32 ? TF_REG(tf, i + 1) : 0, i + 2 < 32 ? reg_names[i + 2] : "",
		       i + 2 < 32 ? TF_REG(tf, i + 2) : 0);
	}
}

static const char *exception_name(unsigned long code)
{
	switch (code) {
	case EXC_INST_MISALIGNED: return "instruction address misaligned";
	case EXC_INST_ACCESS: return "instruction access fault";
	case EXC_ILLEGAL_INST: return "illegal instruction";
	case EXC_BREAKPOINT: return "breakpoint";
	case EXC_LOAD_MISALIGNED: return "load address misaligned";
	case EXC_LOAD_ACCESS: return "load access fault";
	case EXC_STORE_MISALIGNED: return "store address misaligned";
	case EXC_STORE_ACCESS: return "store access fault";
	case EXC_ECALL_U: return "environment call from U-mode";
	case EXC_INST_PAGE_FAULT: return "instruction page fault";
	case EXC_LOAD_PAGE_FAULT: return "load page fault";
	case EXC_STORE_PAGE_FAULT: return "store page fault";
	default: return "unknown exception";
	}
}

void trap_handler(struct trapframe *tf)
{
	unsigned long cause = tf->scause;

	if (cause & SCAUSE_IRQ) {
		irq_enter();
		switch (cause & ~SCAUSE_IRQ) {
		case IRQ_S_TIMER:
			clock_handle_irq();
			break;
		case IRQ_S_SOFT:
			ipi_handle();
			break;
		case IRQ_S_EXT:
			irq_handle_external();
			break;
		default:
			pr_warn("trap: unexpected interrupt %lx\n", cause);
		}
		irq_exit(tf, (tf->sstatus & SSTATUS_SPIE) || arch_tf_from_user(tf));
		return;
	}
	panic_tf(tf, "%s at %lx (stval %lx)", exception_name(cause), tf->sepc, tf->stval);
}
