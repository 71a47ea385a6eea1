/*
 * Sv39 page-table entries (privileged spec 4.4):
 *
 *  63    54 53        28 27        19 18        10 9  8 7 6 5 4 3 2 1 0
 * | rsvd   | PPN[2]     | PPN[1]     | PPN[0]     |RSW|D|A|G|U|X|W|R|V|
 *
 * A valid entry with R=W=X=0 points to the next table; otherwise it is a
 * leaf. A and D are set eagerly because QEMU and most hardware fault on
 * first access otherwise (Svade).
 */
#ifndef ASM_MMU_H
#define ASM_MMU_H

typedef u64 pte_t;

#define PT_LEVELS 3
#define PT_ENTRIES 512

#define _PTE_V (1UL << 0)
#define _PTE_R (1UL << 1)
#define _PTE_W (1UL << 2)
#define _PTE_X (1UL << 3)
#define _PTE_U (1UL << 4)
#define _PTE_G (1UL << 5)
#define _PTE_A (1UL << 6)
#define _PTE_D (1UL << 7)
#define _PTE_PPN_SHIFT 10

static inline unsigned int arch_pt_index(vaddr_t va, int level)
{
	return (va >> (12 + 9 * level)) & 0x1ff;
}

static inline unsigned long arch_pt_level_size(int level)
{
	return 1UL << (12 + 9 * level);
}

/* Sv39: a leaf may sit at every level (4 KiB, 2 MiB, 1 GiB). */
static inline bool arch_pt_leaf_level_ok(int level)
{
	(void)level;
	return true;
}

static inline bool arch_pte_valid(pte_t pte) { return pte & _PTE_V; }
static inline bool arch_pte_leaf(pte_t pte, int level)
{
	(void)level;
	return pte & (_PTE_R | _PTE_W | _PTE_X);
}

static inline paddr_t arch_pte_pa(pte_t pte)
{
	return ((pte >> _PTE_PPN_SHIFT) & ((1UL << 44) - 1)) << 12;
}

static inline unsigned int arch_pte_prot(pte_t pte)
{
	return ((pte & _PTE_R) ? PROT_R : 0) | ((pte & _PTE_W) ? PROT_W : 0) |
	       ((pte & _PTE_X) ? PROT_X : 0) | ((pte & _PTE_U) ? PROT_USER : 0) |
	       ((pte & _PTE_G) ? PROT_GLOBAL : 0);
}

static inline pte_t arch_pte_table(paddr_t table_pa)
{
	return ((table_pa >> 12) << _PTE_PPN_SHIFT) | _PTE_V;
}

static inline pte_t arch_pte_leaf_make(paddr_t pa, unsigned int prot, int level)
{
	pte_t pte = ((pa >> 12) << _PTE_PPN_SHIFT) | _PTE_V | _PTE_A;

	(void)level;	/* the same encoding at every level */

	if (prot & PROT_R)
		pte |= _PTE_R;
	if (prot & PROT_W)
		pte |= _PTE_W | _PTE_D;
	if (prot & PROT_X)
		pte |= _PTE_X;
	if (prot & PROT_USER)
		pte |= _PTE_U;
	if (prot & PROT_GLOBAL)
		pte |= _PTE_G;
	return pte;
}

#endif
