/* execve fails with E2BIG when one argument (or environment string) is
 * longer than the per-string limit (128 KiB on Linux). */
#include "utest.h"

int main(int argc, char **argv)
{
	char *args[3];
	char *envp[2] = { NULL, NULL };
	char *big;
	size_t n = 200 * 1024;
	pid_t pid;

	utest_begin(argc, argv);
	if (argc != 1)
		_exit(3); /* the exec should never have worked */
	big = malloc(n + 1);
	CHECK(big != NULL);
	memset(big, 'A', n);
	big[n] = '\0';
	args[0] = (char *)utest_self();
	args[2] = NULL;
	pid = utest_fork();
	if (pid == 0) {
		args[1] = big;
		CHECK_ERR(execve(args[0], args, envp), E2BIG);
		args[1] = "small";
		memcpy(big, "VAR=", 4);
		envp[0] = big;
		CHECK_ERR(execve(args[0], args, envp), E2BIG);
		_exit(0);
	}
	CHECK_CHILD_EXIT(pid, 0);
	utest_pass();
}
