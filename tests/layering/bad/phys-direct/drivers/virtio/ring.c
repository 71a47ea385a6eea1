#include <mica/types.h>

struct vring_desc { u64 addr; u32 len; };

void fill(struct vring_desc *d, void *buf)
{
	d->addr = __pa(buf);	// BAD
}
