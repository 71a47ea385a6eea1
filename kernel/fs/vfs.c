/*
 * Path resolution, opening and the file-system context (see
 * include/kernel/vfs.h). A walk holds a reference on the directory it is
 * in and takes that directory's lock only around each lookup.
 */
#include <kernel/vfs.h>
#include <kernel/tty.h>
#include <kernel/loop.h>
#include <kernel/proc.h>
#include <kernel/cred.h>
#include <kernel/dcache.h>
#include <core/clock.h>
#include <core/kmalloc.h>
#include <lib/string.h>
#include <mica/err.h>
#include <mica/errno.h>
#include <kernel/initramfs.h>
#include <kernel/loop.h>
#include <kernel/mount.h>
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
	INIT_LIST_HEAD(&ino->icache_link);
	INIT_LIST_HEAD(&ino->locks);
	atomic_set(&ino->writecount, 0);
	INIT_LIST_HEAD(&ino->dcache_children);
	page_cache_init(&ino->cache, ino, NULL);
}

int inode_get_write_access(struct inode *ino)
{
	int n;

	do {
		n = atomic_read(&ino->writecount);
		if (n < 0)
			return -ETXTBSY;
	} while (!atomic_cmpxchg(&ino->writecount, n, n + 1));
	return 0;
}

void inode_put_write_access(struct inode *ino)
{
	atomic_dec(&ino->writecount);
}

int inode_deny_write_access(struct inode *ino)
{
	int n;

	do {
		n = atomic_read(&ino->writecount);
		if (n > 0)
			return -ETXTBSY;
	} while (!atomic_cmpxchg(&ino->writecount, n, n - 1));
	return 0;
}

void inode_allow_write_access(struct inode *ino)
{
	atomic_inc(&ino->writecount);
}

void inode_get(struct inode *ino)
{
	atomic_inc(&ino->refs);
}

bool icache_put(struct inode *ino);	/* icache.c */

void inode_put(struct inode *ino)
{
	bool last = ino->icache ? icache_put(ino) : atomic_dec_and_test(&ino->refs);

	if (!last)
		return;
	/* Nobody can add names under it now; those cached go (no recursion:
	 * see dcache.h). */
	if (!list_empty(&ino->dcache_children))
		dcache_dir_gone(ino);
	/* Off the flusher's list first (it takes references only from
	 * inodes that still have one): evict writes what must be written. */
	filemap_wb_forget(ino);
	if (ino->ops->evict)
		ino->ops->evict(ino);
}

void inode_touch(struct inode *ino, bool modified)
{
	struct timespec64 now = vfs_now();

	if (modified)
		ino->mtime = ino->ctime = now;
	else
		ino->ctime = now;
	inode_mark_dirty(ino);
}

/* --- fs context --- */

struct fs_context *fs_context_create(struct inode *root)
{
	struct fs_context *fs = kzalloc(sizeof(*fs));

	if (!fs)
		return NULL;
	atomic_set(&fs->refs, 1);
	spin_lock_init(&fs->lock, "fs_context");
	/* root is the root file system's root: the root mount's. */
	fs->root = (struct path){ mount_root(), root };
	path_get(&fs->root);
	fs->cwd = fs->root;
	path_get(&fs->cwd);
	fs->umask = 022;
	return fs;
}

struct fs_context *fs_context_dup(struct fs_context *old)
{
	struct fs_context *fs = kzalloc(sizeof(*fs));

	if (!fs)
		return NULL;
	atomic_set(&fs->refs, 1);
	spin_lock_init(&fs->lock, "fs_context");
	spin_lock(&old->lock);
	fs->root = old->root;
	path_get(&fs->root);
	fs->cwd = old->cwd;
	path_get(&fs->cwd);
	fs->umask = old->umask;
	spin_unlock(&old->lock);
	return fs;
}

void fs_context_put(struct fs_context *fs)
{
	if (!atomic_dec_and_test(&fs->refs))
		return;
	path_put(&fs->root);
	path_put(&fs->cwd);
	kfree(fs);
}

/* --- walking --- */

static struct fs_context *kernel_fs;	/* kernel threads resolve from the root */

static struct fs_context *my_fs(void)
{
	struct process *p = current->proc;

	return p && p->fs ? p->fs : kernel_fs;
}

void vfs_get_root(struct path *out)
{
	struct fs_context *fs = my_fs();

	spin_lock(&fs->lock);
	*out = fs->root;
	path_get(out);
	spin_unlock(&fs->lock);
}

void vfs_get_cwd(struct path *out)
{
	struct fs_context *fs = my_fs();

	spin_lock(&fs->lock);
	*out = fs->cwd;
	path_get(out);
	spin_unlock(&fs->lock);
}

void vfs_set_cwd(struct path *p)
{
	struct fs_context *fs = my_fs();
	struct path old;

	spin_lock(&fs->lock);
	old = fs->cwd;
	fs->cwd = *p;
	spin_unlock(&fs->lock);
	path_put(&old);
}

/* The path behind descriptor fd (referenced): -EBADF for a bad descriptor,
 * no_inode_err for a file with no inode (a pipe). */
int vfs_fd_path(int fd, int no_inode_err, struct path *out)
{
	struct file *f = fd_get(current_process()->files, fd);
	int err = 0;

	if (!f)
		return -EBADF;
	if (f->inode) {
		*out = (struct path){ f->mnt, f->inode };
		path_get(out);
	} else {
		err = no_inode_err;
	}
	file_put(f);
	return err;
}

struct inode *vfs_fd_inode(int fd, int no_inode_err)
{
	struct path p;
	int err = vfs_fd_path(fd, no_inode_err, &p);
	struct inode *ino;

	if (err)
		return ERR_PTR(err);
	ino = p.ino;
	inode_get(ino);
	path_put(&p);	/* clears p */
	return ino;
}

/* The place a relative path starts from: cwd or dirfd's; 0 or -errno. */
static int start_dir(int dirfd, const char *path, struct path *out)
{
	if (path[0] == '/') {
		vfs_get_root(out);
		return 0;
	}
	if (dirfd == AT_FDCWD) {
		vfs_get_cwd(out);
		return 0;
	}
	return vfs_fd_path(dirfd, -ENOTDIR, out);
}

/* ".." from dir: out of mount roots first, never above the process root. */
static int lookup_dotdot(struct path *dir, struct path *out)
{
	struct path root, up, cur = *dir;
	struct inode *ino;
	int err;

	vfs_get_root(&root);
	path_get(&cur);
	while (!path_equal(&cur, &root) && mount_parent(&cur, &up)) {
		path_put(&cur);
		cur = up;
	}
	if (path_equal(&cur, &root)) {
		path_put(&root);
		*out = cur;
		return 0;
	}
	path_put(&root);
	mutex_lock(&cur.ino->lock);
	err = cur.ino->ops->lookup(cur.ino, "..", &ino);
	mutex_unlock(&cur.ino->lock);
	if (err) {
		path_put(&cur);
		return err;
	}
	inode_put(cur.ino);
	cur.ino = ino;
	mount_follow_down(&cur);	/* the parent may be covered by a mount since */
	*out = cur;
	return 0;
}

/* Look name up in dir: the result (referenced) in *out, on what is mounted there. */
static int lookup_one(struct path *dir, const char *name, struct path *out)
{
	struct inode *ino;
	int err;

	if (!S_ISDIR(dir->ino->mode))
		return -ENOTDIR;
	err = inode_permission(dir->ino, MAY_EXEC, false);	/* search permission */
	if (err)
		return err;
	if (!strcmp(name, ".."))
		return lookup_dotdot(dir, out);
	err = dcache_lookup(dir->ino, name, &ino);
	if (err == -EAGAIN) {
		mutex_lock(&dir->ino->lock);
		err = dir->ino->ops->lookup(dir->ino, name, &ino);
		if (!err || err == -ENOENT)
			dcache_add(dir->ino, name, err ? NULL : ino);
		mutex_unlock(&dir->ino->lock);
	}
	if (err)
		return err;
	out->mnt = dir->mnt;
	mount_get(out->mnt);
	out->ino = ino;
	mount_follow_down(out);
	return 0;
}

struct walk {
	int links;	/* symlinks followed so far */
	int depth;	/* symlinks being resolved inside one another */
	bool want_name;	/* remember where the final component was found */
	struct path parent;	/* ... the directory it is in (referenced) */
	char name[NAME_MAX + 1];	/* ... and its name there */
};

static int walk(struct walk *w, struct path *dir, const char *path, bool follow, char *last,
		bool *must_dir, struct path *out);

/* Replace the symlink at *link (found in dir) by what it points to. */
static int follow_link(struct walk *w, struct path *dir, struct path *link, struct path *out)
{
	struct path start;
	char *target;
	int len, err;

	if (++w->links > MAX_SYMLINKS || w->depth >= MAX_NESTED_LINKS)
		return -ELOOP;
	if (link->ino->ops->get_link) {
		/* A /proc magic link: the place itself, not a name. */
		if (w->want_name && w->parent.ino)
			path_put(&w->parent);
		err = link->ino->ops->get_link(link->ino, out);
		if (!err && w->want_name && link->ino->ops->link_name &&
		    link->ino->ops->link_name(link->ino, &w->parent, w->name, sizeof(w->name)))
			w->parent = (struct path){ NULL, NULL };
		return err;
	}
	target = kmalloc(PATH_MAX);
	if (!target)
		return -ENOMEM;
	len = link->ino->ops->readlink(link->ino, target, PATH_MAX - 1);
	target[len < 0 ? 0 : len] = 0;
	w->depth++;
	if (target[0] == '/') {
		vfs_get_root(&start);
	} else {
		start = *dir;
		path_get(&start);
	}
	err = walk(w, &start, target, true, NULL, NULL, out);
	w->depth--;
	kfree(target);
	return err;
}

/*
 * Walk path from dir (whose reference is consumed) into *out. With last
 * != NULL the final component is not looked up but copied into last and
 * its parent returned.
 */
static int walk(struct walk *w, struct path *dir, const char *path, bool follow, char *last,
		bool *must_dir, struct path *out)
{
	char name[NAME_MAX + 1];
	struct path cur = *dir;

	for (;;) {
		const char *end;
		size_t len;
		bool final;
		struct path next;
		int err;

		while (*path == '/')
			path++;
		if (!*path) {
			if (last) {
				strscpy(last, ".", NAME_MAX + 1);
				if (must_dir)
					*must_dir = true;
			}
			*out = cur;
			return 0;
		}
		end = strchr(path, '/');
		len = end ? (size_t)(end - path) : strlen(path);
		if (len > NAME_MAX) {
			path_put(&cur);
			return -ENAMETOOLONG;
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
			err = S_ISDIR(cur.ino->mode) ? inode_permission(cur.ino, MAY_EXEC, false)
						     : -ENOTDIR;
			if (err) {
				path_put(&cur);
				return err;
			}
			memcpy(last, name, len + 1);
			if (must_dir)
				*must_dir = *path == '/';
			*out = cur;
			return 0;
		}
		err = lookup_one(&cur, name, &next);
		if (err) {
			path_put(&cur);
			return err;
		}
		if (final && w->want_name) {
			if (w->parent.ino)
				path_put(&w->parent);
			w->parent = cur;
			path_get(&w->parent);
			memcpy(w->name, name, len + 1);
		}
		if (S_ISLNK(next.ino->mode) && (!final || follow || *path == '/')) {
			struct path target;

			err = follow_link(w, &cur, &next, &target);
			path_put(&next);
			if (err) {
				path_put(&cur);
				return err;
			}
			next = target;
		}
		path_put(&cur);
		if (final) {
			if (*path == '/' && !S_ISDIR(next.ino->mode)) {
				path_put(&next);
				return -ENOTDIR;
			}
			*out = next;
			return 0;
		}
		cur = next;
	}
}

/* Walk path from where dirfd and its first character say (see walk()). */
static int resolve(struct walk *w, int dirfd, const char *path, bool follow, char *last,
		   bool *must_dir, struct path *out)
{
	struct path dir;
	int err;

	if (!*path)
		return -ENOENT;
	err = start_dir(dirfd, path, &dir);
	if (err)
		return err;
	if (must_dir)
		*must_dir = false;
	return walk(w, &dir, path, follow, last, must_dir, out);
}

int vfs_lookup_path(int dirfd, const char *path, bool follow, struct path *out)
{
	struct walk w = { 0 };

	return resolve(&w, dirfd, path, follow, NULL, NULL, out);
}

/* Keep the inode of a resolved path, drop the mount. */
static struct inode *path_to_inode(int err, struct path *p)
{
	struct inode *ino;

	if (err)
		return ERR_PTR(err);
	ino = p->ino;
	inode_get(ino);
	path_put(p);
	return ino;
}

struct inode *vfs_lookup(int dirfd, const char *path, bool follow)
{
	struct path p;

	return path_to_inode(vfs_lookup_path(dirfd, path, follow, &p), &p);
}

struct inode *vfs_lookup_parent(int dirfd, const char *path, char *name, bool *must_dir)
{
	struct walk w = { 0 };
	struct path p;

	return path_to_inode(resolve(&w, dirfd, path, true, name, must_dir, &p), &p);
}

int vfs_lookup_parent_path(int dirfd, const char *path, char *name, bool *must_dir,
			   struct path *out)
{
	struct walk w = { 0 };

	return resolve(&w, dirfd, path, true, name, must_dir, out);
}

/* --- open --- */

struct inode *file_inode(struct file *f)
{
	return f->inode;
}

int device_open(struct inode *ino, struct file *f);	/* kernel/fs/devices.c */
int blkdev_open(struct inode *ino, struct file *f);	/* kernel/block/bdev_file.c */

/* Open what p names; the file takes references on p and, for a
 * non-directory, on the directory it was found in (*w, when known). */
static struct file *open_path(struct path *p, struct walk *w, int flags)
{
	struct inode *ino = p->ino;
	struct file *f;
	int err;

	if (S_ISDIR(ino->mode) && (flags & O_ACCMODE) != O_RDONLY)
		return ERR_PTR(-EISDIR);
	if ((S_ISCHR(ino->mode) || S_ISBLK(ino->mode)) && (p->mnt->flags & MS_NODEV))
		return ERR_PTR(-EACCES);
	if ((flags & O_DIRECT) && !vfs_can_direct(ino))
		return ERR_PTR(-EINVAL);
	f = file_alloc(NULL, NULL, flags);
	if (!f)
		return ERR_PTR(-ENOMEM);
	path_get(p);
	f->inode = ino;
	f->mnt = p->mnt;
	/* Writing a program that runs: ETXTBSY, as on Linux. */
	if (S_ISREG(ino->mode) && (flags & O_ACCMODE) != O_RDONLY) {
		err = inode_get_write_access(ino);
		if (err) {
			f->ops = &(const struct file_ops){ 0 };
			file_put(f);
			return ERR_PTR(err);
		}
		f->writer = true;
	}
	if (w && w->parent.ino && !S_ISDIR(ino->mode)) {
		f->name = kmalloc(strlen(w->name) + 1);
		if (f->name) {
			strscpy(f->name, w->name, strlen(w->name) + 1);
			f->dir = w->parent.ino;
			inode_get(f->dir);
		}
	}
	if (S_ISCHR(ino->mode))
		err = device_open(ino, f);
	else if (S_ISBLK(ino->mode))
		err = blkdev_open(ino, f);
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
static int create_locked(struct mount *mnt, struct inode *dir, const char *name, int flags,
			 u32 mode, struct inode **out, bool *created)
{
	int err = dir->ops->lookup(dir, name, out);

	if (err == -ENOENT) {
		err = inode_permission(dir, MAY_WRITE | MAY_EXEC, false);
		if (!err)
			err = mnt_want_write(mnt);
		if (!dir->ops->create)
			return -ENOENT;	/* procfs: names that do not exist cannot be looked up */
		if (!err)
			err = dir->ops->create(dir, name, S_IFREG | (mode & 07777 & ~my_fs()->umask),
					       0, out);
		dcache_forget(dir, name);	/* it was cached as not there */
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
 * consumed), then find or create the last component, into *out. A symlink
 * there is followed, so that creating through a dangling link creates its
 * target. w->parent and w->name say where the file is.
 */
static int open_create(struct walk *w, struct path *start, const char *path, int flags,
		       u32 mode, int depth, bool *created, struct path *out)
{
	char name[NAME_MAX + 1], *target;
	bool must_dir = false;
	struct path dir, next;
	struct inode *ino;
	int err, len;

	err = walk(w, start, path, true, name, &must_dir, &dir);
	if (err)
		return err;
	if (must_dir || !strcmp(name, ".") || !strcmp(name, "..")) {
		path_put(&dir);
		return -EISDIR;
	}
	mutex_lock(&dir.ino->lock);
	err = create_locked(dir.mnt, dir.ino, name, flags, mode, &ino, created);
	mutex_unlock(&dir.ino->lock);
	if (err) {
		path_put(&dir);
		return err;
	}
	if (!S_ISLNK(ino->mode) || (flags & (O_EXCL | O_NOFOLLOW))) {
		if (w->parent.ino)
			path_put(&w->parent);
		w->parent = dir;	/* the walk's reference moves there */
		strscpy(w->name, name, sizeof(w->name));
		*out = (struct path){ dir.mnt, ino };
		mount_get(out->mnt);
		mount_follow_down(out);
		return 0;
	}
	if (depth >= MAX_NESTED_LINKS) {
		inode_put(ino);
		path_put(&dir);
		return -ELOOP;
	}
	target = kmalloc(PATH_MAX);
	if (!target) {
		inode_put(ino);
		path_put(&dir);
		return -ENOMEM;
	}
	len = ino->ops->readlink(ino, target, PATH_MAX - 1);
	target[len < 0 ? 0 : len] = 0;
	inode_put(ino);
	if (target[0] == '/') {
		path_put(&dir);
		vfs_get_root(&dir);
	}
	err = open_create(w, &dir, target, flags, mode, depth + 1, created, &next);
	kfree(target);
	if (!err)
		*out = next;
	return err;
}

struct file *vfs_open_inode(struct mount *mnt, struct inode *ino, int flags)
{
	struct path p = { mnt, ino };

	return open_path(&p, NULL, flags);
}

struct file *vfs_open(int dirfd, const char *path, int flags, u32 mode)
{
	struct walk w = { .want_name = true };
	bool created = false;
	struct path p;
	struct inode *ino;
	struct file *f;
	int err;

	if (!*path)
		return ERR_PTR(-ENOENT);
	if (flags & __O_TMPFILE)
		return vfs_open_tmpfile(dirfd, path, flags, mode);
	if (flags & O_CREAT) {
		struct path start;

		err = start_dir(dirfd, path, &start);
		if (!err)
			err = open_create(&w, &start, path, flags, mode, 0, &created, &p);
	} else {
		err = resolve(&w, dirfd, path, !(flags & O_NOFOLLOW), NULL, NULL, &p);
	}
	if (err) {
		f = ERR_PTR(err);
		goto out;
	}
	ino = p.ino;
	if (S_ISLNK(ino->mode))
		err = -ELOOP;
	else if (S_ISDIR(ino->mode) && (flags & O_CREAT))
		err = -EISDIR;
	else if ((flags & O_DIRECTORY) && !S_ISDIR(ino->mode))
		err = -ENOTDIR;
	/* A file this open created may be opened whatever its new mode says. */
	if (!err && !created) {
		int want = ((flags & O_ACCMODE) != O_WRONLY ? MAY_READ : 0) |
			   ((flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC) ? MAY_WRITE : 0);

		err = inode_permission(ino, want, false);
		/* Writing a file (not a device or a fifo) of a read-only mount. */
		if (!err && (want & MAY_WRITE) && (S_ISREG(ino->mode) || S_ISDIR(ino->mode)))
			err = mnt_want_write(p.mnt);
	}
	if (err) {
		path_put(&p);
		f = ERR_PTR(err);
		goto out;
	}
	f = open_path(&p, &w, flags);
	/* Truncated once open, as Linux does: a busy program is not (ETXTBSY). */
	if (!IS_ERR(f) && (flags & O_TRUNC) && S_ISREG(ino->mode) &&
	    (flags & O_ACCMODE) != O_RDONLY && ino->ops->truncate) {	/* /proc files ignore O_TRUNC */
		mutex_lock(&ino->lock);
		ino->ops->truncate(ino, 0);
		mutex_unlock(&ino->lock);
	}
	path_put(&p);
out:
	if (w.parent.ino)
		path_put(&w.parent);
	return f;
}

char *vfs_real_name(int dirfd, const char *path)
{
	struct walk w = { .want_name = true };
	struct path p, root;
	char *buf, *name = NULL;
	int err = resolve(&w, dirfd, path, true, NULL, NULL, &p);

	if (err)
		return ERR_PTR(err);
	buf = kmalloc(PATH_MAX);
	if (!buf) {
		name = ERR_PTR(-ENOMEM);
		goto out;
	}
	vfs_get_root(&root);
	if (S_ISDIR(p.ino->mode) || !w.parent.ino) {
		name = vfs_path_name(&p, &root, buf, PATH_MAX);
	} else {
		size_t len = strlen(w.name);

		name = vfs_path_name(&w.parent, &root, buf, PATH_MAX - len - 1);
		if (!IS_ERR(name)) {
			size_t dlen = strlen(name);

			if (dlen > 1)
				name[dlen++] = '/';
			memcpy(name + dlen, w.name, len + 1);
		}
	}
	path_put(&root);
	if (!IS_ERR(name)) {
		char *copy = kmalloc(strlen(name) + 1);

		if (copy)
			memcpy(copy, name, strlen(name) + 1);
		name = copy ? copy : ERR_PTR(-ENOMEM);
	}
	kfree(buf);
out:
	path_put(&p);
	if (w.parent.ino)
		path_put(&w.parent);
	return name;
}


void vfs_switch_root(void)
{
	struct mount *m = mount_root();
	struct path old_root, old_cwd;

	inode_get(m->root);
	root_inode = m->root;	/* the old root inode stays referenced by its mount */
	spin_lock(&kernel_fs->lock);
	old_root = kernel_fs->root;
	old_cwd = kernel_fs->cwd;
	kernel_fs->root = (struct path){ m, m->root };
	path_get(&kernel_fs->root);
	kernel_fs->cwd = kernel_fs->root;
	path_get(&kernel_fs->cwd);
	spin_unlock(&kernel_fs->lock);
	path_put(&old_root);
	path_put(&old_cwd);
}

void vfs_init(void)
{
	struct path dev;
	struct inode *ino;
	int err;

	dcache_init();
	root_inode = tmpfs_create_root(1, 0755);
	if (root_inode)
		mount_init(root_inode, 1);
	kernel_fs = root_inode && mount_root() ? fs_context_create(root_inode) : NULL;
	if (!kernel_fs)
		panic("vfs: no memory for the root file system");
	if (initramfs_present())
		vfs_unpack_initramfs();
	/* /dev: devtmpfs, mounted there as Linux's CONFIG_DEVTMPFS_MOUNT does. */
	mutex_lock(&root_inode->lock);
	err = root_inode->ops->lookup(root_inode, "dev", &ino);
	if (err)
		err = root_inode->ops->create(root_inode, "dev", S_IFDIR | 0755, 0, &ino);
	mutex_unlock(&root_inode->lock);
	if (err)
		panic("vfs: cannot create /dev: %d", err);
	dev = (struct path){ mount_root(), ino };
	mount_get(dev.mnt);
	devtmpfs_create_node("null", S_IFCHR | 0666, MKDEV(1, 3));
	devtmpfs_create_node("zero", S_IFCHR | 0666, MKDEV(1, 5));
	devtmpfs_create_node("random", S_IFCHR | 0666, MKDEV(1, 8));
	devtmpfs_create_node("urandom", S_IFCHR | 0666, MKDEV(1, 9));
	devtmpfs_create_node("tty", S_IFCHR | 0666, MKDEV(5, 0));
	devtmpfs_create_node("console", S_IFCHR | 0600, MKDEV(5, 1));
	devtmpfs_create_node("ttyS0", S_IFCHR | 0660, MKDEV(4, 64));
	devtmpfs_create_node("rtc0", S_IFCHR | 0600, MKDEV(RTC_MAJOR, 0));
	tty_create_dev_nodes(devtmpfs_root());	/* ptmx and pts/ */
	loop_init();	/* loop-control, loop0..7 */
	err = mount_new(&dev, "devtmpfs", "devtmpfs", MS_RELATIME, NULL);
	if (err)
		panic("vfs: cannot mount devtmpfs on /dev: %d", err);
	path_put(&dev);
}
