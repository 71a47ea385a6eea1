/* Tests of memory faults: does touching an address raise a signal, and
 * with which si_code? The handler jumps back to the caller. */
#ifndef UTEST_FAULT_H
#define UTEST_FAULT_H

#include <setjmp.h>
#include <signal.h>
#include <string.h>

static sigjmp_buf utest_fault_env;
static volatile int utest_fault_code;

static void utest_fault_handler(int sig, siginfo_t *si, void *uc)
{
	(void)sig, (void)uc;
	utest_fault_code = si->si_code;
	siglongjmp(utest_fault_env, 1);
}

/* Read *p: 0 if that worked, else the si_code of signal sig it raised. */
static inline int utest_read_fault(volatile const char *p, int sig)
{
	struct sigaction sa, old;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = utest_fault_handler;
	sa.sa_flags = SA_SIGINFO;
	sigaction(sig, &sa, &old);
	utest_fault_code = 0;
	if (!sigsetjmp(utest_fault_env, 1))
		(void)*p;
	sigaction(sig, &old, NULL);
	return utest_fault_code;
}

#endif
