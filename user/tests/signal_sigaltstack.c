/* A handler with SA_ONSTACK runs on the alternate stack, where sigaltstack
 * reports SS_ONSTACK and refuses changes; outside, it reports the stack. */
#include "utest.h"

static char altstack[64 * 1024];
static volatile int on_alt, flags_inside, change_err;

static void handler(int sig)
{
	char local;
	stack_t ss, now;

	(void)sig;
	on_alt = &local >= altstack && &local < altstack + sizeof(altstack);
	sigaltstack(NULL, &now);
	flags_inside = now.ss_flags;
	memset(&ss, 0, sizeof(ss));
	ss.ss_flags = SS_DISABLE;
	change_err = sigaltstack(&ss, NULL) == -1 ? errno : 0;
}

int main(int argc, char **argv)
{
	struct sigaction sa;
	stack_t ss, old;

	utest_begin(argc, argv);
	memset(&ss, 0, sizeof(ss));
	ss.ss_sp = altstack;
	ss.ss_size = 1024;
	CHECK_ERR(sigaltstack(&ss, NULL), ENOMEM);
	ss.ss_flags = 0x4;
	ss.ss_size = sizeof(altstack);
	CHECK_ERR(sigaltstack(&ss, NULL), EINVAL);
	ss.ss_flags = 0;
	CHECK_OK(sigaltstack(&ss, NULL));
	CHECK_OK(sigaltstack(NULL, &old));
	CHECK(old.ss_sp == altstack);
	CHECK_EQ(old.ss_size, sizeof(altstack));
	CHECK_EQ(old.ss_flags, 0);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = handler;
	sa.sa_flags = SA_ONSTACK;
	CHECK_OK(sigaction(SIGUSR1, &sa, NULL));
	CHECK_OK(raise(SIGUSR1));
	CHECK(on_alt);
	CHECK_EQ(flags_inside, SS_ONSTACK);
	CHECK_EQ(change_err, EPERM);
	utest_pass();
}
