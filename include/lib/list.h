/*
 * Intrusive circular doubly linked lists, in the style of Linux's list.h.
 *
 * A list is a struct list_head that points at itself when empty; elements
 * embed a struct list_head and are recovered with list_entry (container_of).
 * No function here allocates or locks: the owner of the list provides both.
 *
 * With CONFIG_LIST_DEBUG every add and delete first checks that the links
 * around it are consistent and, if not, calls list_corrupt() and does
 * nothing else (the list and the entry are left as they were). The kernel's
 * list_corrupt panics; unit tests record the report.
 */
#ifndef LIB_LIST_H
#define LIB_LIST_H

#include <mica/compiler.h>
#include <mica/types.h>

struct list_head {
	struct list_head *next, *prev;
};

/*
 * Values stored in a deleted entry's links: non-NULL so that a use after
 * list_del faults on an address that names the bug (and not on NULL, which
 * might be checked for), and in the unmapped low page of every address space.
 */
#define LIST_POISON1 ((struct list_head *)0x100)
#define LIST_POISON2 ((struct list_head *)0x122)

#define LIST_HEAD_INIT(name) { &(name), &(name) }
#define LIST_HEAD(name) struct list_head name = LIST_HEAD_INIT(name)

/* Report a broken list; defined by the kernel (panic) and by unit tests. */
void list_corrupt(const char *what, const void *entry);

static inline void INIT_LIST_HEAD(struct list_head *list)
{
	WRITE_ONCE(list->next, list);
	list->prev = list;
}

#ifdef CONFIG_LIST_DEBUG
/* True when entry may be linked between prev and next. */
static inline bool __list_add_valid(struct list_head *entry, struct list_head *prev,
				    struct list_head *next)
{
	if (unlikely(next->prev != prev)) {
		list_corrupt("list_add: next->prev != prev", entry);
		return false;
	}
	if (unlikely(prev->next != next)) {
		list_corrupt("list_add: prev->next != next", entry);
		return false;
	}
	if (unlikely(entry == prev || entry == next)) {
		list_corrupt("list_add: double add", entry);
		return false;
	}
	return true;
}

/* True when entry is linked to neighbours that point back at it. */
static inline bool __list_del_valid(struct list_head *entry)
{
	if (unlikely(entry->next == LIST_POISON1 || entry->prev == LIST_POISON2)) {
		list_corrupt("list_del: entry already deleted", entry);
		return false;
	}
	if (unlikely(entry->prev->next != entry)) {
		list_corrupt("list_del: prev->next != entry", entry);
		return false;
	}
	if (unlikely(entry->next->prev != entry)) {
		list_corrupt("list_del: next->prev != entry", entry);
		return false;
	}
	return true;
}
#else
static inline bool __list_add_valid(struct list_head *entry __unused,
				    struct list_head *prev __unused,
				    struct list_head *next __unused)
{
	return true;
}

static inline bool __list_del_valid(struct list_head *entry __unused)
{
	return true;
}
#endif

/* Link entry between two known consecutive entries. */
static inline void __list_add(struct list_head *entry, struct list_head *prev,
			      struct list_head *next)
{
	if (!__list_add_valid(entry, prev, next))
		return;
	next->prev = entry;
	entry->next = next;
	entry->prev = prev;
	WRITE_ONCE(prev->next, entry);
}

/* Insert entry right after head (stack order). */
static inline void list_add(struct list_head *entry, struct list_head *head)
{
	__list_add(entry, head, head->next);
}

/* Insert entry right before head, i.e. at the tail (queue order). */
static inline void list_add_tail(struct list_head *entry, struct list_head *head)
{
	__list_add(entry, head->prev, head);
}

static inline void __list_del(struct list_head *prev, struct list_head *next)
{
	next->prev = prev;
	WRITE_ONCE(prev->next, next);
}

/*
 * Unlink entry, leaving its own links stale. Returns false (and changes
 * nothing) if the debug checks found the links around entry corrupt.
 */
static inline bool __list_del_entry(struct list_head *entry)
{
	if (!__list_del_valid(entry))
		return false;
	__list_del(entry->prev, entry->next);
	return true;
}

/* Unlink entry and poison its links: using it afterwards faults. */
static inline void list_del(struct list_head *entry)
{
	if (!__list_del_entry(entry))
		return;
	entry->next = LIST_POISON1;
	entry->prev = LIST_POISON2;
}

/* Unlink entry and make it an empty list, so list_empty(entry) holds. */
static inline void list_del_init(struct list_head *entry)
{
	if (__list_del_entry(entry))
		INIT_LIST_HEAD(entry);
}

/* Replace old by entry in old's list; old's links are left stale. */
static inline void list_replace(struct list_head *old, struct list_head *entry)
{
	entry->next = old->next;
	entry->next->prev = entry;
	entry->prev = old->prev;
	entry->prev->next = entry;
}

/* Move entry from its list to just after head. */
static inline void list_move(struct list_head *entry, struct list_head *head)
{
	if (__list_del_entry(entry))
		list_add(entry, head);
}

/* Move entry from its list to the tail of head. */
static inline void list_move_tail(struct list_head *entry, struct list_head *head)
{
	if (__list_del_entry(entry))
		list_add_tail(entry, head);
}

static inline bool list_is_first(const struct list_head *entry, const struct list_head *head)
{
	return entry->prev == head;
}

static inline bool list_is_last(const struct list_head *entry, const struct list_head *head)
{
	return entry->next == head;
}

static inline bool list_is_head(const struct list_head *entry, const struct list_head *head)
{
	return entry == head;
}

static inline bool list_empty(const struct list_head *head)
{
	return READ_ONCE(head->next) == head;
}

/* True when the list has exactly one entry. */
static inline bool list_is_singular(const struct list_head *head)
{
	return !list_empty(head) && head->next == head->prev;
}

/* Join a non-empty list's entries between prev and next. */
static inline void __list_splice(const struct list_head *list, struct list_head *prev,
				 struct list_head *next)
{
	struct list_head *first = list->next;
	struct list_head *last = list->prev;

	first->prev = prev;
	prev->next = first;
	last->next = next;
	next->prev = last;
}

/* Move all entries of list to the front of head; list becomes empty. */
static inline void list_splice_init(struct list_head *list, struct list_head *head)
{
	if (!list_empty(list)) {
		__list_splice(list, head, head->next);
		INIT_LIST_HEAD(list);
	}
}

/* Move all entries of list to the tail of head; list becomes empty. */
static inline void list_splice_tail_init(struct list_head *list, struct list_head *head)
{
	if (!list_empty(list)) {
		__list_splice(list, head->prev, head);
		INIT_LIST_HEAD(list);
	}
}

#define list_entry(ptr, type, member) container_of(ptr, type, member)

/* The list must not be empty. */
#define list_first_entry(head, type, member) list_entry((head)->next, type, member)
#define list_last_entry(head, type, member) list_entry((head)->prev, type, member)

#define list_first_entry_or_null(head, type, member) ({				\
	struct list_head *__head = (head);					\
	struct list_head *__pos = READ_ONCE(__head->next);			\
	__pos != __head ? list_entry(__pos, type, member) : NULL;		\
})

#define list_next_entry(pos, member) \
	list_entry((pos)->member.next, __typeof__(*(pos)), member)
#define list_prev_entry(pos, member) \
	list_entry((pos)->member.prev, __typeof__(*(pos)), member)

#define list_for_each(pos, head) \
	for (pos = (head)->next; pos != (head); pos = pos->next)

#define list_for_each_prev(pos, head) \
	for (pos = (head)->prev; pos != (head); pos = pos->prev)

/* Iterate while allowing the loop body to remove pos. */
#define list_for_each_safe(pos, n, head) \
	for (pos = (head)->next, n = pos->next; pos != (head); pos = n, n = pos->next)

#define list_for_each_entry(pos, head, member)					\
	for (pos = list_first_entry(head, __typeof__(*pos), member);		\
	     &pos->member != (head);						\
	     pos = list_next_entry(pos, member))

#define list_for_each_entry_reverse(pos, head, member)				\
	for (pos = list_last_entry(head, __typeof__(*pos), member);		\
	     &pos->member != (head);						\
	     pos = list_prev_entry(pos, member))

/* Iterate over entries while allowing the loop body to remove pos. */
#define list_for_each_entry_safe(pos, n, head, member)				\
	for (pos = list_first_entry(head, __typeof__(*pos), member),		\
	     n = list_next_entry(pos, member);					\
	     &pos->member != (head);						\
	     pos = n, n = list_next_entry(n, member))

#endif
