/*
 * tmpfs instances: the limits of mount options size= and nr_inodes=, the
 * accounting against them, and statfs. As on Linux, an instance without
 * options may hold half of RAM in pages and as many inodes.
 */
#include "tmpfs_internal.h"
#include <core/kmalloc.h>
#include <core/mm.h>
#include <lib/string.h>
#include <mica/errno.h>

struct tmpfs_sb_info *tmpfs_sbi_alloc(u32 dev)
{
	struct tmpfs_sb_info *sbi = kzalloc(sizeof(*sbi));

	if (!sbi)
		return NULL;
	atomic_set(&sbi->refs, 1);
	spin_lock_init(&sbi->lock, "tmpfs_sb_info.lock");
	sbi->max_pages = frame_total_count() / 2;
	sbi->max_inodes = frame_total_count() / 2;
	sbi->dev = dev;
	return sbi;
}

void tmpfs_sbi_get(struct tmpfs_sb_info *sbi)
{
	atomic_inc(&sbi->refs);
}

void tmpfs_sbi_put(struct tmpfs_sb_info *sbi)
{
	if (atomic_dec_and_test(&sbi->refs))
		kfree(sbi);
}

static int charge(struct tmpfs_sb_info *sbi, unsigned long *used, unsigned long max,
		  unsigned long n)
{
	int err = 0;

	spin_lock(&sbi->lock);
	if (max && (*used + n > max || *used + n < *used))
		err = -ENOSPC;
	else
		*used += n;
	spin_unlock(&sbi->lock);
	return err;
}

static void uncharge(struct tmpfs_sb_info *sbi, unsigned long *used, unsigned long n)
{
	spin_lock(&sbi->lock);
	*used -= MIN(*used, n);
	spin_unlock(&sbi->lock);
}

int tmpfs_charge_pages(struct tmpfs_sb_info *sbi, unsigned long n)
{
	return charge(sbi, &sbi->used_pages, READ_ONCE(sbi->max_pages), n);
}

void tmpfs_uncharge_pages(struct tmpfs_sb_info *sbi, unsigned long n)
{
	uncharge(sbi, &sbi->used_pages, n);
}

int tmpfs_charge_ispace(struct tmpfs_sb_info *sbi, unsigned long bytes)
{
	return charge(sbi, &sbi->used_ispace, READ_ONCE(sbi->max_inodes) * TMPFS_BOGO_INODE_SIZE,
		      bytes);
}

void tmpfs_uncharge_ispace(struct tmpfs_sb_info *sbi, unsigned long bytes)
{
	uncharge(sbi, &sbi->used_ispace, bytes);
}

int tmpfs_charge_inode(struct tmpfs_sb_info *sbi)
{
	return tmpfs_charge_ispace(sbi, TMPFS_BOGO_INODE_SIZE);
}

void tmpfs_uncharge_inode(struct tmpfs_sb_info *sbi)
{
	tmpfs_uncharge_ispace(sbi, TMPFS_BOGO_INODE_SIZE);
}

/* Linux's memparse: a number with an optional binary suffix k, m, g, t. */
static int parse_size(const char *s, u64 *out)
{
	char num[32];
	size_t len = strlen(s);
	unsigned int shift = 0;
	unsigned long long v;

	if (!len || len >= sizeof(num))
		return -EINVAL;
	memcpy(num, s, len + 1);
	switch (num[len - 1]) {
	case 'e': case 'E': shift += 10; /* fall through */
	case 'p': case 'P': shift += 10; /* fall through */
	case 't': case 'T': shift += 10; /* fall through */
	case 'g': case 'G': shift += 10; /* fall through */
	case 'm': case 'M': shift += 10; /* fall through */
	case 'k': case 'K': shift += 10;
		num[--len] = 0;
		break;
	}
	if (!len || kstrtoull(num, 0, &v) || (shift && v > (~0ULL >> shift)))
		return -EINVAL;
	*out = v << shift;
	return 0;
}

struct tmpfs_opts {
	bool has_pages, has_inodes, has_mode, has_uid, has_gid;
	unsigned long pages, inodes;
	u32 mode, uid, gid;
};

static int parse_one(struct tmpfs_opts *o, const char *key, const char *val)
{
	u64 v;
	unsigned int u;

	if (!strcmp(key, "size")) {
		size_t len = val ? strlen(val) : 0;

		if (len && val[len - 1] == '%') {
			char pct[24];

			if (len >= sizeof(pct))
				return -EINVAL;
			memcpy(pct, val, len - 1);
			pct[len - 1] = 0;
			if (kstrtoull(pct, 10, (unsigned long long *)&v) || v > 100000)
				return -EINVAL;
			o->pages = (unsigned long)DIV_ROUND_UP(frame_total_count() * v, 100);
		} else {
			if (!val || parse_size(val, &v))
				return -EINVAL;
			o->pages = (unsigned long)DIV_ROUND_UP(v, PAGE_SIZE);
		}
		o->has_pages = true;
	} else if (!strcmp(key, "nr_blocks")) {
		if (!val || parse_size(val, &v))
			return -EINVAL;
		o->pages = (unsigned long)v;
		o->has_pages = true;
	} else if (!strcmp(key, "nr_inodes")) {
		if (!val || parse_size(val, &v))
			return -EINVAL;
		o->inodes = (unsigned long)v;
		o->has_inodes = true;
	} else if (!strcmp(key, "mode")) {
		if (!val || kstrtouint(val, 8, &u))
			return -EINVAL;
		o->mode = u & 07777;
		o->has_mode = true;
	} else if (!strcmp(key, "uid") || !strcmp(key, "gid")) {
		if (!val || kstrtouint(val, 10, &u) || u == (unsigned int)-1)
			return -EINVAL;
		if (key[0] == 'u')
			o->uid = u, o->has_uid = true;
		else
			o->gid = u, o->has_gid = true;
	} else {
		return -EINVAL;	/* tmpfs: Unknown parameter */
	}
	return 0;
}

int tmpfs_parse_options(struct tmpfs_sb_info *sbi, struct inode *root, const char *data,
			bool remount)
{
	struct tmpfs_opts o = { 0 };
	char *copy, *p, *opt;
	int err = 0;

	if (!data || !*data)
		return 0;
	copy = kmalloc(strlen(data) + 1);
	if (!copy)
		return -ENOMEM;
	memcpy(copy, data, strlen(data) + 1);
	for (p = copy; p && !err;) {
		char *val;

		opt = p;
		p = strchr(p, ',');
		if (p)
			*p++ = 0;
		if (!*opt)
			continue;
		val = strchr(opt, '=');
		if (val)
			*val++ = 0;
		err = parse_one(&o, opt, val);
	}
	kfree(copy);
	if (err)
		return err;
	/* Validate, then commit: a remount may not shrink below what is in use. */
	spin_lock(&sbi->lock);
	if (remount && ((o.has_pages && o.pages && o.pages < sbi->used_pages) ||
			(o.has_inodes && o.inodes &&
			 o.inodes * TMPFS_BOGO_INODE_SIZE < sbi->used_ispace)))
		err = -EINVAL;
	if (!err && o.has_pages)
		sbi->max_pages = o.pages;
	if (!err && o.has_inodes)
		sbi->max_inodes = o.inodes;
	spin_unlock(&sbi->lock);
	if (err || remount)
		return err;
	if (o.has_mode)
		root->mode = (root->mode & S_IFMT) | o.mode;
	if (o.has_uid)
		root->uid = o.uid;
	if (o.has_gid)
		root->gid = o.gid;
	return 0;
}

int tmpfs_statfs(struct inode *ino, struct kstatfs *st)
{
	struct tmpfs_sb_info *sbi = tmpfs_inode_sbi(ino);

	if (!sbi)
		return -ENOSYS;
	memset(st, 0, sizeof(*st));
	st->type = TMPFS_MAGIC;
	st->bsize = st->frsize = PAGE_SIZE;
	st->namelen = NAME_MAX;
	st->fsid = sbi->dev;
	spin_lock(&sbi->lock);
	if (sbi->max_pages) {
		st->blocks = sbi->max_pages;
		st->bfree = st->bavail = sbi->max_pages - MIN(sbi->used_pages, sbi->max_pages);
	}
	if (sbi->max_inodes) {
		st->files = sbi->max_inodes;
		st->ffree = sbi->max_inodes -
			    MIN(DIV_ROUND_UP(sbi->used_ispace, TMPFS_BOGO_INODE_SIZE), sbi->max_inodes);
	}
	spin_unlock(&sbi->lock);
	return 0;
}
