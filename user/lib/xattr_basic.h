/* The xattr calls every file system that has them answers alike: set
 * (XATTR_CREATE/REPLACE), get, list and remove through a path and a
 * descriptor, on an empty file f open as fd. Shared by xattr_tmpfs and
 * xattr_disk. Header only, like utest.h. */
#ifndef USER_LIB_XATTR_BASIC_H
#define USER_LIB_XATTR_BASIC_H

#include "utest.h"
#include <sys/xattr.h>

/* Is name in the listxattr result list of len bytes? */
static inline int xattr_listed(const char *list, ssize_t len, const char *name)
{
	for (ssize_t i = 0; i < len; i += strlen(list + i) + 1)
		if (!strcmp(list + i, name))
			return 1;
	return 0;
}

static inline void xattr_basic(const char *f, int fd)
{
	char buf[256], list[512];
	ssize_t len;

	CHECK_EQ(listxattr(f, NULL, 0), 0);
	CHECK_OK(setxattr(f, "user.a", "v1", 2, 0));
	CHECK_EQ(getxattr(f, "user.a", NULL, 0), 2);
	CHECK_EQ(getxattr(f, "user.a", buf, sizeof(buf)), 2);
	CHECK(!memcmp(buf, "v1", 2));
	CHECK_ERR(getxattr(f, "user.a", buf, 1), ERANGE);
	CHECK_ERR(setxattr(f, "user.a", "x", 1, XATTR_CREATE), EEXIST);
	CHECK_ERR(setxattr(f, "user.b", "x", 1, XATTR_REPLACE), ENODATA);
	CHECK_OK(setxattr(f, "user.a", "value2", 6, XATTR_REPLACE));
	CHECK_EQ(fgetxattr(fd, "user.a", buf, sizeof(buf)), 6);
	CHECK(!memcmp(buf, "value2", 6));
	CHECK_OK(fsetxattr(fd, "user.empty", "", 0, XATTR_CREATE));
	CHECK_EQ(getxattr(f, "user.empty", buf, sizeof(buf)), 0);

	len = listxattr(f, NULL, 0);
	CHECK_EQ(len, (ssize_t)(sizeof("user.a") + sizeof("user.empty")));
	CHECK_EQ(flistxattr(fd, list, sizeof(list)), len);
	CHECK(xattr_listed(list, len, "user.a") && xattr_listed(list, len, "user.empty"));
	CHECK_ERR(listxattr(f, list, 5), ERANGE);

	CHECK_OK(removexattr(f, "user.a"));
	CHECK_ERR(removexattr(f, "user.a"), ENODATA);
	CHECK_ERR(getxattr(f, "user.a", buf, sizeof(buf)), ENODATA);
	CHECK_OK(fremovexattr(fd, "user.empty"));
	CHECK_EQ(flistxattr(fd, list, sizeof(list)), 0);
}

#endif
