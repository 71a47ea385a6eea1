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
#include <core/uaccess.h>
#include <core/cpu.h>
#include <kernel/entry.h>
#include <kernel/signal.h>
#include <asm/memlayout.h>
#include <lib/string.h>
#include <lib/printf.h>

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

unsigned long arch_syscall_nr(const struct trapframe *tf) { return TF_REG(tf, 17); }
unsigned long arch_syscall_arg(const struct trapframe *tf, int i) { return TF_REG(tf, 10 + i); }
void arch_syscall_set_return(struct trapframe *tf, long ret) { TF_REG(tf, 10) = (unsigned long)ret; }

void arch_tf_init_user(struct trapframe *tf, unsigned long pc, unsigned long sp)
{
	memset(tf, 0, sizeof(*tf));
	tf->sepc = pc;
	TF_REG(tf, 2) = sp;
	/* User mode, irqs on after sret, FPU on with a clean initial state. */
	tf->sstatus = (csr_read(sstatus) & ~(SSTATUS_SPP | SSTATUS_SIE | SSTATUS_FS | SSTATUS_SUM)) |
		      SSTATUS_SPIE | SSTATUS_FS_INITIAL;
}

void arch_tf_set_tls(struct trapframe *tf, unsigned long tls) { TF_REG(tf, 4) = tls; }
void arch_tf_set_sp(struct trapframe *tf, unsigned long sp) { TF_REG(tf, 2) = sp; }

unsigned long arch_tf_pc(const struct trapframe *tf) { return tf->sepc; }
unsigned long arch_tf_fp(const struct trapframe *tf) { return TF_REG(tf, 8); }
unsigned long arch_tf_ra(const struct trapframe *tf) { return TF_REG(tf, 1); }
bool arch_tf_from_user(const struct trapframe *tf) { return !(tf->sstatus & SSTATUS_SPP); }

static const char *const reg_names[32] = {
	"zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0",
	"a1", "a2", "a3", "a4", "a5", "a6", "a7", "s2", "s3", "s4", "s5",
	"s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
};

/* Print the registers xN for N in regs[], three to a line. */
static void dump_gprs(const struct trapframe *tf, const u8 *regs, int n)
{
	for (int i = 0; i < n; i += 3) {
		char line[96];
		int len = 0;

		for (int j = i; j < n && j < i + 3; j++)
			len += snprintf(line + len, sizeof(line) - len, " %4s: %016lx",
					reg_names[regs[j]], TF_REG(tf, regs[j]));
		printk(LOG_EMERG, "%s\n", line);
	}
}

void arch_dump_regs(const struct trapframe *tf)
{
	u8 all[31];

	for (int i = 0; i < 31; i++)
		all[i] = i + 1;
	printk(LOG_EMERG, " sepc: %016lx sstatus: %016lx\n", tf->sepc, tf->sstatus);
	printk(LOG_EMERG, "stval: %016lx  scause: %016lx\n", tf->stval, tf->scause);
	dump_gprs(tf, all, 31);
}

/* The callee-saved and special registers: the rest mean nothing here. */
void arch_dump_current_regs(void)
{
	static const u8 saved[] = { 1, 2, 3, 4, 8, 9, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27 };
	struct trapframe tf = { 0 };

	__asm__ __volatile__("sd ra, %0\n sd sp, %1\n sd gp, %2\n sd tp, %3\n sd s0, %4\n sd s1, %5"
			     : "=m"(TF_REG(&tf, 1)), "=m"(TF_REG(&tf, 2)), "=m"(TF_REG(&tf, 3)),
			       "=m"(TF_REG(&tf, 4)), "=m"(TF_REG(&tf, 8)), "=m"(TF_REG(&tf, 9)));
	__asm__ __volatile__("sd s2, %0\n sd s3, %1\n sd s4, %2\n sd s5, %3\n sd s6, %4"
			     : "=m"(TF_REG(&tf, 18)), "=m"(TF_REG(&tf, 19)), "=m"(TF_REG(&tf, 20)),
			       "=m"(TF_REG(&tf, 21)), "=m"(TF_REG(&tf, 22)));
	__asm__ __volatile__("sd s7, %0\n sd s8, %1\n sd s9, %2\n sd s10, %3\n sd s11, %4"
			     : "=m"(TF_REG(&tf, 23)), "=m"(TF_REG(&tf, 24)), "=m"(TF_REG(&tf, 25)),
			       "=m"(TF_REG(&tf, 26)), "=m"(TF_REG(&tf, 27)));
	printk(LOG_EMERG, "sstatus: %016lx\n", csr_read(sstatus));
	dump_gprs(&tf, saved, ARRAY_SIZE(saved));
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

static bool is_page_fault(unsigned long cause)
{
	return cause == EXC_INST_PAGE_FAULT || cause == EXC_LOAD_PAGE_FAULT ||
	       cause == EXC_STORE_PAGE_FAULT;
}

/* A fault inside a user copy (core/uaccess.c); any other kernel fault is a bug. */
static bool kernel_user_fault(struct trapframe *tf, unsigned long cause)
{
	unsigned long resume = uaccess_kernel_fault(tf->sepc, tf->stval,
						    cause == EXC_STORE_PAGE_FAULT,
						    tf->sstatus & SSTATUS_SPIE);

	if (!resume)
		return false;
	tf->sepc = resume;
	return true;
}

static void user_trap(struct trapframe *tf, unsigned long cause)
{
	local_irq_enable();
	switch (cause) {
	case EXC_ECALL_U:
		tf->sepc += 4;
		tf->orig_a0 = TF_REG(tf, 10);	/* a restart needs the first argument again */
		do_syscall(tf);
		break;
	case EXC_INST_PAGE_FAULT:
	case EXC_LOAD_PAGE_FAULT:
	case EXC_STORE_PAGE_FAULT: {
		int code = do_user_fault(tf->stval, cause == EXC_STORE_PAGE_FAULT,
					 cause == EXC_INST_PAGE_FAULT);

		if (code)
			do_user_signal(SIGSEGV, code, tf->stval);
		break;
	}
	case EXC_ILLEGAL_INST:
		do_user_signal(SIGILL, ILL_ILLOPC, tf->sepc);
		break;
	case EXC_BREAKPOINT:
		do_user_signal(SIGTRAP, TRAP_BRKPT, tf->sepc);
		break;
	case EXC_INST_MISALIGNED:
	case EXC_LOAD_MISALIGNED:
	case EXC_STORE_MISALIGNED:
		do_user_signal(SIGBUS, BUS_ADRALN, tf->stval);
		break;
	default:
		/* Access faults: Linux reports them as SIGSEGV, SEGV_ACCERR. */
		do_user_signal(SIGSEGV, SEGV_ACCERR, tf->stval);
	}
	local_irq_disable();
	exit_to_user(tf);
	cputime_return_user();
}

void trap_handler(struct trapframe *tf)
{
	unsigned long cause = tf->scause;

	if (arch_tf_from_user(tf))
		cputime_enter_kernel();
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
		if (arch_tf_from_user(tf)) {
			exit_to_user(tf);
			cputime_return_user();
		}
		return;
	}
	if (arch_tf_from_user(tf)) {
		user_trap(tf, cause);
		return;
	}
	if (is_page_fault(cause) && kernel_user_fault(tf, cause))
		return;
	panic_tf(tf, "%s at %lx (stval %lx)", exception_name(cause), tf->sepc, tf->stval);
}
