/*
 * Reading files straight out of the initramfs archive in memory. Every
 * header field is checked against the archive's end, so a corrupt archive
 * is refused rather than read past.
 *
 * cpio "newc": a 110-byte ASCII header ("070701" then 13 eight-digit hex
 * fields), the NUL-terminated name, padding to 4, the data, padding to 4;
 * the entry named "TRAILER!!!" ends the archive.
 */
#include <kernel/initramfs.h>
#include <core/boot.h>
#include <core/mm.h>
#include <lib/string.h>
#include <mica/errno.h>

#define NEWC_HDR 110
#define S_IFMT 0170000
#define S_IFREG 0100000
#define S_IFLNK 0120000

struct newc_entry {
	const char *name;
	const u8 *data;
	u32 mode, size;
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
	if (!hex_field(h + 14, &e->mode) || !hex_field(h + 54, &e->size) ||
	    !hex_field(h + 94, &namesize) || namesize == 0)
		return -EINVAL;
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

static int find(const char *path, struct newc_entry *found)
{
	const u8 *base = phys_to_virt(boot_info.initrd_start);
	size_t len = boot_info.initrd_end - boot_info.initrd_start, off = 0;
	struct newc_entry e;
	int r;

	if (!initramfs_present())
		return -ENOENT;
	path = skip_prefix(path);
	while ((r = next_entry(base, len, &off, &e)) > 0)
		if (!strcmp(skip_prefix(e.name), path)) {
			*found = e;
			return 0;
		}
	return r < 0 ? r : -ENOENT;
}

int initramfs_lookup(const char *path, const void **data, size_t *size)
{
	char buf[256], target[256];
	struct newc_entry e;

	if (strscpy(buf, path, sizeof(buf)) < 0)
		return -ENAMETOOLONG;
	for (int hops = 0; hops < 8; hops++) {
		int err = find(buf, &e);

		if (err)
			return err;
		if ((e.mode & S_IFMT) == S_IFREG) {
			*data = e.data;
			*size = e.size;
			return 0;
		}
		if ((e.mode & S_IFMT) != S_IFLNK || e.size >= sizeof(target))
			return -ENOENT;
		memcpy(target, e.data, e.size);
		target[e.size] = 0;
		if (target[0] == '/') {
			strscpy(buf, target, sizeof(buf));
		} else {
			/* Relative to the link's directory. */
			char *slash = strrchr(buf, '/');
			size_t dir = slash ? (size_t)(slash - buf + 1) : 0;

			if (dir + e.size >= sizeof(buf))
				return -ENAMETOOLONG;
			memcpy(buf + dir, target, e.size + 1);
		}
	}
	return -ELOOP;
}
