/*
 * Host stand-in for include/core/panic.h. A panic becomes a cmocka assertion
 * failure: mock_assert() longjmps back into expect_assert_failure() when the
 * test expects one (the formatted message is then in
 * global_last_failed_assert), and fails the running test otherwise. So a
 * test checks that code under test detects a broken invariant with
 *
 *	expect_assert_failure(kmem_cache_free(c, obj));
 *
 * Nothing after a panic runs in the code under test, as in the kernel; any
 * lock it held stays held (see shim_spin_reset()).
 */
#ifndef CORE_PANIC_H
#define CORE_PANIC_H

#include <mica/compiler.h>
#include <mica/types.h>
#include <lib/printf.h>

/* cmocka's, declared here so that code under test need not include cmocka.h. */
void mock_assert(const int result, const char *const expression, const char *const file,
		 const int line);
void print_message(const char *const format, ...) __printf(1, 2);

/* Number of WARN_ON*() hits since the program started (weak: one per program). */
__attribute__((weak)) unsigned long shim_warn_count;

static inline __noreturn __printf(1, 2) void panic(const char *fmt, ...)
{
	/* Static: cmocka keeps a pointer to the message after the longjmp. */
	static char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	mock_assert(0, msg, __FILE__, __LINE__);
	__builtin_trap();	/* mock_assert(0, ...) never returns */
}

static inline void warn_slowpath(const char *file, int line, const char *cond)
{
	shim_warn_count++;
	print_message("WARNING at %s:%d: %s\n", file, line, cond);
}

#include <core/bug.h>

#endif
