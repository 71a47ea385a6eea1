/*
 * riscv64 signal frames, laid out as Linux's (arch/riscv uapi): the handler
 * gets a0 = signal, a1 = &frame->info, a2 = &frame->uc, and returns through
 * ra to a trampoline that calls rt_sigreturn. The frame holds every user
 * register and the D-extension state, so a handler can read and change
 * them; rt_sigreturn takes back only what user mode may set (pc and x1-x31,
 * f0-f31, fcsr): sstatus stays the kernel's, so privilege cannot be raised.
 */
#include <arch/signal.h>
#include <arch/trap.h>
#include <arch/context.h>
#include <asm/csr.h>
#include <core/spinlock.h>
#include <core/kmalloc.h>
#include <kernel/sched.h>
#include <lib/string.h>
#include <mica/errno.h>

#define RISCV_SYSCALL_RESTART 128	/* __NR_restart_syscall */
#define RISCV_SYSCALL_SIGRETURN 139	/* __NR_rt_sigreturn */

/* li a7, 139; ecall */
const u32 arch_sigreturn_code[] = { 0x00000893 | (RISCV_SYSCALL_SIGRETURN << 20), 0x00000073 };
const size_t arch_sigreturn_code_size = sizeof(arch_sigreturn_code);

/* struct user_regs_struct: pc, then x1..x31. */
struct user_regs {
	unsigned long pc;
	unsigned long x[31];
};

/* union __riscv_fp_state, as large as its Q member; Mica fills the D part. */
struct fp_state_d {
	u64 f[32];
	u32 fcsr;
};
union fp_state {
	struct fp_state_d d;
	struct {
		u64 f[64];
		u32 fcsr;
		u32 reserved[3];
	} q;
} __attribute__((aligned(16)));

struct sigcontext_k {
	struct user_regs regs;
	union fp_state fp;
};

struct ucontext_k {
	unsigned long uc_flags;
	uptr_t uc_link;
	struct {
		uptr_t ss_sp;
		int ss_flags;
		size_t ss_size;
	} uc_stack;
	sigset_t uc_sigmask;
	u8 unused[1024 / 8 - sizeof(sigset_t)];	/* room for a larger sigset */
	struct sigcontext_k uc_mcontext;
};

struct rt_sigframe {
	siginfo_t info;
	struct ucontext_k uc;
};

/* Linux's offsets, which user programs compile in. */
_Static_assert(__builtin_offsetof(struct ucontext_k, uc_sigmask) == 40, "uc_sigmask");
_Static_assert(__builtin_offsetof(struct ucontext_k, uc_mcontext) == 176, "uc_mcontext");
_Static_assert(sizeof(struct sigcontext_k) == 256 + 528, "sigcontext");
_Static_assert(sizeof(siginfo_t) == 128, "siginfo");

unsigned long arch_tf_sp(const struct trapframe *tf) { return TF_REG(tf, 2); }

bool arch_tf_in_syscall(const struct trapframe *tf) { return tf->scause == EXC_ECALL_U; }

void arch_tf_clear_syscall(struct trapframe *tf) { tf->scause = ~0UL; }

long arch_syscall_result(const struct trapframe *tf) { return (long)TF_REG(tf, 10); }

void arch_syscall_restart(struct trapframe *tf)
{
	TF_REG(tf, 10) = tf->orig_a0;
	tf->sepc -= 4;	/* back onto the ecall */
}

void arch_syscall_restart_block(struct trapframe *tf)
{
	TF_REG(tf, 17) = RISCV_SYSCALL_RESTART;
	tf->sepc -= 4;
}

/* The live FPU registers are the current task's: save them with preemption
 * off, so a switch cannot save them again over what we read. */
static void fp_to_frame(union fp_state *out)
{
	preempt_disable();
	arch_fp_save(&current->fp);
	memcpy(out->d.f, current->fp.f, sizeof(out->d.f));
	out->d.fcsr = (u32)current->fp.fcsr;
	preempt_enable();
}

static void fp_from_frame(const union fp_state *in)
{
	preempt_disable();
	memcpy(current->fp.f, in->d.f, sizeof(in->d.f));
	current->fp.fcsr = in->d.fcsr & 0xff;	/* frm and fflags only */
	arch_fp_restore(&current->fp);
	preempt_enable();
}

int arch_setup_rt_frame(struct trapframe *tf, const struct sigframe_args *a)
{
	struct rt_sigframe *f = kzalloc(sizeof(*f));
	uptr_t at = (a->sp - sizeof(*f)) & ~15UL;
	int err;

	if (!f)
		return -ENOMEM;
	if (a->info)
		f->info = *a->info;
	f->uc.uc_stack.ss_sp = a->altstack.sp;
	f->uc.uc_stack.ss_flags = a->altstack.flags;
	f->uc.uc_stack.ss_size = a->altstack.size;
	f->uc.uc_sigmask = a->saved_mask;
	f->uc.uc_mcontext.regs.pc = tf->sepc;
	memcpy(f->uc.uc_mcontext.regs.x, tf->x, sizeof(tf->x));
	fp_to_frame(&f->uc.uc_mcontext.fp);
	err = copy_to_user(at, f, sizeof(*f)) ? -EFAULT : 0;
	kfree(f);
	if (err)
		return err;
	tf->sepc = a->handler;
	TF_REG(tf, 1) = a->restorer;	/* ra */
	TF_REG(tf, 2) = at;		/* sp */
	TF_REG(tf, 10) = a->sig;
	TF_REG(tf, 11) = at + __builtin_offsetof(struct rt_sigframe, info);
	TF_REG(tf, 12) = at + __builtin_offsetof(struct rt_sigframe, uc);
	return 0;
}

int arch_restore_rt_frame(struct trapframe *tf, sigset_t *mask, struct stack_t_k *stack)
{
	uptr_t at = TF_REG(tf, 2);
	struct ucontext_k *uc = kmalloc(sizeof(*uc));
	int err = 0;

	if (!uc)
		return -ENOMEM;
	if (copy_from_user(uc, at + __builtin_offsetof(struct rt_sigframe, uc), sizeof(*uc))) {
		err = -EFAULT;
		goto out;
	}
	/* Only user-mode state comes from the frame; sstatus stays ours. */
	tf->sepc = uc->uc_mcontext.regs.pc;
	memcpy(tf->x, uc->uc_mcontext.regs.x, sizeof(tf->x));
	fp_from_frame(&uc->uc_mcontext.fp);
	*mask = uc->uc_sigmask;
	stack->sp = uc->uc_stack.ss_sp;
	stack->flags = uc->uc_stack.ss_flags;
	stack->size = uc->uc_stack.ss_size;
	arch_tf_clear_syscall(tf);	/* the restored a0 is no system call's result */
out:
	kfree(uc);
	return err;
}
