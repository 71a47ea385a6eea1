/*
 * Address spaces: VMAs, demand paging, copy-on-write and shared anonymous
 * memory (see include/kernel/mm.h for the model and the lock).
 *
 * A present private page is writable in the page table only while this
 * address space holds its sole reference; otherwise it is mapped read-only
 * and the first write copies it. Shared pages are owned by their shm_obj
 * and every mapping holds a reference too.
 */
#include <kernel/mm.h>
#include <kernel/vfs.h>
#include <kernel/pagecache.h>
#include <kernel/cred.h>
#include <kernel/sched.h>
#include <core/cpu.h>
#include <core/ipi.h>
#include <core/kmalloc.h>
#include <core/mm.h>
#include <core/panic.h>
#include <lib/string.h>
#include <mica/err.h>
#include <mica/errno.h>

/*
 * The lowest address a mapping may take (/proc/sys/vm/mmap_min_addr):
 * Linux's default keeps page zero unmapped, so that a NULL dereference
 * faults, and lets programs be linked as low as 0x1000. Only root may
 * map below it (Linux's CAP_SYS_RAWIO); mappings placed by the kernel
 * never go there, nor into page zero.
 */
unsigned long mmap_min_addr = PAGE_SIZE;

static vaddr_t mmap_floor(void)
{
	return MAX(ALIGN_UP(READ_ONCE(mmap_min_addr), PAGE_SIZE), (unsigned long)PAGE_SIZE);
}

struct shm_obj {
	atomic_t refs;
	spinlock_t lock;		/* guards pages[] */
	unsigned long npages;
	struct page *pages[];
};

static struct kmem_cache *vma_cache, *mm_cache;

/* A user copy in the kernel touched a page of the current address space. */
static int uaccess_fault(unsigned long addr, bool write)
{
	struct mm *mm = current->mm;

	return mm ? mm_handle_fault(mm, addr, write, false) : -EFAULT;
}

void mm_init(void)
{
	uaccess_fault_hook = uaccess_fault;
	vma_cache = kmem_cache_create("vma", sizeof(struct vma), 0);
	mm_cache = kmem_cache_create("mm", sizeof(struct mm), 0);
	BUG_ON(!vma_cache || !mm_cache);
	filemap_init();
}

/* --- shared anonymous objects --- */

static struct shm_obj *shm_create(unsigned long npages)
{
	struct shm_obj *o = kzalloc(sizeof(*o) + npages * sizeof(struct page *));

	if (!o)
		return NULL;
	atomic_set(&o->refs, 1);
	spin_lock_init(&o->lock, "shm_obj");
	o->npages = npages;
	return o;
}

static void shm_put(struct shm_obj *o)
{
	if (!o || !atomic_dec_and_test(&o->refs))
		return;
	for (unsigned long i = 0; i < o->npages; i++)
		if (o->pages[i])
			page_put(o->pages[i]);
	kfree(o);
}

/* The page at idx, created on first use; the caller gets a reference. */
static struct page *shm_page(struct shm_obj *o, unsigned long idx)
{
	struct page *fresh = NULL;

	if (idx >= o->npages)
		return NULL;
	for (;;) {
		struct page *p;

		spin_lock(&o->lock);
		p = o->pages[idx];
		if (!p && fresh)
			p = o->pages[idx] = fresh;	/* ours now; fresh's reference is the object's */
		else if (fresh)
			page_put(fresh);		/* lost a race: someone filled it */
		if (p) {
			page_get(p);
			spin_unlock(&o->lock);
			return p;
		}
		spin_unlock(&o->lock);
		/* Allocate outside the lock, then look again. */
		fresh = page_alloc_ref();
		if (!fresh)
			return NULL;
	}
}

/* --- VMA tree --- */

struct vma *mm_find_vma(struct mm *mm, vaddr_t addr)
{
	struct rb_node *n = mm->vmas.rb_node;

	while (n) {
		struct vma *v = rb_entry(n, struct vma, node);

		if (addr < v->start)
			n = n->rb_left;
		else if (addr >= v->end)
			n = n->rb_right;
		else
			return v;
	}
	return NULL;
}

/* The first VMA that ends above addr. */
static struct vma *vma_above(struct mm *mm, vaddr_t addr)
{
	struct rb_node *n = mm->vmas.rb_node;
	struct vma *best = NULL;

	while (n) {
		struct vma *v = rb_entry(n, struct vma, node);

		if (v->end > addr) {
			best = v;
			n = n->rb_left;
		} else {
			n = n->rb_right;
		}
	}
	return best;
}

static struct vma *vma_prev(struct vma *v)
{
	struct rb_node *n = rb_prev(&v->node);

	return n ? rb_entry(n, struct vma, node) : NULL;
}

static void vma_insert(struct mm *mm, struct vma *v)
{
	struct rb_node **link = &mm->vmas.rb_node, *parent = NULL;

	while (*link) {
		parent = *link;
		link = v->start < rb_entry(parent, struct vma, node)->start ? &parent->rb_left
									     : &parent->rb_right;
	}
	rb_link_node(&v->node, parent, link);
	rb_insert_color(&v->node, &mm->vmas);
}

/* A file VMA goes on (and off) its page cache's list of mappings. */
static void vma_link_file(struct vma *v)
{
	struct page_cache *pc = &v->file->inode->cache;

	spin_lock(&pc->mmap_lock);
	list_add_tail(&v->file_link, &pc->mmaps);
	spin_unlock(&pc->mmap_lock);
}

static void vma_unlink_file(struct vma *v)
{
	struct page_cache *pc = &v->file->inode->cache;

	spin_lock(&pc->mmap_lock);
	list_del(&v->file_link);
	spin_unlock(&pc->mmap_lock);
}

static void vma_free(struct mm *mm, struct vma *v)
{
	rb_erase(&v->node, &mm->vmas);
	shm_put(v->shm);
	if (v->file) {
		vma_unlink_file(v);
		file_put(v->file);
	}
	kmem_cache_free(vma_cache, v);
}

/* Split v at addr (inside it): v keeps [start, addr), the new VMA gets the rest. */
static struct vma *vma_split(struct mm *mm, struct vma *v, vaddr_t addr)
{
	struct vma *tail = kmem_cache_alloc(vma_cache);

	if (!tail)
		return NULL;
	*tail = *v;
	tail->start = addr;
	if (v->shm) {
		atomic_inc(&v->shm->refs);
		tail->shm_pgoff = v->shm_pgoff + ((addr - v->start) >> PAGE_SHIFT);
	}
	if (v->file) {
		file_get(v->file);
		tail->pgoff = v->pgoff + ((addr - v->start) >> PAGE_SHIFT);
		vma_link_file(tail);
	}
	v->end = addr;
	vma_insert(mm, tail);
	return tail;
}

/* --- TLB --- */

static void flush_all_ipi(void *arg __unused)
{
	pt_flush_all();
}

static void flush_page_ipi(void *arg)
{
	pt_flush_page((vaddr_t)arg);
}

/*
 * After changing mm's page table: flush every CPU whose MMU holds mm (its
 * threads may run there). A CPU that loads mm later starts with a flushed
 * TLB, and mm_switch() marks it before loading, so none is missed.
 * va: the one page changed, or 0 for everything.
 */
static void mm_flush_range(struct mm *mm, vaddr_t va)
{
	unsigned long cpus = __atomic_load_n(&mm->active_cpus, __ATOMIC_SEQ_CST);

	preempt_disable();
	if (cpus & (1UL << cpu_id())) {
		if (va)
			pt_flush_page(va);
		else
			pt_flush_all();
	}
	cpus &= ~(1UL << cpu_id());
	preempt_enable();
	for (unsigned int c = 0; cpus; c++, cpus >>= 1)
		if (cpus & 1)
			smp_call_on_cpu(c, va ? flush_page_ipi : flush_all_ipi, (void *)va);
}

static void mm_flush(struct mm *mm)
{
	mm_flush_range(mm, 0);
}

/* --- life cycle --- */

struct mm *mm_create(void)
{
	struct mm *mm = kmem_cache_alloc(mm_cache);

	if (!mm)
		return NULL;
	memset(mm, 0, sizeof(*mm));
	if (pt_create(&mm->pt)) {
		kmem_cache_free(mm_cache, mm);
		return NULL;
	}
	atomic_set(&mm->refs, 1);
	mutex_init(&mm->lock, "mm.lock");
	mm->vmas = RB_ROOT;
	mm->mmap_top = USER_TOP - STACK_MAX - STACK_GUARD_GAP - 16 * PAGE_SIZE;
	mm->dumpable = MM_DUMPABLE;
	return mm;
}

void mm_get(struct mm *mm)
{
	atomic_inc(&mm->refs);
}

/* Drop the mappings of [start, end) inside v: the pages lose a reference. */
static void zap_range(struct mm *mm, vaddr_t start, vaddr_t end)
{
	for (vaddr_t va = start; va < end; va += PAGE_SIZE) {
		paddr_t pa;

		if (pt_unmap(&mm->pt, va, &pa)) {
			page_put(pa_to_page(pa));
			mm->rss--;
		}
	}
}

static void rss_add(struct mm *mm)
{
	if (++mm->rss > mm->max_rss)
		mm->max_rss = mm->rss;
}

void mm_put(struct mm *mm)
{
	struct rb_node *n;

	if (!atomic_dec_and_test(&mm->refs))
		return;
	while ((n = rb_first(&mm->vmas))) {
		struct vma *v = rb_entry(n, struct vma, node);

		zap_range(mm, v->start, v->end);
		vma_free(mm, v);
	}
	pt_destroy(&mm->pt);
	if (mm->exe_ino) {
		inode_allow_write_access(mm->exe_ino);
		inode_put(mm->exe_ino);
	}
	kfree(mm->exe_path);
	kmem_cache_free(mm_cache, mm);
}

/* --- mapping --- */

/* A free range of len bytes below mm_top, or 0. */
static vaddr_t find_free(struct mm *mm, size_t len)
{
	vaddr_t cand = mm->mmap_top - len, floor_min = mmap_floor();
	struct rb_node *n = rb_last(&mm->vmas);

	for (; n; n = rb_prev(n)) {
		struct vma *v = rb_entry(n, struct vma, node);
		vaddr_t floor = v->end;

		if (v->start >= cand + len)
			continue;
		if (floor <= cand)
			break;
		if (v->start < len + floor_min)
			return 0;
		cand = v->start - len;
		if (v->flags & VMA_GROWSDOWN)
			cand = v->start > STACK_GUARD_GAP + len + floor_min
				       ? v->start - STACK_GUARD_GAP - len
				       : 0;
	}
	return cand >= floor_min && cand < mm->mmap_top ? cand : 0;
}

static bool range_free(struct mm *mm, vaddr_t addr, size_t len)
{
	struct vma *v = vma_above(mm, addr);

	return !v || v->start >= addr + len;
}

int mm_unmap_locked(struct mm *mm, vaddr_t addr, size_t len)
{
	vaddr_t end;
	struct vma *v;

	if (!IS_ALIGNED(addr, PAGE_SIZE) || !len)
		return -EINVAL;
	end = addr + ALIGN_UP(len, PAGE_SIZE);
	if (end > USER_TOP || end < addr)
		return -EINVAL;
	while ((v = vma_above(mm, addr)) && v->start < end) {
		if (v->start < addr && !vma_split(mm, v, addr))
			return -ENOMEM;
		v = vma_above(mm, addr);
		if (v->end > end && !vma_split(mm, v, end))
			return -ENOMEM;
		zap_range(mm, v->start, v->end);
		vma_free(mm, v);
	}
	mm_flush(mm);
	return 0;
}

long mm_map_locked(struct mm *mm, vaddr_t addr, size_t len, unsigned int prot,
		   unsigned int flags, bool fixed)
{
	return mm_map_file_locked(mm, addr, len, prot, flags, fixed, NULL, 0);
}

long mm_map_file_locked(struct mm *mm, vaddr_t addr, size_t len, unsigned int prot,
			unsigned int flags, bool fixed, struct file *file, u64 pgoff)
{
	struct vma *v;

	if (!len || len > USER_TOP)
		return -EINVAL;
	len = ALIGN_UP(len, PAGE_SIZE);
	if (fixed) {
		if (!IS_ALIGNED(addr, PAGE_SIZE) || addr + len > USER_TOP || addr + len < addr)
			return -EINVAL;
		if (addr < READ_ONCE(mmap_min_addr) && !capable_root())
			return -EPERM;
		if (mm_unmap_locked(mm, addr, len))
			return -ENOMEM;
	} else if (!addr || !IS_ALIGNED(addr, PAGE_SIZE) || addr < mmap_floor() ||
		   addr + len > USER_TOP || !range_free(mm, addr, len)) {
		addr = find_free(mm, len);
		if (!addr)
			return -ENOMEM;
	}
	v = kmem_cache_alloc(vma_cache);
	if (!v)
		return -ENOMEM;
	memset(v, 0, sizeof(*v));
	v->start = addr;
	v->end = addr + len;
	v->prot = prot;
	v->flags = flags;
	v->mm = mm;
	if (file) {
		file_get(file);
		v->file = file;
		v->pgoff = pgoff;
		vma_link_file(v);
	} else if (flags & VMA_SHARED) {
		v->shm = shm_create(len >> PAGE_SHIFT);
		if (!v->shm) {
			kmem_cache_free(vma_cache, v);
			return -ENOMEM;
		}
	}
	vma_insert(mm, v);
	return (long)addr;
}

/* The page-table protection for a page of v: a private page shared with
 * another address space stays read-only until written. */
static unsigned int pte_prot(struct vma *v, struct page *p)
{
	unsigned int prot = v->prot;

	if (prot & PROT_W)
		prot |= PROT_R;	/* RISC-V has no write-only pages */
	if (!(v->flags & VMA_SHARED) && page_refs(p) > 1)
		prot &= ~PROT_W;
	/* A shared file page is read-only until a write marks it dirty
	 * (filemap_page_mkwrite), unless its cache has nothing to write to. */
	if ((v->flags & VMA_SHARED) && v->file && !filemap_page_writable(p))
		prot &= ~PROT_W;
	return prot;
}

int mm_protect_locked(struct mm *mm, vaddr_t addr, size_t len, unsigned int prot)
{
	vaddr_t end = addr + ALIGN_UP(len, PAGE_SIZE), va;
	struct vma *v;

	if (!IS_ALIGNED(addr, PAGE_SIZE) || end > USER_TOP || end < addr)
		return -EINVAL;
	/* Linux: the whole range must be mapped, and a shared file mapping
	 * becomes writable only if its file was opened for writing. */
	for (va = addr; va < end; va = v->end) {
		if (!(v = mm_find_vma(mm, va)))
			return -ENOMEM;
		if ((prot & PROT_W) && v->file && (v->flags & VMA_SHARED) &&
		    (v->file->flags & O_ACCMODE) != O_RDWR)
			return -EACCES;
	}
	for (va = addr; va < end;) {
		v = mm_find_vma(mm, va);
		if (v->start < va && !(v = vma_split(mm, v, va)))
			return -ENOMEM;
		if (v->end > end && !vma_split(mm, v, end))
			return -ENOMEM;
		v->prot = prot;
		for (vaddr_t p = v->start; p < v->end; p += PAGE_SIZE) {
			paddr_t pa;

			if (pt_query(&mm->pt, p, &pa, NULL))
				pt_protect(&mm->pt, p, pte_prot(v, pa_to_page(pa)));
		}
		va = v->end;
	}
	mm_flush(mm);
	return 0;
}

int mm_discard_locked(struct mm *mm, vaddr_t addr, size_t len)
{
	vaddr_t end = addr + ALIGN_UP(len, PAGE_SIZE);

	if (!IS_ALIGNED(addr, PAGE_SIZE) || end > USER_TOP || end < addr)
		return -EINVAL;
	for (vaddr_t va = addr; va < end;) {
		struct vma *v = vma_above(mm, va);

		if (!v || v->start >= end)
			break;
		zap_range(mm, MAX(v->start, va), MIN(v->end, end));
		va = v->end;
	}
	mm_flush(mm);
	return 0;
}

long mm_remap_locked(struct mm *mm, vaddr_t old, size_t old_len, size_t new_len,
		     bool may_move)
{
	struct vma *v = mm_find_vma(mm, old), *nv;
	vaddr_t dst;

	old_len = ALIGN_UP(old_len, PAGE_SIZE);
	new_len = ALIGN_UP(new_len, PAGE_SIZE);
	if (!IS_ALIGNED(old, PAGE_SIZE) || !new_len)
		return -EINVAL;
	if (!v || old + old_len > v->end)
		return -EFAULT;
	if (new_len <= old_len) {
		if (new_len < old_len)
			mm_unmap_locked(mm, old + new_len, old_len - new_len);
		return (long)old;
	}
	/* Grow in place when the range ends its VMA and the space after is free. */
	if (old + old_len == v->end && !v->shm &&
	    old + new_len <= USER_TOP && range_free(mm, v->end, new_len - old_len)) {
		v->end = old + new_len;
		return (long)old;
	}
	if (!may_move || v->shm)
		return -ENOMEM;
	dst = find_free(mm, new_len);
	if (!dst)
		return -ENOMEM;
	if (old != v->start && !(v = vma_split(mm, v, old)))
		return -ENOMEM;
	if (v->end > old + old_len && !vma_split(mm, v, old + old_len))
		return -ENOMEM;
	nv = kmem_cache_alloc(vma_cache);
	if (!nv)
		return -ENOMEM;
	*nv = *v;
	nv->start = dst;
	nv->end = dst + new_len;
	for (vaddr_t off = 0; off < old_len; off += PAGE_SIZE) {
		paddr_t pa;
		unsigned int prot;

		if (pt_query(&mm->pt, old + off, &pa, &prot)) {
			pt_unmap(&mm->pt, old + off, NULL);
			if (pt_map(&mm->pt, dst + off, pa, prot & (PROT_R | PROT_W | PROT_X)))
				page_put(pa_to_page(pa));	/* out of memory: the data is lost */
		}
	}
	v->shm = NULL;	/* moved with the pages */
	if (v->file) {
		vma_unlink_file(v);
		vma_link_file(nv);
		v->file = NULL;
	}
	vma_free(mm, v);
	vma_insert(mm, nv);
	mm_flush(mm);
	return (long)dst;
}

long mm_brk(struct mm *mm, vaddr_t addr)
{
	vaddr_t old_end, new_end;
	long ret;

	mutex_lock(&mm->lock);
	ret = (long)mm->brk;
	if (addr < mm->brk_start || addr >= mm->mmap_top)
		goto out;
	old_end = ALIGN_UP(mm->brk, PAGE_SIZE);
	new_end = ALIGN_UP(addr, PAGE_SIZE);
	if (new_end > old_end) {
		struct vma *heap = old_end > mm->brk_start ? mm_find_vma(mm, old_end - 1) : NULL;

		if (!range_free(mm, old_end, new_end - old_end))
			goto out;
		if (heap && heap->end == old_end && !heap->shm && heap->prot == (PROT_R | PROT_W))
			heap->end = new_end;
		else if (mm_map_locked(mm, old_end, new_end - old_end, PROT_R | PROT_W, 0, true) < 0)
			goto out;
	} else if (new_end < old_end) {
		mm_unmap_locked(mm, new_end, old_end - new_end);
	}
	mm->brk = addr;
	ret = (long)addr;
out:
	mutex_unlock(&mm->lock);
	return ret;
}

/* --- faults --- */

/* Extend a stack VMA down to cover addr, keeping the guard gap to the VMA below. */
static struct vma *grow_stack(struct mm *mm, vaddr_t addr)
{
	struct vma *v = vma_above(mm, addr), *below;
	vaddr_t start = ALIGN_DOWN(addr, PAGE_SIZE);

	if (!v || !(v->flags & VMA_GROWSDOWN) || v->end - start > STACK_MAX)
		return NULL;
	below = vma_prev(v);
	if (below && below->end + STACK_GUARD_GAP > start)
		return NULL;
	v->start = start;
	return v;
}

/* A private copy of p (which the caller's reference goes with). */
static struct page *cow_copy(struct page *p)
{
	struct page *copy = page_alloc_ref();

	if (!copy)
		return ERR_PTR(-ENOMEM);
	memcpy(page_to_virt(copy), page_to_virt(p), PAGE_SIZE);
	return copy;
}

/* The file page behind va of a file VMA, referenced; a write to a shared
 * one marks it dirty, a write to a private one gets a copy. */
static struct page *file_page(struct vma *v, vaddr_t va, bool write)
{
	struct inode *ino = v->file->inode;
	u64 index = v->pgoff + ((va - v->start) >> PAGE_SHIFT);
	struct page *p, *copy;
	int err;

	if (index >= DIV_ROUND_UP(READ_ONCE(ino->size), PAGE_SIZE))
		return ERR_PTR(-EIO);	/* past the end of the file: SIGBUS */
	p = filemap_get_page(ino, index);
	if (IS_ERR(p))
		return p == ERR_PTR(-ENOMEM) ? p : ERR_PTR(-EIO);
	if (!write)
		return p;
	if (v->flags & VMA_SHARED) {
		err = filemap_page_mkwrite(ino, p);
		if (err) {
			page_put(p);
			return ERR_PTR(err == -ENOMEM ? err : -EIO);
		}
		return p;
	}
	copy = cow_copy(p);
	page_put(p);
	return copy;
}

/* The page behind va, made private and writable if write; ERR_PTR(-ENOMEM)
 * or, for file pages, ERR_PTR(-EIO). */
static struct page *fault_in(struct mm *mm, struct vma *v, vaddr_t va, bool write)
{
	struct page *p, *copy;
	paddr_t pa;

	if (pt_query(&mm->pt, va, &pa, NULL)) {
		p = pa_to_page(pa);
		if (write && v->file && (v->flags & VMA_SHARED) && !filemap_page_writable(p)) {
			int err = filemap_page_mkwrite(v->file->inode, p);

			if (err)
				return ERR_PTR(err == -ENOMEM ? err : -EIO);
		}
		/* A private page still in a page cache is never written in place. */
		if (!write || (v->flags & VMA_SHARED) || (page_refs(p) == 1 && !p->mapping)) {
			if (write)
				pt_protect(&mm->pt, va, pte_prot(v, p));
			return p;
		}
		/* Copy-on-write: someone else still has the page. */
		copy = cow_copy(p);
		if (IS_ERR(copy))
			return copy;
		if (pt_map(&mm->pt, va, page_to_pa(copy), pte_prot(v, copy))) {
			page_put(copy);
			return ERR_PTR(-ENOMEM);
		}
		page_put(p);
		return copy;
	}
	if (v->file)
		p = file_page(v, va, write);
	else if (v->shm)
		p = shm_page(v->shm, v->shm_pgoff + ((va - v->start) >> PAGE_SHIFT));
	else
		p = page_alloc_ref();
	if (!p)
		return ERR_PTR(-ENOMEM);
	if (IS_ERR(p))
		return p;
	if (pt_map(&mm->pt, va, page_to_pa(p), pte_prot(v, p))) {
		page_put(p);
		return ERR_PTR(-ENOMEM);
	}
	rss_add(mm);
	return p;
}

int mm_handle_fault(struct mm *mm, vaddr_t addr, bool write, bool exec)
{
	struct vma *v;
	int err = 0;

	if (addr >= USER_TOP)
		return -EFAULT;
	mutex_lock(&mm->lock);
	v = mm_find_vma(mm, addr);
	if (!v)
		v = grow_stack(mm, addr);
	if (!v || (write && !(v->prot & PROT_W)) || (exec && !(v->prot & PROT_X)) ||
	    (!write && !exec && !(v->prot & (PROT_R | PROT_W))))
		err = -EFAULT;
	else {
		struct page *p = fault_in(mm, v, ALIGN_DOWN(addr, PAGE_SIZE), write);

		err = IS_ERR(p) ? PTR_ERR(p) : 0;
	}
	if (!err)
		mm_flush_range(mm, ALIGN_DOWN(addr, PAGE_SIZE));
	mutex_unlock(&mm->lock);
	return err;
}

/* Copy n bytes between buf and the address space at addr, faulting pages
 * in; to_mm: into the space (exec), else out of it (/proc). */
static int mm_copy(struct mm *mm, vaddr_t addr, void *buf, size_t n, bool to_mm)
{
	int err = 0;

	mutex_lock(&mm->lock);
	while (n) {
		vaddr_t va = ALIGN_DOWN(addr, PAGE_SIZE);
		size_t off = addr - va, chunk = MIN(n, PAGE_SIZE - off);
		struct vma *v = mm_find_vma(mm, addr);
		struct page *p = NULL;

		if (v && (to_mm || (v->prot & (PROT_R | PROT_W))))
			p = fault_in(mm, v, va, to_mm);
		if (!p || IS_ERR(p)) {
			err = !p ? -EFAULT : to_mm ? PTR_ERR(p) : -EFAULT;
			break;
		}
		if (to_mm)
			memcpy((char *)page_to_virt(p) + off, buf, chunk);
		else
			memcpy(buf, (const char *)page_to_virt(p) + off, chunk);
		buf = (char *)buf + chunk;
		addr += chunk;
		n -= chunk;
	}
	mutex_unlock(&mm->lock);
	return err;
}

int mm_copy_in(struct mm *mm, vaddr_t dst, const void *src, size_t n)
{
	return mm_copy(mm, dst, (void *)src, n, true);
}

int mm_copy_out(struct mm *mm, void *dst, vaddr_t src, size_t n)
{
	return mm_copy(mm, src, dst, n, false);
}

/* --- fork --- */

struct mm *mm_fork(struct mm *old)
{
	struct mm *mm = mm_create();
	struct rb_node *n;

	if (!mm)
		return NULL;
	mutex_lock(&old->lock);
	mm->brk_start = old->brk_start;
	mm->brk = old->brk;
	mm->mmap_top = old->mmap_top;
	mm->dumpable = READ_ONCE(old->dumpable);
	mm->sigreturn_tramp = old->sigreturn_tramp;
	mm->arg_start = old->arg_start;
	mm->arg_end = old->arg_end;
	mm->env_start = old->env_start;
	mm->env_end = old->env_end;
	if (old->exe_path) {
		size_t len = strlen(old->exe_path) + 1;

		mm->exe_path = kmalloc(len);
		if (mm->exe_path)
			memcpy(mm->exe_path, old->exe_path, len);
	}
	if (old->exe_ino && !inode_deny_write_access(old->exe_ino)) {
		inode_get(old->exe_ino);
		mm->exe_ino = old->exe_ino;
	}
	for (n = rb_first(&old->vmas); n; n = rb_next(n)) {
		struct vma *ov = rb_entry(n, struct vma, node);
		struct vma *v = kmem_cache_alloc(vma_cache);

		if (!v)
			goto fail;
		*v = *ov;
		v->mm = mm;
		if (v->shm)
			atomic_inc(&v->shm->refs);
		if (v->file) {
			file_get(v->file);
			vma_link_file(v);
		}
		vma_insert(mm, v);
		for (vaddr_t va = v->start; va < v->end; va += PAGE_SIZE) {
			paddr_t pa;
			struct page *p;

			if (!pt_query(&old->pt, va, &pa, NULL))
				continue;
			p = pa_to_page(pa);
			page_get(p);
			if (pt_map(&mm->pt, va, pa, pte_prot(v, p))) {
				page_put(p);
				goto fail;
			}
			rss_add(mm);
			/* The parent loses write access too until one side copies. */
			pt_protect(&old->pt, va, pte_prot(ov, p));
		}
	}
	mm_flush(old);
	mutex_unlock(&old->lock);
	return mm;
fail:
	mm_flush(old);
	mutex_unlock(&old->lock);
	mm_put(mm);
	return NULL;
}

/* --- switching --- */

/* The address space each CPU's MMU holds now ([o]: only that CPU, irqs or preemption off). */
static struct mm *active_mm[NR_CPUS];

void mm_switch(struct mm *mm)
{
	static struct pagetable kernel_only;
	struct mm *old = active_mm[cpu_id()];

	/* Mark before loading: see mm_flush_range(). */
	if (mm)
		__atomic_fetch_or(&mm->active_cpus, 1UL << cpu_id(), __ATOMIC_SEQ_CST);
	if (mm) {
		pt_activate(&mm->pt);
	} else {
		kernel_only.root = kernel_pt_root();
		pt_activate(&kernel_only);
	}
	if (old && old != mm)
		__atomic_fetch_and(&old->active_cpus, ~(1UL << cpu_id()), __ATOMIC_SEQ_CST);
	active_mm[cpu_id()] = mm;
}

struct mm *mm_active(void)
{
	return active_mm[cpu_id()];
}

void mm_set_current(struct mm *mm)
{
	preempt_disable();
	current->mm = mm;
	mm_switch(mm);
	preempt_enable();
}

/* --- futex keys --- */

int mm_futex_backing(struct mm *mm, vaddr_t addr, void **obj, u64 *off)
{
	struct vma *v;
	int err = 0;

	*obj = NULL;
	if (addr >= USER_TOP)
		return -EFAULT;
	mutex_lock(&mm->lock);
	v = mm_find_vma(mm, addr);
	if (!v || !(v->prot & (PROT_R | PROT_W))) {
		err = -EFAULT;
	} else if (v->shm) {
		atomic_inc(&v->shm->refs);
		*obj = v->shm;
		*off = ((u64)v->shm_pgoff << PAGE_SHIFT) + (addr - v->start);
	} else if (v->file && (v->flags & VMA_SHARED)) {
		/* The file's inode, tagged in bit 0 to tell it from a shm_obj. */
		inode_get(v->file->inode);
		*obj = (void *)((uptr_t)v->file->inode | 1);
		*off = (v->pgoff << PAGE_SHIFT) + (addr - v->start);
	}
	mutex_unlock(&mm->lock);
	return err;
}

static struct inode *backing_inode(void *obj)
{
	return ((uptr_t)obj & 1) ? (struct inode *)((uptr_t)obj & ~(uptr_t)1) : NULL;
}

void mm_backing_get(void *obj)
{
	if (backing_inode(obj))
		inode_get(backing_inode(obj));
	else
		atomic_inc(&((struct shm_obj *)obj)->refs);
}

void mm_backing_put(void *obj)
{
	if (backing_inode(obj))
		inode_put(backing_inode(obj));
	else
		shm_put(obj);
}

/* --- truncation: a file's pages leave every address space --- */

/* A reference on mm unless it is being torn down (its VMAs go with it). */
static bool mm_tryget(struct mm *mm)
{
	int n;

	do {
		n = atomic_read(&mm->refs);
		if (!n)
			return false;
	} while (!atomic_cmpxchg(&mm->refs, n, n + 1));
	return true;
}

static bool vma_maps_pages(struct vma *v, u64 first, u64 last)
{
	return v->pgoff < last && v->pgoff + ((v->end - v->start) >> PAGE_SHIFT) > first;
}

/* Unmap v's pages of file pages [first, last); mm.lock and mmap_lock held. */
static void zap_file_pages(struct vma *v, struct page_cache *pc, u64 first, u64 last,
			   bool even_cows)
{
	u64 from = MAX(first, v->pgoff);
	u64 to = MIN(last, v->pgoff + ((v->end - v->start) >> PAGE_SHIFT));

	for (u64 i = from; i < to; i++) {
		vaddr_t va = v->start + ((i - v->pgoff) << PAGE_SHIFT);
		paddr_t pa;

		if (!pt_query(&v->mm->pt, va, &pa, NULL))
			continue;
		if (!even_cows && pa_to_page(pa)->mapping != pc)
			continue;	/* a private copy keeps its data */
		pt_unmap(&v->mm->pt, va, NULL);
		page_put(pa_to_page(pa));
		v->mm->rss--;
	}
}

/*
 * mm.lock is a mutex and the list's lock a spinlock, so the work goes in
 * rounds: collect (referenced) a few address spaces with VMAs this pass has
 * not done, then take each one's lock and do its VMAs, marking them with the
 * pass's number. A VMA split or copied by fork meanwhile carries its
 * parent's mark and pages, so every mapping is done once. Callers hold
 * inode.lock, so two passes never run on one file at once.
 */
void mm_unmap_file_pages(struct page_cache *pc, u64 first, u64 last, bool even_cows)
{
	static atomic_long_t passes;
	u64 pass = (u64)atomic_long_add_return(&passes, 1);
	struct mm *batch[16];
	unsigned int n;
	struct vma *v;

	if (first >= last)
		return;
	do {
		n = 0;
		spin_lock(&pc->mmap_lock);
		list_for_each_entry(v, &pc->mmaps, file_link) {
			unsigned int i;

			if (READ_ONCE(v->unmap_seq) == pass || !vma_maps_pages(v, first, last))
				continue;
			for (i = 0; i < n && batch[i] != v->mm; i++)
				;
			if (i < n || !mm_tryget(v->mm))
				continue;
			batch[n++] = v->mm;
			if (n == ARRAY_SIZE(batch))
				break;
		}
		spin_unlock(&pc->mmap_lock);
		for (unsigned int i = 0; i < n; i++) {
			struct mm *mm = batch[i];

			mutex_lock(&mm->lock);
			spin_lock(&pc->mmap_lock);
			list_for_each_entry(v, &pc->mmaps, file_link)
				if (v->mm == mm && v->unmap_seq != pass) {
					if (vma_maps_pages(v, first, last))
						zap_file_pages(v, pc, first, last, even_cows);
					WRITE_ONCE(v->unmap_seq, pass);
				}
			spin_unlock(&pc->mmap_lock);
			mm_flush(mm);
			mutex_unlock(&mm->lock);
			mm_put(mm);
		}
	} while (n);
}

int mm_sync_range(struct mm *mm, vaddr_t addr, size_t len, bool sync)
{
	vaddr_t end = addr + ALIGN_UP(len, PAGE_SIZE);
	int err = 0;

	(void)sync;	/* write-back is synchronous either way */
	mutex_lock(&mm->lock);
	for (vaddr_t va = addr; va < end;) {
		struct vma *v = mm_find_vma(mm, va);

		if (!v) {
			err = -ENOMEM;	/* Linux: part of the range is unmapped */
			break;
		}
		if (v->file && (v->flags & VMA_SHARED)) {
			u64 from = (v->pgoff << PAGE_SHIFT) + (va - v->start);
			u64 to = from + (MIN(v->end, end) - va) - 1;
			int e = filemap_write_range(v->file->inode, from, to);

			if (e && !err)
				err = e;
		}
		va = v->end;
	}
	mutex_unlock(&mm->lock);
	return err;
}
