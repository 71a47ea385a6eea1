/* /proc/sys: the few tunables Mica has (kernel names, vm limits). */
#include <kernel/dcache.h>
#include "internal.h"
#include <kernel/cred.h>
#include <kernel/uts.h>
#include <kernel/bcache.h>
#include <kernel/pagecache.h>
#include <lib/string.h>
#include <mica/errno.h>

#define PID_MAX_LIMIT 4194304	/* Mica's pids never wrap below this */

/* The utsname field an entry shows, by the entry's name. */
static int show_uts(struct proc_inode *pi, struct seqbuf *s)
{
	const char *name = pi->ent->name;
	struct new_utsname u;

	uts_read(&u);
	seq_printf(s, "%s\n", !strcmp(name, "hostname") ? u.nodename :
			      !strcmp(name, "domainname") ? u.domainname :
			      !strcmp(name, "osrelease") ? u.release :
			      !strcmp(name, "ostype") ? u.sysname : u.version);
	return 0;
}

/* A string sysctl takes the text up to the first newline (proc_dostring). */
static size_t line_len(const char *buf, size_t len)
{
	const char *nl = memchr(buf, '\n', len);

	return nl ? (size_t)(nl - buf) : strnlen(buf, len);
}

static ssize_t write_hostname(struct proc_inode *pi, const char *buf, size_t len)
{
	int err;

	(void)pi;
	err = uts_set_hostname(buf, MIN(line_len(buf, len), (size_t)UTS_NAME_MAX));
	return err ? err : (ssize_t)len;
}

static ssize_t write_domainname(struct proc_inode *pi, const char *buf, size_t len)
{
	int err;

	(void)pi;
	err = uts_set_domainname(buf, MIN(line_len(buf, len), (size_t)UTS_NAME_MAX));
	return err ? err : (ssize_t)len;
}

static int show_pid_max(struct proc_inode *pi, struct seqbuf *s)
{
	(void)pi;
	seq_printf(s, "%d\n", PID_MAX_LIMIT);
	return 0;
}

static int show_overcommit(struct proc_inode *pi, struct seqbuf *s)
{
	(void)pi;
	seq_puts(s, "0\n");
	return 0;
}

static int show_mmap_min_addr(struct proc_inode *pi, struct seqbuf *s)
{
	(void)pi;
	seq_printf(s, "%lu\n", READ_ONCE(mmap_min_addr));
	return 0;
}

/* A decimal number with blanks around it, as proc_doulongvec takes it. */
static int parse_ulong(const char *buf, size_t len, unsigned long *out)
{
	unsigned long v = 0;
	size_t i = 0;

	while (i < len && (buf[i] == ' ' || buf[i] == '\t'))
		i++;
	if (i == len || buf[i] < '0' || buf[i] > '9')
		return -EINVAL;
	for (; i < len && buf[i] >= '0' && buf[i] <= '9'; i++) {
		if (v > (~0UL - 9) / 10)
			return -EINVAL;
		v = v * 10 + (unsigned long)(buf[i] - '0');
	}
	while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\n'))
		i++;
	if (i < len && buf[i])
		return -EINVAL;
	*out = v;
	return 0;
}

static ssize_t write_mmap_min_addr(struct proc_inode *pi, const char *buf, size_t len)
{
	unsigned long v;
	int err;

	(void)pi;
	if (!capable_root())
		return -EPERM;	/* CAP_SYS_RAWIO */
	err = parse_ulong(buf, len, &v);
	if (err)
		return err;
	WRITE_ONCE(mmap_min_addr, v);
	return len;
}

static int drop_buffers(struct block_device *bdev, void *arg)
{
	(void)arg;
	bcache_invalidate(bdev);
	return 0;
}

static unsigned long drop_caches;	/* the last value written, as Linux keeps it */

static int show_drop_caches(struct proc_inode *pi, struct seqbuf *s)
{
	(void)pi;
	seq_printf(s, "%lu\n", READ_ONCE(drop_caches));
	return 0;
}

/* 1: clean page-cache pages; 2: cached names (and the inodes only they
 * held) and unused metadata buffers; 3: both. Dirty data stays (Linux:
 * run sync first). */
static ssize_t write_drop_caches(struct proc_inode *pi, const char *buf, size_t len)
{
	unsigned long v;
	int err;

	(void)pi;
	err = parse_ulong(buf, len, &v);
	if (err || v < 1 || v > 4)
		return -EINVAL;
	WRITE_ONCE(drop_caches, v);
	if (v & 1)
		page_cache_reclaim(~0UL);
	if (v & 2) {
		dcache_shrink(~0UL);
		block_device_for_each(drop_buffers, NULL);
	}
	return len;
}

static const struct proc_ent kernel_children[] = {
	{ .name = "domainname", .mode = S_IFREG | 0644, .show = show_uts,
	  .write = write_domainname },
	{ .name = "hostname", .mode = S_IFREG | 0644, .show = show_uts,
	  .write = write_hostname },
	{ .name = "osrelease", .mode = S_IFREG | 0444, .show = show_uts },
	{ .name = "ostype", .mode = S_IFREG | 0444, .show = show_uts },
	{ .name = "pid_max", .mode = S_IFREG | 0444, .show = show_pid_max },
	{ .name = "version", .mode = S_IFREG | 0444, .show = show_uts },
	{ 0 },
};

static const struct proc_ent vm_children[] = {
	{ .name = "mmap_min_addr", .mode = S_IFREG | 0644, .show = show_mmap_min_addr,
	  .write = write_mmap_min_addr },
	{ .name = "drop_caches", .mode = S_IFREG | 0200, .show = show_drop_caches,
	  .write = write_drop_caches },
	{ .name = "overcommit_memory", .mode = S_IFREG | 0444, .show = show_overcommit },
	{ 0 },
};

const struct proc_ent proc_sys_children[] = {
	{ .name = "kernel", .mode = S_IFDIR | 0555, .children = kernel_children },
	{ .name = "vm", .mode = S_IFDIR | 0555, .children = vm_children },
	{ 0 },
};
