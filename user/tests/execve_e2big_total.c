/* execve fails with E2BIG when the arguments together exceed the limit for
 * the new stack, even though each one is short enough. */
#include "utest.h"

#define NARGS 100
#define ARGLEN (100 * 1000)

int main(int argc, char **argv)
{
	char **args;
	char *envp[] = { NULL };
	char *chunk;
	pid_t pid;

	utest_begin(argc, argv);
	if (argc != 1)
		_exit(3); /* the exec should never have worked */
	chunk = malloc(ARGLEN + 1);
	args = malloc((NARGS + 2) * sizeof(char *));
	CHECK(chunk != NULL && args != NULL);
	memset(chunk, 'B', ARGLEN);
	chunk[ARGLEN] = '\0';
	args[0] = (char *)utest_self();
	for (int i = 1; i <= NARGS; i++)
		args[i] = chunk;
	args[NARGS + 1] = NULL;
	pid = utest_fork();
	if (pid == 0) {
		CHECK_ERR(execve(args[0], args, envp), E2BIG);
		_exit(0);
	}
	CHECK_CHILD_EXIT(pid, 0);
	utest_pass();
}
