/*
 * Page-table format hooks, used only by core/mm. The generic walker in
 * core/ builds and edits tables through these; nothing outside core/ and
 * arch/ sees a page-table entry.
 */
#ifndef ARCH_MMU_H
#define ARCH_MMU_H

#include <mica/types.h>

/* Protection bits as core/ understands them. */
#define PROT_R 0x1
#define PROT_W 0x2
#define PROT_X 0x4
#define PROT_USER 0x8
#define PROT_GLOBAL 0x10

#include <asm/mmu.h>	/* pte_t, PT_LEVELS, PT_ENTRIES, inline encoders */

/*
 * level 0 is the leaf level of 4 KiB pages; PT_LEVELS-1 is the root. A
 * leaf's encoding may depend on its level (x86's large-page bit, which is
 * PAT at level 0), so the leaf hooks take it.
 */
static inline unsigned int arch_pt_index(vaddr_t va, int level);
static inline unsigned long arch_pt_level_size(int level);
/* Can a leaf (a large page) sit at this level on this CPU? Always at 0. */
static inline bool arch_pt_leaf_level_ok(int level);
static inline bool arch_pte_valid(pte_t pte);
static inline bool arch_pte_leaf(pte_t pte, int level);	/* pte valid, in a table at level */
static inline paddr_t arch_pte_pa(pte_t pte);
static inline unsigned int arch_pte_prot(pte_t pte);
static inline pte_t arch_pte_table(paddr_t table_pa);
static inline pte_t arch_pte_leaf_make(paddr_t pa, unsigned int prot, int level);

void arch_mmu_switch(paddr_t root_pa);		/* load root, flush this CPU's TLB */
void arch_tlb_flush_all(void);			/* this CPU */
void arch_tlb_flush_page(vaddr_t va);		/* this CPU */
paddr_t arch_kernel_image_pa(void);		/* physical load address of the image */

#endif
