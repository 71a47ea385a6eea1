/*
 * The architecture's half of signal delivery: the user-visible signal
 * frame (struct rt_sigframe with its ucontext, as Linux lays it out), the
 * trampoline that calls rt_sigreturn, and system call restarts.
 */
#ifndef ARCH_SIGNAL_H
#define ARCH_SIGNAL_H

#include <kernel/signal.h>

struct trapframe;

/* What the generic code hands the frame builder. */
struct sigframe_args {
	int sig;
	const siginfo_t *info;
	sigset_t saved_mask;		/* the mask to restore at rt_sigreturn */
	struct stack_t_k altstack;	/* stored in uc_stack */
	uptr_t sp;			/* stack to build on (already switched) */
	uptr_t handler;
	uptr_t restorer;		/* where the handler returns to */
};

/* Build the frame and point tf at the handler. -EFAULT if the stack is bad. */
int arch_setup_rt_frame(struct trapframe *tf, const struct sigframe_args *a);
/* rt_sigreturn: reload tf from the frame at the user sp. Gives back the
 * saved mask and uc_stack; -EFAULT if the frame cannot be read. Never
 * lets the frame change the privilege level or other kernel state. */
int arch_restore_rt_frame(struct trapframe *tf, sigset_t *mask, struct stack_t_k *stack);

/* The trampoline's machine code (rt_sigreturn), copied into each process. */
extern const u32 arch_sigreturn_code[];
extern const size_t arch_sigreturn_code_size;

unsigned long arch_tf_sp(const struct trapframe *tf);
/* Did this trap come from a system call whose result is in tf? */
bool arch_tf_in_syscall(const struct trapframe *tf);
/* No restart processing for this trap any more (sigreturn, handled). */
void arch_tf_clear_syscall(struct trapframe *tf);
long arch_syscall_result(const struct trapframe *tf);
/* Re-run the system call at the return to user, with its first argument. */
void arch_syscall_restart(struct trapframe *tf);
/* Re-enter through restart_syscall instead of the interrupted call. */
void arch_syscall_restart_block(struct trapframe *tf);

#endif
