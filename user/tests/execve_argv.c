/* execve hands the new program exactly the argument vector given: count,
 * order, empty strings, spaces and long strings. */
#include "utest.h"

static char long_arg[3000];

static void fill_long(void)
{
	for (int i = 0; i < (int)sizeof(long_arg) - 1; i++)
		long_arg[i] = 'a' + i % 26;
}

int main(int argc, char **argv)
{
	char *args[7];
	char *envp[] = { NULL };
	pid_t pid;

	utest_begin(argc, argv);
	fill_long();
	if (argc > 1 && !strcmp(argv[1], "child")) {
		CHECK_EQ(argc, 6);
		CHECK_STR_EQ(argv[0], utest_self());
		CHECK_STR_EQ(argv[2], "");
		CHECK_STR_EQ(argv[3], "two words");
		CHECK_STR_EQ(argv[4], long_arg);
		CHECK_STR_EQ(argv[5], "last");
		CHECK(argv[6] == NULL);
		_exit(0);
	}
	if (argc != 1)
		_exit(3);
	args[0] = (char *)utest_self();
	args[1] = "child";
	args[2] = "";
	args[3] = "two words";
	args[4] = long_arg;
	args[5] = "last";
	args[6] = NULL;
	pid = utest_fork();
	if (pid == 0) {
		execve(args[0], args, envp);
		_exit(127);
	}
	CHECK_CHILD_EXIT(pid, 0);
	utest_pass();
}
