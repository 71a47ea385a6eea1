/* A "#!" script whose interpreter is missing fails with ENOENT; one whose
 * interpreter is not a program fails with ENOEXEC. */
#include "utest.h"

int main(int argc, char **argv)
{
	char line[UTEST_PATH_MAX + 16];
	char *args[] = { "x", NULL };
	char *envp[] = { NULL };
	char *missing, *bad, *garbage;

	utest_begin(argc, argv);
	missing = utest_path("missing-interp");
	bad = utest_path("bad-interp");
	garbage = utest_path("garbage");
	utest_write_file(garbage, "\x01\x02garbage", 0755);
	snprintf(line, sizeof(line), "#!%s/nonexistent\n", utest_tmpdir());
	utest_write_file(missing, line, 0755);
	snprintf(line, sizeof(line), "#!%s\n", garbage);
	utest_write_file(bad, line, 0755);
	CHECK_ERR(execve(missing, args, envp), ENOENT);
	CHECK_ERR(execve(bad, args, envp), ENOEXEC);
	utest_pass();
}
