/* /proc/meminfo, in Linux's layout (free and top read it). */
#include "internal.h"
#include <core/mm.h>

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

	(void)pi;
	put_kb(s, "MemTotal", total);
	put_kb(s, "MemFree", free);
	put_kb(s, "MemAvailable", free);	/* nothing else can be reclaimed yet */
	put_kb(s, "Buffers", 0);
	put_kb(s, "Cached", shmem);
	put_kb(s, "SwapCached", 0);
	put_kb(s, "Active", shmem);
	put_kb(s, "Inactive", 0);
	put_kb(s, "Active(anon)", shmem);
	put_kb(s, "Inactive(anon)", 0);
	put_kb(s, "Active(file)", 0);
	put_kb(s, "Inactive(file)", 0);
	put_kb(s, "Unevictable", 0);
	put_kb(s, "Mlocked", 0);
	put_kb(s, "SwapTotal", 0);
	put_kb(s, "SwapFree", 0);
	put_kb(s, "Dirty", 0);
	put_kb(s, "Writeback", 0);
	put_kb(s, "AnonPages", 0);
	put_kb(s, "Mapped", 0);
	put_kb(s, "Shmem", shmem);
	put_kb(s, "KReclaimable", 0);
	put_kb(s, "Slab", 0);
	put_kb(s, "SReclaimable", 0);
	put_kb(s, "SUnreclaim", 0);
	put_kb(s, "KernelStack", 0);
	put_kb(s, "PageTables", 0);
	put_kb(s, "NFS_Unstable", 0);
	put_kb(s, "Bounce", 0);
	put_kb(s, "WritebackTmp", 0);
	put_kb(s, "CommitLimit", total / 2);	/* overcommit_ratio 50, no swap */
	put_kb(s, "Committed_AS", total - free);
	put_kb(s, "VmallocTotal", 0);
	put_kb(s, "VmallocUsed", 0);
	put_kb(s, "VmallocChunk", 0);
	put_kb(s, "Percpu", 0);
	put_kb(s, "AnonHugePages", 0);
	put_kb(s, "ShmemHugePages", 0);
	put_kb(s, "ShmemPmdMapped", 0);
	put_kb(s, "FileHugePages", 0);
	put_kb(s, "FilePmdMapped", 0);
	seq_puts(s, "HugePages_Total:       0\nHugePages_Free:        0\n"
		    "HugePages_Rsvd:        0\nHugePages_Surp:        0\n");
	put_kb(s, "Hugepagesize", 2048 >> (PAGE_SHIFT - 10));
	put_kb(s, "Hugetlb", 0);
	return 0;
}
