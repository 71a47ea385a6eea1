/*
 * Mounting FAT volumes as "vfat": the boot sector is checked (a bad one
 * refuses the mount with a message), the free clusters are counted, and
 * while the volume is mounted read-write the boot sector's state byte
 * carries Linux's dirty flag, cleared again by a clean umount. FSInfo
 * (FAT32) gets the free count and the next-free hint on sync.
 *
 * Options as Linux's vfat: uid=, gid=, umask=, fmask=, dmask= (octal),
 * quiet; utf8, iocharset=utf8, shortname=, codepage=, errors= and
 * showexec-like options that change nothing here are accepted; anything
 * else is -EINVAL.
 */
#include "fat.h"
#include <kernel/block.h>
#include <kernel/cred.h>
#include <kernel/proc.h>
#include <kernel/sched.h>
#include <core/kmalloc.h>
#include <lib/string.h>
#include <mica/err.h>
#include <mica/errno.h>

#define FSINFO_LEAD 0x41615252
#define FSINFO_STRUCT 0x61417272
#define FSINFO_TRAIL 0xaa550000

static u32 le32(const u8 *p) { return p[0] | p[1] << 8 | p[2] << 16 | (u32)p[3] << 24; }
static void put_le32(u8 *p, u32 v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (u8)(v >> (8 * i));
}

static bool parse_num(const char *s, size_t n, unsigned int base, u32 *out)
{
	u64 v = 0;

	if (!n)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned int d = (unsigned int)(s[i] - '0');

		if (s[i] < '0' || d >= base)
			return false;
		v = v * base + d;
		if (v > 0xffffffffULL)
			return false;
	}
	*out = (u32)v;
	return true;
}

static bool opt_is(const char *opt, size_t n, const char *name)
{
	size_t l = strlen(name);

	return n >= l && !memcmp(opt, name, l);
}

static int parse_options(struct fat_sb *sbi, const char *data)
{
	const struct cred *cr = current_cred();
	struct process *p = current->proc;
	u32 umask = p && p->fs ? p->fs->umask : 022;

	sbi->uid = cr->fsuid;
	sbi->gid = cr->fsgid;
	sbi->fmask = sbi->dmask = umask;
	while (data && *data) {
		const char *end = strchr(data, ',');
		size_t n = end ? (size_t)(end - data) : strlen(data);
		bool ok = true;

		if (opt_is(data, n, "uid="))
			ok = parse_num(data + 4, n - 4, 10, &sbi->uid);
		else if (opt_is(data, n, "gid="))
			ok = parse_num(data + 4, n - 4, 10, &sbi->gid);
		else if (opt_is(data, n, "umask=")) {
			ok = parse_num(data + 6, n - 6, 8, &sbi->fmask);
			sbi->dmask = sbi->fmask;
		} else if (opt_is(data, n, "fmask="))
			ok = parse_num(data + 6, n - 6, 8, &sbi->fmask);
		else if (opt_is(data, n, "dmask="))
			ok = parse_num(data + 6, n - 6, 8, &sbi->dmask);
		else if (n == 5 && opt_is(data, n, "quiet"))
			sbi->quiet = true;
		else if (!((n == 4 && opt_is(data, n, "utf8")) || (n == 6 && opt_is(data, n, "utf8=1")) ||
			   (n == 14 && opt_is(data, n, "iocharset=utf8")) ||
			   opt_is(data, n, "shortname=") || opt_is(data, n, "codepage=") ||
			   opt_is(data, n, "errors=") || (n == 2 && opt_is(data, n, "rw")) ||
			   (n == 4 && opt_is(data, n, "sys_immutable")) ||
			   (n == 5 && opt_is(data, n, "flush")) || (n == 7 && opt_is(data, n, "discard")) ||
			   (n == 6 && opt_is(data, n, "nodots")) || (n == 4 && opt_is(data, n, "dots"))))
			ok = n == 0;
		if (!ok) {
			pr_err("FAT-fs (%s): Unrecognized mount option \"%.*s\" or missing value\n",
			       sbi->bdev->name, (int)n, data);
			return -EINVAL;
		}
		data += n + (end ? 1 : 0);
	}
	sbi->fmask &= 0777;
	sbi->dmask &= 0777;
	return 0;
}

/* Set or clear the dirty flag in the boot sector's state byte. */
static int set_state(struct fat_sb *sbi, bool dirty, bool warn)
{
	struct buffer_head *bh = bcache_read(sbi->bdev, 0, sbi->g.sector_size);
	u8 *state;
	int err;

	if (IS_ERR(bh))
		return PTR_ERR(bh);
	state = (u8 *)bh->data + sbi->g.state_off;
	if (warn && (*state & FAT_STATE_DIRTY))
		pr_warn("FAT-fs (%s): Volume was not properly unmounted. Some data may be corrupt. "
			"Please run fsck.\n", sbi->bdev->name);
	if (dirty)
		*state |= FAT_STATE_DIRTY;
	else
		*state &= (u8)~FAT_STATE_DIRTY;
	bcache_mark_dirty(bh);
	err = bcache_write(bh);
	bcache_release(bh);
	return err;
}

/* FSInfo's next-free hint, if the sector is there and sane. */
static void read_fsinfo(struct fat_sb *sbi)
{
	struct buffer_head *bh;
	u8 *b;

	sbi->next_free = FAT_FIRST_CLUSTER;
	if (!sbi->g.fsinfo_sector)
		return;
	bh = bcache_read(sbi->bdev, sbi->g.fsinfo_sector, sbi->g.sector_size);
	if (IS_ERR(bh))
		return;
	b = bh->data;
	if (le32(b) != FSINFO_LEAD || le32(b + 484) != FSINFO_STRUCT) {
		fat_err(sbi, "Invalid FSINFO signature: %#x, %#x (sector = %u)", le32(b),
			le32(b + 484), sbi->g.fsinfo_sector);
		sbi->g.fsinfo_sector = 0;
	} else if (fat_valid_cluster(&sbi->g, le32(b + 492))) {
		sbi->next_free = le32(b + 492);
	}
	bcache_release(bh);
}

static int write_fsinfo(struct fat_sb *sbi)
{
	struct buffer_head *bh;
	u8 *b;

	if (!sbi->g.fsinfo_sector || !sbi->fsinfo_dirty)
		return 0;
	bh = bcache_read(sbi->bdev, sbi->g.fsinfo_sector, sbi->g.sector_size);
	if (IS_ERR(bh))
		return PTR_ERR(bh);
	b = bh->data;
	put_le32(b + 488, sbi->free_count);
	put_le32(b + 492, fat_valid_cluster(&sbi->g, sbi->next_free) ? sbi->next_free
								      : FAT_FIRST_CLUSTER);
	bcache_mark_dirty(bh);
	bcache_release(bh);
	sbi->fsinfo_dirty = false;
	return 0;
}

static int vfat_mount(struct mount *m, const char *source, const char *data)
{
	struct super_block *sb = sb_alloc(m, source, m->flags);
	struct fat_sb *sbi;
	struct inode *root;
	u32 bsize;
	char why[80];
	u8 *buf = NULL;
	int err;

	if (IS_ERR(sb))
		return PTR_ERR(sb);
	sbi = kzalloc(sizeof(*sbi));
	if (!sbi) {
		sb_free(sb);
		return -ENOMEM;
	}
	sbi->sb = sb;
	sbi->bdev = sb->bdev;
	mutex_init(&sbi->lock, "fat_sb.lock");
	fat_itable_init(sbi);
	sb->fs_info = sbi;
	err = parse_options(sbi, data);
	if (err)
		goto fail;
	bsize = MAX(sbi->bdev->lbs, 512u);
	buf = kmalloc(bsize);
	sbi->zero = kzalloc(PAGE_SIZE);
	err = buf && sbi->zero ? block_rw(sbi->bdev, BLK_OP_READ, 0, buf, bsize) : -ENOMEM;
	if (err)
		goto fail;
	err = fat_parse_boot(buf, bsize, sbi->bdev->nr_sects * SECTOR_SIZE, sbi->bdev->lbs, &sbi->g,
			     why, sizeof(why));
	if (err) {
		pr_err("FAT-fs (%s): Can't find a valid FAT filesystem: %s\n", sbi->bdev->name, why);
		goto fail;
	}
	read_fsinfo(sbi);
	mutex_lock(&sbi->lock);
	err = fat_count_free(sbi);
	mutex_unlock(&sbi->lock);
	if (err)
		goto fail;
	root = fat_root_inode(sbi);
	if (IS_ERR(root)) {
		err = PTR_ERR(root);
		goto fail;
	}
	if (!(sb->flags & MS_RDONLY)) {
		err = set_state(sbi, true, true);
		if (err) {
			inode_put(root);
			goto fail;
		}
	}
	m->root = root;
	kfree(buf);
	return 0;
fail:
	bcache_invalidate(sbi->bdev);
	kfree(buf);
	kfree(sbi->zero);
	kfree(sbi);
	sb_free(sb);
	return err;
}

static int vfat_sync(struct super_block *sb, bool wait)
{
	struct fat_sb *sbi = sb->fs_info;
	int err, e;

	if (sb->flags & MS_RDONLY)
		return 0;
	err = filemap_sync_sb(sb);
	mutex_lock(&sbi->lock);
	e = write_fsinfo(sbi);
	mutex_unlock(&sbi->lock);
	err = err ? err : e;
	e = bcache_sync(sbi->bdev);
	err = err ? err : e;
	if (wait) {
		e = block_flush(sbi->bdev);
		err = err ? err : e;
	}
	return err;
}

static void vfat_kill_sb(struct super_block *sb)
{
	struct fat_sb *sbi = sb->fs_info;

	if (!(sb->flags & MS_RDONLY)) {
		vfat_sync(sb, false);
		set_state(sbi, false, false);
		block_flush(sbi->bdev);
	}
	bcache_invalidate(sbi->bdev);
	fat_itable_free(sbi);
	kfree(sbi->zero);
	kfree(sbi);
}

static int vfat_statfs(struct super_block *sb, struct kstatfs *st)
{
	struct fat_sb *sbi = sb->fs_info;
	u32 dev = sb->dev;

	memset(st, 0, sizeof(*st));
	st->type = MSDOS_SUPER_MAGIC;
	st->bsize = st->frsize = sbi->g.cluster_size;
	st->blocks = sbi->g.nr_clusters;
	mutex_lock(&sbi->lock);
	st->bfree = st->bavail = sbi->free_count;
	mutex_unlock(&sbi->lock);
	st->namelen = FAT_LFN_MAX;
	/* huge_encode_dev of the device, as Linux's fat_statfs. */
	st->fsid = (MINOR(dev) & 0xff) | (MAJOR(dev) << 8);
	return 0;
}

/* sb_remount (s_lock held, the file system written back when it goes
 * read-only) changes sb->flags after this: the dirty flag follows. */
static int vfat_remount(struct super_block *sb, unsigned long flags, const char *data)
{
	struct fat_sb *sbi = sb->fs_info;

	(void)data;	/* options stay as mounted, as Linux's vfat keeps them */
	if ((flags & MS_RDONLY) && !(sb->flags & MS_RDONLY))
		return set_state(sbi, false, false);
	if (!(flags & MS_RDONLY) && (sb->flags & MS_RDONLY))
		return set_state(sbi, true, true);
	return 0;
}

const struct fs_type vfat_fs_type = {
	.name = "vfat",
	.mount = vfat_mount,
	.kill_sb = vfat_kill_sb,
	.statfs = vfat_statfs,
	.sync = vfat_sync,
	.remount = vfat_remount,
};
