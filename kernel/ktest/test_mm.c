/* Self tests of frames, the heap and the kernel page table. */
#include <kernel/ktest.h>
#include <core/kmalloc.h>
#include <core/mm.h>
#include <arch/mmu.h>
#include <lib/string.h>
#include <mica/errno.h>

KTEST(frame_orders)
{
	struct page *blocks[MAX_ORDER];
	unsigned long before = frame_free_count();

	for (unsigned int o = 0; o < MAX_ORDER; o++) {
		blocks[o] = frame_alloc(o, FRAME_ZERO);
		KT_ASSERT(blocks[o]);
		/* Naturally aligned, zeroed and writable through the direct map. */
		KT_ASSERT(IS_ALIGNED(page_to_pa(blocks[o]), PAGE_SIZE << o));
		u8 *p = page_to_virt(blocks[o]);
		for (unsigned long i = 0; i < (PAGE_SIZE << o); i += 512)
			KT_ASSERT(p[i] == 0);
		memset(p, 0xa5, PAGE_SIZE << o);
		KT_ASSERT(pa_to_page(page_to_pa(blocks[o])) == blocks[o]);
	}
	for (unsigned int o = 0; o < MAX_ORDER; o++)
		for (unsigned int q = o + 1; q < MAX_ORDER; q++) {
			paddr_t a = page_to_pa(blocks[o]), b = page_to_pa(blocks[q]);
			KT_ASSERT(a + (PAGE_SIZE << o) <= b || b + (PAGE_SIZE << q) <= a);
		}
	for (unsigned int o = 0; o < MAX_ORDER; o++)
		frame_free(blocks[o], o);
	KT_ASSERT_EQ(frame_free_count(), before);
	return 0;
}

/* Take every free frame, then give all back: the count must return. */
KTEST(frame_exhaust)
{
	unsigned long before = frame_free_count(), n = 0;
	struct page *head = NULL, *p;

	while ((p = frame_alloc(0, 0)) != NULL) {
		*(struct page **)page_to_virt(p) = head;
		head = p;
		n++;
	}
	KT_ASSERT(frame_alloc(3, 0) == NULL);
	KT_ASSERT(n + 64 >= before);	/* other CPUs may cache a few */
	while (head) {
		p = *(struct page **)page_to_virt(head);
		frame_free(head, 0);
		head = p;
	}
	KT_ASSERT_EQ(frame_free_count(), before);
	return 0;
}

KTEST(kmalloc_sizes)
{
	static const size_t sizes[] = { 1, 8, 15, 16, 17, 100, 255, 256, 1000, 2048, 2049,
					4096, 5000, 65536, 1 << 20 };
	void *ptrs[ARRAY_SIZE(sizes)];

	KT_ASSERT(kmalloc(0) == NULL);
	for (unsigned int i = 0; i < ARRAY_SIZE(sizes); i++) {
		ptrs[i] = kmalloc(sizes[i]);
		KT_ASSERT(ptrs[i]);
		KT_ASSERT(ksize(ptrs[i]) >= sizes[i]);
		KT_ASSERT(IS_ALIGNED((uintptr_t)ptrs[i], MIN(sizes[i] < 16 ? 16 : sizes[i], 4096UL)) ||
			  sizes[i] & (sizes[i] - 1));
		memset(ptrs[i], (int)i, sizes[i]);
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(sizes); i++) {
		KT_ASSERT(((u8 *)ptrs[i])[sizes[i] - 1] == (u8)i);
		kfree(ptrs[i]);
	}
	kfree(NULL);
	void *z = kzalloc(300);
	KT_ASSERT(z);
	for (int i = 0; i < 300; i++)
		KT_ASSERT(((u8 *)z)[i] == 0);
	kfree(z);
	return 0;
}

KTEST(slab_cache)
{
	struct kmem_cache *c = kmem_cache_create("ktest-obj", 72, 8);
	void *objs[200];

	KT_ASSERT(c);
	KT_ASSERT(c->obj_size == 72);
	for (int i = 0; i < 200; i++) {
		objs[i] = kmem_cache_alloc(c);
		KT_ASSERT(objs[i]);
		KT_ASSERT(IS_ALIGNED((uintptr_t)objs[i], 8));
		memset(objs[i], i, 72);
	}
	KT_ASSERT_EQ(c->nr_active, 200);
	KT_ASSERT(c->nr_slabs >= DIV_ROUND_UP(200, c->objs_per_slab));
	for (int i = 0; i < 200; i += 2)
		kmem_cache_free(c, objs[i]);
	for (int i = 1; i < 200; i += 2)
		KT_ASSERT(((u8 *)objs[i])[71] == (u8)i);
	for (int i = 1; i < 200; i += 2)
		kmem_cache_free(c, objs[i]);
	KT_ASSERT_EQ(c->nr_active, 0);
	void *busy = kmem_cache_alloc(c);
	KT_ASSERT(kmem_cache_delete(c) == -EBUSY);
	kmem_cache_free(c, busy);
	KT_ASSERT(kmem_cache_destroy(c) == 0);
	KT_ASSERT_EQ(c->nr_slabs, 0);
	KT_ASSERT(kmem_cache_delete(c) == 0);
	return 0;
}

extern char _start[], _etext[], _srodata[], _sdata[], _end[];
static int wx_data_probe;

/* W^X: text RX, rodata R, data RW, direct map RW and never executable. */
KTEST(kernel_wx)
{
	void *heap = kmalloc(64);

	KT_ASSERT_EQ(kernel_va_prot((vaddr_t)_start) & (PROT_R | PROT_W | PROT_X), PROT_R | PROT_X);
	KT_ASSERT_EQ(kernel_va_prot((vaddr_t)_etext - 4) & (PROT_R | PROT_W | PROT_X),
		     PROT_R | PROT_X);
	KT_ASSERT_EQ(kernel_va_prot((vaddr_t)_srodata) & (PROT_R | PROT_W | PROT_X), PROT_R);
	KT_ASSERT_EQ(kernel_va_prot((vaddr_t)&wx_data_probe) & (PROT_R | PROT_W | PROT_X),
		     PROT_R | PROT_W);
	KT_ASSERT_EQ(kernel_va_prot((vaddr_t)heap) & (PROT_R | PROT_W | PROT_X), PROT_R | PROT_W);
	/* The direct-map alias of the image text is read-only. */
	KT_ASSERT_EQ(kernel_va_prot((vaddr_t)phys_to_virt(virt_to_phys(_start))) &
			     (PROT_R | PROT_W | PROT_X),
		     PROT_R);
	KT_ASSERT(kernel_va_prot(0x1000) < 0);	/* nothing mapped low */
	kfree(heap);
	return 0;
}
