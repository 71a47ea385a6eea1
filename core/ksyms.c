/*
 * Symbol lookup over the table tools/gen-ksyms.py generates from the
 * linked kernel: sorted addresses and a parallel table of name offsets.
 * The first link has an empty table; see the Makefile.
 */
#include <core/ksyms.h>
#include <mica/types.h>

extern const unsigned long ksyms_count;
extern const unsigned long ksyms_addr[];
extern const unsigned int ksyms_name_off[];
extern const char ksyms_names[];
extern char _stext[], _etext[];

const char *ksym_lookup(unsigned long addr, unsigned long *offset)
{
	unsigned long lo = 0, hi;

	if (addr < (unsigned long)_stext || addr >= (unsigned long)_etext)
		return NULL;
	hi = ksyms_count;
	if (!hi || addr < ksyms_addr[0])
		return NULL;
	/* Last symbol with address <= addr. */
	while (hi - lo > 1) {
		unsigned long mid = lo + (hi - lo) / 2;

		if (ksyms_addr[mid] <= addr)
			lo = mid;
		else
			hi = mid;
	}
	*offset = addr - ksyms_addr[lo];
	return &ksyms_names[ksyms_name_off[lo]];
}
