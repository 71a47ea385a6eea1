/*
 * MBR and GPT partition tables, parsed from sectors a callback reads.
 *
 * Everything in a table is untrusted: every size, offset and count is
 * checked before it is used, and a table with partitions that overlap or
 * leave the disk is refused as a whole (-EINVAL with a reason), because a
 * file system mounted on such a partition would corrupt its neighbour.
 * The parser keeps no state between calls and allocates nothing, so the
 * host unit tests and the fuzzer run exactly this file.
 *
 * Layouts (all little-endian), from the UEFI specification:
 *   MBR, sector 0: four 16-byte entries at 446 (boot flag, CHS, system id,
 *     CHS, start LBA u32, sector count u32) and 0x55 0xAA at 510. Logical
 *     partitions live in a chain of EBRs inside the extended partition:
 *     entry 0 is relative to its EBR, entry 1 points to the next EBR,
 *     relative to the start of the extended partition.
 *   GPT header, LBA 1 (and its backup, usually the last sector):
 *     0 "EFI PART", 8 revision, 12 header size, 16 header CRC32,
 *     24 my LBA, 32 alternate LBA, 40 first usable, 48 last usable,
 *     56 disk GUID, 72 entry array LBA, 80 entry count, 84 entry size,
 *     88 entry array CRC32.
 *   GPT entry: 0 type GUID, 16 unique GUID, 32 first LBA, 40 last LBA
 *     (inclusive), 48 attributes, 56 name (UTF-16).
 */
#include <kernel/partition.h>
#include <lib/crc32.h>
#include <lib/printf.h>
#include <lib/string.h>
#include <mica/errno.h>

#define MBR_SIG_OFF 510
#define MBR_ENTRY_OFF 446
#define MBR_ENTRY_SIZE 16
#define MBR_TYPE_GPT 0xee

#define GPT_HDR_MIN 92
#define GPT_ENTRY_MIN 128

static u32 get_le32(const u8 *p)
{
	return (u32)p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
}

static u64 get_le64(const u8 *p)
{
	return (u64)get_le32(p) | (u64)get_le32(p + 4) << 32;
}

#define refuse(out, ...) (snprintf((out)->why, sizeof((out)->why), __VA_ARGS__), -EINVAL)

static int read_sector(const struct part_source *src, u64 lba, struct part_table *out)
{
	int err;

	if (lba >= src->nr_sectors) {
		snprintf(out->why, sizeof(out->why), "sector %llu is beyond the disk",
			 (unsigned long long)lba);
		return -EINVAL;
	}
	err = src->read(src->ctx, lba, src->buf);
	if (err) {
		snprintf(out->why, sizeof(out->why), "cannot read sector %llu (%d)",
			 (unsigned long long)lba, err);
		return err < 0 ? err : -EIO;
	}
	return 0;
}

/* true when [start, start + n) lies inside a disk of total sectors. */
static bool in_range(u64 start, u64 n, u64 total)
{
	return n && start < total && n <= total - start;
}

static int add_part(struct part_table *out, u64 start, u64 n, u32 number, u8 type)
{
	struct part_entry *p;

	if (out->count >= PART_MAX)
		return refuse(out, "more than %d partitions", PART_MAX);
	p = &out->parts[out->count++];
	memset(p, 0, sizeof(*p));
	p->start = start;
	p->nr_sects = n;
	p->number = number;
	p->mbr_type = type;
	return 0;
}

/* Refuse a table whose partitions overlap (skip: an MBR extended container). */
static int check_overlaps(struct part_table *out, int skip)
{
	for (int i = 0; i < out->count; i++) {
		const struct part_entry *a = &out->parts[i];

		for (int j = i + 1; j < out->count; j++) {
			const struct part_entry *b = &out->parts[j];

			if (i == skip || j == skip)
				continue;
			if (a->start < b->start + b->nr_sects && b->start < a->start + a->nr_sects)
				return refuse(out, "partitions %u and %u overlap", a->number,
					      b->number);
		}
	}
	return 0;
}

/* ---- MBR ---------------------------------------------------------------- */

struct mbr_entry {
	u8 boot, type;
	u32 start, n;
};

static void mbr_entries(const u8 *sec, struct mbr_entry e[4])
{
	for (int i = 0; i < 4; i++) {
		const u8 *p = sec + MBR_ENTRY_OFF + i * MBR_ENTRY_SIZE;

		e[i].boot = p[0];
		e[i].type = p[4];
		e[i].start = get_le32(p + 8);
		e[i].n = get_le32(p + 12);
	}
}

static bool mbr_is_extended(u8 type)
{
	return type == 0x05 || type == 0x0f || type == 0x85;
}

static bool has_mbr_signature(const u8 *sec)
{
	return sec[MBR_SIG_OFF] == 0x55 && sec[MBR_SIG_OFF + 1] == 0xaa;
}

/* Walk the EBR chain of the extended partition [ext, ext + ext_n). */
static int mbr_logicals(const struct part_source *src, u64 ext, u64 ext_n,
			struct part_table *out)
{
	u64 ebr = ext;
	u32 number = 5;
	int err;

	for (;;) {
		struct mbr_entry e[4];

		if (number >= 5 + PART_MBR_MAX_LOGICAL)
			return refuse(out, "MBR: more than %d logical partitions (a loop?)",
				      PART_MBR_MAX_LOGICAL);
		err = read_sector(src, ebr, out);
		if (err)
			return err;
		if (!has_mbr_signature(src->buf))
			return refuse(out, "MBR: extended boot record at %llu has no signature",
				      (unsigned long long)ebr);
		mbr_entries(src->buf, e);
		if (e[0].type && e[0].n) {
			u64 start = ebr + e[0].start;

			if (!in_range(start, e[0].n, src->nr_sectors) || start < ext ||
			    start + e[0].n > ext + ext_n)
				return refuse(out, "MBR: logical partition %u leaves its extended partition",
					      number);
			err = add_part(out, start, e[0].n, number, e[0].type);
			if (err)
				return err;
		}
		number++;
		if (!mbr_is_extended(e[1].type) || !e[1].n)
			return 0;
		if (!e[1].start || e[1].start >= ext_n)
			return refuse(out, "MBR: link to the next extended boot record is out of range");
		ebr = ext + e[1].start;
	}
}

static int mbr_parse(const struct part_source *src, const struct mbr_entry e[4],
		     struct part_table *out)
{
	int ext_idx = -1, err;
	u64 ext = 0, ext_n = 0;

	out->kind = PART_MBR;
	for (int i = 0; i < 4; i++) {
		u64 n = e[i].n;

		if (!e[i].type || !n)
			continue;
		if (!e[i].start || !in_range(e[i].start, n, src->nr_sectors))
			return refuse(out, "MBR: partition %d (%u+%u) is outside the disk of %llu sectors",
				      i + 1, e[i].start, e[i].n, (unsigned long long)src->nr_sectors);
		if (mbr_is_extended(e[i].type)) {
			if (ext_idx >= 0)
				return refuse(out, "MBR: more than one extended partition");
			ext_idx = out->count;
			ext = e[i].start;
			ext_n = n;
			/* As Linux: the container shows as a 1 KiB stub, never its data. */
			n = src->sector_size >= 1024 ? 1 : 1024 / src->sector_size;
		}
		err = add_part(out, e[i].start, n, (u32)i + 1, e[i].type);
		if (err)
			return err;
	}
	if (ext_idx >= 0) {
		err = mbr_logicals(src, ext, ext_n, out);
		if (err)
			return err;
	}
	return check_overlaps(out, ext_idx);
}

/* ---- GPT ---------------------------------------------------------------- */

struct gpt_header {
	u64 my_lba, alt_lba, first_usable, last_usable, entry_lba;
	u32 num_entries, entry_size, entries_crc;
};

/* Read and check the header at lba; *h is valid when 0 is returned. */
static int gpt_read_header(const struct part_source *src, u64 lba, struct gpt_header *h,
			   struct part_table *out)
{
	u8 *b = src->buf;
	u32 size, crc;
	u64 array_bytes, array_sectors;
	int err;

	err = read_sector(src, lba, out);
	if (err)
		return err;
	if (memcmp(b, "EFI PART", 8))
		return refuse(out, "GPT: no header signature at sector %llu", (unsigned long long)lba);
	size = get_le32(b + 12);
	if (size < GPT_HDR_MIN || size > src->sector_size)
		return refuse(out, "GPT: header size %u is invalid", size);
	crc = get_le32(b + 16);
	memset(b + 16, 0, 4);
	if (crc32(0, b, size) != crc)
		return refuse(out, "GPT: header CRC mismatch at sector %llu", (unsigned long long)lba);
	h->my_lba = get_le64(b + 24);
	h->alt_lba = get_le64(b + 32);
	h->first_usable = get_le64(b + 40);
	h->last_usable = get_le64(b + 48);
	h->entry_lba = get_le64(b + 72);
	h->num_entries = get_le32(b + 80);
	h->entry_size = get_le32(b + 84);
	h->entries_crc = get_le32(b + 88);

	if (h->my_lba != lba)
		return refuse(out, "GPT: header at %llu says it is at %llu", (unsigned long long)lba,
			      (unsigned long long)h->my_lba);
	if (h->first_usable > h->last_usable || h->last_usable >= src->nr_sectors ||
	    (lba >= h->first_usable && lba <= h->last_usable))
		return refuse(out, "GPT: usable range %llu-%llu is invalid",
			      (unsigned long long)h->first_usable, (unsigned long long)h->last_usable);
	if (h->entry_size < GPT_ENTRY_MIN || h->entry_size > src->sector_size ||
	    (h->entry_size & (h->entry_size - 1)))
		return refuse(out, "GPT: entry size %u is invalid", h->entry_size);
	if (!h->num_entries || h->num_entries > PART_GPT_MAX_ENTRIES)
		return refuse(out, "GPT: %u entries (at most %d accepted)", h->num_entries,
			      PART_GPT_MAX_ENTRIES);
	array_bytes = (u64)h->num_entries * h->entry_size;
	array_sectors = (array_bytes + src->sector_size - 1) / src->sector_size;
	if (!in_range(h->entry_lba, array_sectors, src->nr_sectors) || h->entry_lba < 2 ||
	    (lba >= h->entry_lba && lba < h->entry_lba + array_sectors) ||
	    (h->entry_lba <= h->last_usable && h->entry_lba + array_sectors > h->first_usable))
		return refuse(out, "GPT: entry array at %llu is out of place",
			      (unsigned long long)h->entry_lba);
	return 0;
}

static bool guid_is_zero(const u8 *g)
{
	for (int i = 0; i < 16; i++)
		if (g[i])
			return false;
	return true;
}

/* Read the entry array of *h, check its CRC, collect used entries. */
static int gpt_read_entries(const struct part_source *src, const struct gpt_header *h,
			    struct part_table *out)
{
	u32 per_sector = src->sector_size / h->entry_size;
	u64 left = (u64)h->num_entries * h->entry_size;
	u32 crc = 0, index = 0;
	bool too_many = false;
	int err;

	out->count = 0;
	for (u64 s = 0; left; s++) {
		u32 chunk = left < src->sector_size ? (u32)left : src->sector_size;
		const u8 *b = src->buf;

		err = read_sector(src, h->entry_lba + s, out);
		if (err)
			return err;
		crc = crc32(crc, b, chunk);
		for (u32 k = 0; k < per_sector && index < h->num_entries; k++, index++) {
			const u8 *e = b + k * h->entry_size;
			struct part_entry *p;

			if (guid_is_zero(e))
				continue;
			if (out->count >= PART_MAX) {
				too_many = true;
				continue;
			}
			p = &out->parts[out->count++];
			memset(p, 0, sizeof(*p));
			memcpy(p->type_guid, e, 16);
			p->number = index + 1;
			/* Raw first and last LBA for now; checked once the CRC is known. */
			p->start = get_le64(e + 32);
			p->nr_sects = get_le64(e + 40);
		}
		left -= chunk;
	}
	if (crc != h->entries_crc) {
		out->count = 0;
		return refuse(out, "GPT: entry array CRC mismatch");
	}
	if (too_many) {
		out->count = 0;
		return refuse(out, "GPT: more than %d partitions", PART_MAX);
	}
	return 0;
}

/* Turn checked-CRC raw entries into partitions, refusing bad ranges. */
static int gpt_check_entries(const struct gpt_header *h, struct part_table *out)
{
	for (int i = 0; i < out->count; i++) {
		struct part_entry *p = &out->parts[i];
		u64 first = p->start, last = p->nr_sects;

		if (first > last || first < h->first_usable || last > h->last_usable)
			return refuse(out, "GPT: partition %u (%llu-%llu) is outside the usable range",
				      p->number, (unsigned long long)first, (unsigned long long)last);
		p->nr_sects = last - first + 1;
	}
	return check_overlaps(out, -1);
}

/* One copy of the table; *hdr_ok tells whether its header was sound. */
static int gpt_try(const struct part_source *src, u64 lba, struct gpt_header *h,
		   struct part_table *out, bool *hdr_ok)
{
	int err = gpt_read_header(src, lba, h, out);

	*hdr_ok = !err;
	return err ? err : gpt_read_entries(src, h, out);
}

static int gpt_parse(const struct part_source *src, struct part_table *out)
{
	struct gpt_header h;
	char first_why[sizeof(out->why)];
	bool hdr_ok;
	u64 alt;
	int err;

	out->kind = PART_GPT;
	err = gpt_try(src, 1, &h, out, &hdr_ok);
	if (err == -EINVAL) {
		/* The primary copy is bad: the backup is where it says, else last. */
		alt = hdr_ok && h.alt_lba > 1 && h.alt_lba < src->nr_sectors ? h.alt_lba
									     : src->nr_sectors - 1;
		memcpy(first_why, out->why, sizeof(first_why));
		err = gpt_try(src, alt, &h, out, &hdr_ok);
		if (err) {
			if (err == -EINVAL)
				snprintf(out->why, sizeof(out->why),
					 "GPT: both copies are bad (%.80s)", first_why + 5);
			return err;
		}
		out->used_backup = true;
	} else if (err) {
		return err;
	}
	err = gpt_check_entries(&h, out);
	if (!err && out->used_backup)
		snprintf(out->why, sizeof(out->why), "GPT: primary table is corrupt, using the backup");
	return err;
}

int part_parse(const struct part_source *src, struct part_table *out)
{
	struct mbr_entry e[4];
	bool gpt = false;
	int err;

	memset(out, 0, sizeof(*out));
	if (!src->read || !src->buf || src->sector_size < 512 || src->sector_size > 4096 ||
	    (src->sector_size & (src->sector_size - 1)))
		return refuse(out, "bad sector size %u", src->sector_size);
	if (src->nr_sectors < 1)
		return 0;
	err = read_sector(src, 0, out);
	if (err)
		return err;
	if (!has_mbr_signature(src->buf))
		return 0;
	mbr_entries(src->buf, e);
	for (int i = 0; i < 4; i++) {
		/* A boot flag other than 0/0x80: a boot sector, not a table (FAT). */
		if (e[i].boot != 0 && e[i].boot != 0x80)
			return 0;
		gpt |= e[i].type == MBR_TYPE_GPT;
	}
	err = gpt ? gpt_parse(src, out) : mbr_parse(src, e, out);
	if (err) {
		out->count = 0;
		if (!out->why[0])
			snprintf(out->why, sizeof(out->why), "error %d", err);
	}
	return err;
}
