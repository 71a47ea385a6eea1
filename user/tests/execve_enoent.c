/* execve of a missing file or through a missing directory is ENOENT, of an
 * empty path ENOENT, and through a regular file used as a directory ENOTDIR. */
#include "utest.h"

int main(int argc, char **argv)
{
	char *args[] = { "x", NULL };
	char *envp[] = { NULL };
	char *file;

	utest_begin(argc, argv);
	file = utest_path("file");
	utest_write_file(file, "data", 0755);
	CHECK_ERR(execve(utest_path("missing"), args, envp), ENOENT);
	CHECK_ERR(execve(utest_path("nodir/prog"), args, envp), ENOENT);
	CHECK_ERR(execve("", args, envp), ENOENT);
	CHECK_ERR(execve(utest_path("file/prog"), args, envp), ENOTDIR);
	utest_pass();
}
