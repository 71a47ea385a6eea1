/* sync, syncfs, fsync, fdatasync and sync_file_range: succeed on files and
 * directories, EINVAL (fsync) or ESPIPE (sync_file_range) on pipes and
 * devices, and check their arguments as Linux does. */
#include "utest.h"

int main(int argc, char **argv)
{
	int fd, dir, p[2], null;

	utest_begin(argc, argv);
	fd = CHECK_OK(open(utest_path("f"), O_RDWR | O_CREAT, 0644));
	CHECK_EQ(write(fd, "data", 4), 4);
	CHECK_OK(fsync(fd));
	CHECK_OK(fdatasync(fd));
	dir = CHECK_OK(open(utest_tmpdir(), O_RDONLY | O_DIRECTORY));
	CHECK_OK(fsync(dir));
	CHECK_OK(fdatasync(dir));
	CHECK_OK(pipe(p));
	CHECK_ERR(fsync(p[0]), EINVAL);
	CHECK_ERR(fdatasync(p[1]), EINVAL);
	null = CHECK_OK(open("/dev/null", O_RDWR));
	CHECK_ERR(fsync(null), EINVAL);
	CHECK_ERR(fsync(-1), EBADF);
	CHECK_ERR(fdatasync(1000), EBADF);

	sync();
	CHECK_OK(syncfs(fd));
	CHECK_OK(syncfs(dir));
	CHECK_ERR(syncfs(-1), EBADF);

	CHECK_OK(sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE));
	CHECK_OK(sync_file_range(fd, 0, 4, SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE |
					       SYNC_FILE_RANGE_WAIT_AFTER));
	CHECK_OK(sync_file_range(fd, 100, 10, 0));
	CHECK_OK(sync_file_range(dir, 0, 0, SYNC_FILE_RANGE_WRITE));
	CHECK_ERR(sync_file_range(fd, 0, 0, 8), EINVAL);
	CHECK_ERR(sync_file_range(fd, -1, 0, SYNC_FILE_RANGE_WRITE), EINVAL);
	CHECK_ERR(sync_file_range(fd, 0, -1, SYNC_FILE_RANGE_WRITE), EINVAL);
	CHECK_ERR(sync_file_range(fd, 0x7fffffffffffff00LL, 0x1000, 0), EINVAL);
	CHECK_ERR(sync_file_range(p[1], 0, 0, SYNC_FILE_RANGE_WRITE), ESPIPE);
	CHECK_ERR(sync_file_range(null, 0, 0, SYNC_FILE_RANGE_WRITE), ESPIPE);
	CHECK_ERR(sync_file_range(-1, 0, 0, SYNC_FILE_RANGE_WRITE), EBADF);
	utest_pass();
}
