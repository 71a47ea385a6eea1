/*
 * The tree of /sys, generated from the devices (see internal.h):
 *
 *   block/<disk>                   -> ../devices/virtual/block/<disk>
 *   class/<class>/<dev>            -> ../../devices/virtual/<class>/<dev>
 *                                     (block: partitions under their disk)
 *   dev/block/<maj:min>, dev/char/<maj:min> -> the device's directory
 *   devices/virtual/block/<disk>/  dev size ro removable range uevent
 *                                  subsystem queue/ <partition>/
 *     .../<disk>/<partition>/      dev size ro partition start uevent subsystem
 *     .../<disk>/queue/            logical_block_size physical_block_size
 *                                  hw_sector_size minimum_io_size
 *                                  optimal_io_size rotational discard_granularity
 *     .../loopN/loop/              backing_file offset sizelimit autoclear
 *                                  partscan dio (while bound)
 *   devices/virtual/<class>/<dev>/ dev uevent subsystem (character devices)
 *
 * Linux puts virtio disks under their bus device (devices/platform/...);
 * Mica has no device model, so every device is a "virtual" one. Programs
 * that follow the links (mdev -s, lsblk) see the same files either way.
 */
#include "internal.h"
#include <kernel/block.h>
#include <kernel/loop.h>
#include <kernel/tty.h>
#include <core/kmalloc.h>
#include <lib/printf.h>
#include <lib/string.h>
#include <mica/errno.h>

#define MAX_DEVS 160
#define MAX_DEPTH 8

enum sd_kind { SD_DISK, SD_PART, SD_CHAR };

struct sys_dev {
	char name[BDEV_NAME_MAX];
	char disk[BDEV_NAME_MAX];	/* partitions: their disk's name */
	const char *cls;		/* "block", "mem", "tty", "misc", "rtc" */
	enum sd_kind kind;
	u32 devt;
	unsigned int partno;
	u64 start, nr_sects;
	u32 lbs;
	unsigned int flags;
};

struct snap {
	struct sys_dev *v;
	int n;
};

/* The character devices Mica has (kernel/fs/devices.c opens them). */
static const struct {
	const char *name, *cls;
	u32 devt;
} char_devs[] = {
	{ "null", "mem", MKDEV(1, 3) },
	{ "zero", "mem", MKDEV(1, 5) },
	{ "random", "mem", MKDEV(1, 8) },
	{ "urandom", "mem", MKDEV(1, 9) },
	{ "tty", "tty", MKDEV(5, 0) },
	{ "console", "tty", MKDEV(5, 1) },
	{ "ptmx", "tty", MKDEV(5, 2) },
	{ "ttyS0", "tty", MKDEV(4, 64) },
	{ "rtc0", "rtc", MKDEV(RTC_MAJOR, 0) },
	{ "loop-control", "misc", MKDEV(LOOP_CTRL_MAJOR, LOOP_CTRL_MINOR) },
};

static const char *const classes[] = { "block", "mem", "misc", "rtc", "tty" };

static int snap_block(struct block_device *b, void *arg)
{
	struct snap *s = arg;
	struct sys_dev *d;

	if (s->n >= MAX_DEVS)
		return 0;
	d = &s->v[s->n++];
	memset(d, 0, sizeof(*d));
	strscpy(d->name, b->name, sizeof(d->name));
	strscpy(d->disk, b->whole->name, sizeof(d->disk));
	d->cls = "block";
	d->kind = b->whole == b ? SD_DISK : SD_PART;
	d->devt = b->devt;
	d->partno = b->partno;
	d->start = b->start;
	d->nr_sects = b->nr_sects;
	d->lbs = b->lbs;
	d->flags = b->flags;
	return 0;
}

static int snap_take(struct snap *s)
{
	s->n = 0;
	s->v = kmalloc(MAX_DEVS * sizeof(*s->v));
	if (!s->v)
		return -ENOMEM;
	for (size_t i = 0; i < ARRAY_SIZE(char_devs); i++) {
		struct sys_dev *d = &s->v[s->n++];

		memset(d, 0, sizeof(*d));
		strscpy(d->name, char_devs[i].name, sizeof(d->name));
		d->cls = char_devs[i].cls;
		d->kind = SD_CHAR;
		d->devt = char_devs[i].devt;
	}
	block_device_for_each(snap_block, s);
	/* Loop devices without a file are disks of size 0, as on Linux. */
	if (s->n < MAX_DEVS) {
		unsigned int minors[MAX_DEVS];
		unsigned int k = loop_list_unbound(minors, MAX_DEVS - s->n);

		for (unsigned int i = 0; i < k; i++) {
			struct sys_dev *d = &s->v[s->n++];

			memset(d, 0, sizeof(*d));
			snprintf(d->name, sizeof(d->name), "loop%u", minors[i]);
			strscpy(d->disk, d->name, sizeof(d->disk));
			d->cls = "block";
			d->kind = SD_DISK;
			d->devt = MKDEV(LOOP_MAJOR, minors[i]);
			d->lbs = SECTOR_SIZE;
		}
	}
	return 0;
}

static const struct sys_dev *find_dev(const struct snap *s, const char *cls, const char *name,
				      int kind)
{
	for (int i = 0; i < s->n; i++)
		if (!strcmp(s->v[i].name, name) && !strcmp(s->v[i].cls, cls) &&
		    (kind < 0 || (int)s->v[i].kind == kind))
			return &s->v[i];
	return NULL;
}

/* The device's directory, relative to /sys. */
static void dev_dir(const struct sys_dev *d, char *buf, size_t size)
{
	if (d->kind == SD_PART)
		snprintf(buf, size, "devices/virtual/block/%s/%s", d->disk, d->name);
	else
		snprintf(buf, size, "devices/virtual/%s/%s", d->cls, d->name);
}

/* Split path into at most MAX_DEPTH components (in buf): how many, or -1. */
static int split(const char *path, char *buf, size_t size, char **comp)
{
	int n = 0;
	char *p;

	strscpy(buf, path, size);
	for (p = buf; *p;) {
		if (n == MAX_DEPTH)
			return -1;
		comp[n++] = p;
		p = strchr(p, '/');
		if (!p)
			break;
		*p++ = 0;
	}
	return n;
}

/* ---- what a path is ---- */

enum node_kind { N_NONE, N_DIR, N_FILE, N_LINK };

struct node {
	enum node_kind kind;
	const struct sys_dev *dev;	/* the device the node belongs to, if any */
	const char *attr;		/* files: the attribute's name */
	bool queue;			/* ... under queue/ */
	bool loop;			/* ... under loop/ */
	char target[96];		/* links: relative to /sys */
};

static const char *const disk_attrs[] = { "dev", "size", "ro", "removable", "range", "uevent",
					  NULL };
static const char *const part_attrs[] = { "dev", "size", "ro", "partition", "start", "uevent",
					  NULL };
static const char *const char_attrs[] = { "dev", "uevent", NULL };
static const char *const loop_attrs[] = { "backing_file", "offset", "sizelimit", "autoclear",
					  "partscan", "dio", NULL };
static const char *const queue_attrs[] = { "logical_block_size", "physical_block_size",
					   "hw_sector_size", "minimum_io_size", "optimal_io_size",
					   "rotational", "discard_granularity", NULL };

static bool in(const char *const *list, const char *name)
{
	for (; *list; list++)
		if (!strcmp(*list, name))
			return true;
	return false;
}

static bool is_class(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(classes); i++)
		if (!strcmp(classes[i], name))
			return true;
	return false;
}

static const struct sys_dev *by_devt(const struct snap *s, bool block, const char *mm)
{
	char buf[24];

	for (int i = 0; i < s->n; i++) {
		const struct sys_dev *d = &s->v[i];

		if ((d->kind != SD_CHAR) != block)
			continue;
		snprintf(buf, sizeof(buf), "%u:%u", MAJOR(d->devt), MINOR(d->devt));
		if (!strcmp(buf, mm))
			return d;
	}
	return NULL;
}

/* Below a device's directory: rest[0..n) names what. */
static void resolve_in_dev(const struct snap *s, const struct sys_dev *d, char **rest, int n,
			   struct node *out)
{
	out->dev = d;
	if (!n) {
		out->kind = N_DIR;
		return;
	}
	if (n == 1 && !strcmp(rest[0], "subsystem")) {
		out->kind = N_LINK;
		snprintf(out->target, sizeof(out->target), "class/%s", d->cls);
		return;
	}
	if (d->kind == SD_CHAR) {
		if (n == 1 && in(char_attrs, rest[0]))
			out->kind = N_FILE, out->attr = rest[0];
		return;
	}
	if (d->kind == SD_PART) {
		if (n == 1 && in(part_attrs, rest[0]))
			out->kind = N_FILE, out->attr = rest[0];
		return;
	}
	if (!strcmp(rest[0], "queue")) {
		if (n == 1)
			out->kind = N_DIR;
		else if (n == 2 && in(queue_attrs, rest[1]))
			out->kind = N_FILE, out->attr = rest[1], out->queue = true;
		return;
	}
	if (!strcmp(rest[0], "loop") && MAJOR(d->devt) == LOOP_MAJOR) {
		if (n == 1)
			out->kind = N_DIR;
		else if (n == 2 && in(loop_attrs, rest[1]))
			out->kind = N_FILE, out->attr = rest[1], out->loop = true;
		return;
	}
	if (n == 1 && in(disk_attrs, rest[0])) {
		out->kind = N_FILE, out->attr = rest[0];
		return;
	}
	/* A partition of this disk. */
	for (int i = 0; i < s->n; i++) {
		const struct sys_dev *p = &s->v[i];

		if (p->kind == SD_PART && !strcmp(p->disk, d->name) && !strcmp(p->name, rest[0])) {
			resolve_in_dev(s, p, rest + 1, n - 1, out);
			return;
		}
	}
}

static void resolve(const struct snap *s, char **c, int n, struct node *out)
{
	const struct sys_dev *d;

	memset(out, 0, sizeof(*out));
	if (n == 0) {
		out->kind = N_DIR;
		return;
	}
	if (!strcmp(c[0], "block")) {
		if (n == 1) {
			out->kind = N_DIR;
		} else if (n == 2 && (d = find_dev(s, "block", c[1], SD_DISK))) {
			out->kind = N_LINK;
			dev_dir(d, out->target, sizeof(out->target));
		}
	} else if (!strcmp(c[0], "class")) {
		if (n == 1)
			out->kind = N_DIR;
		else if (n == 2 && is_class(c[1]))
			out->kind = N_DIR;
		else if (n == 3 && (d = find_dev(s, c[1], c[2], -1))) {
			out->kind = N_LINK;
			dev_dir(d, out->target, sizeof(out->target));
		}
	} else if (!strcmp(c[0], "dev")) {
		if (n == 1)
			out->kind = N_DIR;
		else if (n == 2 && (!strcmp(c[1], "block") || !strcmp(c[1], "char")))
			out->kind = N_DIR;
		else if (n == 3 && (!strcmp(c[1], "block") || !strcmp(c[1], "char")) &&
			 (d = by_devt(s, !strcmp(c[1], "block"), c[2]))) {
			out->kind = N_LINK;
			dev_dir(d, out->target, sizeof(out->target));
		}
	} else if (!strcmp(c[0], "devices")) {
		if (n == 1 || (n == 2 && !strcmp(c[1], "virtual")))
			out->kind = N_DIR;
		else if (n >= 3 && !strcmp(c[1], "virtual") && is_class(c[2])) {
			if (n == 3)
				out->kind = N_DIR;
			else if ((d = find_dev(s, c[2], c[3], !strcmp(c[2], "block") ? SD_DISK : -1)))
				resolve_in_dev(s, d, c + 4, n - 4, out);
		}
	}
}

/* ---- the interface ---- */

static int list_devs(const struct snap *s, const char *cls, int kind, const char *disk,
		     bool by_number, u32 mode, sysfs_emit_t emit, void *arg)
{
	char name[24];
	int err = 0;

	for (int i = 0; i < s->n && !err; i++) {
		const struct sys_dev *d = &s->v[i];

		if ((cls && strcmp(d->cls, cls)) || (kind >= 0 && (int)d->kind != kind) ||
		    (disk && strcmp(d->disk, disk)))
			continue;
		if (by_number)
			snprintf(name, sizeof(name), "%u:%u", MAJOR(d->devt), MINOR(d->devt));
		else
			strscpy(name, d->name, sizeof(name));
		err = emit(arg, name, mode);
	}
	return err;
}

static int list_names(const char *const *names, u32 mode, sysfs_emit_t emit, void *arg)
{
	int err = 0;

	for (; *names && !err; names++)
		err = emit(arg, *names, mode);
	return err;
}

static int list_node(const struct snap *s, char **c, int n, const struct node *nd,
		     sysfs_emit_t emit, void *arg)
{
	static const char *const top[] = { "block", "class", "dev", "devices", NULL };
	static const char *const dev_kinds[] = { "block", "char", NULL };
	static const char *const virt[] = { "virtual", NULL };
	static const char *const classes_z[] = { "block", "mem", "misc", "rtc", "tty", NULL };
	const struct sys_dev *d = nd->dev;
	int err;

	if (n == 0)
		return list_names(top, S_IFDIR, emit, arg);
	if (!d) {
		if (!strcmp(c[0], "block"))
			return list_devs(s, "block", SD_DISK, NULL, false, S_IFLNK, emit, arg);
		if (!strcmp(c[0], "class"))
			return n == 1 ? list_names(classes_z, S_IFDIR, emit, arg)
				      : list_devs(s, c[1], -1, NULL, false, S_IFLNK, emit, arg);
		if (!strcmp(c[0], "dev"))
			return n == 1 ? list_names(dev_kinds, S_IFDIR, emit, arg)
				      : !strcmp(c[1], "block")
					? list_devs(s, "block", -1, NULL, true, S_IFLNK, emit, arg)
					: list_devs(s, NULL, SD_CHAR, NULL, true, S_IFLNK, emit, arg);
		/* devices, devices/virtual, devices/virtual/<class> */
		if (n == 1)
			return list_names(virt, S_IFDIR, emit, arg);
		if (n == 2)
			return list_names(classes_z, S_IFDIR, emit, arg);
		return list_devs(s, c[2], !strcmp(c[2], "block") ? SD_DISK : -1, NULL, false,
				 S_IFDIR, emit, arg);
	}
	if (!strcmp(c[n - 1], "queue") && d->kind == SD_DISK)
		return list_names(queue_attrs, S_IFREG, emit, arg);
	if (!strcmp(c[n - 1], "loop") && d->kind == SD_DISK)
		return list_names(loop_attrs, S_IFREG, emit, arg);
	err = list_names(d->kind == SD_CHAR ? char_attrs : d->kind == SD_PART ? part_attrs
									       : disk_attrs,
			 S_IFREG, emit, arg);
	if (!err)
		err = emit(arg, "subsystem", S_IFLNK);
	if (!err && d->kind == SD_DISK && MAJOR(d->devt) == LOOP_MAJOR)
		err = emit(arg, "loop", S_IFDIR);
	if (!err && d->kind == SD_DISK) {
		err = emit(arg, "queue", S_IFDIR);
		if (!err)
			err = list_devs(s, "block", SD_PART, d->name, false, S_IFDIR, emit, arg);
	}
	return err;
}

/* A path resolved against a snapshot of the devices. */
struct walk {
	char buf[128];
	char *c[MAX_DEPTH];
	int n;
	struct snap s;
	struct node nd;
};

/* Snapshot the devices and resolve path into w: 0 (free w->s.v after) or -errno. */
static int lookup(const char *path, struct walk *w)
{
	int err;

	w->n = split(path, w->buf, sizeof(w->buf), w->c);
	if (w->n < 0)
		return -ENOENT;
	err = snap_take(&w->s);
	if (err)
		return err;
	resolve(&w->s, w->c, w->n, &w->nd);
	if (w->nd.kind == N_NONE) {
		kfree(w->s.v);
		return -ENOENT;
	}
	return 0;
}

int sysfs_list(const char *path, sysfs_emit_t emit, void *arg)
{
	struct walk w;
	int err = lookup(path, &w);

	if (err)
		return err;
	err = w.nd.kind == N_DIR ? list_node(&w.s, w.c, w.n, &w.nd, emit, arg) : -ENOTDIR;
	kfree(w.s.v);
	return err;
}

static int show_attr(const struct sys_dev *d, const char *a, bool queue, bool loop, char *out)
{
	const int max = SYSFS_TEXT_MAX;
	bool disk = d->kind == SD_DISK;

	if (loop)
		return loop_sysfs_show(MINOR(d->devt), a, out, max);
	if (queue) {
		if (!strcmp(a, "rotational"))
			return snprintf(out, max, "1\n");	/* as Linux's virtio-blk and loop */
		if (!strcmp(a, "optimal_io_size"))
			return snprintf(out, max, "0\n");
		if (!strcmp(a, "discard_granularity"))
			return snprintf(out, max, "%u\n", d->flags & BLOCK_DISCARD ? d->lbs : 0);
		return snprintf(out, max, "%u\n", d->lbs);	/* the block sizes */
	}
	if (!strcmp(a, "dev"))
		return snprintf(out, max, "%u:%u\n", MAJOR(d->devt), MINOR(d->devt));
	if (!strcmp(a, "uevent")) {
		int len = snprintf(out, max, "MAJOR=%u\nMINOR=%u\nDEVNAME=%s\n", MAJOR(d->devt),
				   MINOR(d->devt), d->name);

		if (d->kind == SD_CHAR)
			return len;
		len += snprintf(out + len, max - len, "DEVTYPE=%s\n", disk ? "disk" : "partition");
		if (!disk)
			len += snprintf(out + len, max - len, "PARTN=%u\n", d->partno);
		return len;
	}
	if (!strcmp(a, "size"))
		return snprintf(out, max, "%llu\n", (unsigned long long)d->nr_sects);
	if (!strcmp(a, "ro"))
		return snprintf(out, max, "%d\n", !!(d->flags & BLOCK_RO));
	if (!strcmp(a, "removable"))
		return snprintf(out, max, "0\n");
	if (!strcmp(a, "range"))
		return snprintf(out, max, "%u\n", MAJOR(d->devt) == LOOP_MAJOR ? 1 : DISK_MINORS);
	if (!strcmp(a, "partition"))
		return snprintf(out, max, "%u\n", d->partno);
	if (!strcmp(a, "start"))
		return snprintf(out, max, "%llu\n", (unsigned long long)d->start);
	return -ENOENT;
}

int sysfs_show(const char *path, char *out)
{
	struct walk w;
	int err = lookup(path, &w);

	if (err)
		return err;
	err = w.nd.kind == N_FILE ? show_attr(w.nd.dev, w.nd.attr, w.nd.queue, w.nd.loop, out) : -EISDIR;
	kfree(w.s.v);
	return err;
}

int sysfs_readlink(const char *path, char *out, size_t size)
{
	size_t used = 0;
	struct walk w;
	int err = lookup(path, &w);

	if (err)
		return err;
	if (w.nd.kind != N_LINK) {
		kfree(w.s.v);
		return -EINVAL;
	}
	/* Relative to the link's directory: up one level per component. */
	for (int i = 0; i < w.n - 1 && used + 3 < size; i++) {
		memcpy(out + used, "../", 3);
		used += 3;
	}
	used += (size_t)snprintf(out + used, size - used, "%s", w.nd.target);
	kfree(w.s.v);
	return used < size ? (int)used : -ENAMETOOLONG;
}
