/*
 * The on-disk format of FAT12/16/32 (Microsoft's "FAT: General Overview
 * of On-Disk Format") and its VFAT long names, decoded apart from any
 * I/O: these functions take buffers and return values or errors, keep no
 * state and allocate nothing, so the host unit tests and the fuzzer run
 * exactly the kernel's code (kernel/fs/fat/boot.c, kernel/fs/fat/name.c).
 *
 * Boot sector (all little-endian): 11 bytes per sector u16, 13 sectors
 * per cluster u8, 14 reserved sectors u16, 16 number of FATs u8, 17 root
 * entries u16 (0 on FAT32), 19 total sectors u16, 21 media u8, 22 sectors
 * per FAT u16 (0 on FAT32), 32 total sectors u32; FAT32 only: 36 sectors
 * per FAT u32, 40 extended flags u16, 42 version u16, 44 root cluster
 * u32, 48 FSInfo sector u16; the "state" byte Linux keeps its dirty flag
 * in is at 37 (FAT12/16) or 65 (FAT32); 0x55 0xAA at 510.
 *
 * Directory entry, 32 bytes: 0 name[11] (8 + 3, space padded; 0xE5 free,
 * 0x00 free and the end, 0x05 stands for a leading 0xE5), 11 attributes,
 * 12 NT case flags (0x08 base, 0x10 extension in lower case), 13 creation
 * time in 10 ms, 14 creation time, 16 creation date, 18 access date,
 * 20 first cluster high u16, 22 write time, 24 write date, 26 first
 * cluster low u16, 28 size u32.
 * Long-name entry (attribute 0x0F), before its short entry in reverse
 * order: 0 order (1..20, 0x40 on the last), 1 five UCS-2 characters,
 * 11 attribute, 12 type 0, 13 checksum of the short name, 14 six
 * characters, 26 cluster 0, 28 two characters; 13 characters each, the
 * name ends with 0x0000 then 0xFFFF padding.
 */
#ifndef KERNEL_FAT_FORMAT_H
#define KERNEL_FAT_FORMAT_H

#include <mica/types.h>

#define MSDOS_SUPER_MAGIC 0x4d44

#define FAT_DIRENT_SIZE 32
#define FAT_ATTR_RO 0x01
#define FAT_ATTR_HIDDEN 0x02
#define FAT_ATTR_SYS 0x04
#define FAT_ATTR_VOLUME 0x08
#define FAT_ATTR_DIR 0x10
#define FAT_ATTR_ARCH 0x20
#define FAT_ATTR_LFN 0x0f
#define FAT_LCASE_BASE 0x08
#define FAT_LCASE_EXT 0x10
#define FAT_DELETED 0xe5
#define FAT_LFN_LAST 0x40
#define FAT_LFN_CHARS 13
#define FAT_LFN_MAX 255			/* UCS-2 characters of a long name */
#define FAT_LFN_SLOTS 20		/* entries of the longest name */
#define FAT_NAME_UTF8_MAX (FAT_LFN_MAX * 3)	/* bytes of a name in UTF-8 */
#define FAT_STATE_DIRTY 0x01
#define FAT_MAX_DIR_SIZE (65536 * FAT_DIRENT_SIZE)	/* entries a directory may hold */
#define FAT_MAX_FILE_SIZE 0xffffffffULL

/* The first cluster of the data area, and chain values (after masking). */
#define FAT_FIRST_CLUSTER 2
#define FAT_FREE 0

struct fat_geom {
	int bits;		/* 12, 16 or 32 */
	u32 sector_size;	/* 512 .. 4096 */
	u32 sec_per_clus;
	u32 cluster_size;	/* bytes */
	u32 nr_fats;
	u32 fat_start;		/* first sector of the first FAT */
	u32 fat_sectors;	/* sectors per FAT */
	u32 root_start;		/* FAT12/16: first sector of the root directory */
	u32 root_entries;	/* FAT12/16: entries of the root directory */
	u32 root_cluster;	/* FAT32: first cluster of the root directory */
	u32 data_start;		/* sector of cluster 2 */
	u32 nr_clusters;	/* data clusters: valid numbers are 2 .. nr_clusters + 1 */
	u64 total_sectors;
	u32 fsinfo_sector;	/* FAT32: 0 when there is none */
	u32 state_off;		/* offset of the state byte in the boot sector */
	u8 media;
};

/*
 * Decode and check a boot sector (buf holds len >= 512 bytes of it) of a
 * device of dev_bytes bytes with logical block size lbs. 0 and *g, or
 * -EINVAL with a one-line reason in why.
 */
int fat_parse_boot(const u8 *buf, size_t len, u64 dev_bytes, u32 lbs, struct fat_geom *g,
		   char *why, size_t whylen);

/* FAT entries. The value of entry n in a FAT held whole in fat (bytes),
 * masked to the entry width (28 bits on FAT32). */
u32 fat_entry_get(const struct fat_geom *g, const u8 *fat, u32 n);
/* Byte offset of entry n in the FAT and the bytes it touches (2 for FAT12:
 * an entry may straddle two sectors). */
u64 fat_entry_offset(const struct fat_geom *g, u32 n);
/* Read or write an entry given the two bytes (FAT12), two or four bytes
 * starting at its offset; FAT32 keeps the top 4 bits of the old value. */
u32 fat_entry_decode(const struct fat_geom *g, u32 n, const u8 *p);
void fat_entry_encode(const struct fat_geom *g, u32 n, u8 *p, u32 val);
/* The end-of-chain mark to write, and whether a value ends a chain. */
u32 fat_eoc(const struct fat_geom *g);
bool fat_is_eoc(const struct fat_geom *g, u32 val);
bool fat_is_bad(const struct fat_geom *g, u32 val);
/* A cluster number that may be used: 2 .. nr_clusters + 1. */
static inline bool fat_valid_cluster(const struct fat_geom *g, u32 c)
{
	return c >= FAT_FIRST_CLUSTER && c - FAT_FIRST_CLUSTER < g->nr_clusters;
}
static inline u64 fat_cluster_sector(const struct fat_geom *g, u32 c)
{
	return g->data_start + (u64)(c - FAT_FIRST_CLUSTER) * g->sec_per_clus;
}

/* ---- names ---- */

u8 fat_lfn_checksum(const u8 name[11]);
/* UTF-8 -> UCS-2/UTF-16 (surrogate pairs above U+FFFF): the number of
 * units, or -EINVAL (bad UTF-8) / -ENAMETOOLONG (over 255 units). */
int fat_utf8_to_utf16(const char *s, size_t len, u16 *out);
/* UTF-16 -> UTF-8, NUL-terminated; out holds FAT_NAME_UTF8_MAX + 1. The
 * length, or -EINVAL for an unpaired surrogate or a NUL inside. */
int fat_utf16_to_utf8(const u16 *s, int n, char *out);
/* The name a short entry shows (NT case flags honoured), NUL-terminated,
 * into out[13]: its length. */
int fat_short_to_name(const u8 name[11], u8 lcase, char *out);
/*
 * Check a name a user gives for a new entry: -EINVAL for characters VFAT
 * refuses (controls, * ? < > | " : / \), 0 otherwise. The length to use
 * (trailing dots are dropped, as Linux's vfat does) in *len.
 */
int fat_check_name(const char *name, size_t *len);
/*
 * The short name for a long one (len bytes): 0 when the name is itself a
 * valid upper-case 8.3 name (out is it; no long entries needed), 1 when
 * its upper-case form fits 8.3 (out, if no other entry has it), 2 when it
 * needs a numbered tail (out is the base for fat_short_tail). *base_len:
 * characters of the base part (1..8).
 */
int fat_short_base(const char *name, size_t len, u8 out[11], int *base_len);
/* Put "~N" into a short name built by fat_short_base: -ENOSPC if n does not fit. */
int fat_short_tail(u8 name[11], int base_len, unsigned int n);
/*
 * Long-name assembly: feed each long-name entry (at directory offset off)
 * to fat_lfn_take in disk order (a free or other entry resets total to 0);
 * at the short entry de, fat_lfn_name gives the long name in UTF-8 (its
 * length) if the entries were complete, in order and carry de's checksum,
 * else -1 (the short name shows).
 */
struct fat_lfn {
	int total;		/* entries of the name in progress, 0: none */
	int expect;		/* order of the next entry expected */
	u8 csum;
	u64 start;		/* offset of its first entry */
	u16 units[FAT_LFN_SLOTS * FAT_LFN_CHARS];
};
void fat_lfn_take(struct fat_lfn *st, const u8 *de, u64 off);
int fat_lfn_name(struct fat_lfn *st, const u8 *de, char *out);
/* Long-name entry number ord (1..) of the n units of a name. */
void fat_lfn_entry(u8 *e, int ord, bool last, u8 csum, const u16 *units, int n);
/* Case-insensitive (ASCII) comparison of two UTF-8 names. */
bool fat_name_eq(const char *a, size_t alen, const char *b, size_t blen);

/* ---- times: DOS local time, which is UTC for Mica ---- */
/* Seconds since 1970 from a DOS date and time (2-second steps) plus cs
 * hundredths; out-of-range fields are clamped as Linux does. */
s64 fat_time_to_unix(u16 date, u16 time, u8 cs);
/* And back; times before 1980 become 1980-01-01, after 2107 the end. */
void fat_time_from_unix(s64 secs, u16 *date, u16 *time, u8 *cs);

#endif
