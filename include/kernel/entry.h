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
/* A user page fault: 0 when resolved, else the task gets SIGSEGV. */
int do_user_fault(unsigned long addr, bool write, bool exec);
/* A fault user space cannot survive: the thread group dies of sig. */
void do_user_fatal(struct trapframe *tf, int sig);
/* Last stop before returning to user mode (irqs off): reschedule, signals. */
void exit_to_user(struct trapframe *tf);
/* CPU time accounting (kernel/time/cputime.c): called first thing on a trap
 * from user mode, and last thing before returning to it (irqs off). */
void cputime_enter_kernel(void);
void cputime_return_user(void);

#endif
