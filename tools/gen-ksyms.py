#!/usr/bin/env python3
"""Generate the kernel symbol table (assembly) from `nm -n` output.

Usage: gen-ksyms.py [NM_OUTPUT] > ksyms.S   (no argument: an empty table)

The kernel is linked twice: first with an empty table, then with the table
of the first link. The table sits at the end of .rodata, after all text,
so the text addresses it lists are the same in both links.
"""
import sys


def main():
    syms = []
    if len(sys.argv) > 1:
        with open(sys.argv[1]) as f:
            for line in f:
                parts = line.split()
                if len(parts) != 3 or parts[1] not in "tTwW":
                    continue
                addr, name = int(parts[0], 16), parts[2]
                if name.startswith(".L") or name.startswith("$"):
                    continue
                syms.append((addr, name))
    syms.sort()
    out = ['\t.section .ksyms, "a"', "\t.balign 8",
           "\t.globl ksyms_count", f"ksyms_count:\n\t.8byte {len(syms)}",
           "\t.globl ksyms_addr", "ksyms_addr:"]
    out += [f"\t.8byte 0x{a:x}" for a, _ in syms]
    out += ["\t.balign 4", "\t.globl ksyms_name_off", "ksyms_name_off:"]
    off = 0
    for _, n in syms:
        out.append(f"\t.4byte {off}")
        off += len(n) + 1
    out += ["\t.globl ksyms_names", "ksyms_names:"]
    out += [f'\t.asciz "{n}"' for _, n in syms]
    out.append("\t.byte 0")
    print("\n".join(out))


if __name__ == "__main__":
    main()
