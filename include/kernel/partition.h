/*
 * MBR and GPT partition-table parsing, apart from any I/O: the caller
 * passes a function that reads one logical sector, and gets the partitions
 * back or an error with a one-line reason. Builds for the host too (unit
 * tests, libFuzzer); nothing here allocates or prints.
 */
#ifndef KERNEL_PARTITION_H
#define KERNEL_PARTITION_H

#include <mica/types.h>

#define PART_MAX 128		/* partitions reported, at most (vda1..vda128) */
#define PART_GPT_MAX_ENTRIES 1024	/* a larger GPT entry array is refused */
#define PART_MBR_MAX_LOGICAL 64	/* logical partitions in an extended chain */

enum part_kind { PART_NONE, PART_MBR, PART_GPT };

/* One partition, in logical sectors of the disk. */
struct part_entry {
	u64 start;
	u64 nr_sects;
	u32 number;	/* Linux's numbering: GPT entry index + 1; MBR 1-4, logical from 5 */
	u8 mbr_type;	/* MBR system id; 0 for GPT */
	u8 type_guid[16];	/* GPT partition type; zero for MBR */
};

struct part_table {
	enum part_kind kind;
	int count;
	bool used_backup;	/* GPT: the primary header or array was bad */
	char why[112];		/* why the table was refused, or a warning */
	struct part_entry parts[PART_MAX];
};

/* Read logical sector lba into buf (sector_size bytes). 0 or -errno. */
typedef int (*part_read_fn)(void *ctx, u64 lba, void *buf);

struct part_source {
	part_read_fn read;
	void *ctx;
	u64 nr_sectors;		/* disk size in logical sectors */
	u32 sector_size;	/* 512 .. 4096, a power of two */
	void *buf;		/* scratch of sector_size bytes, for the parser */
};

/*
 * Parse the disk's partition table into *out. Returns 0 with out->kind
 * PART_NONE (no table), PART_MBR or PART_GPT; or a negative errno: -EINVAL
 * for a table that is corrupt or hostile (overlapping or out-of-range
 * partitions, bad CRCs in both GPT copies, absurd sizes), -EIO when a read
 * failed. On error out->why says why; out->count is 0.
 */
int part_parse(const struct part_source *src, struct part_table *out);

#endif
