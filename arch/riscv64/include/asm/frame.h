/*
 * riscv64 frame records (gcc and clang with -fno-omit-frame-pointer):
 * s0 points just above the frame, the return address is at s0-8 and the
 * caller's s0 at s0-16.
 */
#ifndef ASM_FRAME_H
#define ASM_FRAME_H

#define ARCH_FRAME_RA_SLOT (-1)
#define ARCH_FRAME_FP_SLOT (-2)

static inline unsigned long arch_current_fp(void)
{
	unsigned long fp;

	__asm__ __volatile__("mv %0, s0" : "=r"(fp));
	return fp;
}

#endif
