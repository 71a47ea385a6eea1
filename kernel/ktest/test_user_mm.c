/* Self tests of user memory: copies with faults, and copy-on-write fork. */
#include <kernel/ktest.h>
#include <kernel/mm.h>
#include <kernel/sched.h>
#include <core/kmalloc.h>
#include <core/mm.h>
#include <lib/string.h>
#include <mica/errno.h>

#define BASE 0x100000UL

/* Run the rest of the test inside mm, as a user task's kernel side would. */
static void enter_mm(struct mm *mm)
{
	mm_set_current(mm);
}

static struct mm *make_mm(unsigned long len, unsigned int prot, unsigned int flags)
{
	struct mm *mm = mm_create();

	if (!mm)
		return NULL;
	mutex_lock(&mm->lock);
	if (mm_map_locked(mm, BASE, len, prot, flags, true) != (long)BASE) {
		mutex_unlock(&mm->lock);
		mm_put(mm);
		return NULL;
	}
	mutex_unlock(&mm->lock);
	return mm;
}

KTEST(uaccess_faults)
{
	char buf[16], kbuf[8] = "kernel";
	struct mm *mm;
	unsigned long free_before;

	kmalloc_shrink_all();	/* count frames with no empty slabs kept around */
	free_before = frame_free_count();

	/* No address space: every user address faults and gives -EFAULT. */
	KT_ASSERT_EQ(copy_from_user(buf, BASE, 8), -EFAULT);
	/* Kernel addresses are refused before any access. */
	KT_ASSERT_EQ(copy_from_user(buf, (uptr_t)kbuf, 8), -EFAULT);
	KT_ASSERT_EQ(copy_to_user((uptr_t)kbuf, "x", 1), -EFAULT);
	KT_ASSERT_EQ(copy_from_user(buf, ~0UL - 4, 8), -EFAULT);

	mm = make_mm(2 * PAGE_SIZE, PROT_R | PROT_W, 0);
	KT_ASSERT(mm);
	enter_mm(mm);
	/* Demand paging through a user copy, across a page boundary. */
	KT_ASSERT_EQ(copy_to_user(BASE + PAGE_SIZE - 3, "hello", 6), 0);
	KT_ASSERT_EQ(copy_from_user(buf, BASE + PAGE_SIZE - 3, 6), 0);
	KT_ASSERT(!memcmp(buf, "hello", 6));
	KT_ASSERT_EQ(strncpy_from_user(buf, BASE + PAGE_SIZE - 3, sizeof(buf)), 5);
	KT_ASSERT_EQ(strncpy_from_user(buf, BASE + PAGE_SIZE - 3, 3), -ENAMETOOLONG);
	/* Running off the end of the mapping fails as a whole. */
	KT_ASSERT_EQ(copy_to_user(BASE + 2 * PAGE_SIZE - 2, "abcd", 4), -EFAULT);
	KT_ASSERT_EQ(clear_user(BASE, 64), 0);
	KT_ASSERT_EQ(copy_from_user(buf, BASE, 4), 0);
	KT_ASSERT(buf[0] == 0 && buf[3] == 0);
	/* A read-only range cannot be written. */
	mutex_lock(&mm->lock);
	KT_ASSERT_EQ(mm_protect_locked(mm, BASE, PAGE_SIZE, PROT_R), 0);
	mutex_unlock(&mm->lock);
	KT_ASSERT_EQ(copy_to_user(BASE, "x", 1), -EFAULT);
	KT_ASSERT_EQ(copy_from_user(buf, BASE, 1), 0);

	enter_mm(NULL);
	mm_put(mm);
	kmalloc_shrink_all();
	KT_ASSERT_EQ(frame_free_count(), free_before);	/* tables and pages came back */
	return 0;
}

static int read_byte(struct mm *mm, vaddr_t va, char *out)
{
	int err;

	enter_mm(mm);
	err = copy_from_user(out, va, 1);
	enter_mm(NULL);
	return err;
}

KTEST(mm_fork_cow)
{
	struct mm *parent = make_mm(PAGE_SIZE, PROT_R | PROT_W, 0), *child, *shared_child;
	struct mm *shared = make_mm(PAGE_SIZE, PROT_R | PROT_W, VMA_SHARED);
	char c = 0;

	KT_ASSERT(parent && shared);
	KT_ASSERT_EQ(mm_copy_in(parent, BASE, "P", 1), 0);
	KT_ASSERT_EQ(mm_copy_in(shared, BASE, "S", 1), 0);
	child = mm_fork(parent);
	shared_child = mm_fork(shared);
	KT_ASSERT(child && shared_child);
	/* Private: the child sees the parent's data, then writes its own copy. */
	KT_ASSERT(read_byte(child, BASE, &c) == 0 && c == 'P');
	KT_ASSERT_EQ(mm_copy_in(child, BASE, "C", 1), 0);
	KT_ASSERT(read_byte(child, BASE, &c) == 0 && c == 'C');
	KT_ASSERT(read_byte(parent, BASE, &c) == 0 && c == 'P');
	/* Shared: a write on either side is seen by the other. */
	KT_ASSERT_EQ(mm_copy_in(shared_child, BASE, "T", 1), 0);
	KT_ASSERT(read_byte(shared, BASE, &c) == 0 && c == 'T');
	/* The parent's copy survives the child. */
	mm_put(child);
	KT_ASSERT(read_byte(parent, BASE, &c) == 0 && c == 'P');
	mm_put(shared_child);
	mm_put(shared);
	mm_put(parent);
	return 0;
}
