/* /proc/meminfo, in Linux's layout (free and top read it). */
#include "internal.h"
#include <core/mm.h>
#include <kernel/bcache.h>
#include <kernel/pagecache.h>

static void put_kb(struct seqbuf *s, const char *name, unsigned long pages)
{
	size_t start = s->len;

	seq_printf(s, "%s:", name);
	seq_pad(s, start, 15, ' ');
	seq_printf(s, "%8lu kB\n", pages << (PAGE_SHIFT - 10));
}

int proc_show_meminfo(struct proc_inode *pi, struct seqbuf *s)
{
	unsigned long total = frame_total_count(), free = frame_free_count();
	unsigned long shmem = tmpfs_pages();	/* tmpfs data is page cache, as on Linux */
	unsigned long cached = page_cache_pages();
	unsigned long file = cached - MIN(shmem, cached);	/* reclaimable file pages */
	unsigned long buffers = bcache_count();	/* metadata blocks (at most a page each) */
	/* Lines in Linux's order; what Mica has none of (swap, huge pages)
	 * is 0. MemAvailable: free plus the file pages reclaim can take.
	 * CommitLimit: overcommit_ratio 50 and no swap. */
	const struct { const char *name; unsigned long pages; } lines[] = {
		{ "MemTotal", total }, { "MemFree", free }, { "MemAvailable", free + file },
		{ "Buffers", buffers }, { "Cached", cached }, { "SwapCached", 0 },
		{ "Active", shmem }, { "Inactive", file }, { "Active(anon)", shmem },
		{ "Inactive(anon)", 0 }, { "Active(file)", 0 }, { "Inactive(file)", file },
		{ "Unevictable", 0 }, { "Mlocked", 0 }, { "SwapTotal", 0 }, { "SwapFree", 0 },
		{ "Dirty", page_cache_dirty_pages() },
		{ "Writeback", 0 }, { "AnonPages", 0 }, { "Mapped", 0 }, { "Shmem", shmem },
		{ "KReclaimable", 0 }, { "Slab", 0 }, { "SReclaimable", 0 }, { "SUnreclaim", 0 },
		{ "KernelStack", 0 }, { "PageTables", 0 }, { "NFS_Unstable", 0 }, { "Bounce", 0 },
		{ "WritebackTmp", 0 }, { "CommitLimit", total / 2 }, { "Committed_AS", total - free },
		{ "VmallocTotal", 0 }, { "VmallocUsed", 0 }, { "VmallocChunk", 0 }, { "Percpu", 0 },
		{ "AnonHugePages", 0 }, { "ShmemHugePages", 0 }, { "ShmemPmdMapped", 0 },
		{ "FileHugePages", 0 }, { "FilePmdMapped", 0 },
	};

	(void)pi;
	for (size_t i = 0; i < ARRAY_SIZE(lines); i++)
		put_kb(s, lines[i].name, lines[i].pages);
	seq_puts(s, "HugePages_Total:       0\nHugePages_Free:        0\n"
		    "HugePages_Rsvd:        0\nHugePages_Surp:        0\n");
	put_kb(s, "Hugepagesize", 2048 >> (PAGE_SHIFT - 10));
	put_kb(s, "Hugetlb", 0);
	return 0;
}
