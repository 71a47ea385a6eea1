/* execve with a bad pointer for the path, the argv array, one argv string
 * or the envp array fails with EFAULT (and the caller goes on). */
#include "utest.h"

int main(int argc, char **argv)
{
	char *args[] = { NULL, "child", NULL };
	char *bad_str[] = { NULL, UTEST_BAD_PTR, NULL };
	char *envp[] = { NULL };
	const char *self;

	utest_begin(argc, argv);
	if (argc != 1)
		_exit(3); /* no exec here should ever work */
	self = utest_self();
	args[0] = bad_str[0] = (char *)self;
	CHECK_ERR(syscall(SYS_execve, UTEST_BAD_PTR, args, envp), EFAULT);
	CHECK_ERR(syscall(SYS_execve, self, UTEST_BAD_PTR, envp), EFAULT);
	CHECK_ERR(syscall(SYS_execve, self, bad_str, envp), EFAULT);
	CHECK_ERR(syscall(SYS_execve, self, args, UTEST_BAD_PTR), EFAULT);
	utest_pass();
}
