/* The auxiliary vector of a new program carries the page size, 16 random
 * bytes (AT_RANDOM), the file name given to execve (AT_EXECFN), the ids of
 * the process and AT_SECURE 0. */
#include "utest.h"
#include <sys/auxv.h>

int main(int argc, char **argv)
{
	char *args[4];
	char *envp[] = { NULL };
	pid_t pid;

	utest_begin(argc, argv);
	if (argc > 2 && !strcmp(argv[1], "child")) {
		const unsigned char *rnd = (const unsigned char *)getauxval(AT_RANDOM);
		const char *fn = (const char *)getauxval(AT_EXECFN);
		int nonzero = 0;

		CHECK_EQ(getauxval(AT_PAGESZ), 4096);
		CHECK_EQ(getauxval(AT_PAGESZ), sysconf(_SC_PAGESIZE));
		CHECK(rnd != NULL);
		for (int i = 0; i < 16; i++)
			nonzero |= rnd[i];
		CHECK(nonzero);
		CHECK(fn != NULL);
		CHECK_STR_EQ(fn, argv[2]);
		CHECK_EQ(getauxval(AT_UID), getuid());
		CHECK_EQ(getauxval(AT_EUID), geteuid());
		CHECK_EQ(getauxval(AT_GID), getgid());
		CHECK_EQ(getauxval(AT_EGID), getegid());
		CHECK_EQ(getauxval(AT_SECURE), 0);
		CHECK(getauxval(AT_PHDR) != 0);
		CHECK(getauxval(AT_ENTRY) != 0);
		CHECK(getauxval(AT_PHNUM) > 0);
		_exit(0);
	}
	if (argc != 1)
		_exit(3);
	CHECK_EQ(getauxval(AT_PAGESZ), 4096);
	args[0] = (char *)utest_self();
	args[1] = "child";
	args[2] = (char *)utest_self();
	args[3] = NULL;
	pid = utest_fork();
	if (pid == 0) {
		execve(args[0], args, envp);
		_exit(127);
	}
	CHECK_CHILD_EXIT(pid, 0);
	utest_pass();
}
