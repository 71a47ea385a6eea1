#!/usr/bin/env python3
"""Check Mica's layering rules (docs: /ARCHITECTURE.md, "Layers").

Code in kernel/ and drivers/ must not contain inline assembly or assembly
files, include arch/ internals, touch page-table entries, CSRs (riscv64) or
control registers and MSRs (x86_64), convert physical addresses by hand,
dereference user addresses, or test which architecture it is built for
(#if on __riscv, __x86_64__ and the like: that is what the include/arch/
hooks are for; docs/porting.md). This script scans
every C source/header under kernel/ and drivers/ (recursively) and prints one
line per violation:

    path:line: rule: source text

Rules: asm, arch-internal, raw-pte, phys-direct, user-pointer, arch-ifdef.
Exit status: 0 clean, 1 violations found, 2 usage error.

    tools/check-layering.py [--root DIR]   check DIR (default: the repo root)
    tools/check-layering.py --self-test    run the fixtures in tests/layering/

Comments and string literals are blanked out before matching (line numbers
are preserved), so "asm" in a comment or a message is fine.
"""

import argparse
import os
import re
import sys

RULES = ("asm", "arch-internal", "raw-pte", "phys-direct", "user-pointer", "arch-ifdef")
SCAN_DIRS = ("kernel", "drivers")
C_EXTS = (".c", ".h")
ASM_EXTS = (".S", ".s")

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# ---------------------------------------------------------------------------
# Lexing: blank comments (and, separately, string/char literals).


def strip_source(text):
    """Return (no_comments, no_comments_no_strings), both the same length
    and with the same newlines as `text`. Blanked characters become spaces;
    string quotes are kept so `"..."` stays recognisable as a literal."""
    nc = []  # comments removed
    ns = []  # comments and literal contents removed
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        nxt = text[i + 1] if i + 1 < n else ""
        if c == "/" and nxt == "*":
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            blank = "".join("\n" if ch == "\n" else " " for ch in text[i:j])
            nc.append(blank)
            ns.append(blank)
            i = j
        elif c == "/" and nxt == "/":
            j = i
            # A line comment runs to an unescaped newline.
            while j < n and text[j] != "\n":
                if text[j] == "\\" and j + 1 < n and text[j + 1] == "\n":
                    j += 2
                    continue
                j += 1
            blank = "".join("\n" if ch == "\n" else " " for ch in text[i:j])
            nc.append(blank)
            ns.append(blank)
            i = j
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            j = min(j + 1, n) if j < n and text[j] == c else j
            lit = text[i:j]
            nc.append(lit)
            inner = lit[1:-1] if len(lit) >= 2 and lit[-1] == c else lit[1:]
            tail = c if len(lit) >= 2 and lit[-1] == c else ""
            ns.append(c + "".join("\n" if ch == "\n" else " " for ch in inner) + tail)
            i = j
        elif c == "\\" and nxt == "\n":
            # Line splice (macro continuation): blank the backslash.
            nc.append(" ")
            ns.append(" ")
            i += 1
        else:
            nc.append(c)
            ns.append(c)
            i += 1
    return "".join(nc), "".join(ns)


# ---------------------------------------------------------------------------
# Rules.

RE_ASM = re.compile(
    r"\b(?:__asm__|__asm|asm)\b\s*"
    r"(?:(?:volatile|__volatile__|__volatile|goto|inline|__inline__)\b\s*)*\(")

RE_INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"\n]*)[>"]')
RE_PUBLIC_ARCH = re.compile(r"^arch/[A-Za-z0-9_][A-Za-z0-9_.-]*\.h$")

RE_RAW_PTE = re.compile(
    r"\b(?:pte_t|PTE_[A-Z][A-Z0-9_]*|_PAGE_[A-Z][A-Z0-9_]*|SATP_\w*"
    r"|\w*satp\w*|sfence\w*"
    r"|csr_(?:read|write|set|clear|swap)\w*|(?:read|write)_csr\w*"
    # x86_64: model-specific and control registers, TLB invalidation.
    r"|rdmsrl?|wrmsrl?|MSR_[A-Z0-9_]+|(?:read|write)_cr[0-8]|CR[0-8]_[A-Z0-9_]+"
    r"|EFER_[A-Z0-9_]+|invlpg)\b")

# Preprocessor tests of the target architecture (compiler-predefined
# macros): generic code gets what differs through the arch hooks instead.
RE_ARCH_IFDEF = re.compile(
    r"^[ \t]*#[ \t]*(?:if|ifdef|ifndef|elif)\b.*\b(?:__riscv\w*|__x86_64__?|__amd64__?"
    r"|__i386__|__aarch64__|__arm__|__loongarch\w*|__powerpc\w*|__s390\w*|__mips\w*)\b",
    re.M)

RE_PHYS = re.compile(
    r"\b(?:PAGE_OFFSET|KERNEL_VMA|KERNEL_PHYS_BASE|DIRECT_MAP_BASE"
    r"|__pa|__va|__pa_symbol)\b")

RE_UACCESS_INTERNAL = re.compile(
    r"\b(?:user_access_begin|user_access_end|user_access_save|user_access_restore"
    r"|__uaccess_\w*|arch_uaccess_\w*)\b")

IDENT = r"[A-Za-z_]\w*"
# "uptr_t NAME" (not "uptr_t *NAME": that is a kernel pointer to user addresses).
RE_UPTR_DECL = re.compile(r"\buptr_t\s+(?:const\s+|volatile\s+)*(" + IDENT + r")")
# Further declarators in "uptr_t a, b = 0, c[2];".
RE_UPTR_MORE = re.compile(
    r"\s*(?:\[[^\]]*\]\s*)*(?:=[^,;(){}]*)?,\s*(?:const\s+)?(" + IDENT + r")\s*(?=[,;=\[])")
# A cast to a pointer type: "(T *)", "(const struct x **)", "(void * const)".
RE_PTR_CAST = re.compile(
    r"\(\s*" + IDENT + r"(?:\s+" + IDENT + r")*\s*\*[\s*]*"
    r"(?:(?:const|volatile|restrict|__restrict)\b[\s*]*)*\)")
# What follows the cast: optional integer casts and parentheses, then an
# access chain "a", "a.b", "a->b[3].c".
RE_CAST_OPERAND = re.compile(
    r"\s*(?:\(\s*" + IDENT + r"(?:\s+" + IDENT + r")*\s*\)\s*|\(\s*)*"
    r"(" + IDENT + r"(?:\s*\[[^\]]*\])*(?:\s*(?:\.|->)\s*" + IDENT +
    r"(?:\s*\[[^\]]*\])*)*)")
KEYWORDS = {"sizeof", "return", "if", "while", "for", "switch", "case", "else",
            "do", "typeof", "__typeof__", "_Alignof", "alignof"}


def uptr_names(code):
    names = set()
    for m in RE_UPTR_DECL.finditer(code):
        names.add(m.group(1))
        pos = m.end()
        while True:
            mm = RE_UPTR_MORE.match(code, pos)
            if not mm:
                break
            names.add(mm.group(1))
            pos = mm.end()
    return names


def user_pointer_casts(code, names):
    """Yield offsets of pointer casts applied to a uptr_t-typed name."""
    if not names:
        return
    for m in RE_PTR_CAST.finditer(code):
        inner = m.group(0)[1:-1].strip()
        first = re.match(IDENT, inner).group(0)
        if first in KEYWORDS:
            continue
        op = RE_CAST_OPERAND.match(code, m.end())
        if not op:
            continue
        chain = re.sub(r"\[[^\]]*\]", "", op.group(1))
        parts = [p for p in re.split(r"\s*(?:\.|->)\s*", chain) if p]
        if parts and parts[-1] in names:
            yield m.start()


def check_include(relpath, delim, target):
    """Return True if `#include <target>`/`"target"` reaches arch internals.
    Allowed: the public hook headers <arch/NAME.h> (include/arch/NAME.h)."""
    t = target.strip()
    if delim == '"' and (t.startswith("./") or t.startswith("../")):
        # Relative to the including file: resolve within the repository.
        here = os.path.dirname(relpath)
        t = os.path.normpath(os.path.join(here, t)).replace(os.sep, "/")
        if not t.startswith("include/"):
            # Anything under the top-level arch/ (or an arch/ dir elsewhere).
            return "arch" in t.split("/") or "asm" in t.split("/")
    t = re.sub(r"^(?:\./)+", "", t)
    if t.startswith("include/"):
        t = t[len("include/"):]
    parts = t.split("/")
    if parts[0] == "asm" or "asm" in parts[:-1] and "arch" in parts:
        return True
    if "arch" not in parts:
        return False
    return not RE_PUBLIC_ARCH.match(t)


def line_of(code, offset, starts):
    # Binary search over line start offsets.
    lo, hi = 0, len(starts) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if starts[mid] <= offset:
            lo = mid
        else:
            hi = mid - 1
    return lo + 1


def check_file(root, relpath):
    """Return a list of (line, rule) for one file (path relative to root)."""
    path = os.path.join(root, relpath)
    if relpath.endswith(ASM_EXTS):
        return [(1, "asm")]
    try:
        with open(path, "r", encoding="utf-8", errors="replace") as f:
            text = f.read()
    except OSError as e:
        print(f"{relpath}:0: error: {e}", file=sys.stderr)
        return []
    nocomment, code = strip_source(text)
    found = set()

    for ln, line in enumerate(nocomment.split("\n"), 1):
        m = RE_INCLUDE.match(line)
        if m and check_include(relpath, m.group(1), m.group(2)):
            found.add((ln, "arch-internal"))

    starts = [0] + [i + 1 for i, ch in enumerate(code) if ch == "\n"]
    simple = (("asm", RE_ASM), ("raw-pte", RE_RAW_PTE), ("phys-direct", RE_PHYS),
              ("user-pointer", RE_UACCESS_INTERNAL), ("arch-ifdef", RE_ARCH_IFDEF))
    for rule, rx in simple:
        for m in rx.finditer(code):
            found.add((line_of(code, m.start(), starts), rule))
    for off in user_pointer_casts(code, uptr_names(code)):
        found.add((line_of(code, off, starts), "user-pointer"))
    return sorted(found, key=lambda v: (v[0], RULES.index(v[1])))


def source_lines(root, relpath):
    try:
        with open(os.path.join(root, relpath), "r", encoding="utf-8", errors="replace") as f:
            return f.read().split("\n")
    except OSError:
        return []


def list_files(root):
    out = []
    for d in SCAN_DIRS:
        top = os.path.join(root, d)
        if not os.path.isdir(top):
            continue
        for dirpath, dirnames, filenames in os.walk(top):
            dirnames.sort()
            for fn in sorted(filenames):
                if fn.endswith(C_EXTS) or fn.endswith(ASM_EXTS):
                    full = os.path.join(dirpath, fn)
                    out.append(os.path.relpath(full, root).replace(os.sep, "/"))
    return out


def check_tree(root):
    """Return a list of (relpath, line, rule, text)."""
    violations = []
    for rel in list_files(root):
        res = check_file(root, rel)
        if not res:
            continue
        lines = source_lines(root, rel)
        for ln, rule in res:
            if rel.endswith(ASM_EXTS):
                text = "assembly file outside arch/"
            else:
                text = lines[ln - 1].strip() if ln - 1 < len(lines) else ""
            if len(text) > 160:
                text = text[:157] + "..."
            violations.append((rel, ln, rule, text))
    return violations


# ---------------------------------------------------------------------------
# Self test over tests/layering/.
#
#   tests/layering/bad/<rule>/{kernel,drivers}/...  each file must be flagged,
#       and only with <rule>. If a file marks lines with a "BAD" comment
#       (e.g. /* BAD */), exactly those lines must be flagged.
#   tests/layering/good/{kernel,drivers}/...        no file may be flagged.

RE_BAD_MARK = re.compile(r"(?://|/\*).*\bBAD\b")


def self_test(fixtures):
    failures = 0
    bad_dir = os.path.join(fixtures, "bad")
    good_dir = os.path.join(fixtures, "good")
    covered = set()

    def report(ok, name, why=""):
        nonlocal failures
        if ok:
            print(f"PASS {name}")
        else:
            failures += 1
            print(f"FAIL {name}" + (f" ({why})" if why else ""))

    if os.path.isdir(bad_dir):
        for rule in sorted(os.listdir(bad_dir)):
            rroot = os.path.join(bad_dir, rule)
            if not os.path.isdir(rroot):
                continue
            for rel in list_files(rroot):
                name = f"bad/{rule}/{rel}"
                if rule not in RULES:
                    report(False, name, f"unknown rule directory '{rule}'")
                    continue
                covered.add(rule)
                res = check_file(rroot, rel)
                rules = {r for _, r in res}
                flagged = {ln for ln, _ in res}
                marked = set()
                if not rel.endswith(ASM_EXTS):
                    for ln, line in enumerate(source_lines(rroot, rel), 1):
                        if RE_BAD_MARK.search(line):
                            marked.add(ln)
                if not res:
                    report(False, name, "not flagged")
                elif rules != {rule}:
                    report(False, name, "flagged as " + ", ".join(
                        f"{r}@{ln}" for ln, r in res))
                elif marked and flagged != marked:
                    miss = sorted(marked - flagged)
                    extra = sorted(flagged - marked)
                    why = []
                    if miss:
                        why.append("missed lines " + ",".join(map(str, miss)))
                    if extra:
                        why.append("unexpected lines " + ",".join(map(str, extra)))
                    report(False, name, "; ".join(why))
                else:
                    report(True, name)
    for rule in RULES:
        if rule not in covered:
            report(False, f"bad/{rule}", "no fixture for this rule")

    if os.path.isdir(good_dir):
        files = list_files(good_dir)
        if not files:
            report(False, "good", "no fixtures")
        for rel in files:
            res = check_file(good_dir, rel)
            report(not res, f"good/{rel}",
                   ", ".join(f"{r}@{ln}" for ln, r in res))
    else:
        report(False, "good", "missing tests/layering/good")
    return 1 if failures else 0


def main(argv=None):
    ap = argparse.ArgumentParser(
        description="Check Mica's layering rules on kernel/ and drivers/.")
    ap.add_argument("--root", default=REPO_ROOT,
                    help="tree to check (default: repository root)")
    ap.add_argument("--self-test", action="store_true",
                    help="run the checker over tests/layering/ fixtures")
    ap.add_argument("--fixtures", default=None,
                    help="fixture directory for --self-test "
                         "(default: ROOT/tests/layering)")
    args = ap.parse_args(argv)

    if args.self_test:
        fixtures = args.fixtures or os.path.join(args.root, "tests", "layering")
        if not os.path.isdir(fixtures):
            print(f"check-layering: no fixture directory {fixtures}", file=sys.stderr)
            return 2
        return self_test(fixtures)

    if not os.path.isdir(args.root):
        print(f"check-layering: no such directory {args.root}", file=sys.stderr)
        return 2
    violations = check_tree(args.root)
    for rel, ln, rule, text in violations:
        print(f"{rel}:{ln}: {rule}: {text}")
    if violations:
        print(f"check-layering: {len(violations)} violation(s)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
