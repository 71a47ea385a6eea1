/*
 * x86_64 frame records (-fno-omit-frame-pointer): rbp points to the saved
 * caller's rbp, the return address is just above it.
 */
#ifndef ASM_FRAME_H
#define ASM_FRAME_H

static inline bool arch_frame_read(unsigned long fp, struct arch_frame *out)
{
	const unsigned long *p = (const unsigned long *)fp;

	if (fp & 7)
		return false;
	out->fp = p[0];
	out->ra = p[1];
	return true;
}

static inline unsigned long arch_current_fp(void)
{
	unsigned long fp;

	__asm__ __volatile__("movq %%rbp, %0" : "=r"(fp));
	return fp;
}

#endif
