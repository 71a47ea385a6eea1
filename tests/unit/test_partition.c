/* Unit tests for the MBR/GPT parser (kernel/block/partition_parse.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include <kernel/partition.h>
#include <lib/crc32.h>
#include <lib/string.h>
#include <mica/errno.h>

#define MAX_DISK (1u << 20)

/* An in-memory disk; read_fail makes reads of that sector fail. */
static struct disk {
	u8 data[MAX_DISK];
	u32 ss;
	u64 nsec;
	u64 read_fail;
	unsigned reads;
} d;
static struct part_table tab;	/* large: keep it off the stack */
static u8 scratch[4096];

static int disk_read(void *ctx, u64 lba, void *buf)
{
	struct disk *dk = ctx;

	dk->reads++;
	if (lba == dk->read_fail)
		return -EIO;
	assert_true(lba < dk->nsec);
	memcpy(buf, dk->data + lba * dk->ss, dk->ss);
	return 0;
}

static int parse(void)
{
	struct part_source src = { disk_read, &d, d.nsec, d.ss, scratch };

	return part_parse(&src, &tab);
}

static void disk_reset(u32 ss, u64 nsec)
{
	memset(d.data, 0, sizeof(d.data));
	d.ss = ss;
	d.nsec = nsec;
	d.read_fail = ~0ull;
	d.reads = 0;
}

static void put32(u8 *p, u32 v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (u8)(v >> (8 * i));
}

static void put64(u8 *p, u64 v)
{
	put32(p, (u32)v);
	put32(p + 4, (u32)(v >> 32));
}

static u8 *sector(u64 lba)
{
	return d.data + lba * d.ss;
}

static void mbr_set(u64 lba, int i, u8 boot, u8 type, u32 start, u32 n)
{
	u8 *e = sector(lba) + 446 + 16 * i;

	e[0] = boot;
	e[4] = type;
	put32(e + 8, start);
	put32(e + 12, n);
	sector(lba)[510] = 0x55;
	sector(lba)[511] = 0xaa;
}

/* ---- MBR ---- */

static void test_crc32_known_value(void **state)
{
	(void)state;
	assert_int_equal(crc32(0, "123456789", 9), 0xcbf43926);
	/* Continuing a checksum equals checksumming the whole. */
	assert_int_equal(crc32(crc32(0, "1234", 4), "56789", 5), 0xcbf43926);
}

static void test_no_table(void **state)
{
	(void)state;
	disk_reset(512, 2048);
	assert_int_equal(parse(), 0);
	assert_int_equal(tab.kind, PART_NONE);
	assert_int_equal(tab.count, 0);

	/* A FAT boot sector has 55 AA but no valid boot flags. */
	mbr_set(0, 0, 0x12, 0x0c, 1, 100);
	assert_int_equal(parse(), 0);
	assert_int_equal(tab.kind, PART_NONE);
}

static void test_mbr_primaries(void **state)
{
	(void)state;
	disk_reset(512, 2048);
	mbr_set(0, 0, 0x80, 0x83, 63, 1000);
	mbr_set(0, 2, 0x00, 0x0c, 1063, 985);
	assert_int_equal(parse(), 0);
	assert_int_equal(tab.kind, PART_MBR);
	assert_int_equal(tab.count, 2);
	assert_int_equal(tab.parts[0].number, 1);
	assert_int_equal(tab.parts[0].start, 63);
	assert_int_equal(tab.parts[0].nr_sects, 1000);
	assert_int_equal(tab.parts[0].mbr_type, 0x83);
	assert_int_equal(tab.parts[1].number, 3);
	assert_int_equal(tab.parts[1].start, 1063);
	assert_int_equal(tab.parts[1].nr_sects, 985);
}

static void test_mbr_logicals(void **state)
{
	(void)state;
	disk_reset(512, 4096);
	mbr_set(0, 0, 0, 0x83, 2048, 1024);
	mbr_set(0, 1, 0, 0x05, 100, 1900);
	/* EBR at 100: logical 5 at 100+10; next EBR at 100+500. */
	mbr_set(100, 0, 0, 0x83, 10, 400);
	mbr_set(100, 1, 0, 0x05, 500, 600);
	mbr_set(600, 0, 0, 0x82, 20, 300);
	assert_int_equal(parse(), 0);
	assert_int_equal(tab.count, 4);
	assert_int_equal(tab.parts[1].number, 2);
	assert_int_equal(tab.parts[1].nr_sects, 2);	/* the container is a 1 KiB stub */
	assert_int_equal(tab.parts[2].number, 5);
	assert_int_equal(tab.parts[2].start, 110);
	assert_int_equal(tab.parts[2].nr_sects, 400);
	assert_int_equal(tab.parts[3].number, 6);
	assert_int_equal(tab.parts[3].start, 620);
	assert_int_equal(tab.parts[3].mbr_type, 0x82);
}

static void test_mbr_hostile(void **state)
{
	(void)state;
	/* Beyond the end of the disk. */
	disk_reset(512, 2048);
	mbr_set(0, 0, 0, 0x83, 2000, 100);
	assert_int_equal(parse(), -EINVAL);
	assert_int_equal(tab.count, 0);
	assert_non_null(strstr(tab.why, "outside"));

	/* 32-bit wrap: start + size overflows. */
	disk_reset(512, 2048);
	mbr_set(0, 0, 0, 0x83, 0xffffff00u, 0x200);
	assert_int_equal(parse(), -EINVAL);

	/* Overlapping primaries. */
	disk_reset(512, 2048);
	mbr_set(0, 0, 0, 0x83, 100, 500);
	mbr_set(0, 1, 0, 0x83, 599, 10);
	assert_int_equal(parse(), -EINVAL);
	assert_non_null(strstr(tab.why, "overlap"));

	/* An EBR chain that loops onto itself ends, refused. */
	disk_reset(512, 2048);
	mbr_set(0, 0, 0, 0x05, 100, 1000);
	mbr_set(100, 0, 0, 0x83, 1, 1);
	mbr_set(100, 1, 0, 0x05, 0, 0);	/* link 0: treated as the end */
	assert_int_equal(parse(), 0);
	mbr_set(200, 0, 0, 0x83, 1, 1);
	mbr_set(200, 1, 0, 0x05, 100, 10);	/* 200 -> 200 again */
	mbr_set(100, 1, 0, 0x05, 100, 10);	/* 100 -> 200 */
	assert_int_equal(parse(), -EINVAL);

	/* A logical partition escaping its container. */
	disk_reset(512, 2048);
	mbr_set(0, 0, 0, 0x05, 100, 100);
	mbr_set(100, 0, 0, 0x83, 1, 500);
	assert_int_equal(parse(), -EINVAL);

	/* A read error is -EIO, not a crash. */
	disk_reset(512, 2048);
	mbr_set(0, 0, 0, 0x05, 100, 100);
	d.read_fail = 100;
	assert_int_equal(parse(), -EIO);
}

/* ---- GPT ---- */

struct gpt_part {
	u32 index;
	u64 first, last;
};

static const u8 linux_fs_guid[16] = { 0xaf, 0x3d, 0xc6, 0x0f, 0x83, 0x84, 0x72, 0x47,
				      0x8e, 0x79, 0x3d, 0x69, 0xd8, 0x47, 0x7d, 0xe4 };

/* Write one copy: header at hdr_lba, entries at ent_lba. */
static void gpt_write_copy(u64 hdr_lba, u64 alt_lba, u64 ent_lba, u32 nent, u32 esz,
			   const struct gpt_part *p, int np, u64 first_usable, u64 last_usable)
{
	u8 *h = sector(hdr_lba);
	u8 *ents = sector(ent_lba);

	memset(ents, 0, (size_t)nent * esz);
	for (int i = 0; i < np; i++) {
		u8 *e = ents + (size_t)p[i].index * esz;

		memcpy(e, linux_fs_guid, 16);
		e[16] = (u8)(i + 1);
		put64(e + 32, p[i].first);
		put64(e + 40, p[i].last);
	}
	memset(h, 0, d.ss);
	memcpy(h, "EFI PART", 8);
	put32(h + 8, 0x00010000);
	put32(h + 12, 92);
	put64(h + 24, hdr_lba);
	put64(h + 32, alt_lba);
	put64(h + 40, first_usable);
	put64(h + 48, last_usable);
	put64(h + 72, ent_lba);
	put32(h + 80, nent);
	put32(h + 84, esz);
	put32(h + 88, crc32(0, ents, (size_t)nent * esz));
	put32(h + 16, crc32(0, h, 92));
}

static u64 array_sectors(u32 nent, u32 esz)
{
	return ((u64)nent * esz + d.ss - 1) / d.ss;
}

static void gpt_write(const struct gpt_part *p, int np)
{
	u64 as = array_sectors(128, 128), last = d.nsec - 1;

	mbr_set(0, 0, 0, 0xee, 1, (u32)(d.nsec - 1));
	gpt_write_copy(1, last, 2, 128, 128, p, np, 2 + as, last - as - 1);
	gpt_write_copy(last, 1, last - as, 128, 128, p, np, 2 + as, last - as - 1);
}

static void rehash_header(u64 lba)
{
	u8 *h = sector(lba);

	put32(h + 16, 0);
	put32(h + 16, crc32(0, h, 92));
}

static const struct gpt_part two[] = { { 0, 40, 99 }, { 3, 100, 199 } };

static void test_gpt_good(void **state)
{
	(void)state;
	disk_reset(512, 2048);
	gpt_write(two, 2);
	assert_int_equal(parse(), 0);
	assert_int_equal(tab.kind, PART_GPT);
	assert_false(tab.used_backup);
	assert_int_equal(tab.count, 2);
	assert_int_equal(tab.parts[0].number, 1);
	assert_int_equal(tab.parts[0].start, 40);
	assert_int_equal(tab.parts[0].nr_sects, 60);
	assert_memory_equal(tab.parts[0].type_guid, linux_fs_guid, 16);
	assert_int_equal(tab.parts[1].number, 4);
	assert_int_equal(tab.parts[1].start, 100);
	assert_int_equal(tab.parts[1].nr_sects, 100);
}

static void test_gpt_4k_sectors(void **state)
{
	(void)state;
	disk_reset(4096, 256);
	gpt_write(two, 2);
	assert_int_equal(parse(), 0);
	assert_int_equal(tab.count, 2);
	assert_int_equal(tab.parts[1].start, 100);
}

static void test_gpt_backup_fallback(void **state)
{
	(void)state;
	/* Bad primary header CRC: the backup at the last sector is used. */
	disk_reset(512, 2048);
	gpt_write(two, 2);
	sector(1)[20] ^= 1;	/* reserved field, covered by the CRC */
	assert_int_equal(parse(), 0);
	assert_true(tab.used_backup);
	assert_int_equal(tab.count, 2);
	assert_non_null(strstr(tab.why, "backup"));

	/* Bad primary entry array: the header's alternate LBA is used. */
	disk_reset(512, 2048);
	gpt_write(two, 2);
	sector(2)[40] ^= 0xff;
	assert_int_equal(parse(), 0);
	assert_true(tab.used_backup);
	assert_int_equal(tab.parts[0].start, 40);

	/* Primary header destroyed, and the disk has no backup either. */
	disk_reset(512, 2048);
	gpt_write(two, 2);
	memset(sector(1), 0, 512);
	memset(sector(2047), 0, 512);
	assert_int_equal(parse(), -EINVAL);
	assert_int_equal(tab.count, 0);
	assert_non_null(strstr(tab.why, "both"));
}

static void test_gpt_hostile(void **state)
{
	(void)state;
	/* Absurd entry counts, with valid CRCs in both copies. */
	disk_reset(512, 2048);
	gpt_write(two, 2);
	put32(sector(1) + 80, 0xffffffffu);
	rehash_header(1);
	put32(sector(2047) + 80, 0x10000000u);
	rehash_header(2047);
	assert_int_equal(parse(), -EINVAL);

	/* Entry size not a power of two. */
	disk_reset(512, 2048);
	gpt_write(two, 2);
	put32(sector(1) + 84, 100);
	rehash_header(1);
	put32(sector(2047) + 84, 100);
	rehash_header(2047);
	assert_int_equal(parse(), -EINVAL);

	/* Header size larger than a sector. */
	disk_reset(512, 2048);
	gpt_write(two, 2);
	put32(sector(1) + 12, 100000);
	put32(sector(2047) + 12, 100000);
	assert_int_equal(parse(), -EINVAL);

	/* Entry array placed beyond the disk. */
	disk_reset(512, 2048);
	gpt_write(two, 2);
	put64(sector(1) + 72, ~0ull - 3);
	rehash_header(1);
	put64(sector(2047) + 72, 2046);
	rehash_header(2047);
	assert_int_equal(parse(), -EINVAL);

	/* A partition past the usable range (same in both copies). */
	{
		const struct gpt_part bad[] = { { 0, 40, 2047 } };

		disk_reset(512, 2048);
		gpt_write(bad, 1);
		assert_int_equal(parse(), -EINVAL);
		assert_non_null(strstr(tab.why, "usable"));
	}
	/* first > last. */
	{
		const struct gpt_part bad[] = { { 0, 200, 100 } };

		disk_reset(512, 2048);
		gpt_write(bad, 1);
		assert_int_equal(parse(), -EINVAL);
	}
	/* Overlapping partitions. */
	{
		const struct gpt_part bad[] = { { 0, 40, 99 }, { 1, 99, 120 } };

		disk_reset(512, 2048);
		gpt_write(bad, 2);
		assert_int_equal(parse(), -EINVAL);
		assert_non_null(strstr(tab.why, "overlap"));
	}
	/* A header that claims to be elsewhere. */
	disk_reset(512, 2048);
	gpt_write(two, 2);
	put64(sector(1) + 24, 5);
	rehash_header(1);
	assert_int_equal(parse(), 0);
	assert_true(tab.used_backup);

	/* Tiny disk: the protective MBR alone. */
	disk_reset(512, 1);
	mbr_set(0, 0, 0, 0xee, 1, 100);
	assert_int_equal(parse(), -EINVAL);
}

static void test_gpt_many_entries(void **state)
{
	(void)state;
	/* More used entries than PART_MAX: refused, not truncated. */
	disk_reset(512, 2048);
	{
		static struct gpt_part many[PART_MAX + 1];
		u64 as = array_sectors(256, 128), last = d.nsec - 1;

		for (int i = 0; i <= PART_MAX; i++)
			many[i] = (struct gpt_part){ (u32)i, 100 + 2 * (u64)i, 101 + 2 * (u64)i };
		mbr_set(0, 0, 0, 0xee, 1, 2047);
		gpt_write_copy(1, last, 2, 256, 128, many, PART_MAX + 1, 2 + as, last - as - 1);
		gpt_write_copy(last, 1, last - as, 256, 128, many, PART_MAX + 1, 2 + as,
			       last - as - 1);
		assert_int_equal(parse(), -EINVAL);
		assert_non_null(strstr(tab.why, "more than"));
	}
}

static void test_bad_sources(void **state)
{
	(void)state;
	disk_reset(512, 2048);
	{
		struct part_source src = { disk_read, &d, d.nsec, 1000, scratch };

		assert_int_equal(part_parse(&src, &tab), -EINVAL);
	}
	d.read_fail = 0;
	assert_int_equal(parse(), -EIO);
	disk_reset(512, 0);
	assert_int_equal(parse(), 0);
	assert_int_equal(tab.kind, PART_NONE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_crc32_known_value),
		cmocka_unit_test(test_no_table),
		cmocka_unit_test(test_mbr_primaries),
		cmocka_unit_test(test_mbr_logicals),
		cmocka_unit_test(test_mbr_hostile),
		cmocka_unit_test(test_gpt_good),
		cmocka_unit_test(test_gpt_4k_sectors),
		cmocka_unit_test(test_gpt_backup_fallback),
		cmocka_unit_test(test_gpt_hostile),
		cmocka_unit_test(test_gpt_many_entries),
		cmocka_unit_test(test_bad_sources),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
