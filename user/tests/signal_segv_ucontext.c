/* SIGSEGV from a bad load reaches an SA_SIGINFO handler with SEGV_MAPERR
 * and the faulting address; the handler moves the saved pc past the load
 * in its ucontext, and rt_sigreturn resumes there with the changed state. */
#include "utest.h"
#include <ucontext.h>

static volatile sig_atomic_t hits;
static void *volatile fault_addr;
static volatile int fault_code;

static void handler(int sig, siginfo_t *si, void *ctx)
{
	ucontext_t *uc = ctx;
	unsigned long pc = uc->uc_mcontext.__gregs[0];	/* REG_PC on riscv64 */
	unsigned short insn = *(unsigned short *)pc;

	(void)sig;
	hits++;
	fault_addr = si->si_addr;
	fault_code = si->si_code;
	/* Skip the faulting instruction: 2 bytes if compressed, else 4. */
	uc->uc_mcontext.__gregs[0] = pc + ((insn & 3) == 3 ? 4 : 2);
}

int main(int argc, char **argv)
{
	struct sigaction sa;
	static volatile unsigned long bad_addr = 0x10;	/* unmapped */
	volatile int *bad = (volatile int *)bad_addr;
	int v;

	utest_begin(argc, argv);
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = handler;
	sa.sa_flags = SA_SIGINFO;
	CHECK_OK(sigaction(SIGSEGV, &sa, NULL));
	v = *bad;
	(void)v;
	CHECK_EQ(hits, 1);
	CHECK(fault_addr == (void *)bad);
	CHECK_EQ(fault_code, SEGV_MAPERR);
	utest_pass();
}
