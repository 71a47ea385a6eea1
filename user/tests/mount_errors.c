/* mount and umount2 errors as Linux gives them: ENOENT, ENOTDIR, ENODEV,
 * EINVAL for bad flags, a missing type or a non-mount point, EFAULT, and
 * EPERM for anyone but root. */
#include "utest.h"
#include <sys/mount.h>

int main(int argc, char **argv)
{
	char *m, *file;
	pid_t pid;
	int fd;

	utest_begin(argc, argv);
	m = utest_path("m");
	file = utest_path("file");
	CHECK_OK(mkdir(m, 0755));
	fd = CHECK_OK(open(file, O_WRONLY | O_CREAT, 0644));
	close(fd);
	CHECK_ERR(mount("none", utest_path("missing"), "tmpfs", 0, NULL), ENOENT);
	CHECK_ERR(mount("none", utest_path("file/x"), "tmpfs", 0, NULL), ENOTDIR);
	CHECK_ERR(mount("none", m, "no-such-fs-type", 0, NULL), ENODEV);
	CHECK_ERR(mount("none", m, NULL, 0, NULL), EINVAL);
	CHECK_ERR(syscall(SYS_mount, "none", UTEST_BAD_PTR, "tmpfs", 0, NULL), EFAULT);
	CHECK_ERR(syscall(SYS_mount, "none", m, UTEST_BAD_PTR, 0, NULL), EFAULT);
	CHECK_ERR(umount(m), EINVAL);		/* not a mount point */
	CHECK_ERR(umount(utest_path("missing")), ENOENT);
	CHECK_ERR(umount2(m, 0x100), EINVAL);	/* unknown flag */
	CHECK_ERR(umount2(m, MNT_EXPIRE | MNT_DETACH), EINVAL);
	CHECK_ERR(syscall(SYS_umount2, UTEST_BAD_PTR, 0), EFAULT);
	/* Only root mounts and unmounts. */
	CHECK_OK(mount("none", m, "tmpfs", 0, NULL));
	pid = CHECK_OK(fork());
	if (pid == 0) {
		CHECK_OK(setuid(65534));
		CHECK_ERR(mount("none", utest_tmpdir(), "tmpfs", 0, NULL), EPERM);
		CHECK_ERR(umount(m), EPERM);
		CHECK_ERR(umount(utest_path("missing")), ENOENT);	/* the path comes first */
		_exit(0);
	}
	CHECK_CHILD_EXIT(pid, 0);
	CHECK_OK(umount(m));
	utest_pass();
}
