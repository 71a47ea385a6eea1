/* Physical <-> virtual conversions only through core/ helpers. */
#include <mica/types.h>

void *bad_va(paddr_t pa)
{
	return (void *)(pa + PAGE_OFFSET);		/* BAD */
}

paddr_t bad_pa(void *va)
{
	return (paddr_t)va - KERNEL_VMA + KERNEL_PHYS_BASE;	/* BAD */
}

void *bad_macros(paddr_t pa)
{
	paddr_t p = __pa(bad_macros);			/* BAD */
	(void)p;
	return __va(pa);				/* BAD */
}

unsigned long dm = DIRECT_MAP_BASE;			/* BAD */
