/*
 * libFuzzer target for the FAT decoders: the input is the start of a disk
 * image (the device is taken to be 1 GiB, bytes past the input read as
 * zeros, so seeds may be truncated images). A boot sector that parses
 * must give a sane geometry; then the directory tree is walked as the
 * kernel walks it (FAT chains with fat_entry_decode, long names with
 * fat_lfn_take/fat_lfn_name, short names), within fixed budgets. Nothing
 * may crash, read out of bounds or produce a name that is not UTF-8 of
 * at most FAT_NAME_UTF8_MAX bytes.
 */
#include <stdlib.h>

#include <kernel/fat_format.h>
#include <lib/string.h>
#include <mica/errno.h>

#define DEV_BYTES (1ULL << 30)
#define MAX_STEPS 20000		/* FAT entries and directory entries read, per input */

static const u8 *img;
static size_t img_size;
static struct fat_geom g;
static unsigned long steps;

static u8 byte_at(u64 off)
{
	return off < img_size ? img[off] : 0;
}

static u32 fat_next(u32 c)
{
	u64 off = (u64)g.fat_start * g.sector_size + fat_entry_offset(&g, c);
	u8 b[4];

	for (int i = 0; i < 4; i++)
		b[i] = byte_at(off + (u64)i);
	return fat_entry_decode(&g, c, b);
}

static void check_name(const char *s, int len)
{
	if (len < 0 || len > FAT_NAME_UTF8_MAX || (int)strlen(s) != len)
		abort();
	for (int i = 0; i < len; i++)
		if (!s[i])
			abort();
}

static void walk_dir(u32 start, bool fixed_root, int depth);

/* One directory entry at disk offset off; false at the end marker. */
static bool entry(u64 off, u64 dir_off, struct fat_lfn *st, int depth)
{
	u8 de[FAT_DIRENT_SIZE];
	char name[FAT_NAME_UTF8_MAX + 1];
	int len;

	for (int i = 0; i < FAT_DIRENT_SIZE; i++)
		de[i] = byte_at(off + (u64)i);
	if (!de[0])
		return false;
	if (de[0] == FAT_DELETED) {
		st->total = 0;
		return true;
	}
	if ((de[11] & 0x3f) == FAT_ATTR_LFN) {
		fat_lfn_take(st, de, dir_off);
		return true;
	}
	if (de[11] & FAT_ATTR_VOLUME) {
		st->total = 0;
		return true;
	}
	len = fat_lfn_name(st, de, name);
	if (len > 0) {
		check_name(name, len);
		if (st->start > dir_off)
			abort();
	}
	len = fat_short_to_name(de, de[12], name);
	if (len > 12)
		abort();
	check_name(name, len);
	st->total = 0;
	(void)fat_time_to_unix((u16)(de[24] | de[25] << 8), (u16)(de[22] | de[23] << 8), de[13]);
	if ((de[11] & FAT_ATTR_DIR) && de[0] != '.' && depth < 8) {
		u32 c = (u32)(de[26] | de[27] << 8) | (g.bits == 32 ? (u32)(de[20] | de[21] << 8) << 16 : 0);

		if (fat_valid_cluster(&g, c & 0x0fffffff))
			walk_dir(c & 0x0fffffff, false, depth + 1);
	}
	return true;
}

static void walk_dir(u32 start, bool fixed_root, int depth)
{
	struct fat_lfn *st = calloc(1, sizeof(*st));
	u64 dir_off = 0;

	if (!st)
		abort();
	if (fixed_root) {
		u64 base = (u64)g.root_start * g.sector_size;

		for (u32 i = 0; i < g.root_entries && steps++ < MAX_STEPS; i++, dir_off += 32)
			if (!entry(base + dir_off, dir_off, st, depth))
				break;
		free(st);
		return;
	}
	for (u32 c = start, n = 0; fat_valid_cluster(&g, c) && n < g.nr_clusters; n++) {
		u64 base = fat_cluster_sector(&g, c) * g.sector_size;

		for (u32 i = 0; i < g.cluster_size; i += 32, dir_off += 32) {
			if (steps++ >= MAX_STEPS || dir_off >= FAT_MAX_DIR_SIZE ||
			    !entry(base + i, dir_off, st, depth))
				goto out;
		}
		c = fat_next(c);
		if (fat_is_eoc(&g, c))
			break;
	}
out:
	free(st);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	char why[96];
	u32 lbs = size && (data[0] & 1) ? 4096 : 512;

	img = data;
	img_size = size;
	steps = 0;
	if (size < 512)
		return 0;
	if (fat_parse_boot(data, size, DEV_BYTES, lbs, &g, why, sizeof(why))) {
		if (!why[0])
			abort();	/* a refusal says why */
		return 0;
	}
	if (g.data_start >= g.total_sectors || !g.nr_clusters || g.cluster_size < 512 ||
	    g.sector_size < lbs || g.total_sectors * g.sector_size > DEV_BYTES ||
	    fat_cluster_sector(&g, g.nr_clusters + 1) + g.sec_per_clus > g.total_sectors ||
	    (g.bits != 12 && g.bits != 16 && g.bits != 32))
		abort();
	walk_dir(g.bits == 32 ? g.root_cluster : 0, g.bits != 32, 0);
	return 0;
}
