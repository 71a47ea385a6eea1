/* O_CREAT makes a missing file (with the requested mode less the umask);
 * O_CREAT|O_EXCL on an existing name, even a directory or a dangling
 * symbolic link, fails with EEXIST. */
#include "utest.h"

int main(int argc, char **argv)
{
	struct stat st;
	char *f;
	int fd;

	utest_begin(argc, argv);
	umask(022);
	f = utest_path("f");
	fd = CHECK_OK(open(f, O_RDWR | O_CREAT | O_EXCL, 0666));
	CHECK_OK(fstat(fd, &st));
	CHECK(S_ISREG(st.st_mode));
	CHECK_EQ(st.st_mode & 07777, 0644);
	CHECK_EQ(st.st_size, 0);
	CHECK_OK(close(fd));
	CHECK_ERR(open(f, O_RDWR | O_CREAT | O_EXCL, 0644), EEXIST);
	CHECK_ERR(open(utest_tmpdir(), O_RDONLY | O_CREAT | O_EXCL, 0644), EEXIST);
	CHECK_OK(symlink(utest_path("nowhere"), utest_path("dangling")));
	CHECK_ERR(open(utest_path("dangling"), O_RDWR | O_CREAT | O_EXCL, 0644), EEXIST);
	/* Without O_EXCL an existing file just opens. */
	fd = CHECK_OK(open(f, O_RDWR | O_CREAT, 0600));
	CHECK_OK(close(fd));
	utest_pass();
}
