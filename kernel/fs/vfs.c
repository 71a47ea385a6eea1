/*
 * Path resolution, opening and the file-system context (see
 * include/kernel/vfs.h). A walk holds a reference on the directory it is
 * in and takes that directory's lock only around each lookup.
 */
#include <kernel/vfs.h>
#include <kernel/tty.h>
#include <kernel/proc.h>
#include <kernel/cred.h>
#include <core/clock.h>
#include <core/kmalloc.h>
#include <lib/string.h>
#include <mica/err.h>
#include <mica/errno.h>
#include <kernel/initramfs.h>
#include <core/panic.h>

#define MAX_SYMLINKS 40		/* links followed in one resolution */
#define MAX_NESTED_LINKS 8	/* links within links: bounds the recursion (stack) */

static struct inode *root_inode;

struct inode *vfs_root(void)
{
	return root_inode;
}

struct timespec64 vfs_now(void)
{
	u64 ns = clock_realtime_ns();	/* file times are wall-clock times */

	return (struct timespec64){ (s64)(ns / NSEC_PER_SEC), (long)(ns % NSEC_PER_SEC) };
}

void inode_init(struct inode *ino, const struct inode_ops *ops, u32 mode)
{
	atomic_set(&ino->refs, 1);
	ino->ops = ops;
	ino->mode = mode;
	ino->nlink = 1;
	mutex_init(&ino->lock, "inode.lock");
	ino->atime = ino->mtime = ino->ctime = vfs_now();
}

void inode_get(struct inode *ino)
{
	atomic_inc(&ino->refs);
}

void inode_put(struct inode *ino)
{
	if (atomic_dec_and_test(&ino->refs) && ino->ops->evict)
		ino->ops->evict(ino);
}

void inode_touch(struct inode *ino, bool modified)
{
	struct timespec64 now = vfs_now();

	if (modified)
		ino->mtime = ino->ctime = now;
	else
		ino->ctime = now;
}

/* --- fs context --- */

struct fs_context *fs_context_create(struct inode *root)
{
	struct fs_context *fs = kzalloc(sizeof(*fs));

	if (!fs)
		return NULL;
	atomic_set(&fs->refs, 1);
	spin_lock_init(&fs->lock, "fs_context");
	fs->root = fs->cwd = root;
	inode_get(root);
	inode_get(root);
	fs->umask = 022;
	return fs;
}

struct fs_context *fs_context_dup(struct fs_context *old)
{
	struct fs_context *fs = fs_context_create(old->root);

	if (!fs)
		return NULL;
	spin_lock(&old->lock);
	inode_put(fs->cwd);
	fs->cwd = old->cwd;
	inode_get(fs->cwd);
	fs->umask = old->umask;
	spin_unlock(&old->lock);
	return fs;
}

void fs_context_put(struct fs_context *fs)
{
	if (!atomic_dec_and_test(&fs->refs))
		return;
	inode_put(fs->root);
	inode_put(fs->cwd);
	kfree(fs);
}

/* --- walking --- */

static struct fs_context *kernel_fs;	/* kernel threads resolve from the root */

static struct fs_context *my_fs(void)
{
	struct process *p = current->proc;

	return p && p->fs ? p->fs : kernel_fs;
}

struct inode *vfs_fd_inode(int fd, int no_inode_err)
{
	struct file *f = fd_get(current_process()->files, fd);
	struct inode *ino;

	if (!f)
		return ERR_PTR(-EBADF);
	ino = f->inode;
	if (ino)
		inode_get(ino);
	file_put(f);
	return ino ? ino : ERR_PTR(no_inode_err);
}

/* The directory a relative path starts from: cwd or dirfd's inode. */
static struct inode *start_dir(int dirfd, const char *path)
{
	struct fs_context *fs = my_fs();
	struct inode *dir;

	if (path[0] == '/') {
		inode_get(fs->root);
		return fs->root;
	}
	if (dirfd == AT_FDCWD) {
		spin_lock(&fs->lock);
		dir = fs->cwd;
		inode_get(dir);
		spin_unlock(&fs->lock);
		return dir;
	}
	return vfs_fd_inode(dirfd, -ENOTDIR);
}

static struct inode *lookup_one(struct inode *dir, const char *name)
{
	struct inode *out;
	int err;

	if (!S_ISDIR(dir->mode))
		return ERR_PTR(-ENOTDIR);
	err = inode_permission(dir, MAY_EXEC, false);	/* search permission */
	if (err)
		return ERR_PTR(err);
	/* ".." at the process root stays there. */
	if (!strcmp(name, "..") && dir == my_fs()->root) {
		inode_get(dir);
		return dir;
	}
	mutex_lock(&dir->lock);
	err = dir->ops->lookup(dir, name, &out);
	mutex_unlock(&dir->lock);
	return err ? ERR_PTR(err) : out;
}

struct walk {
	int links;	/* symlinks followed so far */
	int depth;	/* symlinks being resolved inside one another */
};

static struct inode *walk(struct walk *w, struct inode *dir, const char *path, bool follow,
			  char *last, bool *must_dir);

/* Replace the symlink ino (found in dir) by what it points to. */
static struct inode *follow_link(struct walk *w, struct inode *dir, struct inode *ino)
{
	char *target;
	struct inode *res;
	int len;

	if (++w->links > MAX_SYMLINKS || w->depth >= MAX_NESTED_LINKS)
		return ERR_PTR(-ELOOP);
	target = kmalloc(PATH_MAX);
	if (!target)
		return ERR_PTR(-ENOMEM);
	len = ino->ops->readlink(ino, target, PATH_MAX - 1);
	target[len < 0 ? 0 : len] = 0;
	w->depth++;
	if (target[0] == '/') {
		inode_get(my_fs()->root);
		res = walk(w, my_fs()->root, target, true, NULL, NULL);
	} else {
		inode_get(dir);
		res = walk(w, dir, target, true, NULL, NULL);
	}
	w->depth--;
	kfree(target);
	return res;
}

/*
 * Walk path from dir (whose reference is consumed). With last != NULL the
 * final component is not looked up but copied into last and its parent
 * returned.
 */
static struct inode *walk(struct walk *w, struct inode *dir, const char *path, bool follow,
			  char *last, bool *must_dir)
{
	char name[NAME_MAX + 1];

	for (;;) {
		const char *end;
		size_t len;
		bool final;
		struct inode *next;

		while (*path == '/')
			path++;
		if (!*path) {
			if (last) {
				strscpy(last, ".", NAME_MAX + 1);
				if (must_dir)
					*must_dir = true;
			}
			return dir;
		}
		end = strchr(path, '/');
		len = end ? (size_t)(end - path) : strlen(path);
		if (len > NAME_MAX) {
			inode_put(dir);
			return ERR_PTR(-ENAMETOOLONG);
		}
		memcpy(name, path, len);
		name[len] = 0;
		path += len;
		final = true;
		for (const char *p = path; *p; p++)
			if (*p != '/') {
				final = false;
				break;
			}
		if (final && last) {
			int err = S_ISDIR(dir->mode) ? inode_permission(dir, MAY_EXEC, false) : -ENOTDIR;

			if (err) {
				inode_put(dir);
				return ERR_PTR(err);
			}
			memcpy(last, name, len + 1);
			if (must_dir)
				*must_dir = *path == '/';
			return dir;
		}
		next = lookup_one(dir, name);
		if (IS_ERR(next)) {
			inode_put(dir);
			return next;
		}
		if (S_ISLNK(next->mode) && (!final || follow || *path == '/')) {
			struct inode *target = follow_link(w, dir, next);

			inode_put(next);
			next = target;
			if (IS_ERR(next)) {
				inode_put(dir);
				return next;
			}
		}
		inode_put(dir);
		if (final) {
			if (*path == '/' && !S_ISDIR(next->mode)) {
				inode_put(next);
				return ERR_PTR(-ENOTDIR);
			}
			return next;
		}
		dir = next;
	}
}

/* Walk path from where dirfd and its first character say (see walk()). */
static struct inode *resolve(int dirfd, const char *path, bool follow, char *last,
			     bool *must_dir)
{
	struct walk w = { 0 };
	struct inode *dir;

	if (!*path)
		return ERR_PTR(-ENOENT);
	dir = start_dir(dirfd, path);
	if (IS_ERR(dir))
		return dir;
	if (must_dir)
		*must_dir = false;
	return walk(&w, dir, path, follow, last, must_dir);
}

struct inode *vfs_lookup(int dirfd, const char *path, bool follow)
{
	return resolve(dirfd, path, follow, NULL, NULL);
}

struct inode *vfs_lookup_parent(int dirfd, const char *path, char *name, bool *must_dir)
{
	return resolve(dirfd, path, true, name, must_dir);
}

/* --- open --- */

struct inode *file_inode(struct file *f)
{
	return f->inode;
}

int device_open(struct inode *ino, struct file *f);	/* kernel/fs/devices.c */

struct file *vfs_open_inode(struct inode *ino, int flags)
{
	struct file *f;
	int err;

	if (S_ISDIR(ino->mode) && (flags & O_ACCMODE) != O_RDONLY)
		return ERR_PTR(-EISDIR);
	f = file_alloc(NULL, NULL, flags);
	if (!f)
		return ERR_PTR(-ENOMEM);
	inode_get(ino);
	f->inode = ino;
	if (S_ISCHR(ino->mode))
		err = device_open(ino, f);
	else
		err = ino->ops->open ? ino->ops->open(ino, f) : -ENXIO;
	if (err) {
		f->ops = &(const struct file_ops){ 0 };
		file_put(f);
		return ERR_PTR(err);
	}
	return f;
}

/* Create (or find) the file name in dir for O_CREAT; dir->lock held. */
static int create_locked(struct inode *dir, const char *name, int flags, u32 mode,
			 struct inode **out, bool *created)
{
	int err = dir->ops->lookup(dir, name, out);

	if (err == -ENOENT) {
		err = inode_permission(dir, MAY_WRITE | MAY_EXEC, false);
		if (!err)
			err = dir->ops->create(dir, name, S_IFREG | (mode & 07777 & ~my_fs()->umask),
					       0, out);
		*created = !err;
		return err;
	}
	if (!err && (flags & O_EXCL)) {
		inode_put(*out);
		return -EEXIST;
	}
	return err;
}

/*
 * O_CREAT: resolve the parent of path (from start, whose reference is
 * consumed), then find or create the last component. A symlink there is
 * followed, so that creating through a dangling link creates its target.
 */
static struct inode *open_create(struct inode *start, const char *path, int flags, u32 mode,
				 int depth, bool *created)
{
	struct walk w = { 0 };
	char name[NAME_MAX + 1], *target;
	bool must_dir = false;
	struct inode *dir = walk(&w, start, path, true, name, &must_dir), *ino;
	int err, len;

	if (IS_ERR(dir))
		return dir;
	if (must_dir || !strcmp(name, ".") || !strcmp(name, "..")) {
		inode_put(dir);
		return ERR_PTR(-EISDIR);
	}
	mutex_lock(&dir->lock);
	err = create_locked(dir, name, flags, mode, &ino, created);
	mutex_unlock(&dir->lock);
	if (err) {
		inode_put(dir);
		return ERR_PTR(err);
	}
	if (!S_ISLNK(ino->mode) || (flags & (O_EXCL | O_NOFOLLOW))) {
		inode_put(dir);
		return ino;
	}
	if (depth >= MAX_NESTED_LINKS) {
		inode_put(ino);
		inode_put(dir);
		return ERR_PTR(-ELOOP);
	}
	target = kmalloc(PATH_MAX);
	if (!target) {
		inode_put(ino);
		inode_put(dir);
		return ERR_PTR(-ENOMEM);
	}
	len = ino->ops->readlink(ino, target, PATH_MAX - 1);
	target[len < 0 ? 0 : len] = 0;
	inode_put(ino);
	if (target[0] == '/') {
		inode_put(dir);
		dir = my_fs()->root;
		inode_get(dir);
	}
	ino = open_create(dir, target, flags, mode, depth + 1, created);
	kfree(target);
	return ino;
}

struct file *vfs_open(int dirfd, const char *path, int flags, u32 mode)
{
	bool created = false;
	struct inode *ino;
	struct file *f;
	int err;

	if (!*path)
		return ERR_PTR(-ENOENT);
	if (flags & O_CREAT) {
		struct inode *start = start_dir(dirfd, path);

		if (IS_ERR(start))
			return (struct file *)start;
		ino = open_create(start, path, flags, mode, 0, &created);
	} else {
		ino = vfs_lookup(dirfd, path, !(flags & O_NOFOLLOW));
	}
	if (IS_ERR(ino))
		return (struct file *)ino;
	if (S_ISLNK(ino->mode)) {
		inode_put(ino);
		return ERR_PTR(-ELOOP);
	}
	if (S_ISDIR(ino->mode) && (flags & O_CREAT)) {
		inode_put(ino);
		return ERR_PTR(-EISDIR);
	}
	if ((flags & O_DIRECTORY) && !S_ISDIR(ino->mode)) {
		inode_put(ino);
		return ERR_PTR(-ENOTDIR);
	}
	/* A file this open created may be opened whatever its new mode says. */
	if (!created) {
		int want = ((flags & O_ACCMODE) != O_WRONLY ? MAY_READ : 0) |
			   ((flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC) ? MAY_WRITE : 0);

		err = inode_permission(ino, want, false);
		if (err) {
			inode_put(ino);
			return ERR_PTR(err);
		}
	}
	if ((flags & O_TRUNC) && S_ISREG(ino->mode) && (flags & O_ACCMODE) != O_RDONLY) {
		mutex_lock(&ino->lock);
		ino->ops->truncate(ino, 0);
		mutex_unlock(&ino->lock);
	}
	f = vfs_open_inode(ino, flags);
	inode_put(ino);
	return f;
}

int vfs_read_all(struct inode *ino, void **buf, size_t *size)
{
	ssize_t n;
	char *b;

	if (!S_ISREG(ino->mode) || !ino->ops->read_kernel)
		return -EACCES;
	b = kmalloc(ino->size ? ino->size : 1);	/* whole images until file mmap exists */
	if (!b)
		return -ENOMEM;
	n = ino->ops->read_kernel(ino, b, ino->size, 0);
	if (n < 0 || (size_t)n != ino->size) {
		kfree(b);
		return n < 0 ? (int)n : -EIO;
	}
	*buf = b;
	*size = n;
	return 0;
}

int vfs_load(const char *path, void **buf, size_t *size)
{
	struct inode *ino = vfs_lookup(AT_FDCWD, path, true);
	int err;

	if (IS_ERR(ino))
		return PTR_ERR(ino);
	err = vfs_read_all(ino, buf, size);
	inode_put(ino);
	return err;
}

static void make_dev(struct inode *dev, const char *name, u32 mode, u32 rdev)
{
	mutex_lock(&dev->lock);
	dev->ops->create(dev, name, mode, rdev, NULL);
	mutex_unlock(&dev->lock);
}

void vfs_init(void)
{
	struct inode *dev;
	int err;

	root_inode = tmpfs_create_root();
	kernel_fs = root_inode ? fs_context_create(root_inode) : NULL;
	if (!kernel_fs)
		panic("vfs: no memory for the root file system");
	if (initramfs_present())
		vfs_unpack_initramfs();
	/* /dev with the basic device nodes, as devtmpfs would provide. */
	mutex_lock(&root_inode->lock);
	err = root_inode->ops->lookup(root_inode, "dev", &dev);
	if (err)
		err = root_inode->ops->create(root_inode, "dev", S_IFDIR | 0755, 0, &dev);
	mutex_unlock(&root_inode->lock);
	if (err)
		panic("vfs: cannot create /dev: %d", err);
	make_dev(dev, "null", S_IFCHR | 0666, MKDEV(1, 3));
	make_dev(dev, "zero", S_IFCHR | 0666, MKDEV(1, 5));
	make_dev(dev, "random", S_IFCHR | 0666, MKDEV(1, 8));
	make_dev(dev, "urandom", S_IFCHR | 0666, MKDEV(1, 9));
	make_dev(dev, "tty", S_IFCHR | 0666, MKDEV(5, 0));
	make_dev(dev, "console", S_IFCHR | 0600, MKDEV(5, 1));
	make_dev(dev, "ttyS0", S_IFCHR | 0660, MKDEV(4, 64));
	make_dev(dev, "rtc0", S_IFCHR | 0600, MKDEV(RTC_MAJOR, 0));
	tty_create_dev_nodes(dev);	/* ptmx and pts/ */
	inode_put(dev);
}
