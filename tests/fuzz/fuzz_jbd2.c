/*
 * libFuzzer target for jbd2 superblock decoding and recovery
 * (kernel/fs/jbd2/format.c, recovery.c): the input is a journal file
 * (block 0 the superblock; its block size is taken from s_blocksize when
 * that is 1024, 2048 or 4096). Recovery must never crash, read a journal
 * block past the journal, write a home block past the file system, loop,
 * or fail without saying why.
 */
#include <stdlib.h>

#include <kernel/jbd2_format.h>
#include <lib/string.h>
#include <mica/errno.h>

#define FS_BLOCKS 100000

struct image {
	const u8 *data;
	u32 bs;
	u32 nblocks;
	u32 reads;
};

static int image_read(void *ctx, u32 jblock, void *buf)
{
	struct image *im = ctx;

	if (jblock >= im->nblocks || ++im->reads > 8 * im->nblocks + 16)
		abort();	/* past the journal, or reading without end */
	memcpy(buf, im->data + (size_t)jblock * im->bs, im->bs);
	return 0;
}

static int home_write(void *ctx, u64 blocknr, const void *buf)
{
	(void)ctx;
	(void)buf;
	if (blocknr >= FS_BLOCKS)
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	static u8 scratch[2 * 4096];
	struct image im = { data, 0, 0, 0 };
	struct jbd2_log_io io = { image_read, home_write, &im, FS_BLOCKS };
	struct jbd2_recovery r;
	struct jbd2_fmt f;
	char why[JBD2_WHY];
	int err;

	if (size < JBD2_SB_SIZE)
		return 0;
	im.bs = jbd2_get_be32(data + 12);
	if (im.bs != 1024 && im.bs != 2048 && im.bs != 4096)
		im.bs = 1024;
	im.nblocks = size / im.bs;
	if (!im.nblocks)
		return 0;
	err = jbd2_sb_decode(data, im.bs, im.nblocks, &f, why);
	if (err) {
		if (!why[0])
			abort();
		return 0;
	}
	err = jbd2_recovery_run(&f, &io, scratch, &r);
	if (err && !r.why[0] && err != -ENOMEM)
		abort();
	if (r.revoked)
		abort();	/* run frees its table */
	return 0;
}
