/*
 * Page tables for user address spaces: the mechanism. The memory manager in
 * kernel/mm decides what to map; this maps 4 KiB pages of a user range,
 * and is the only code (with core/kpt.c) that edits entries.
 *
 * The kernel half of every user table points at the kernel's own tables,
 * so kernel mappings are the same in every address space.
 */
#ifndef CORE_PAGETABLE_H
#define CORE_PAGETABLE_H

#include <mica/types.h>
#include <arch/mmu.h>	/* PROT_* */

struct pagetable {
	paddr_t root;
};

int pt_create(struct pagetable *pt);		/* -ENOMEM */
void pt_destroy(struct pagetable *pt);		/* frees tables, not mapped frames */
/* Map one user page; replaces an existing mapping. -ENOMEM, -EINVAL. */
int pt_map(struct pagetable *pt, vaddr_t va, paddr_t pa, unsigned int prot);
/* Remove a mapping; true (and *pa) if there was one. */
bool pt_unmap(struct pagetable *pt, vaddr_t va, paddr_t *pa);
/* Look a mapping up; false if none. */
bool pt_query(struct pagetable *pt, vaddr_t va, paddr_t *pa, unsigned int *prot);
/* Change the protection of a present mapping; false if none. */
bool pt_protect(struct pagetable *pt, vaddr_t va, unsigned int prot);
void pt_activate(struct pagetable *pt);		/* this CPU uses pt from now on */
void pt_flush_page(vaddr_t va);			/* this CPU's TLB entry for va */
void pt_flush_all(void);

/* Shared with core/kpt.c: the entry for va at leaf_level, creating tables. */
#ifdef CORE_PAGETABLE_INTERNAL
pte_t *pt_walk(paddr_t root, vaddr_t va, int leaf_level, bool alloc);
#endif

#endif
