/*
 * The kernel's entry points for traps from user mode, called by the arch
 * trap code with interrupts enabled.
 */
#ifndef KERNEL_ENTRY_H
#define KERNEL_ENTRY_H

#include <mica/types.h>

struct trapframe;

/* A system call: number and arguments are in tf, the result goes back there. */
void do_syscall(struct trapframe *tf);
/* A user page fault: 0 when resolved, else the SIGSEGV si_code to raise
 * (SEGV_MAPERR or SEGV_ACCERR). */
int do_user_fault(unsigned long addr, bool write, bool exec);
/* A fault of the program's own making: signal sig with si_code code and
 * si_addr addr, which it cannot block or ignore. */
void do_user_signal(int sig, int code, unsigned long addr);
/* Last stop before returning to user mode (irqs off): reschedule, signals. */
void exit_to_user(struct trapframe *tf);
/* CPU time accounting (kernel/time/cputime.c): called first thing on a trap
 * from user mode, and last thing before returning to it (irqs off). */
void cputime_enter_kernel(void);
void cputime_return_user(void);

#endif
