/* rt_sigreturn trusts nothing in the frame: a handler that points the saved
 * pc at kernel memory only gets its process killed by SIGSEGV, and a
 * sigreturn with no frame on an unmapped stack does the same. The kernel
 * and the parent live on. */
#include "utest.h"
#include <ucontext.h>
#include <sys/syscall.h>

static void to_kernel(int sig, siginfo_t *si, void *ctx)
{
	ucontext_t *uc = ctx;

	(void)sig, (void)si;
	uc->uc_mcontext.__gregs[0] = 0xffffffc000001000UL;	/* kernel address */
}

int main(int argc, char **argv)
{
	pid_t pid;

	utest_begin(argc, argv);
	pid = utest_fork();
	if (pid == 0) {
		struct sigaction sa;

		memset(&sa, 0, sizeof(sa));
		sa.sa_sigaction = to_kernel;
		sa.sa_flags = SA_SIGINFO;
		sigaction(SIGUSR1, &sa, NULL);
		raise(SIGUSR1);
		_exit(0);	/* never reached: the return goes to the bad pc */
	}
	CHECK_CHILD_SIGNAL(pid, SIGSEGV);

	pid = utest_fork();
	if (pid == 0) {
		/* sp on an unmapped page: the frame cannot be read. */
		__asm__ volatile("li sp, 0x1000\n\tli a7, %0\n\tecall" : : "i"(SYS_rt_sigreturn));
		_exit(0);
	}
	CHECK_CHILD_SIGNAL(pid, SIGSEGV);
	utest_pass();
}
