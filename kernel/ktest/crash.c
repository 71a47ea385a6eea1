/*
 * Deliberate crashes, so that the test harness can check the panic path
 * itself (ktest.crash=panic or ktest.crash=fault on the command line).
 */
#include <kernel/ktest.h>
#include <core/panic.h>
#include <core/printk.h>
#include <lib/string.h>

/* Not a constant, so that the compiler cannot see the bad access coming. */
static unsigned long crash_address = 16;

__noinline void ktest_crash(const char *how)
{
	if (!strcmp(how, "panic"))
		panic("ktest.crash=panic requested");
	if (!strcmp(how, "fault")) {
		/* A kernel load from an unmapped page: the trap path must panic. */
		(void)*(volatile unsigned long *)READ_ONCE(crash_address);
		panic("ktest.crash=fault: the load did not fault");
	}
	pr_err("ktest.crash: unknown kind '%s' (panic, fault)\n", how);
}
