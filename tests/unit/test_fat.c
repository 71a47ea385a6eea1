/* Unit tests for the FAT decoders (kernel/fs/fat/boot.c, kernel/fs/fat/name.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include <kernel/fat_format.h>
#include <lib/string.h>
#include <mica/errno.h>

static u8 bs[512];
static char why[96];

static void put16(u8 *p, u16 v) { p[0] = (u8)v; p[1] = (u8)(v >> 8); }
static void put32(u8 *p, u32 v) { put16(p, (u16)v); put16(p + 2, (u16)(v >> 16)); }

/* A FAT32 boot sector as mkfs.vfat -F 32 makes for 64 MiB. */
static void fat32_bs(void)
{
	memset(bs, 0, sizeof(bs));
	put16(bs + 11, 512);
	bs[13] = 1;
	put16(bs + 14, 32);
	bs[16] = 2;
	bs[21] = 0xf8;
	put32(bs + 32, 131072);
	put32(bs + 36, 1009);
	put32(bs + 44, 2);
	put16(bs + 48, 1);
	bs[510] = 0x55;
	bs[511] = 0xaa;
}

static void test_fat32_boot(void **state)
{
	struct fat_geom g;

	(void)state;
	fat32_bs();
	assert_int_equal(fat_parse_boot(bs, 512, 64 << 20, 512, &g, why, sizeof(why)), 0);
	assert_int_equal(g.bits, 32);
	assert_int_equal(g.cluster_size, 512);
	assert_int_equal(g.data_start, 32 + 2 * 1009);
	assert_int_equal(g.nr_clusters, 131072 - 32 - 2018);
	assert_int_equal(g.root_cluster, 2);
	assert_int_equal(g.fsinfo_sector, 1);
	assert_int_equal(g.state_off, 65);
}

static void test_fat16_boot(void **state)
{
	struct fat_geom g;

	(void)state;
	memset(bs, 0, sizeof(bs));
	put16(bs + 11, 512);
	bs[13] = 4;
	put16(bs + 14, 4);
	bs[16] = 2;
	put16(bs + 17, 512);
	put32(bs + 32, 65536 * 2);
	bs[21] = 0xf8;
	put16(bs + 22, 128);
	assert_int_equal(fat_parse_boot(bs, 512, 64 << 20, 512, &g, why, sizeof(why)), 0);
	assert_int_equal(g.bits, 16);
	assert_int_equal(g.root_start, 4 + 256);
	assert_int_equal(g.data_start, 4 + 256 + 32);
	assert_int_equal(g.state_off, 37);
}

static void test_bad_boot(void **state)
{
	struct fat_geom g;

	(void)state;
	fat32_bs();
	put16(bs + 11, 500);
	assert_int_equal(fat_parse_boot(bs, 512, 64 << 20, 512, &g, why, sizeof(why)), -EINVAL);
	assert_non_null(strstr(why, "sector size"));
	fat32_bs();
	bs[13] = 3;
	assert_int_equal(fat_parse_boot(bs, 512, 64 << 20, 512, &g, why, sizeof(why)), -EINVAL);
	fat32_bs();
	/* Larger than the device: a truncated image. */
	assert_int_equal(fat_parse_boot(bs, 512, 32 << 20, 512, &g, why, sizeof(why)), -EINVAL);
	assert_non_null(strstr(why, "truncated"));
	fat32_bs();
	put32(bs + 44, 200000);
	assert_int_equal(fat_parse_boot(bs, 512, 64 << 20, 512, &g, why, sizeof(why)), -EINVAL);
	fat32_bs();
	bs[21] = 0x12;
	assert_int_equal(fat_parse_boot(bs, 512, 64 << 20, 512, &g, why, sizeof(why)), -EINVAL);
	fat32_bs();
	assert_int_equal(fat_parse_boot(bs, 512, 64 << 20, 4096, &g, why, sizeof(why)), -EINVAL);
}

static void test_fat12_entries(void **state)
{
	struct fat_geom g = { .bits = 12, .nr_clusters = 100 };
	u8 fat[160] = { 0 };

	(void)state;
	for (u32 n = 2; n < 100; n++)
		fat_entry_encode(&g, n, fat + fat_entry_offset(&g, n), (n * 37) & 0xfff);
	for (u32 n = 2; n < 100; n++)
		assert_int_equal(fat_entry_get(&g, fat, n), (n * 37) & 0xfff);
	assert_true(fat_is_eoc(&g, 0xfff));
	assert_true(fat_is_bad(&g, 0xff7));
	assert_false(fat_is_eoc(&g, 0xff7));
}

static void test_fat32_entries_keep_top_bits(void **state)
{
	struct fat_geom g = { .bits = 32, .nr_clusters = 100 };
	u8 e[4] = { 0, 0, 0, 0xf0 };

	(void)state;
	fat_entry_encode(&g, 5, e, 0x0fffffff);
	assert_int_equal(e[3], 0xff);
	fat_entry_encode(&g, 5, e, 7);
	assert_int_equal(e[3], 0xf0);
	assert_int_equal(fat_entry_decode(&g, 5, e), 7);
}

static void test_checksum(void **state)
{
	(void)state;
	assert_int_equal(fat_lfn_checksum((const u8 *)"FOO     BAR"), 83);
	assert_int_equal(fat_lfn_checksum((const u8 *)"LONGNA~1TXT"), 244);
}

static void test_utf(void **state)
{
	u16 u[FAT_LFN_MAX];
	char out[FAT_NAME_UTF8_MAX + 1];
	const char *s = "h\xc3\xa9llo \xe2\x9c\x93 \xf0\x9f\x98\x80";
	char longname[300];

	(void)state;
	int n = fat_utf8_to_utf16(s, strlen(s), u);
	assert_int_equal(n, 10);	/* the emoji is a surrogate pair */
	assert_int_equal(u[1], 0xe9);
	assert_int_equal(fat_utf16_to_utf8(u, n, out), (int)strlen(s));
	assert_string_equal(out, s);
	assert_int_equal(fat_utf8_to_utf16("\xc3", 1, u), -EINVAL);
	assert_int_equal(fat_utf8_to_utf16("\xc0\x80", 2, u), -EINVAL);
	u[0] = 0xdc00;
	assert_int_equal(fat_utf16_to_utf8(u, 1, out), -EINVAL);
	memset(longname, 'a', sizeof(longname));
	assert_int_equal(fat_utf8_to_utf16(longname, 256, u), -ENAMETOOLONG);
	assert_int_equal(fat_utf8_to_utf16(longname, 255, u), 255);
}

static void test_short_names(void **state)
{
	u8 sn[11];
	int bl;
	char out[13];
	size_t len;

	(void)state;
	assert_int_equal(fat_short_base("README.TXT", 10, sn, &bl), 0);
	assert_memory_equal(sn, "README  TXT", 11);
	assert_int_equal(fat_short_base("readme.txt", 10, sn, &bl), 1);
	assert_memory_equal(sn, "README  TXT", 11);
	assert_int_equal(fat_short_base("A long name.text", 16, sn, &bl), 2);
	assert_int_equal(fat_short_tail(sn, bl, 1), 0);
	assert_memory_equal(sn, "ALONGN~1TEX", 11);
	assert_int_equal(fat_short_tail(sn, bl, 12345), 0);
	assert_memory_equal(sn, "AL~12345TEX", 11);
	assert_int_equal(fat_short_base(".profile", 8, sn, &bl), 2);
	assert_memory_equal(sn, "PROFILE    ", 11);
	assert_int_equal(fat_short_base("a+b", 3, sn, &bl), 2);
	assert_memory_equal(sn, "A_B        ", 11);
	assert_int_equal(fat_short_to_name((const u8 *)"README  TXT", FAT_LCASE_BASE, out), 10);
	assert_string_equal(out, "readme.TXT");
	assert_int_equal(fat_short_to_name((const u8 *)"\x05" "AB     X  ", 0, out), 5);
	assert_int_equal(fat_check_name("bad:name", &len), -EINVAL);
	assert_int_equal(fat_check_name("trailing..", &len), 0);
	assert_int_equal(len, 8);
	assert_int_equal(fat_check_name("...", &len), -EINVAL);
	assert_true(fat_name_eq("Hello.TXT", 9, "hello.txt", 9));
	assert_false(fat_name_eq("Hello.TXT", 9, "hello.tx", 8));
}

static void test_times(void **state)
{
	u16 date, time;
	u8 cs;

	(void)state;
	fat_time_from_unix(1582983958, &date, &time, &cs);	/* 2020-02-29 13:45:58 */
	assert_int_equal(date, (40 << 9) | (2 << 5) | 29);
	assert_int_equal(time, (13 << 11) | (45 << 5) | 29);
	assert_int_equal(cs, 0);
	assert_int_equal(fat_time_to_unix(date, time, 0), 1582983958);
	assert_int_equal(fat_time_to_unix(date, time, 100), 1582983959);
	fat_time_from_unix(0, &date, &time, &cs);
	assert_int_equal(fat_time_to_unix(date, time, cs), 315532800);
	/* Garbage fields do not break the conversion. */
	assert_true(fat_time_to_unix(0xffff, 0xffff, 0xff) > 315532800);
	assert_int_equal(fat_time_to_unix(0, 0, 0), 315532800);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fat32_boot),
		cmocka_unit_test(test_fat16_boot),
		cmocka_unit_test(test_bad_boot),
		cmocka_unit_test(test_fat12_entries),
		cmocka_unit_test(test_fat32_entries_keep_top_bits),
		cmocka_unit_test(test_checksum),
		cmocka_unit_test(test_utf),
		cmocka_unit_test(test_short_names),
		cmocka_unit_test(test_times),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
