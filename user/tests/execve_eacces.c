/* execve needs execute permission: a file without any x bit (even for
 * root), a directory, or a file only its owner may run when called by
 * another user, all fail with EACCES. */
#include "utest.h"

int main(int argc, char **argv)
{
	char *args[] = { "x", NULL };
	char *envp[] = { NULL };
	char *noexec, *owner_only;
	pid_t pid;

	utest_begin(argc, argv);
	noexec = utest_path("noexec");
	owner_only = utest_path("owner-only");
	utest_write_file(noexec, "#!/bin/sh\n", 0644);
	utest_write_file(owner_only, "#!/bin/sh\n", 0744);
	CHECK_ERR(execve(noexec, args, envp), EACCES);
	CHECK_ERR(execve(utest_tmpdir(), args, envp), EACCES);
	pid = utest_fork();
	if (pid == 0) {
		CHECK_EQ(setuid(65534), 0);
		CHECK_ERR(execve(owner_only, args, envp), EACCES);
		_exit(0);
	}
	CHECK_CHILD_EXIT(pid, 0);
	utest_pass();
}
