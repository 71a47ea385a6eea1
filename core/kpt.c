/*
 * The kernel page table, shared by every CPU: the image with W^X (text
 * RX, rodata R, data RW, nothing both writable and executable), a direct
 * map of all RAM (RW, never executable; the image's text and rodata are
 * read-only there too) and device registers mapped by ioremap().
 *
 * Lock: kpt_lock serializes changes. The table is only ever extended after
 * boot (ioremap), never changed under a running mapping.
 */
#define CORE_PAGETABLE_INTERNAL
#include <core/mm.h>
#include <core/pagetable.h>
#include <core/boot.h>
#include <core/spinlock.h>
#include <core/panic.h>
#include <core/printk.h>
#include <core/ipi.h>
#include <arch/mmu.h>

static paddr_t kroot;
static DEFINE_SPINLOCK(kpt_lock);

extern char _start[], _etext[], _srodata[], _erodata[], _sdata[], _end[];

/*
 * Map [va, va+size) to [pa, pa+size) with prot, using the largest page
 * each piece allows. The range must not be mapped yet. kpt_lock held.
 */
static void map_range_locked(vaddr_t va, paddr_t pa, u64 size, unsigned int prot)
{
	size = ALIGN_UP(size, PAGE_SIZE);
	while (size) {
		int leaf = 0;
		pte_t *pte;

		/* Largest level whose page fits and is aligned. */
		for (int l = PT_LEVELS - 1; l > 0; l--) {
			unsigned long sz = arch_pt_level_size(l);

			if (arch_pt_leaf_level_ok(l) && IS_ALIGNED(va, sz) && IS_ALIGNED(pa, sz) &&
			    size >= sz) {
				leaf = l;
				break;
			}
		}
		pte = pt_walk(kroot, va, leaf, true);
		if (!pte)
			panic("kpt: cannot map %lx (no memory, or inside a large page)", va);
		*pte = arch_pte_leaf_make(pa, prot | PROT_GLOBAL, leaf);
		va += arch_pt_level_size(leaf);
		pa += arch_pt_level_size(leaf);
		size -= arch_pt_level_size(leaf);
	}
}

static void map_direct(paddr_t start, paddr_t end, unsigned int prot)
{
	if (end > start)
		map_range_locked((vaddr_t)phys_to_virt(start), start, end - start, prot);
}

void kernel_pt_init(void)
{
	paddr_t kpa = arch_kernel_image_pa();
	paddr_t ro_start = kpa, ro_end = kpa + (_sdata - _start);

	struct page *root = frame_alloc(0, FRAME_ZERO);

	if (!root)
		panic("kpt: out of memory for page tables");
	kroot = page_to_pa(root);
	map_range_locked((vaddr_t)_start, kpa, _etext - _start, PROT_R | PROT_X);
	map_range_locked((vaddr_t)_srodata, kpa + (_srodata - _start), _erodata - _srodata,
			 PROT_R);
	map_range_locked((vaddr_t)_sdata, kpa + (_sdata - _start),
			 ALIGN_UP((vaddr_t)_end, PAGE_SIZE) - (vaddr_t)_sdata, PROT_R | PROT_W);
	for (int i = 0; i < boot_info.nr_mem; i++) {
		paddr_t b = ALIGN_DOWN(boot_info.mem[i].base, PAGE_SIZE);
		paddr_t e = ALIGN_DOWN(boot_info.mem[i].base + boot_info.mem[i].size, PAGE_SIZE);

		if (ro_start >= b && ro_end <= e) {
			map_direct(b, ro_start, PROT_R | PROT_W);
			map_direct(ro_start, ro_end, PROT_R);
			map_direct(ro_end, e, PROT_R | PROT_W);
		} else {
			map_direct(b, e, PROT_R | PROT_W);
		}
	}
	arch_mmu_switch(kroot);
}

paddr_t kernel_pt_root(void)
{
	return kroot;
}

static void flush_tlb_ipi(void *arg)
{
	(void)arg;
	arch_tlb_flush_all();
}

void *ioremap(paddr_t pa, u64 size)
{
	paddr_t start = ALIGN_DOWN(pa, PAGE_SIZE);
	paddr_t end = ALIGN_UP(pa + size, PAGE_SIZE);
	unsigned long flags;

	if (!size || end <= start || end > DIRECT_MAP_SIZE)
		return NULL;
	flags = spin_lock_irqsave(&kpt_lock);
	for (paddr_t p = start; p < end; p += PAGE_SIZE)
		if (kernel_va_prot((vaddr_t)phys_to_virt(p)) < 0)
			map_range_locked((vaddr_t)phys_to_virt(p), p, PAGE_SIZE,
					 PROT_R | PROT_W);
	spin_unlock_irqrestore(&kpt_lock, flags);
	/* New entries only: other CPUs may have cached the absence of one. */
	smp_call_on_all(flush_tlb_ipi, NULL);
	return phys_to_virt(pa);
}

int kernel_va_prot(vaddr_t va)
{
	pte_t *table = phys_to_virt(kroot);

	for (int level = PT_LEVELS - 1; level >= 0; level--) {
		pte_t pte = table[arch_pt_index(va, level)];

		if (!arch_pte_valid(pte))
			return -1;
		if (arch_pte_leaf(pte, level))
			return arch_pte_prot(pte);
		table = phys_to_virt(arch_pte_pa(pte));
	}
	return -1;
}
