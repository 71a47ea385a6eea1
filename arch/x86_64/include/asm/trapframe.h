/*
 * The register image saved by the trap entry (entry.S), lowest address
 * first; the last five words are what the CPU pushes. Offsets are used by
 * entry.S.
 */
#ifndef ASM_TRAPFRAME_H
#define ASM_TRAPFRAME_H

#define TF_R15 0
#define TF_RBP 8
#define TF_RAX 14
#define TF_CR2 15
#define TF_ORIG_RAX 16
#define TF_VECTOR 17
#define TF_ERROR 18
#define TF_RIP 19
#define TF_CS 20
#define TF_RFLAGS 21
#define TF_RSP 22
#define TF_SS 23
#define TF_WORDS 24
#define TF_SIZE (TF_WORDS * 8)

#ifndef __ASSEMBLER__
struct trapframe {
	unsigned long r15, r14, r13, r12, r11, r10, r9, r8;
	unsigned long rbp, rdi, rsi, rdx, rcx, rbx, rax;
	unsigned long cr2;		/* faulting address of a page fault */
	unsigned long orig_rax;		/* system call number, for restarts */
	unsigned long vector, error;
	unsigned long rip, cs, rflags, rsp, ss;
};
_Static_assert(sizeof(struct trapframe) == TF_SIZE, "trapframe layout");
#endif

#endif
