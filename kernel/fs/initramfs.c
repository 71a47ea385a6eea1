/*
 * Unpacking the initramfs archive into the tmpfs root at boot. Every
 * header field is checked against the archive's end, so a corrupt archive
 * is refused (with what was unpacked so far kept) rather than read past.
 *
 * cpio "newc": a 110-byte ASCII header ("070701" then 13 eight-digit hex
 * fields), the NUL-terminated name, padding to 4, the data, padding to 4;
 * the entry named "TRAILER!!!" ends the archive.
 */
#include <kernel/initramfs.h>
#include <kernel/vfs.h>
#include <core/printk.h>
#include <mica/err.h>
#include <core/boot.h>
#include <core/mm.h>
#include <lib/string.h>
#include <mica/errno.h>

#define NEWC_HDR 110

struct newc_entry {
	const char *name;
	const u8 *data;
	u32 mode, size;
	u32 rdev;	/* device number of a device node */
};

bool initramfs_present(void)
{
	return boot_info.initrd_end > boot_info.initrd_start;
}

static bool hex_field(const u8 *p, u32 *out)
{
	u32 v = 0;

	for (int i = 0; i < 8; i++) {
		u8 c = p[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return false;
	}
	*out = v;
	return true;
}

/* Parse the entry at *off; advance *off. 1: entry, 0: trailer, <0: corrupt. */
static int next_entry(const u8 *base, size_t len, size_t *off, struct newc_entry *e)
{
	const u8 *h = base + *off;
	u32 namesize;
	size_t name_end, data_end;

	if (*off > len || len - *off < NEWC_HDR || memcmp(h, "070701", 6))
		return -EINVAL;
	u32 rmaj, rmin;

	if (!hex_field(h + 14, &e->mode) || !hex_field(h + 54, &e->size) ||
	    !hex_field(h + 78, &rmaj) || !hex_field(h + 86, &rmin) ||
	    !hex_field(h + 94, &namesize) || namesize == 0)
		return -EINVAL;
	e->rdev = MKDEV(rmaj, rmin);
	name_end = *off + NEWC_HDR + namesize;
	if (name_end > len || h[NEWC_HDR + namesize - 1] != 0)
		return -EINVAL;
	e->name = (const char *)h + NEWC_HDR;
	e->data = base + ALIGN_UP(name_end, 4);
	data_end = ALIGN_UP(name_end, 4) + e->size;
	if (data_end > len || data_end < name_end)
		return -EINVAL;
	*off = ALIGN_UP(data_end, 4);
	return strcmp(e->name, "TRAILER!!!") ? 1 : 0;
}

static const char *skip_prefix(const char *p)
{
	while (*p == '/')
		p++;
	if (p[0] == '.' && p[1] == '/')
		p += 2;
	return p;
}

/* Create the directory path (and its parents) under the root; referenced. */
static struct inode *mkdirs(const char *path)
{
	struct inode *dir = vfs_root();
	char name[NAME_MAX + 1];

	inode_get(dir);
	while (*path) {
		const char *end = strchr(path, '/');
		size_t len = end ? (size_t)(end - path) : strlen(path);
		struct inode *next;
		int err;

		if (len > NAME_MAX) {
			inode_put(dir);
			return ERR_PTR(-ENAMETOOLONG);
		}
		memcpy(name, path, len);
		name[len] = 0;
		path += len;
		while (*path == '/')
			path++;
		if (!len || !strcmp(name, "."))
			continue;
		mutex_lock(&dir->lock);
		err = dir->ops->lookup(dir, name, &next);
		if (err == -ENOENT)
			err = dir->ops->create(dir, name, S_IFDIR | 0755, 0, &next);
		mutex_unlock(&dir->lock);
		inode_put(dir);
		if (err)
			return ERR_PTR(err);
		if (!S_ISDIR(next->mode)) {
			inode_put(next);
			return ERR_PTR(-ENOTDIR);
		}
		dir = next;
	}
	return dir;
}

/* Split "a/b/c" into the parent "a/b" (in buf) and "c". */
static const char *split_last(const char *path, char *buf, size_t size)
{
	const char *slash = strrchr(path, '/');
	size_t len = slash ? (size_t)(slash - path) : 0;

	if (len >= size)
		len = size - 1;
	memcpy(buf, path, len);
	buf[len] = 0;
	return slash ? slash + 1 : path;
}

static int unpack_entry(const struct newc_entry *e, u32 rdev)
{
	char parent_path[PATH_MAX];
	const char *path = skip_prefix(e->name), *name;
	struct inode *dir, *ino = NULL;
	u32 type = e->mode & S_IFMT;
	int err = 0;

	if (!*path || !strcmp(path, "."))
		return 0;
	if (type == S_IFDIR) {
		dir = mkdirs(path);
		if (IS_ERR(dir))
			return PTR_ERR(dir);
		dir->mode = S_IFDIR | (e->mode & 07777);
		inode_put(dir);
		return 0;
	}
	name = split_last(path, parent_path, sizeof(parent_path));
	dir = mkdirs(parent_path);
	if (IS_ERR(dir))
		return PTR_ERR(dir);
	mutex_lock(&dir->lock);
	if (type == S_IFLNK) {
		char target[PATH_MAX];
		size_t n = MIN((size_t)e->size, sizeof(target) - 1);

		memcpy(target, e->data, n);
		target[n] = 0;
		err = dir->ops->symlink(dir, name, target);
	} else if (type == S_IFREG || type == S_IFCHR || type == S_IFIFO) {
		err = dir->ops->create(dir, name, e->mode, rdev, &ino);
	}
	mutex_unlock(&dir->lock);
	inode_put(dir);
	if (!err && ino && type == S_IFREG && e->size) {
		ssize_t n = ino->ops->write_kernel(ino, e->data, e->size, 0);

		err = n < 0 ? (int)n : 0;
	}
	if (ino)
		inode_put(ino);
	return err;
}

int vfs_unpack_initramfs(void)
{
	const u8 *base = phys_to_virt(boot_info.initrd_start);
	size_t len = boot_info.initrd_end - boot_info.initrd_start, off = 0;
	struct newc_entry e;
	int r, files = 0;

	if (!initramfs_present())
		return -ENOENT;
	while ((r = next_entry(base, len, &off, &e)) > 0) {
		int err = unpack_entry(&e, e.rdev);

		if (err && err != -EEXIST)
			pr_warn("initramfs: %s: error %d\n", e.name, err);
		files++;
	}
	if (r < 0) {
		pr_err("initramfs: corrupt archive after %d entries, ignoring the rest\n", files);
		return r;
	}
	pr_info("initramfs: %d entries unpacked into the tmpfs root\n", files);
	/* The archive is copied: its memory is free now (Linux's free_initrd_mem). */
	frame_release_boot_range(boot_info.initrd_start, boot_info.initrd_end);
	boot_info.initrd_start = boot_info.initrd_end = 0;
	return 0;
}
