/*
 * libFuzzer target for the partition parser: the input is a disk image of
 * 512-byte sectors (or 4096-byte ones when its first byte is odd: the
 * parser must survive either view). The parser must never crash, read out
 * of bounds, loop, or report a partition outside the disk.
 */
#include <stdlib.h>

#include <kernel/partition.h>
#include <lib/string.h>
#include <mica/errno.h>

struct image {
	const u8 *data;
	size_t size;
	u32 ss;
};

static int image_read(void *ctx, u64 lba, void *buf)
{
	const struct image *im = ctx;
	u64 off = lba * im->ss;

	if (lba >= im->size / im->ss)
		abort();	/* the parser asked for a sector it was told is not there */
	memcpy(buf, im->data + off, im->ss);
	return 0;
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	static struct part_table tab;
	static u8 scratch[4096];
	struct image im = { data, size, size && (data[0] & 1) && size >= 8192 ? 4096 : 512 };
	struct part_source src = { image_read, &im, size / im.ss, im.ss, scratch };
	int err = part_parse(&src, &tab);

	if (err && (tab.count || !tab.why[0]))
		abort();	/* an error leaves no partitions and says why */
	for (int i = 0; i < tab.count; i++) {
		const struct part_entry *p = &tab.parts[i];

		if (!p->nr_sects || p->start >= src.nr_sectors ||
		    p->nr_sects > src.nr_sectors - p->start)
			abort();
	}
	return 0;
}
