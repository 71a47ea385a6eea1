/* The register image saved by the trap entry; offsets are used by entry.S. */
#ifndef ASM_TRAPFRAME_H
#define ASM_TRAPFRAME_H

#define TF_RA 0
#define TF_SP 1
#define TF_GP 2
#define TF_TP 3
/* x5..x31 follow at index reg-1 */
#define TF_SEPC 31
#define TF_SSTATUS 32
#define TF_STVAL 33
#define TF_SCAUSE 34
#define TF_WORDS 36	/* keeps the frame 16-byte aligned */
#define TF_SIZE (TF_WORDS * 8)

#ifndef __ASSEMBLER__
struct trapframe {
	/* x1..x31 in order: ra sp gp tp t0 t1 t2 s0 s1 a0..a7 s2..s11 t3..t6 */
	unsigned long x[31];
	unsigned long sepc, sstatus, stval, scause;
	unsigned long orig_a0;	/* a0 at a system call, for restarts */
};
_Static_assert(sizeof(struct trapframe) == TF_SIZE, "trapframe layout");
#define TF_REG(tf, n) ((tf)->x[(n) - 1])	/* xN, N >= 1 */
#endif

#endif
