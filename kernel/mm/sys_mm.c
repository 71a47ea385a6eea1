/* Memory system calls: brk, mmap, munmap, mprotect, mremap, madvise. */
#include <kernel/syscall.h>
#include <kernel/proc.h>
#include <core/mm.h>
#include <core/kmalloc.h>
#include <kernel/vfs.h>
#include <kernel/mount.h>

#define MAP_SHARED 0x01
#define MAP_PRIVATE 0x02
#define MAP_SHARED_VALIDATE 0x03
#define MAP_TYPE 0x0f
#define MAP_FIXED 0x10
#define MAP_ANONYMOUS 0x20
#define MAP_GROWSDOWN 0x0100
#define MAP_FIXED_NOREPLACE 0x100000
#define MREMAP_MAYMOVE 1
#define MREMAP_FIXED 2
#define MADV_NORMAL 0
#define MADV_RANDOM 1
#define MADV_SEQUENTIAL 2
#define MADV_WILLNEED 3
#define MADV_DONTNEED 4
#define PROT_MASK (PROT_R | PROT_W | PROT_X)

/*
 * A mapping of a regular file: its pages come from the file's page cache
 * (shared: stores reach the file; private: copy-on-write).
 */
static long map_file(unsigned long addr, size_t len, unsigned long prot, unsigned long flags,
		     int fd, long off, unsigned int vflags, bool fixed)
{
	struct file *f = fd_get(current_process()->files, fd);
	struct mm *mm = current->mm;
	struct inode *ino;
	long start;

	if (!f)
		return -EBADF;
	ino = f->inode;
	if (!ino || !S_ISREG(ino->mode) || !f->ops->read)
		start = -ENODEV;
	else if ((f->flags & O_ACCMODE) == O_WRONLY ||
		 ((vflags & VMA_SHARED) && (prot & PROT_W) && (f->flags & O_ACCMODE) != O_RDWR))
		start = -EACCES;
	else if ((prot & PROT_X) && f->mnt && (f->mnt->flags & MS_NOEXEC))
		start = -EPERM;
	else if (off < 0 || len > USER_TOP || (u64)off + len < (u64)off)
		start = -EOVERFLOW;
	else {
		mutex_lock(&mm->lock);
		if ((flags & MAP_FIXED_NOREPLACE) && mm_find_vma(mm, addr))
			start = -EEXIST;
		else
			start = mm_map_file_locked(mm, addr, len, prot, vflags, fixed, f,
						   (u64)off >> PAGE_SHIFT);
		mutex_unlock(&mm->lock);
	}
	file_put(f);
	return start;
}

SYSCALL_DEFINE1(brk, unsigned long, addr)
{
	return mm_brk(current->mm, addr);
}

SYSCALL_DEFINE6(mmap, unsigned long, addr, size_t, len, unsigned long, prot, unsigned long,
		flags, int, fd, long, off)
{
	struct mm *mm = current->mm;
	unsigned int vflags = 0;
	bool fixed = flags & (MAP_FIXED | MAP_FIXED_NOREPLACE);
	long ret;

	(void)fd;
	if (!len || (prot & ~PROT_MASK) || (off & (PAGE_SIZE - 1)))
		return -EINVAL;
	switch (flags & MAP_TYPE) {
	case MAP_SHARED:
	case MAP_SHARED_VALIDATE:
		vflags |= VMA_SHARED;
		break;
	case MAP_PRIVATE:
		break;
	default:
		return -EINVAL;
	}
	if (!(flags & MAP_ANONYMOUS))
		return map_file(addr, len, prot, flags, fd, off, vflags, fixed);
	if (flags & MAP_GROWSDOWN)
		vflags |= VMA_GROWSDOWN;
	if (len > USER_TOP)
		return -ENOMEM;
	mutex_lock(&mm->lock);
	if ((flags & MAP_FIXED_NOREPLACE) && mm_find_vma(mm, addr))
		ret = -EEXIST;
	else
		ret = mm_map_locked(mm, addr, len, prot, vflags, fixed);
	mutex_unlock(&mm->lock);
	return ret;
}

SYSCALL_DEFINE2(munmap, unsigned long, addr, size_t, len)
{
	struct mm *mm = current->mm;
	int err;

	mutex_lock(&mm->lock);
	err = mm_unmap_locked(mm, addr, len);
	mutex_unlock(&mm->lock);
	return err;
}

SYSCALL_DEFINE3(mprotect, unsigned long, addr, size_t, len, unsigned long, prot)
{
	struct mm *mm = current->mm;
	int err;

	if (prot & ~PROT_MASK)
		return -EINVAL;
	if (!len)
		return IS_ALIGNED(addr, PAGE_SIZE) ? 0 : -EINVAL;
	mutex_lock(&mm->lock);
	err = mm_protect_locked(mm, addr, len, prot);
	mutex_unlock(&mm->lock);
	return err;
}

SYSCALL_DEFINE5(mremap, unsigned long, old, size_t, old_len, size_t, new_len, unsigned long,
		flags, unsigned long, new_addr)
{
	struct mm *mm = current->mm;
	long ret;

	(void)new_addr;
	if (flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED))
		return -EINVAL;
	if (flags & MREMAP_FIXED)
		return -EINVAL;	/* moving to a chosen address: not supported yet */
	mutex_lock(&mm->lock);
	ret = mm_remap_locked(mm, old, old_len, new_len, flags & MREMAP_MAYMOVE);
	mutex_unlock(&mm->lock);
	return ret;
}

#define MS_ASYNC 1
#define MS_INVALIDATE 2
#define MS_SYNC 4

SYSCALL_DEFINE3(msync, unsigned long, addr, size_t, len, int, flags)
{
	if (!IS_ALIGNED(addr, PAGE_SIZE) || (flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC)) ||
	    ((flags & MS_ASYNC) && (flags & MS_SYNC)))
		return -EINVAL;
	if (addr + len < addr)
		return -ENOMEM;
	return mm_sync_range(current->mm, addr, len, flags & MS_SYNC);
}

SYSCALL_DEFINE3(madvise, unsigned long, addr, size_t, len, int, advice)
{
	struct mm *mm = current->mm;
	int err = 0;

	if (!IS_ALIGNED(addr, PAGE_SIZE))
		return -EINVAL;
	switch (advice) {
	case MADV_NORMAL:
	case MADV_RANDOM:
	case MADV_SEQUENTIAL:
	case MADV_WILLNEED:
		return 0;	/* hints only */
	case MADV_DONTNEED:
		mutex_lock(&mm->lock);
		err = mm_discard_locked(mm, addr, len);
		mutex_unlock(&mm->lock);
		return err;
	default:
		return -EINVAL;
	}
}
