/* Trap frames and the trap hooks the core calls. */
#ifndef ARCH_TRAP_H
#define ARCH_TRAP_H

#include <mica/types.h>
#include <asm/trapframe.h>

void arch_trap_init(void);			/* install this CPU's trap vector */
void arch_irq_sources_enable(void);		/* unmask timer, IPI and external irqs */
void arch_dump_regs(const struct trapframe *tf);
/* Registers of the calling context (for panics outside a trap). */
void arch_dump_current_regs(void);
unsigned long arch_tf_pc(const struct trapframe *tf);
unsigned long arch_tf_fp(const struct trapframe *tf);
unsigned long arch_tf_ra(const struct trapframe *tf);
bool arch_tf_from_user(const struct trapframe *tf);

/* System call convention. */
unsigned long arch_syscall_nr(const struct trapframe *tf);
unsigned long arch_syscall_arg(const struct trapframe *tf, int i);	/* 0..5 */
void arch_syscall_set_return(struct trapframe *tf, long ret);

/* A fresh user context: pc, stack pointer, everything else zero. */
void arch_tf_init_user(struct trapframe *tf, unsigned long pc, unsigned long sp);
void arch_tf_set_tls(struct trapframe *tf, unsigned long tls);
void arch_tf_set_sp(struct trapframe *tf, unsigned long sp);
/* Leave the kernel through tf, which lies at the top of this task's stack. */
__attribute__((noreturn)) void arch_return_to_user(struct trapframe *tf);

/* Frame pointer chain walking: where the caller's fp and ra are stored. */
struct arch_frame {
	unsigned long fp, ra;
};
static inline unsigned long arch_current_fp(void);

/* asm/frame.h: ARCH_FRAME_FP_SLOT and ARCH_FRAME_RA_SLOT, the words at
 * fp + slot * 8 that hold them, and arch_current_fp(). */
#include <asm/frame.h>

static inline bool arch_frame_read(unsigned long fp, struct arch_frame *out)
{
	const unsigned long *p = (const unsigned long *)fp;

	if (fp & 7)
		return false;
	out->ra = p[ARCH_FRAME_RA_SLOT];
	out->fp = p[ARCH_FRAME_FP_SLOT];
	return true;
}

#endif
