/*
 * FAT boot sectors and FAT entries, decoded and checked apart from any
 * I/O (see <kernel/fat_format.h>). Everything in a boot sector is
 * untrusted: a geometry that does not add up, or one larger than the
 * device, is refused with a reason.
 */
#include <kernel/fat_format.h>
#include <lib/printf.h>
#include <lib/string.h>
#include <mica/errno.h>

#define FAT12_MAX_CLUSTERS 4084
#define FAT16_MAX_CLUSTERS 65524
#define FAT32_MAX_CLUSTERS (0x0ffffff6 - 2)

static u16 le16(const u8 *p) { return (u16)(p[0] | p[1] << 8); }
static u32 le32(const u8 *p) { return p[0] | p[1] << 8 | p[2] << 16 | (u32)p[3] << 24; }
static bool pow2(u32 v) { return v && !(v & (v - 1)); }

static int refuse(char *why, size_t whylen, const char *msg)
{
	snprintf(why, whylen, "%s", msg);
	return -EINVAL;
}

int fat_parse_boot(const u8 *b, size_t len, u64 dev_bytes, u32 lbs, struct fat_geom *g,
		   char *why, size_t whylen)
{
	u32 fat16_len, root_sectors, max_entries;
	u64 fat_area, data_start;

	memset(g, 0, sizeof(*g));
	if (len < 512)
		return refuse(why, whylen, "boot sector too short");
	g->sector_size = le16(b + 11);
	g->sec_per_clus = b[13];
	g->fat_start = le16(b + 14);
	g->nr_fats = b[16];
	g->root_entries = le16(b + 17);
	g->total_sectors = le16(b + 19) ? le16(b + 19) : le32(b + 32);
	g->media = b[21];
	fat16_len = le16(b + 22);
	if (!pow2(g->sector_size) || g->sector_size < 512 || g->sector_size > 4096)
		return refuse(why, whylen, "bogus logical sector size");
	if (g->sector_size < lbs)
		return refuse(why, whylen, "logical sector size smaller than the device's");
	if (!pow2(g->sec_per_clus))
		return refuse(why, whylen, "bogus sectors per cluster");
	g->cluster_size = g->sector_size * g->sec_per_clus;
	if (!g->fat_start)
		return refuse(why, whylen, "no reserved sectors");
	if (!g->nr_fats || g->nr_fats > 4)
		return refuse(why, whylen, "bogus number of FATs");
	if (g->media != 0xf0 && g->media < 0xf8)
		return refuse(why, whylen, "invalid media value");
	if (!fat16_len) {
		g->bits = 32;
		g->fat_sectors = le32(b + 36);
		if (le16(b + 42))
			return refuse(why, whylen, "unknown FAT32 version");
		g->root_cluster = le32(b + 44);
		g->fsinfo_sector = le16(b + 48);
		if (g->fsinfo_sector >= g->fat_start)
			g->fsinfo_sector = 0;	/* none, or unusable */
		g->state_off = 65;
		if (g->root_entries)
			return refuse(why, whylen, "FAT32 with root directory entries");
	} else {
		g->fat_sectors = fat16_len;
		g->state_off = 37;
		max_entries = g->sector_size / FAT_DIRENT_SIZE;
		if (!g->root_entries || g->root_entries % max_entries)
			return refuse(why, whylen, "bogus number of root directory entries");
	}
	if (!g->fat_sectors)
		return refuse(why, whylen, "bogus number of FAT sectors");
	if (!g->total_sectors)
		return refuse(why, whylen, "bogus number of sectors");
	root_sectors = g->root_entries * FAT_DIRENT_SIZE / g->sector_size;
	fat_area = (u64)g->nr_fats * g->fat_sectors;
	data_start = g->fat_start + fat_area + root_sectors;
	if (data_start >= g->total_sectors || data_start > 0xffffffffULL)
		return refuse(why, whylen, "no room for data clusters");
	g->root_start = (u32)(g->fat_start + fat_area);
	g->data_start = (u32)data_start;
	if (g->total_sectors > dev_bytes / g->sector_size)
		return refuse(why, whylen, "file system larger than the device (truncated image?)");
	{
		u64 clusters = (g->total_sectors - data_start) / g->sec_per_clus;
		u64 fat_entries;

		if (g->bits != 32)
			g->bits = clusters > FAT12_MAX_CLUSTERS ? 16 : 12;
		/* Entries the FAT has room for bound the clusters, as on Linux. */
		fat_entries = (u64)g->fat_sectors * g->sector_size * 8 / g->bits;
		if (fat_entries < 3)
			return refuse(why, whylen, "FAT too small");
		if (clusters > fat_entries - FAT_FIRST_CLUSTER)
			clusters = fat_entries - FAT_FIRST_CLUSTER;
		if (!clusters)
			return refuse(why, whylen, "no data clusters");
		if ((g->bits == 12 && clusters > FAT12_MAX_CLUSTERS) ||
		    (g->bits == 16 && clusters > FAT16_MAX_CLUSTERS) ||
		    (g->bits == 32 && clusters > FAT32_MAX_CLUSTERS))
			return refuse(why, whylen, "too many clusters for the FAT type");
		g->nr_clusters = (u32)clusters;
	}
	if (g->bits == 32 && !fat_valid_cluster(g, g->root_cluster))
		return refuse(why, whylen, "bogus root directory cluster");
	return 0;
}

u64 fat_entry_offset(const struct fat_geom *g, u32 n)
{
	if (g->bits == 12)
		return (u64)n + n / 2;
	return (u64)n * (g->bits / 8);
}

u32 fat_entry_decode(const struct fat_geom *g, u32 n, const u8 *p)
{
	switch (g->bits) {
	case 12: {
		u32 v = le16(p);

		return n & 1 ? v >> 4 : v & 0xfff;
	}
	case 16:
		return le16(p);
	default:
		return le32(p) & 0x0fffffff;
	}
}

void fat_entry_encode(const struct fat_geom *g, u32 n, u8 *p, u32 val)
{
	switch (g->bits) {
	case 12:
		if (n & 1) {
			p[0] = (u8)((p[0] & 0x0f) | (val & 0x0f) << 4);
			p[1] = (u8)(val >> 4);
		} else {
			p[0] = (u8)val;
			p[1] = (u8)((p[1] & 0xf0) | ((val >> 8) & 0x0f));
		}
		break;
	case 16:
		p[0] = (u8)val;
		p[1] = (u8)(val >> 8);
		break;
	default:
		val = (le32(p) & 0xf0000000) | (val & 0x0fffffff);
		p[0] = (u8)val;
		p[1] = (u8)(val >> 8);
		p[2] = (u8)(val >> 16);
		p[3] = (u8)(val >> 24);
		break;
	}
}

u32 fat_entry_get(const struct fat_geom *g, const u8 *fat, u32 n)
{
	return fat_entry_decode(g, n, fat + fat_entry_offset(g, n));
}

u32 fat_eoc(const struct fat_geom *g)
{
	return g->bits == 12 ? 0xfff : g->bits == 16 ? 0xffff : 0x0fffffff;
}

bool fat_is_eoc(const struct fat_geom *g, u32 val)
{
	return val >= (g->bits == 12 ? 0xff8u : g->bits == 16 ? 0xfff8u : 0x0ffffff8u);
}

bool fat_is_bad(const struct fat_geom *g, u32 val)
{
	return val == (g->bits == 12 ? 0xff7u : g->bits == 16 ? 0xfff7u : 0x0ffffff7u);
}
