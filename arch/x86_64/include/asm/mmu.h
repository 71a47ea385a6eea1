/*
 * x86_64 4-level page-table entries (Intel SDM vol. 3, 4.5):
 *
 *  63  62..52  51          12 11..9 8 7  6 5 4   3   2   1  0
 * | XD | avail | address      | avl |G|PS|D|A|PCD|PWT|U/S|R/W|P|
 *
 * A valid entry at level 1 (2 MiB) or 2 (1 GiB) is a leaf when PS is set;
 * at level 0 every valid entry is a leaf (bit 7 is PAT there, never set:
 * write-back). A table entry grants everything (P, R/W, U/S): the leaf
 * decides. There is no "readable" bit: every present page can be read.
 * A and D are set eagerly, as on riscv64, so the CPU never writes them.
 * XD needs EFER.NXE, which x86_cpu_init() sets when the CPU has it;
 * x86_pte_nx is then the XD bit, else 0.
 */
#ifndef ASM_MMU_H
#define ASM_MMU_H

typedef u64 pte_t;

#define PT_LEVELS 4
#define PT_ENTRIES 512

#define _PTE_P (1UL << 0)
#define _PTE_W (1UL << 1)
#define _PTE_U (1UL << 2)
#define _PTE_A (1UL << 5)
#define _PTE_D (1UL << 6)
#define _PTE_PS (1UL << 7)
#define _PTE_G (1UL << 8)
#define _PTE_XD (1UL << 63)
#define _PTE_ADDR 0x000ffffffffff000UL

extern u64 x86_pte_nx;

static inline unsigned int arch_pt_index(vaddr_t va, int level)
{
	return (va >> (12 + 9 * level)) & 0x1ff;
}

static inline unsigned long arch_pt_level_size(int level)
{
	return 1UL << (12 + 9 * level);
}

/* 2 MiB pages always; 1 GiB pages when CPUID says so (x86_cpu_early_init
 * sets x86_max_leaf_level); never 512 GiB. */
extern int x86_max_leaf_level;

static inline bool arch_pt_leaf_level_ok(int level)
{
	return level <= x86_max_leaf_level;
}

static inline bool arch_pte_valid(pte_t pte) { return pte & _PTE_P; }

static inline bool arch_pte_leaf(pte_t pte, int level)
{
	return level == 0 || (pte & _PTE_PS);
}

static inline paddr_t arch_pte_pa(pte_t pte)
{
	return pte & _PTE_ADDR;
}

static inline unsigned int arch_pte_prot(pte_t pte)
{
	return PROT_R | ((pte & _PTE_W) ? PROT_W : 0) | ((pte & _PTE_XD) ? 0 : PROT_X) |
	       ((pte & _PTE_U) ? PROT_USER : 0) | ((pte & _PTE_G) ? PROT_GLOBAL : 0);
}

static inline pte_t arch_pte_table(paddr_t table_pa)
{
	return (table_pa & _PTE_ADDR) | _PTE_P | _PTE_W | _PTE_U;
}

static inline pte_t arch_pte_leaf_make(paddr_t pa, unsigned int prot, int level)
{
	pte_t pte = (pa & _PTE_ADDR) | _PTE_P | _PTE_A;

	if (level > 0)
		pte |= _PTE_PS;
	if (prot & PROT_W)
		pte |= _PTE_W | _PTE_D;
	if (!(prot & PROT_X))
		pte |= x86_pte_nx;
	if (prot & PROT_USER)
		pte |= _PTE_U;
	if (prot & PROT_GLOBAL)
		pte |= _PTE_G;
	return pte;
}

#endif
