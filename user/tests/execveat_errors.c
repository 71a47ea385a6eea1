/* execveat: a relative name with a bad dirfd is EBADF, unknown flags
 * EINVAL, an empty name without AT_EMPTY_PATH ENOENT, and
 * AT_SYMLINK_NOFOLLOW on a symbolic link ELOOP. */
#include "utest.h"

int main(int argc, char **argv)
{
	char *args[] = { NULL, "child", NULL };
	char *envp[] = { NULL };
	int fd;

	utest_begin(argc, argv);
	if (argc != 1)
		_exit(3); /* no exec here should ever work */
	args[0] = (char *)utest_self();
	fd = CHECK_OK(open(utest_self(), O_RDONLY));
	CHECK_OK(symlink(utest_self(), utest_path("link")));
	CHECK_ERR(syscall(SYS_execveat, 9999, "prog", args, envp, 0), EBADF);
	CHECK_ERR(syscall(SYS_execveat, AT_FDCWD, utest_self(), args, envp, 0x4), EINVAL);
	CHECK_ERR(syscall(SYS_execveat, fd, "", args, envp, 0), ENOENT);
	CHECK_ERR(syscall(SYS_execveat, AT_FDCWD, utest_path("link"), args, envp,
			  AT_SYMLINK_NOFOLLOW),
		  ELOOP);
	utest_pass();
}
