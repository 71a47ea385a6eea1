/* Page-table entries and CSRs belong to core/ and arch/. */
#include <core/vmspace.h>

static void bad_map(unsigned long *table, unsigned long pa)
{
	pte_t *pte = (pte_t *)table;				/* BAD */
	*pte = (pa >> 12) << 10 | PTE_V | PTE_R | PTE_W;	/* BAD */
	table[1] |= _PAGE_PRESENT;				/* BAD */
}

static void bad_csr(void)
{
	unsigned long s = csr_read(satp);			/* BAD */
	csr_write(satp, s);					/* BAD */
	csr_set(sstatus, 2);					/* BAD */
	csr_clear(sie, 1);					/* BAD */
	s = csr_swap(sscratch, 0);				/* BAD */
	sfence_vma();						/* BAD */
	s = SATP_MODE_SV39;					/* BAD */
	write_satp(s);						/* BAD */
}
