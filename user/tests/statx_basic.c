/* statx returns the basic fields (type, mode, size, links, ids, inode)
 * matching fstat, reports them in stx_mask, and rejects unknown flags and
 * the reserved mask bit with EINVAL. */
#include "utest.h"

/* Own copy of struct statx: older C library headers lack it. */
struct utest_statx_ts {
	int64_t tv_sec;
	uint32_t tv_nsec;
	int32_t reserved;
};
struct utest_statx {
	uint32_t stx_mask, stx_blksize;
	uint64_t stx_attributes;
	uint32_t stx_nlink, stx_uid, stx_gid;
	uint16_t stx_mode, pad1;
	uint64_t stx_ino, stx_size, stx_blocks, stx_attributes_mask;
	struct utest_statx_ts stx_atime, stx_btime, stx_ctime, stx_mtime;
	uint32_t stx_rdev_major, stx_rdev_minor, stx_dev_major, stx_dev_minor;
	uint64_t spare[14];
};

#define U_STATX_BASIC_STATS 0x7ffu
#define U_STATX_RESERVED 0x80000000u

int main(int argc, char **argv)
{
	struct utest_statx sx;
	struct stat st;
	int fd;

	utest_begin(argc, argv);
	fd = CHECK_OK(open(utest_path("f"), O_RDWR | O_CREAT, 0600));
	CHECK_EQ(write(fd, "statx!", 6), 6);
	CHECK_OK(fstat(fd, &st));
	memset(&sx, 0xff, sizeof(sx));
	CHECK_EQ(syscall(SYS_statx, AT_FDCWD, utest_path("f"), 0, U_STATX_BASIC_STATS, &sx), 0);
	CHECK_EQ(sx.stx_mask & U_STATX_BASIC_STATS, U_STATX_BASIC_STATS);
	CHECK(S_ISREG(sx.stx_mode));
	CHECK_EQ(sx.stx_mode & 07777, 0600);
	CHECK_EQ(sx.stx_size, 6);
	CHECK_EQ(sx.stx_nlink, 1);
	CHECK_EQ(sx.stx_uid, st.st_uid);
	CHECK_EQ(sx.stx_gid, st.st_gid);
	CHECK_EQ(sx.stx_ino, st.st_ino);
	CHECK_EQ(sx.stx_mtime.tv_sec, st.st_mtime);
	CHECK_EQ(syscall(SYS_statx, fd, "", AT_EMPTY_PATH, U_STATX_BASIC_STATS, &sx), 0);
	CHECK_EQ(sx.stx_ino, st.st_ino);
	CHECK_ERR(syscall(SYS_statx, AT_FDCWD, utest_path("f"), 0x80000000, 0x7ff, &sx), EINVAL);
	CHECK_ERR(syscall(SYS_statx, AT_FDCWD, utest_path("f"), 0, U_STATX_RESERVED, &sx), EINVAL);
	CHECK_ERR(syscall(SYS_statx, AT_FDCWD, utest_path("missing"), 0, 0x7ff, &sx), ENOENT);
	CHECK_ERR(syscall(SYS_statx, AT_FDCWD, utest_path("f"), 0, 0x7ff, UTEST_BAD_PTR), EFAULT);
	CHECK_OK(close(fd));
	utest_pass();
}
