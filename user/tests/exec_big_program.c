/* exec maps the program from the page cache instead of reading it into a
 * buffer: a program file of 24 MiB (this test with data appended, which
 * the ELF loader never looks at) runs. */
#include "utest.h"

#define EXTRA (24 << 20)

int main(int argc, char **argv)
{
	static char buf[65536];
	char *copy;
	ssize_t n;
	int in, out;
	pid_t pid;

	if (argc > 1 && !strcmp(argv[1], "--child"))
		_exit(42);
	utest_begin(argc, argv);
	copy = utest_path("big");
	in = open(utest_self(), O_RDONLY);
	CHECK(in >= 0);
	out = open(copy, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	CHECK(out >= 0);
	while ((n = read(in, buf, sizeof(buf))) > 0)
		CHECK_EQ(write(out, buf, n), n);
	CHECK_EQ(n, 0);
	memset(buf, 0x5a, sizeof(buf));
	for (int i = 0; i < EXTRA / (int)sizeof(buf); i++)
		CHECK_EQ(write(out, buf, sizeof(buf)), (ssize_t)sizeof(buf));
	CHECK_OK(close(out));
	CHECK_OK(close(in));
	pid = utest_fork();
	if (pid == 0) {
		char *args[] = { copy, "--child", NULL };

		execv(copy, args);
		_exit(1);
	}
	CHECK_CHILD_EXIT(pid, 42);
	utest_pass();
}
