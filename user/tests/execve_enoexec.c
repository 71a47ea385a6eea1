/* execve of an executable file that is neither ELF nor a #! script (binary
 * garbage, plain text, an empty file) fails with ENOEXEC. */
#include "utest.h"

int main(int argc, char **argv)
{
	char *args[] = { "x", NULL };
	char *envp[] = { NULL };
	char *garbage, *text, *empty;

	utest_begin(argc, argv);
	garbage = utest_path("garbage");
	text = utest_path("text");
	empty = utest_path("empty");
	utest_write_file(garbage, "\x01\x02\x03\x04 not an executable \xff\xfe", 0755);
	utest_write_file(text, "echo this is a shell script without #!\n", 0755);
	utest_write_file(empty, "", 0755);
	CHECK_ERR(execve(garbage, args, envp), ENOEXEC);
	CHECK_ERR(execve(text, args, envp), ENOEXEC);
	CHECK_ERR(execve(empty, args, envp), ENOEXEC);
	utest_pass();
}
