/* execve hands the new program exactly the environment given (as environ
 * and through getenv), and an empty environment stays empty. */
#include "utest.h"

extern char **environ;

static int has(const char *s)
{
	for (char **e = environ; *e; e++)
		if (!strcmp(*e, s))
			return 1;
	return 0;
}

int main(int argc, char **argv)
{
	char *args[3];
	char *envp[] = { "ALPHA=1", "EMPTY=", "SPACED=a b c", NULL };
	char *none[] = { NULL };
	pid_t pid;

	utest_begin(argc, argv);
	if (argc > 1 && !strcmp(argv[1], "three")) {
		int n = 0;

		for (char **e = environ; *e; e++)
			n++;
		CHECK_EQ(n, 3);
		CHECK(has("ALPHA=1"));
		CHECK(has("EMPTY="));
		CHECK(has("SPACED=a b c"));
		CHECK_STR_EQ(getenv("SPACED"), "a b c");
		CHECK(getenv("PATH") == NULL);
		_exit(0);
	}
	if (argc > 1 && !strcmp(argv[1], "none")) {
		CHECK(environ == NULL || environ[0] == NULL);
		_exit(0);
	}
	if (argc != 1)
		_exit(3);
	args[0] = (char *)utest_self();
	args[2] = NULL;

	args[1] = "three";
	pid = utest_fork();
	if (pid == 0) {
		execve(args[0], args, envp);
		_exit(127);
	}
	CHECK_CHILD_EXIT(pid, 0);

	args[1] = "none";
	pid = utest_fork();
	if (pid == 0) {
		execve(args[0], args, none);
		_exit(127);
	}
	CHECK_CHILD_EXIT(pid, 0);
	utest_pass();
}
