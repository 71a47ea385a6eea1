/*
 * x86_64 user mode: the trap-frame conventions are those of Linux (system
 * call number in rax, arguments in rdi rsi rdx r10 r8 r9, result in rax),
 * but entering and leaving user mode (syscall/sysret, signal frames) is the
 * next milestone: those hooks panic or fail with a clear message instead
 * of pretending.
 */
#include <arch/context.h>
#include <arch/signal.h>
#include <arch/trap.h>
#include <asm/x86.h>
#include <core/panic.h>
#include <lib/string.h>
#include <mica/errno.h>

unsigned long arch_syscall_nr(const struct trapframe *tf) { return tf->orig_rax; }

unsigned long arch_syscall_arg(const struct trapframe *tf, int i)
{
	switch (i) {
	case 0: return tf->rdi;
	case 1: return tf->rsi;
	case 2: return tf->rdx;
	case 3: return tf->r10;
	case 4: return tf->r8;
	default: return tf->r9;
	}
}

void arch_syscall_set_return(struct trapframe *tf, long ret) { tf->rax = (unsigned long)ret; }
long arch_syscall_result(const struct trapframe *tf) { return (long)tf->rax; }
unsigned long arch_tf_sp(const struct trapframe *tf) { return tf->rsp; }
void arch_tf_set_sp(struct trapframe *tf, unsigned long sp) { tf->rsp = sp; }
bool arch_tf_in_syscall(const struct trapframe *tf) { return (long)tf->orig_rax >= 0; }
void arch_tf_clear_syscall(struct trapframe *tf) { tf->orig_rax = (unsigned long)-1; }

void arch_tf_init_user(struct trapframe *tf, unsigned long pc, unsigned long sp)
{
	memset(tf, 0, sizeof(*tf));
	tf->rip = pc;
	tf->rsp = sp;
	tf->cs = GDT_USER_CS | 3;
	tf->ss = GDT_USER_DS | 3;
	tf->rflags = RFLAGS_IF;
	tf->orig_rax = (unsigned long)-1;
}

void arch_tf_set_tls(struct trapframe *tf, unsigned long tls)
{
	(void)tf;
	(void)tls;
	panic("x86_64: thread pointers (FS base) are not implemented yet");
}

/* The Linux convention: rax = orig_rax again, rip back over "syscall". */
void arch_syscall_restart(struct trapframe *tf)
{
	tf->rax = tf->orig_rax;
	tf->rip -= 2;
}

void arch_syscall_restart_block(struct trapframe *tf)
{
	tf->rax = 219;	/* x86_64 restart_syscall */
	tf->rip -= 2;
}

void arch_return_to_user(struct trapframe *tf)
{
	(void)tf;
	panic("x86_64: user mode (syscall/sysret entry) is not implemented yet");
}

int arch_setup_rt_frame(struct trapframe *tf, const struct sigframe_args *a)
{
	(void)tf;
	(void)a;
	return -ENOSYS;	/* signal frames: with user mode */
}

int arch_restore_rt_frame(struct trapframe *tf, sigset_t *mask, struct stack_t_k *stack)
{
	(void)tf;
	(void)mask;
	(void)stack;
	return -ENOSYS;
}

/* mov $15, %eax (rt_sigreturn); syscall; nop */
const u32 arch_sigreturn_code[] = { 0x00000fb8, 0x90050f00 };
const size_t arch_sigreturn_code_size = sizeof(arch_sigreturn_code);

void arch_fp_save(struct arch_fp_state *fp)
{
	__asm__ __volatile__("fxsave64 %0" : "=m"(*fp));
}

void arch_fp_restore(const struct arch_fp_state *fp)
{
	__asm__ __volatile__("fxrstor64 %0" : : "m"(*fp));
}
