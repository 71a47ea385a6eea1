/*
 * FAT directories: arrays of 32-byte entries in a cluster chain (or, for
 * the root of FAT12/16, in a fixed area). A file's long name sits in the
 * entries before its short entry, tied to it by the short name's
 * checksum; a long name whose order or checksum does not match is
 * ignored and the short name shows instead, as on Linux.
 * Everything here runs with fat_sb.lock held.
 */
#include "fat.h"
#include <core/kmalloc.h>
#include <lib/string.h>
#include <mica/err.h>
#include <mica/errno.h>

static bool fixed_root(struct fat_sb *sbi, struct fat_inode *dir)
{
	return sbi->g.bits != 32 && dir->vfs.ino == FAT_ROOT_INO;
}

u64 fat_dir_size(struct fat_sb *sbi, struct fat_inode *dir)
{
	if (fixed_root(sbi, dir))
		return (u64)sbi->g.root_entries * FAT_DIRENT_SIZE;
	return (u64)dir->nr_clus * sbi->g.cluster_size;
}

/* The sector and offset in it of directory offset off: 0, 1 past the end, -errno. */
static int dir_map(struct fat_sb *sbi, struct fat_inode *dir, u64 off, u64 *sector, u32 *within)
{
	const struct fat_geom *g = &sbi->g;
	u32 c;
	int err;

	if (off >= fat_dir_size(sbi, dir) || off >= FAT_MAX_DIR_SIZE)
		return 1;
	*within = (u32)(off % g->sector_size);
	if (fixed_root(sbi, dir)) {
		*sector = g->root_start + off / g->sector_size;
		return 0;
	}
	err = fat_bmap(sbi, dir, (u32)(off / g->cluster_size), &c);
	if (err)
		return err;
	if (!c) {
		fat_err(sbi, "directory chain shorter than its size (i_pos %llu)",
			(unsigned long long)dir->i_pos);
		return -EUCLEAN;
	}
	*sector = fat_cluster_sector(g, c) + (off % g->cluster_size) / g->sector_size;
	return 0;
}

int fat_dir_pos(struct fat_sb *sbi, struct fat_inode *dir, u64 off, u64 *i_pos)
{
	u64 sector;
	u32 within;
	int err = dir_map(sbi, dir, off, &sector, &within);

	if (err > 0)
		return -EUCLEAN;
	if (!err)
		*i_pos = (sector * sbi->g.sector_size + within) / FAT_DIRENT_SIZE;
	return err;
}

/* A cursor over a directory's entries that keeps the current sector's buffer. */
struct cursor {
	struct buffer_head *bh;
	u64 sector;
};

static void cursor_done(struct cursor *cur)
{
	if (cur->bh)
		bcache_release(cur->bh);
	cur->bh = NULL;
}

/* The entry at off: a pointer into the cursor's buffer, NULL past the end
 * (*err 0), or NULL with *err set. */
static u8 *entry_at(struct fat_sb *sbi, struct fat_inode *dir, struct cursor *cur, u64 off,
		    int *err)
{
	u64 sector;
	u32 within;
	int r = dir_map(sbi, dir, off, &sector, &within);

	*err = r < 0 ? r : 0;
	if (r)
		return NULL;
	if (!cur->bh || cur->sector != sector) {
		cursor_done(cur);
		cur->bh = bcache_read(sbi->bdev, sector, sbi->g.sector_size);
		if (IS_ERR(cur->bh)) {
			*err = PTR_ERR(cur->bh);
			cur->bh = NULL;
			return NULL;
		}
		cur->sector = sector;
	}
	return (u8 *)cur->bh->data + within;
}

static int pos_rw(struct fat_sb *sbi, u64 i_pos, u8 *de, bool write)
{
	u64 byte = i_pos * FAT_DIRENT_SIZE;
	u32 ss = sbi->g.sector_size;
	struct buffer_head *bh;

	if (!i_pos)
		return -EINVAL;
	bh = bcache_read(sbi->bdev, byte / ss, ss);
	if (IS_ERR(bh))
		return PTR_ERR(bh);
	if (write) {
		memcpy((u8 *)bh->data + byte % ss, de, FAT_DIRENT_SIZE);
		bcache_mark_dirty(bh);
	} else {
		memcpy(de, (u8 *)bh->data + byte % ss, FAT_DIRENT_SIZE);
	}
	bcache_release(bh);
	return 0;
}

int fat_dirent_read(struct fat_sb *sbi, u64 i_pos, u8 *de)
{
	return pos_rw(sbi, i_pos, de, false);
}

int fat_dirent_write(struct fat_sb *sbi, u64 i_pos, const u8 *de)
{
	return pos_rw(sbi, i_pos, (u8 *)de, true);
}

int fat_dir_next(struct fat_sb *sbi, struct fat_inode *dir, u64 *pos, struct fat_slot *slot)
{
	struct cursor cur = { NULL, 0 };
	struct fat_lfn *st = kmalloc(sizeof(*st));
	int err = 0, ret = 0;

	if (!st)
		return -ENOMEM;
	st->total = 0;
	for (;;) {
		u64 off = *pos;
		u8 *de = entry_at(sbi, dir, &cur, off, &err);

		if (!de)
			break;
		if (!de[0])
			break;	/* the end: *pos stays here */
		*pos = off + FAT_DIRENT_SIZE;
		if (de[0] == FAT_DELETED) {
			st->total = 0;
			continue;
		}
		if ((de[11] & 0x3f) == FAT_ATTR_LFN) {
			fat_lfn_take(st, de, off);
			continue;
		}
		if (de[11] & FAT_ATTR_VOLUME) {
			st->total = 0;
			continue;
		}
		memcpy(slot->de, de, FAT_DIRENT_SIZE);
		slot->sde_off = off;
		slot->len = fat_lfn_name(st, de, slot->name);
		if (slot->len > 0) {
			slot->off = st->start;
		} else {
			slot->len = fat_short_to_name(de, de[12], slot->name);
			slot->off = off;
		}
		ret = 1;
		break;
	}
	cursor_done(&cur);
	kfree(st);
	return err ? err : ret;
}

static bool is_dot(const struct fat_slot *s)
{
	return !memcmp(s->de, ".          ", 11) || !memcmp(s->de, "..         ", 11);
}

int fat_dir_find(struct fat_sb *sbi, struct fat_inode *dir, const char *name, size_t len,
		 struct fat_slot *slot)
{
	char alias[13];
	u64 pos = 0;
	int r;

	while ((r = fat_dir_next(sbi, dir, &pos, slot)) > 0) {
		if (is_dot(slot))
			continue;
		if (fat_name_eq(slot->name, (size_t)slot->len, name, len))
			return 0;
		r = fat_short_to_name(slot->de, 0, alias);
		if (fat_name_eq(alias, (size_t)r, name, len))
			return 0;
	}
	return r < 0 ? r : -ENOENT;
}

/* Does any entry have short name sn? 1, 0, -errno. */
static int short_exists(struct fat_sb *sbi, struct fat_inode *dir, const u8 *sn)
{
	struct cursor cur = { NULL, 0 };
	int err = 0, found = 0;

	for (u64 off = 0;; off += FAT_DIRENT_SIZE) {
		u8 *de = entry_at(sbi, dir, &cur, off, &err);

		if (!de || !de[0])
			break;
		if (de[0] != FAT_DELETED && (de[11] & 0x3f) != FAT_ATTR_LFN &&
		    !memcmp(de, sn, 11)) {
			found = 1;
			break;
		}
	}
	cursor_done(&cur);
	return err ? err : found;
}

/* Choose the short name for a new entry: 0 and whether long entries are needed. */
static int make_short(struct fat_sb *sbi, struct fat_inode *dir, const char *name, size_t len,
		      u8 *sn, bool *need_lfn)
{
	int base_len, r = fat_short_base(name, len, sn, &base_len), e;
	u8 base[11];

	if (r < 0)
		return r;
	*need_lfn = r != 0;
	if (r < 2) {
		e = short_exists(sbi, dir, sn);
		if (e <= 0)
			return e;
		if (!r)
			return -EEXIST;
	}
	memcpy(base, sn, 11);
	/* "~1" to "~4" on the name's own start, then (as Linux does, so a
	 * directory of similar names does not try every number) two of its
	 * characters, four hex digits of a hash and "~1" to "~9". */
	for (unsigned int n = 1; n <= 4; n++) {
		memcpy(sn, base, 11);
		fat_short_tail(sn, base_len, n);
		e = short_exists(sbi, dir, sn);
		if (e <= 0)
			return e;
	}
	for (u32 attempt = 0, hash = 5381; attempt < 64; attempt++) {
		static const char hex[] = "0123456789ABCDEF";

		for (size_t i = 0; i < len; i++)
			hash = hash * 33 + (u8)name[i];
		hash = hash * 33 + attempt;
		memcpy(sn, base, 11);
		for (int i = 0; i < 4; i++)
			sn[MIN(base_len, 2) + i] = (u8)hex[(hash >> (4 * i)) & 15];
		for (unsigned int n = 1; n <= 9; n++) {
			fat_short_tail(sn, MIN(base_len, 2) + 4, n);
			e = short_exists(sbi, dir, sn);
			if (e <= 0)
				return e;
		}
	}
	return -EEXIST;
}

/* Make the directory one cluster longer (zeroed). */
static int dir_grow(struct fat_sb *sbi, struct fat_inode *dir)
{
	int err;

	if (fixed_root(sbi, dir) || fat_dir_size(sbi, dir) + sbi->g.cluster_size > FAT_MAX_DIR_SIZE)
		return -ENOSPC;
	err = fat_grow(sbi, dir, dir->nr_clus + 1, 0, 0, true);
	if (err)
		return err;
	dir->nr_clus++;
	dir->vfs.size = fat_dir_size(sbi, dir);
	return 0;
}

/* Offset of a run of n free entries, growing the directory if needed. */
static int find_room(struct fat_sb *sbi, struct fat_inode *dir, int n, u64 *out)
{
	struct cursor cur = { NULL, 0 };
	u64 off = 0, run_start = 0;
	int run = 0, err = 0;

	for (;;) {
		u8 *de = entry_at(sbi, dir, &cur, off, &err);

		if (!de) {
			cursor_done(&cur);
			if (err)
				return err;
			err = dir_grow(sbi, dir);	/* past the end: a zeroed cluster */
			if (err)
				return err;
			continue;
		}
		if (de[0] == 0 || de[0] == FAT_DELETED) {
			if (!run++)
				run_start = off;
			if (run == n) {
				*out = run_start;
				break;
			}
		} else {
			run = 0;
		}
		off += FAT_DIRENT_SIZE;
	}
	cursor_done(&cur);
	return 0;
}

static int put_entry(struct fat_sb *sbi, struct fat_inode *dir, u64 off, const u8 *src)
{
	struct cursor cur = { NULL, 0 };
	int err;
	u8 *de = entry_at(sbi, dir, &cur, off, &err);

	if (de) {
		memcpy(de, src, FAT_DIRENT_SIZE);
		bcache_mark_dirty(cur.bh);
	} else if (!err) {
		err = -EUCLEAN;
	}
	cursor_done(&cur);
	return err;
}

int fat_dir_add(struct fat_sb *sbi, struct fat_inode *dir, const char *name, size_t len,
		const u8 *tmpl, struct fat_slot *slot)
{
	u16 *units = kmalloc(FAT_LFN_MAX * sizeof(u16));
	int n, nlfn, err;
	bool need_lfn;
	u8 de[FAT_DIRENT_SIZE], e[FAT_DIRENT_SIZE];
	u64 off;

	if (!units)
		return -ENOMEM;
	n = fat_utf8_to_utf16(name, len, units);
	err = n < 0 ? n : 0;
	memcpy(de, tmpl, FAT_DIRENT_SIZE);
	if (!err)
		err = make_short(sbi, dir, name, len, de, &need_lfn);
	if (err)
		goto out;
	nlfn = need_lfn ? (n + FAT_LFN_CHARS - 1) / FAT_LFN_CHARS : 0;
	err = find_room(sbi, dir, nlfn + 1, &off);
	if (err)
		goto out;
	for (int i = 0; i < nlfn && !err; i++) {
		int ord = nlfn - i;

		fat_lfn_entry(e, ord, i == 0, fat_lfn_checksum(de), units, n);
		err = put_entry(sbi, dir, off + (u64)i * FAT_DIRENT_SIZE, e);
	}
	if (!err)
		err = put_entry(sbi, dir, off + (u64)nlfn * FAT_DIRENT_SIZE, de);
	if (err)
		goto out;
	slot->off = off;
	slot->sde_off = off + (u64)nlfn * FAT_DIRENT_SIZE;
	memcpy(slot->de, de, FAT_DIRENT_SIZE);
	memcpy(slot->name, name, len);
	slot->name[len] = 0;
	slot->len = (int)len;
out:
	kfree(units);
	return err;
}

int fat_dir_remove(struct fat_sb *sbi, struct fat_inode *dir, const struct fat_slot *slot)
{
	struct cursor cur = { NULL, 0 };
	int err = 0;

	for (u64 off = slot->off; off <= slot->sde_off; off += FAT_DIRENT_SIZE) {
		u8 *de = entry_at(sbi, dir, &cur, off, &err);

		if (!de) {
			err = err ? err : -EUCLEAN;
			break;
		}
		de[0] = FAT_DELETED;
		bcache_mark_dirty(cur.bh);
	}
	cursor_done(&cur);
	return err;
}

int fat_dir_empty(struct fat_sb *sbi, struct fat_inode *dir)
{
	struct fat_slot *s = kmalloc(sizeof(*s));
	u64 pos = 0;
	int r;

	if (!s)
		return -ENOMEM;
	while ((r = fat_dir_next(sbi, dir, &pos, s)) > 0)
		if (!is_dot(s))
			break;
	kfree(s);
	return r < 0 ? r : !r;
}

int fat_dir_subdirs(struct fat_sb *sbi, struct fat_inode *dir, u32 *n)
{
	struct cursor cur = { NULL, 0 };
	int err = 0;

	*n = 0;
	for (u64 off = 0;; off += FAT_DIRENT_SIZE) {
		u8 *de = entry_at(sbi, dir, &cur, off, &err);

		if (!de || !de[0])
			break;
		if (de[0] != FAT_DELETED && (de[11] & 0x3f) != FAT_ATTR_LFN &&
		    !(de[11] & FAT_ATTR_VOLUME) && (de[11] & FAT_ATTR_DIR) && de[0] != '.')
			(*n)++;
	}
	cursor_done(&cur);
	return err;
}
