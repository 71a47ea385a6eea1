/*
 * Assertions on kernel invariants. Whoever includes this declares panic()
 * and warn_slowpath() first: core/panic.h in the kernel, a shim in host tests.
 */
#ifndef CORE_BUG_H
#define CORE_BUG_H

#include <mica/compiler.h>

#define BUG() panic("BUG at %s:%d", __FILE__, __LINE__)

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
