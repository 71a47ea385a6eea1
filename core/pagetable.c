/*
 * User page tables (see core/pagetable.h) and the walker they share with
 * the kernel table. Tables are frames reached through the direct map.
 * Callers serialize changes to one table (the address space's lock).
 */
#define CORE_PAGETABLE_INTERNAL
#include <core/pagetable.h>
#include <core/mm.h>
#include <core/panic.h>
#include <mica/errno.h>

#define USER_ROOT_ENTRIES (PT_ENTRIES / 2)	/* lower half of the root */

static pte_t *table_va(paddr_t pa) { return phys_to_virt(pa); }

pte_t *pt_walk(paddr_t root, vaddr_t va, int leaf_level, bool alloc)
{
	pte_t *table = table_va(root);

	for (int level = PT_LEVELS - 1; level > leaf_level; level--) {
		pte_t *pte = &table[arch_pt_index(va, level)];

		if (!arch_pte_valid(*pte)) {
			struct page *p;

			if (!alloc || !(p = frame_alloc(0, FRAME_ZERO)))
				return NULL;
			*pte = arch_pte_table(page_to_pa(p));
		} else if (arch_pte_leaf(*pte, level)) {
			return NULL;	/* inside a large page */
		}
		table = table_va(arch_pte_pa(*pte));
	}
	return &table[arch_pt_index(va, leaf_level)];
}

int pt_create(struct pagetable *pt)
{
	struct page *p = frame_alloc(0, FRAME_ZERO);
	pte_t *root, *kroot;

	if (!p)
		return -ENOMEM;
	pt->root = page_to_pa(p);
	root = table_va(pt->root);
	kroot = table_va(kernel_pt_root());
	for (int i = USER_ROOT_ENTRIES; i < PT_ENTRIES; i++)
		root[i] = kroot[i];
	return 0;
}

static void free_tables(paddr_t table_pa, int level)
{
	pte_t *table = table_va(table_pa);
	int n = level == PT_LEVELS - 1 ? USER_ROOT_ENTRIES : PT_ENTRIES;

	for (int i = 0; i < n && level > 0; i++)
		if (arch_pte_valid(table[i]) && !arch_pte_leaf(table[i], level))
			free_tables(arch_pte_pa(table[i]), level - 1);
	frame_free(pa_to_page(table_pa), 0);
}

void pt_destroy(struct pagetable *pt)
{
	free_tables(pt->root, PT_LEVELS - 1);
	pt->root = 0;
}

static bool user_va(vaddr_t va)
{
	return va < USER_TOP && IS_ALIGNED(va, PAGE_SIZE);
}

int pt_map(struct pagetable *pt, vaddr_t va, paddr_t pa, unsigned int prot)
{
	pte_t *pte;

	if (!user_va(va))
		return -EINVAL;
	pte = pt_walk(pt->root, va, 0, true);
	if (!pte)
		return -ENOMEM;
	*pte = arch_pte_leaf_make(pa, prot | PROT_USER, 0);
	return 0;
}

bool pt_unmap(struct pagetable *pt, vaddr_t va, paddr_t *pa)
{
	pte_t *pte = user_va(va) ? pt_walk(pt->root, va, 0, false) : NULL;

	if (!pte || !arch_pte_valid(*pte))
		return false;
	if (pa)
		*pa = arch_pte_pa(*pte);
	*pte = 0;
	return true;
}

bool pt_query(struct pagetable *pt, vaddr_t va, paddr_t *pa, unsigned int *prot)
{
	pte_t *pte = user_va(va) ? pt_walk(pt->root, va, 0, false) : NULL;

	if (!pte || !arch_pte_valid(*pte))
		return false;
	if (pa)
		*pa = arch_pte_pa(*pte);
	if (prot)
		*prot = arch_pte_prot(*pte);
	return true;
}

bool pt_protect(struct pagetable *pt, vaddr_t va, unsigned int prot)
{
	pte_t *pte = user_va(va) ? pt_walk(pt->root, va, 0, false) : NULL;

	if (!pte || !arch_pte_valid(*pte))
		return false;
	*pte = arch_pte_leaf_make(arch_pte_pa(*pte), prot | PROT_USER, 0);
	return true;
}

void pt_activate(struct pagetable *pt)
{
	arch_mmu_switch(pt->root);
}

void pt_flush_page(vaddr_t va)
{
	arch_tlb_flush_page(va);
}

void pt_flush_all(void)
{
	arch_tlb_flush_all();
}
