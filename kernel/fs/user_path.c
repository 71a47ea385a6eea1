/* Resolving a path name that comes from user space. */
#include <kernel/mount.h>
#include <core/kmalloc.h>
#include <mica/errno.h>

int vfs_user_path(uptr_t upath, bool follow, struct path *out)
{
	char *path = kmalloc(PATH_MAX);
	long err;

	if (!path)
		return -ENOMEM;
	err = strncpy_from_user(path, upath, PATH_MAX);
	if (err >= 0)
		err = vfs_lookup_path(AT_FDCWD, path, follow, out);
	kfree(path);
	return (int)err;
}
