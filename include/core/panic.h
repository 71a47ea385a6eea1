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

#define BUG_ON(cond)                                                              \
	do {                                                                      \
		if (unlikely(cond))                                               \
			panic("BUG at %s:%d: %s", __FILE__, __LINE__, #cond);     \
	} while (0)

#define WARN_ON(cond)                                                             \
	({                                                                        \
		bool __c = !!(cond);                                              \
		if (unlikely(__c))                                                \
			warn_slowpath(__FILE__, __LINE__, #cond);                 \
		__c;                                                              \
	})

#define WARN_ON_ONCE(cond)                                                        \
	({                                                                        \
		static bool __warned;                                             \
		bool __c = !!(cond);                                              \
		if (unlikely(__c) && !__warned) {                                 \
			__warned = true;                                          \
			warn_slowpath(__FILE__, __LINE__, #cond);                 \
		}                                                                 \
		__c;                                                              \
	})

#endif
