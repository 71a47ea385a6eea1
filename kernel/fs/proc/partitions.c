/* /proc/partitions, in Linux's layout: every block device with a size,
 * disks each followed by their partitions, sizes in 1 KiB blocks. */
#include "internal.h"
#include <kernel/block.h>

static int show_one(struct block_device *b, void *arg)
{
	struct seqbuf *s = arg;

	if (b->nr_sects)	/* Linux hides empty disks (unbound loop devices) */
		seq_printf(s, "%4u  %7u %10llu %s\n", MAJOR(b->devt), MINOR(b->devt),
			   (unsigned long long)(b->nr_sects >> 1), b->name);
	return 0;
}

int proc_show_partitions(struct proc_inode *pi, struct seqbuf *s)
{
	(void)pi;
	seq_puts(s, "major minor  #blocks  name\n\n");
	return block_device_for_each(show_one, s);
}
