/*
 * Physical memory for the rest of the kernel: frames, address conversion
 * through the direct map, and kernel mappings of device memory.
 */
#ifndef CORE_MM_H
#define CORE_MM_H

#include <core/page.h>
#include <asm/memlayout.h>

#define FRAME_ZERO 0x1	/* frame_alloc: clear the frames */

struct page *frame_alloc(unsigned int order, unsigned int flags);
void frame_free(struct page *page, unsigned int order);
/* Frames not allocated: in buddy lists plus per-CPU caches. */
unsigned long frame_free_count(void);
unsigned long frame_total_count(void);
/* Under memory pressure frame_alloc calls each fn(nr) added (outside
 * interrupts, in the order added, until enough came back) to free at
 * least nr frames from caches, and tries again if any were freed. A hook
 * may be called with locks held: it must not sleep (it may wake a thread
 * that frees more later). At most FRAME_RECLAIM_HOOKS hooks. */
#define FRAME_RECLAIM_HOOKS 4
void frame_add_reclaim(unsigned long (*fn)(unsigned long nr));
/* Give this CPU's cached frames back to the buddy lists. */
void frame_drain_this_cpu(void);

/*
 * Reference-counted single frames, for memory shared between address
 * spaces (copy-on-write, shared mappings): page_alloc_ref() returns a
 * zeroed frame holding one reference; the last page_put() frees it.
 */
struct page *page_alloc_ref(void);
static inline void page_get(struct page *p) { atomic_inc(&p->refs); }
void page_put(struct page *p);
static inline int page_refs(struct page *p) { return atomic_read(&p->refs); }

paddr_t page_to_pa(const struct page *page);
struct page *pa_to_page(paddr_t pa);	/* NULL outside RAM */

static inline void *phys_to_virt(paddr_t pa) { return (void *)(PAGE_OFFSET + pa); }
paddr_t virt_to_phys(const void *va);	/* direct map or kernel image */
static inline void *page_to_virt(const struct page *p) { return phys_to_virt(page_to_pa(p)); }
static inline struct page *virt_to_page(const void *va) { return pa_to_page(virt_to_phys(va)); }

/* Map device registers [pa, pa+size) uncached into the kernel. NULL on failure. */
void *ioremap(paddr_t pa, u64 size);

/* Protection of a kernel virtual address in the live kernel page table
 * (PROT_* bits of arch/mmu.h), or -1 if unmapped. For self tests. */
int kernel_va_prot(vaddr_t va);

/* Boot: frames from the device tree's RAM less reserved ranges. */
void frame_init(void);
/* Boot: build the final kernel page table with W^X and switch to it. */
void kernel_pt_init(void);
paddr_t kernel_pt_root(void);

/* Give RAM reserved at boot (the initramfs, once unpacked) to the allocator. */
void frame_release_boot_range(paddr_t start, paddr_t end);

/* Bump allocation before frames exist (page tables, descriptor array). */
void *early_alloc(u64 size, u64 align);

#endif
