/*
 * The mount tree (see include/kernel/mount.h): attaching file-system
 * instances to directories, the steps a path walk takes across them, and
 * detaching them again. The file-system types mount(2) knows are listed
 * here too.
 */
#include <kernel/mount.h>
#include <kernel/cred.h>
#include <core/kmalloc.h>
#include <lib/string.h>
#include <mica/err.h>
#include <mica/errno.h>

static DEFINE_SPINLOCK(mount_lock);
static LIST_HEAD(mount_table);
static struct mount *root_mount;
static atomic_t next_mount_id = ATOMIC_INIT(1);
static atomic_t next_dev = ATOMIC_INIT(1);

u32 mount_new_dev(void)
{
	/* Anonymous devices are 0:N, st_dev N in the new encoding (N < 256). */
	return (u32)atomic_add_return(&next_dev, 1);
}

void mount_get(struct mount *m)
{
	atomic_inc(&m->refs);
}

void mount_put(struct mount *m)
{
	if (!m || !atomic_dec_and_test(&m->refs))
		return;
	if (m->type && m->type->kill)
		m->type->kill(m);
	inode_put(m->root);
	if (m->sb)
		sb_put(m->sb);
	kfree(m->source);
	kfree(m);
}

int mnt_want_write(const struct mount *m)
{
	if ((READ_ONCE(m->flags) & MS_RDONLY) || (m->sb && (READ_ONCE(m->sb->flags) & MS_RDONLY)))
		return -EROFS;
	return 0;
}

void path_get(const struct path *p)
{
	mount_get(p->mnt);
	inode_get(p->ino);
}

void path_put(struct path *p)
{
	inode_put(p->ino);
	mount_put(p->mnt);
	p->ino = NULL;
	p->mnt = NULL;
}

bool path_equal(const struct path *a, const struct path *b)
{
	return a->mnt == b->mnt && a->ino == b->ino;
}

struct mount *mount_root(void)
{
	return root_mount;
}

static struct mount *mount_alloc(const struct fs_type *type, const char *source)
{
	struct mount *m = kzalloc(sizeof(*m));

	if (!m)
		return NULL;
	m->source = kmalloc(strlen(source) + 1);
	if (!m->source) {
		kfree(m);
		return NULL;
	}
	strscpy(m->source, source, strlen(source) + 1);
	atomic_set(&m->refs, 1);	/* the tree's, once attached */
	m->id = atomic_fetch_add(&next_mount_id, 1);
	m->type = type;
	INIT_LIST_HEAD(&m->children);
	INIT_LIST_HEAD(&m->child_link);
	INIT_LIST_HEAD(&m->table_link);
	return m;
}

static int tmpfs_mount(struct mount *m, const char *source, const char *data)
{
	int err;

	(void)source;
	m->dev = mount_new_dev();
	m->root = tmpfs_mount_root(m->dev, 01777, data, &err);	/* Linux's default mode */
	return m->root ? 0 : err;
}

static int devtmpfs_mount(struct mount *m, const char *source, const char *data)
{
	(void)source, (void)data;
	m->root = devtmpfs_root();
	if (!m->root)
		return -ENOMEM;
	inode_get(m->root);
	m->dev = m->root->dev;
	return 0;
}

static const struct fs_type rootfs_type = { .name = "rootfs", .nodev = true };
static const struct fs_type tmpfs_type = { .name = "tmpfs", .nodev = true, .mount = tmpfs_mount };
static const struct fs_type devtmpfs_type = {
	.name = "devtmpfs", .nodev = true, .mount = devtmpfs_mount
};

/* What mount(2) accepts; devpts is unknown (ENODEV) until it exists. */
static const struct fs_type *const fs_types[] = {
	&tmpfs_type, &devtmpfs_type, &proc_fs_type, &sysfs_fs_type,
	/* Disk file systems in Linux's registration order (ext4 before
	 * vfat): mount without -t and root= without rootfstype= try them so. */
	&ext4_fs_type, &vfat_fs_type,
};

const struct fs_type *fs_type_at(int i)
{
	return i >= 0 && i < (int)ARRAY_SIZE(fs_types) ? fs_types[i] : NULL;
}

void mount_init(struct inode *root, u32 dev)
{
	root_mount = mount_alloc(&rootfs_type, "rootfs");
	if (!root_mount)
		return;
	inode_get(root);
	root_mount->root = root;
	root_mount->dev = dev;
	list_add_tail(&root_mount->table_link, &mount_table);
}

/* The topmost mount on (parent, mp), referenced, or NULL; mount_lock held. */
static struct mount *child_on_locked(struct mount *parent, struct inode *mp)
{
	struct mount *c, *found = NULL;

	/* Later mounts on the same place hide earlier ones: take the last. */
	list_for_each_entry(c, &parent->children, child_link)
		if (c->mountpoint == mp)
			found = c;
	return found;
}

bool mount_follow_down(struct path *p)
{
	bool moved = false;

	while (READ_ONCE(p->ino->mounted)) {
		struct mount *c;

		spin_lock(&mount_lock);
		c = child_on_locked(p->mnt, p->ino);
		if (c)
			mount_get(c);
		spin_unlock(&mount_lock);
		if (!c)
			break;
		path_put(p);
		p->mnt = c;
		p->ino = c->root;
		inode_get(p->ino);
		moved = true;
	}
	return moved;
}

bool mount_parent(const struct path *p, struct path *up)
{
	bool ok = false;

	if (p->ino != p->mnt->root)
		return false;
	spin_lock(&mount_lock);
	if (p->mnt->parent) {
		up->mnt = p->mnt->parent;
		up->ino = p->mnt->mountpoint;
		path_get(up);
		ok = true;
	}
	spin_unlock(&mount_lock);
	return ok;
}

/* Attach m on dir; takes over m's tree reference. */
static void attach(struct mount *m, const struct path *dir)
{
	inode_get(dir->ino);
	spin_lock(&mount_lock);
	m->parent = dir->mnt;
	m->mountpoint = dir->ino;
	dir->ino->mounted++;
	list_add_tail(&m->child_link, &dir->mnt->children);
	list_add_tail(&m->table_link, &mount_table);
	spin_unlock(&mount_lock);
}

static const struct fs_type *find_type(const char *name)
{
	const struct fs_type *t = NULL;

	for (size_t i = 0; i < ARRAY_SIZE(fs_types); i++)
		if (!strcmp(fs_types[i]->name, name))
			t = fs_types[i];
	return t;
}

/* A new mount of type (by name) from source, not attached: 0 or -errno. */
static int mount_make(const char *type, const char *source, unsigned long flags,
		      const char *data, struct mount **out)
{
	const struct fs_type *t = find_type(type);
	struct mount *m;
	int err;

	if (!t)
		return -ENODEV;
	m = mount_alloc(t, source);
	if (!m)
		return -ENOMEM;
	m->flags = flags;
	err = t->mount(m, source, data);
	if (err) {
		m->root = NULL;
		kfree(m->source);
		kfree(m);
		return err;
	}
	*out = m;
	return 0;
}

int mount_new(const struct path *dir, const char *type, const char *source, unsigned long flags,
	      const char *data)
{
	struct mount *m;
	int err;

	if (!find_type(type))
		return -ENODEV;
	if (!S_ISDIR(dir->ino->mode))
		return -ENOTDIR;
	err = mount_make(type, source, flags, data, &m);
	if (!err)
		attach(m, dir);
	return err;
}

/* Take m and the mounts under it out of the table (not the tree); mount_lock held. */
static void hide_locked(struct mount *m)
{
	struct mount *c;

	list_del_init(&m->table_link);
	list_for_each_entry(c, &m->children, child_link)
		hide_locked(c);
}

int mount_new_root(const char *type, const char *source, unsigned long flags, const char *data)
{
	struct mount *m;
	int err = mount_make(type, source, flags, data, &m);

	if (err)
		return err;
	/* The old root and what is mounted on it stay (referenced, as Linux's
	 * rootfs under a mounted root) but leave the mount table. */
	spin_lock(&mount_lock);
	hide_locked(root_mount);
	root_mount = m;
	list_add_tail(&m->table_link, &mount_table);
	spin_unlock(&mount_lock);
	return 0;
}

int mount_bind(const struct path *old, const struct path *target, unsigned long flags)
{
	struct mount *m;

	if (S_ISDIR(old->ino->mode) != S_ISDIR(target->ino->mode))
		return S_ISDIR(target->ino->mode) ? -ENOTDIR : -EISDIR;
	if (!S_ISDIR(old->ino->mode))
		return -EINVAL;	/* binding a single file: not supported yet */
	m = mount_alloc(old->mnt->type, old->mnt->source);
	if (!m)
		return -ENOMEM;
	m->flags = flags;
	m->root = old->ino;
	inode_get(m->root);
	m->dev = old->mnt->dev;
	m->priv = old->mnt->priv;
	m->sb = old->mnt->sb;
	if (m->sb)
		atomic_inc(&m->sb->refs);
	attach(m, target);
	return 0;
}

/* Take m and everything mounted under it out of the tree; mount_lock held.
 * The mountpoint inodes and tree references to drop go on the list. */
static void detach_locked(struct mount *m, struct list_head *dead)
{
	struct mount *c, *tmp;

	list_for_each_entry_safe(c, tmp, &m->children, child_link)
		detach_locked(c, dead);
	list_del_init(&m->child_link);
	list_del_init(&m->table_link);
	if (m->mountpoint)
		m->mountpoint->mounted--;
	m->parent = NULL;
	list_add_tail(&m->child_link, dead);	/* reused: m is in no tree now */
}

int mount_umount(const struct path *p, int flags)
{
	struct mount *m = p->mnt, *c, *tmp;
	LIST_HEAD(dead);

	if (p->ino != m->root)
		return -EINVAL;	/* not a mount point */
	spin_lock(&mount_lock);
	if (!m->parent) {
		spin_unlock(&mount_lock);
		/* The root mount stays; a detached mount is no longer in the tree. */
		return m == root_mount && !(flags & MNT_DETACH) ? -EBUSY : -EINVAL;
	}
	/* Busy: mounts on it, or references beyond the tree's and the caller's. */
	if (!(flags & MNT_DETACH) && (!list_empty(&m->children) || atomic_read(&m->refs) > 2)) {
		spin_unlock(&mount_lock);
		return -EBUSY;
	}
	detach_locked(m, &dead);
	spin_unlock(&mount_lock);
	list_for_each_entry_safe(c, tmp, &dead, child_link) {
		struct inode *mp = c->mountpoint;

		list_del_init(&c->child_link);
		c->mountpoint = NULL;
		inode_put(mp);
		mount_put(c);	/* the tree's reference */
	}
	return 0;
}

void mount_for_each(const struct path *root, void (*emit)(struct mount *m, void *arg), void *arg)
{
	struct mount **v, *m;
	int n = 0, cap = 0;

	(void)root;	/* no chroot yet: every attached mount is visible */
	for (;;) {
		spin_lock(&mount_lock);
		n = 0;
		list_for_each_entry(m, &mount_table, table_link)
			n++;
		spin_unlock(&mount_lock);
		cap = n + 4;
		v = kmalloc(cap * sizeof(*v));
		if (!v)
			return;
		spin_lock(&mount_lock);
		n = 0;
		list_for_each_entry(m, &mount_table, table_link) {
			if (n == cap)
				break;
			mount_get(m);
			v[n++] = m;
		}
		spin_unlock(&mount_lock);
		if (n < cap)
			break;
		while (n)
			mount_put(v[--n]);
		kfree(v);
	}
	for (int i = 0; i < n; i++) {
		emit(v[i], arg);
		mount_put(v[i]);
	}
	kfree(v);
}

char *vfs_path_name(const struct path *p, const struct path *root, char *buf, size_t size)
{
	char name[NAME_MAX + 1];
	struct path cur = *p;
	size_t pos = size - 1;

	if (!size)
		return ERR_PTR(-ENAMETOOLONG);
	buf[pos] = 0;
	path_get(&cur);
	while (!path_equal(&cur, root)) {
		struct inode *parent;
		struct path up;
		size_t len;

		if (cur.ino == cur.mnt->root) {
			if (!mount_parent(&cur, &up))
				break;	/* the root mount, or a detached one */
			path_put(&cur);
			cur = up;
			continue;
		}
		if (!cur.ino->ops->dir_name ||
		    !cur.ino->ops->dir_name(cur.ino, &parent, name, sizeof(name)) ||
		    parent == cur.ino)
			break;
		len = strlen(name);
		if (len + 1 > pos) {
			path_put(&cur);
			return ERR_PTR(-ENAMETOOLONG);
		}
		pos -= len;
		memcpy(buf + pos, name, len);
		buf[--pos] = '/';
		inode_get(parent);
		inode_put(cur.ino);
		cur.ino = parent;
	}
	path_put(&cur);
	if (pos == size - 1) {
		if (pos < 1)
			return ERR_PTR(-ENAMETOOLONG);
		buf[--pos] = '/';
	}
	return buf + pos;
}
