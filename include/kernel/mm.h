/*
 * User address spaces: the policy side of virtual memory. An address space
 * is a set of VMAs (ranges with one protection and one kind of backing) in
 * a red-black tree, plus the page table that caches what is present.
 * Pages are filled on first touch; private pages are shared copy-on-write
 * after fork; shared anonymous ranges keep their pages in a shared object.
 *
 * Lock: mm.lock (a mutex) guards the VMA tree, brk and the page table.
 * A VMA's fields are guarded by its mm's lock.
 */
#ifndef KERNEL_MM_H
#define KERNEL_MM_H

#include <core/pagetable.h>
#include <core/uaccess.h>
#include <core/wait.h>
#include <lib/list.h>
#include <lib/rbtree.h>

#define VMA_SHARED 0x1		/* writes are seen by every mapping of the object */
#define VMA_GROWSDOWN 0x2	/* the stack: grows on faults just below it */

#define STACK_GUARD_GAP (256UL << 12)	/* no mapping may come this close below a stack */
#define STACK_MAX (8UL << 20)		/* RLIMIT_STACK default */

struct shm_obj;

/* Lowest address user mappings may take (Linux's vm.mmap_min_addr, 4096). */
extern unsigned long mmap_min_addr;

struct vma {
	struct rb_node node;
	vaddr_t start, end;		/* [start, end), page aligned */
	unsigned int prot;		/* PROT_R | PROT_W | PROT_X */
	unsigned int flags;		/* VMA_* */
	struct shm_obj *shm;		/* backing of a shared anonymous range */
	unsigned long shm_pgoff;	/* page index of start in shm */
	struct file *file;		/* a file mapping: referenced, else NULL */
	u64 pgoff;			/* ... page index in the file of start */
	struct mm *mm;			/* the address space it belongs to */
	/* A file mapping is on its page cache's mmaps list [page_cache.mmap_lock]. */
	struct list_head file_link;
	u64 unmap_seq;			/* the last mm_unmap_file_pages pass done here */
};

struct mm {
	atomic_t refs;
	struct mutex lock;
	struct pagetable pt;
	struct rb_root vmas;
	vaddr_t brk_start, brk;		/* heap: [brk_start, brk) */
	vaddr_t mmap_top;		/* mmap places new ranges below this */
	unsigned long rss, max_rss;	/* pages mapped now, and at most */
	unsigned long active_cpus;	/* [a] CPUs whose MMU holds this space */
	int dumpable;			/* [a] PR_SET_DUMPABLE; a new image starts dumpable */
	unsigned int membarrier_state;	/* [a] MEMBARRIER_CMD_REGISTER_* done (membarrier.c) */
	vaddr_t sigreturn_tramp;	/* [I] signal handlers return here (rt_sigreturn) */
	/* Set by exec, read by /proc: [I] once the space is in use. */
	vaddr_t arg_start, arg_end;	/* argv strings */
	vaddr_t env_start, env_end;	/* envp strings */
	char *exe_path;			/* absolute name of the program (kmalloc'd) */
	/* The program (referenced), denied write access while the image
	 * lives, so that writing it gives ETXTBSY as on Linux. */
	struct inode *exe_ino;
};

#define MM_DUMPABLE 1	/* Linux's SUID_DUMP_USER; 0 is SUID_DUMP_DISABLE */

struct mm *mm_create(void);		/* empty space; NULL on -ENOMEM */
void mm_get(struct mm *mm);
void mm_put(struct mm *mm);		/* the last reference frees everything */
/* A copy for fork: private pages become copy-on-write in both. */
struct mm *mm_fork(struct mm *mm);

/* Map [addr, addr+len) (fixed) or anywhere (addr 0, or when fixed is false
 * and addr is taken): the start, or a negative errno. Existing mappings in
 * a fixed range are replaced. mm->lock held. */
long mm_map_locked(struct mm *mm, vaddr_t addr, size_t len, unsigned int prot,
		   unsigned int flags, bool fixed);
/* The same for a mapping of file (a regular file: its page cache) from
 * page pgoff on; the VMA takes a reference on file. VMA_SHARED: stores
 * reach the file; else copy-on-write from the cache. */
long mm_map_file_locked(struct mm *mm, vaddr_t addr, size_t len, unsigned int prot,
			unsigned int flags, bool fixed, struct file *file, u64 pgoff);
/* Unmap pages [first, last) of the file of pc from every address space
 * (truncate, hole punching): a later access faults and finds the file as
 * it is then. even_cows: private copies of those pages go too (truncate,
 * as Linux); else only the cache's own pages (hole punching). The caller
 * holds inode.lock, neither mm.lock nor pc->lock. */
struct page_cache;
void mm_unmap_file_pages(struct page_cache *pc, u64 first, u64 last, bool even_cows);
/* msync(2): write back the shared file pages of [addr, addr+len) (sync:
 * and wait). -ENOMEM if part of the range is unmapped. Takes mm->lock. */
int mm_sync_range(struct mm *mm, vaddr_t addr, size_t len, bool sync);
int mm_unmap_locked(struct mm *mm, vaddr_t addr, size_t len);
int mm_protect_locked(struct mm *mm, vaddr_t addr, size_t len, unsigned int prot);
/* Drop the pages of [addr, addr+len) (MADV_DONTNEED): private ranges read
 * back as zeros, shared ones keep their contents. */
int mm_discard_locked(struct mm *mm, vaddr_t addr, size_t len);
long mm_remap_locked(struct mm *mm, vaddr_t old, size_t old_len, size_t new_len,
		     bool may_move);
struct vma *mm_find_vma(struct mm *mm, vaddr_t addr);	/* containing addr, or NULL */
/* brk(2): move the end of the heap; the (possibly unchanged) end. */
long mm_brk(struct mm *mm, vaddr_t addr);

/* Resolve a fault at addr; 0 when the page is now there, -EFAULT if the
 * access is not allowed (the caller raises SIGSEGV or returns -EFAULT),
 * -EIO when a file page past the end of the file or unreadable (SIGBUS). */
int mm_handle_fault(struct mm *mm, vaddr_t addr, bool write, bool exec);
/* Copy into the address space (for exec), faulting pages in as needed. */
int mm_copy_in(struct mm *mm, vaddr_t dst, const void *src, size_t n);
/* Copy out of an address space (for /proc/<pid>/cmdline): 0 or -EFAULT. */
int mm_copy_out(struct mm *mm, void *dst, vaddr_t src, size_t n);

/* Load mm (or none: the kernel table) into this CPU's MMU; preemption off. */
void mm_switch(struct mm *mm);
struct mm *mm_active(void);		/* what this CPU's MMU holds; preemption off */
/*
 * Give the current task another address space (or none) and load it, in
 * one step: a task must never run, or be preempted, with current->mm
 * different from what its CPU holds, or another task could be left on a
 * table that is about to be freed.
 */
void mm_set_current(struct mm *mm);
void mm_init(void);

/*
 * Futex keys (kernel/futex/): what backs the user word at addr. For a
 * shared anonymous mapping, *obj is its shared object (the caller gets a
 * reference, dropped with mm_backing_put) and *off the byte offset in it,
 * the same in every process that maps it; for a private mapping, *obj is
 * NULL. -EFAULT when addr is not mapped readable. Takes mm->lock.
 */
int mm_futex_backing(struct mm *mm, vaddr_t addr, void **obj, u64 *off);
void mm_backing_get(void *obj);
void mm_backing_put(void *obj);

#endif
