/* /proc/self/cmdline holds argv and /proc/self/environ envp, each string
 * ended by a NUL, as exec laid them out; environ is the owner's only. */
#include "utest.h"

int main(int argc, char **argv)
{
	static const char args[] = "second\0with space\0";
	static const char env[] = "PROCTEST=xyz\0EMPTY=\0";
	char buf[4096];
	size_t n, alen = strlen(argv[0]) + 1;
	pid_t pid;

	utest_begin(argc, argv);
	if (argc == 3) {
		/* The re-executed copy: check what it was given. */
		n = utest_read_file("/proc/self/cmdline", buf, sizeof(buf));
		CHECK_EQ(n, alen + sizeof(args) - 1);
		CHECK(!memcmp(buf, argv[0], alen));
		CHECK(!memcmp(buf + alen, args, sizeof(args) - 1));
		n = utest_read_file("/proc/self/environ", buf, sizeof(buf));
		CHECK(memmem(buf, n, env, sizeof(env) - 1));
		_exit(0);
	}
	pid = CHECK_OK(fork());
	if (pid == 0) {
		char *av[] = { (char *)utest_self(), "second", "with space", NULL };
		char *ev[] = { "PROCTEST=xyz", "EMPTY=", NULL };

		execve(utest_self(), av, ev);
		_exit(99);
	}
	CHECK_CHILD_EXIT(pid, 0);
	/* This process: argv[0] only, as the runners start it. */
	n = utest_read_file("/proc/self/cmdline", buf, sizeof(buf));
	CHECK(n >= alen);
	CHECK(!memcmp(buf, argv[0], alen));
	utest_pass();
}
