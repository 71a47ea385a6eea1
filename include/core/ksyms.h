/* Kernel symbol table for backtraces (generated at link time). */
#ifndef CORE_KSYMS_H
#define CORE_KSYMS_H

/* Name of the function containing addr and the offset into it, or NULL. */
const char *ksym_lookup(unsigned long addr, unsigned long *offset);

#endif
