/* Generic code never asks which architecture it is built for. */
#include <kernel/uts.h>

#ifdef __x86_64__							/* BAD */
static const int word = 8;
#elif defined(__riscv)							/* BAD */
static const int word = 8;
#endif
#if defined(__aarch64__) || __riscv_xlen == 64				/* BAD */
static const int big = 1;
#endif
  #  ifndef __i386__							/* BAD */
static const int not32 = 1;
#endif
