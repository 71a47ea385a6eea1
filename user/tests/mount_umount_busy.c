/* umount refuses a mount in use (a working directory in it, an open file,
 * a mount on it) with EBUSY; MNT_DETACH takes it away at once, and what
 * still uses it keeps working. */
#include "utest.h"
#include <sys/mount.h>

int main(int argc, char **argv)
{
	char *m, *f, *sub;
	char buf[8];
	int fd, dfd;

	utest_begin(argc, argv);
	m = utest_path("m");
	f = utest_path("m/f");
	sub = utest_path("m/sub");
	CHECK_OK(mkdir(m, 0755));
	CHECK_OK(mount("none", m, "tmpfs", 0, NULL));
	/* An open file keeps it busy. */
	fd = CHECK_OK(open(f, O_RDWR | O_CREAT, 0644));
	CHECK_ERR(umount(m), EBUSY);
	close(fd);
	/* So does a working directory inside. */
	CHECK_OK(chdir(m));
	CHECK_ERR(umount(m), EBUSY);
	CHECK_OK(chdir("/"));
	/* And a mount on it; the inner one goes first. */
	CHECK_OK(mkdir(sub, 0755));
	CHECK_OK(mount("none", sub, "tmpfs", 0, NULL));
	CHECK_ERR(umount(m), EBUSY);
	CHECK_ERR(rmdir(sub), EBUSY);	/* a mount point */
	CHECK_OK(umount(sub));
	/* A directory inside is not the mount point. */
	CHECK_ERR(umount(sub), EINVAL);
	CHECK_OK(umount(m));
	CHECK_ERR(umount(m), EINVAL);
	/* MNT_DETACH: gone from the name space while a descriptor still works. */
	CHECK_OK(mount("none", m, "tmpfs", 0, NULL));
	fd = CHECK_OK(open(f, O_RDWR | O_CREAT, 0644));
	CHECK_EQ(write(fd, "data", 4), 4);
	dfd = CHECK_OK(open(m, O_RDONLY | O_DIRECTORY));
	CHECK_OK(umount2(m, MNT_DETACH));
	CHECK_ERR(access(f, F_OK), ENOENT);
	CHECK_EQ(pread(fd, buf, 4, 0), 4);
	CHECK(!memcmp(buf, "data", 4));
	CHECK_OK(faccessat(dfd, "f", F_OK, 0));	/* the detached tree is still there */
	close(fd);
	close(dfd);
	CHECK_OK(rmdir(m));
	utest_pass();
}
