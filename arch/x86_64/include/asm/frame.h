/*
 * x86_64 frame records (-fno-omit-frame-pointer): rbp points to the saved
 * caller's rbp, the return address is just above it.
 */
#ifndef ASM_FRAME_H
#define ASM_FRAME_H

#define ARCH_FRAME_FP_SLOT 0
#define ARCH_FRAME_RA_SLOT 1

static inline unsigned long arch_current_fp(void)
{
	unsigned long fp;

	__asm__ __volatile__("movq %%rbp, %0" : "=r"(fp));
	return fp;
}

#endif
