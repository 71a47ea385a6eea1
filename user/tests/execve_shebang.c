/* execve of a "#!" script runs its interpreter with argv = { interpreter,
 * [the one optional argument,] script path, the caller's argv[1..] }. */
#include "utest.h"

static int ends_with(const char *s, const char *tail)
{
	size_t a = strlen(s), b = strlen(tail);

	return a >= b && !strcmp(s + a - b, tail);
}

int main(int argc, char **argv)
{
	char line[UTEST_PATH_MAX + 64];
	char *with_arg, *no_arg;
	char *args[] = { "ignored-argv0", "u1", "u 2", NULL };
	char *envp[] = { NULL };
	pid_t pid;

	utest_begin(argc, argv);
	if (argc > 1 && !strcmp(argv[1], "shebang-arg")) {
		CHECK_EQ(argc, 5);
		CHECK_STR_EQ(argv[0], utest_self());
		CHECK(ends_with(argv[2], "/with-arg"));
		CHECK_STR_EQ(argv[3], "u1");
		CHECK_STR_EQ(argv[4], "u 2");
		_exit(0);
	}
	if (argc > 1 && argv[1][0] == '/') {
		/* #! line without an argument: argv[1] is the script */
		CHECK_EQ(argc, 4);
		CHECK_STR_EQ(argv[0], utest_self());
		CHECK(ends_with(argv[1], "/no-arg"));
		CHECK_STR_EQ(argv[2], "u1");
		CHECK_STR_EQ(argv[3], "u 2");
		_exit(0);
	}
	if (argc != 1)
		_exit(3);
	with_arg = utest_path("with-arg");
	no_arg = utest_path("no-arg");
	snprintf(line, sizeof(line), "#!%s shebang-arg\nnot read\n", utest_self());
	utest_write_file(with_arg, line, 0755);
	snprintf(line, sizeof(line), "#! %s\n", utest_self());
	utest_write_file(no_arg, line, 0755);

	pid = utest_fork();
	if (pid == 0) {
		execve(with_arg, args, envp);
		_exit(127);
	}
	CHECK_CHILD_EXIT(pid, 0);
	pid = utest_fork();
	if (pid == 0) {
		execve(no_arg, args, envp);
		_exit(127);
	}
	CHECK_CHILD_EXIT(pid, 0);
	utest_pass();
}
