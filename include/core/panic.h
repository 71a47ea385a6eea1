/* Fatal kernel errors: only for broken kernel invariants. */
#ifndef CORE_PANIC_H
#define CORE_PANIC_H

#include <mica/compiler.h>

struct trapframe;

/* Print msg, the registers (of tf if given) and a symbolized backtrace on
 * this CPU, stop every other CPU and halt. */
__noreturn __printf(1, 2) void panic(const char *fmt, ...);
__noreturn void panic_tf(const struct trapframe *tf, const char *fmt, ...);
void dump_backtrace(unsigned long fp, unsigned long pc);
void warn_slowpath(const char *file, int line, const char *cond);

extern volatile bool panic_in_progress;

#include <core/bug.h>

#endif
