#!/usr/bin/env python3
"""Developer self-check for tests/harness/run_tests.py.

Runs the harness against fake "kernels" (tests/harness/fakes/fake_kernel.py,
standing in for the QEMU command line), fake cmocka binaries (built from
tests/harness/fakes/cm_*.c when gcc and cmocka are available) and a scratch
copy of the layering checker, and asserts the counts, exit status and the
closing `N passed, N failed` line.

    python3 tests/harness/selftest.py [-v] [--no-qemu]

--no-qemu skips the one case that boots the real qemu-system-riscv64 with
OpenSBI and no kernel (checks streaming and the timeout kill).
Not part of `make test`.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
HARNESS = os.path.join(HERE, "run_tests.py")
FAKE = os.path.join(HERE, "fakes", "fake_kernel.py")
OPENSBI = "/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin"
FINAL_RE = re.compile(r"^(\d+) passed, (\d+) failed(?:, (\d+) skipped)?$")

VERBOSE = "-v" in sys.argv
NO_QEMU = "--no-qemu" in sys.argv
failures = []


def fake(mode, *extra):
    return [sys.executable, FAKE, mode, *extra]


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie is dead for our purposes.
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(") ", 1)[1][0] != "Z"
    except OSError:
        return False


def case(label, args, passed, failed, skipped=0, rc=None, contains=(), absent=(),
         max_secs=None, check=None, tmp=None):
    """Run the harness with args and check the outcome."""
    logdir = os.path.join(tmp, "logs", re.sub(r"\W+", "_", label))
    cmd = [sys.executable, HARNESS, "--log-dir", logdir] + args
    t0 = time.monotonic()
    p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True, errors="replace",
                       timeout=300)
    secs = time.monotonic() - t0
    out = p.stdout
    problems = []
    lines = out.rstrip("\n").split("\n")
    m = FINAL_RE.match(lines[-1]) if lines else None
    if rc is None:
        rc = 0 if failed == 0 else 1
    if rc == 2:
        if p.returncode != 2:
            problems.append(f"exit status {p.returncode}, expected 2 (usage error)")
    else:
        if not m:
            problems.append(f"last line is not 'N passed, N failed': {lines[-1]!r}")
        else:
            got = (int(m.group(1)), int(m.group(2)), int(m.group(3) or 0))
            if got != (passed, failed, skipped):
                problems.append(f"counts {got}, expected {(passed, failed, skipped)}")
            if skipped == 0 and m.group(3) is not None:
                problems.append("', N skipped' printed with no skips")
        if p.returncode != rc:
            problems.append(f"exit status {p.returncode}, expected {rc}")
    for s in contains:
        if s not in out:
            problems.append(f"output lacks {s!r}")
    for s in absent:
        if s in out:
            problems.append(f"output unexpectedly contains {s!r}")
    if max_secs is not None and secs > max_secs:
        problems.append(f"took {secs:.1f}s, limit {max_secs}s")
    if check:
        problems.extend(check(logdir, out) or [])
    if problems:
        failures.append(label)
        print(f"FAIL {label}")
        for pr in problems:
            print(f"     {pr}")
        if VERBOSE:
            print("     --- output ---")
            for l in lines[-60:]:
                print("     " + l)
    else:
        print(f"PASS {label} ({secs:.1f}s)")
    sys.stdout.flush()


def pid_dead(pidfile):
    def check(logdir, out):
        try:
            pid = int(open(pidfile).read())
        except (OSError, ValueError):
            return [f"no pid in {pidfile}"]
        for _ in range(20):
            if not alive(pid):
                return []
            time.sleep(0.1)
        os.kill(pid, 9)
        return [f"child {pid} of the fake kernel survived (process group not killed)"]
    return check


def log_check(name, must=(), must_not=("\x1b", "\r")):
    def check(logdir, out):
        path = os.path.join(logdir, name + ".log")
        try:
            text = open(path, encoding="utf-8", errors="replace").read()
        except OSError:
            return [f"missing log {path}"]
        probs = [f"log {name}.log lacks {s!r}" for s in must if s not in text]
        probs += [f"log {name}.log contains {s!r}" for s in must_not if s in text]
        return probs
    return check


def both(*checks):
    def check(logdir, out):
        res = []
        for c in checks:
            res.extend(c(logdir, out) or [])
        return res
    return check


def build_units(tmp):
    """Build fake unit-test binaries; return their directory or None."""
    udir = os.path.join(tmp, "unit")
    os.makedirs(udir)
    cc = shutil.which("cc") or shutil.which("gcc")
    if not cc or not os.path.exists("/usr/include/cmocka.h"):
        return None
    for src in ("cm_pass", "cm_mixed", "cm_crash"):
        out = os.path.join(udir, "test_" + src[3:])
        r = subprocess.run([cc, "-o", out, os.path.join(HERE, "fakes", src + ".c"), "-lcmocka"],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if r.returncode != 0:
            print(r.stdout)
            return None
    scripts = {
        "test_exit3": "#!/bin/sh\necho 'setup failed'\nexit 3\n",
        "test_plain": "#!/bin/sh\necho 'not a cmocka binary, but it passes'\n",
        "test_sleep": "#!/bin/sh\necho '[ RUN      ] sleepy'\nsleep 60\n",
    }
    for name, text in scripts.items():
        path = os.path.join(udir, name)
        with open(path, "w") as f:
            f.write(text)
        os.chmod(path, 0o755)
    with open(os.path.join(udir, "test_notes.c"), "w") as f:
        f.write("/* not executable: ignored */\n")
    return udir


def layering_root(tmp, dirty):
    root = os.path.join(tmp, "lroot-dirty" if dirty else "lroot-clean")
    os.makedirs(os.path.join(root, "tools"))
    shutil.copy(os.path.join(ROOT, "tools", "check-layering.py"), os.path.join(root, "tools"))
    shutil.copytree(os.path.join(ROOT, "tests", "layering"), os.path.join(root, "tests", "layering"))
    os.makedirs(os.path.join(root, "kernel"))
    with open(os.path.join(root, "kernel", "ok.c"), "w") as f:
        f.write('/* asm("nop") in a comment */\nint ok(void) { return 0; }\n')
    if dirty:
        with open(os.path.join(root, "kernel", "bad.c"), "w") as f:
            f.write('void bad(void) { asm volatile("nop"); }\n')
    return root


def main():
    tmp = tempfile.mkdtemp(prefix="mica-harness-selftest-")
    try:
        run_all(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"{'FAILED' if failures else 'OK'}: {len(failures)} selftest case(s) failed")
    return 1 if failures else 0


def run_all(tmp):
    # --- QEMU protocol, with fake kernels ---------------------------------
    case("qemu pass", ["--qemu", "k", "--", *fake("pass")], 3, 0, tmp=tmp,
         contains=["k| [", "k: 3 pass"],
         check=log_check("k", must=["ktest: done 3 passed, 0 failed", "[cpu2] ktest: PASS"]))
    case("qemu fail", ["--qemu", "f", "--", *fake("fail")], 2, 1, tmp=tmp,
         contains=["f/b", "expected 4, got 5"])
    pidc = os.path.join(tmp, "panic.pid")
    case("qemu panic", ["-q", "--qemu", "p", "--timeout", "30", "--", *fake("panic", pidc)],
         1, 1, tmp=tmp, max_secs=12,
         contains=["p/panic", "Kernel panic - not syncing", "regs/backtrace line 40"],
         absent=["regs/backtrace line 41"], check=pid_dead(pidc))
    pidh = os.path.join(tmp, "hang.pid")
    case("qemu timeout", ["--qemu", "h", "--timeout", "2", "--", *fake("hang", pidh)],
         1, 1, tmp=tmp, max_secs=10,
         contains=["h/timeout", "timed out after 2s", "waiting for an interrupt"],
         check=pid_dead(pidh))
    case("qemu exit without done", ["--qemu", "n", "--", *fake("nodone")], 2, 1, tmp=tmp,
         contains=["n/no-done"])
    case("qemu done mismatch", ["--qemu", "m", "--", *fake("mismatch")], 2, 1, tmp=tmp,
         contains=["m/done-mismatch"])
    case("qemu fewer than announced", ["--qemu", "w", "--", *fake("fewer")], 2, 1, tmp=tmp,
         contains=["w/missing", "4 tests announced, 2 reported"])
    case("qemu no poweroff", ["--poweroff-grace", "1", "--qemu", "o", "--", *fake("nopoweroff")],
         1, 1, tmp=tmp, max_secs=8, contains=["o/poweroff"])
    case("qemu exit status", ["--qemu", "x", "--", *fake("exitcode")], 1, 1, tmp=tmp,
         contains=["x/exit-status"])
    case("qemu junk and partial line", ["--qemu", "j", "--", *fake("partial")], 1, 0, tmp=tmp,
         contains=["fake warning"], check=log_check("j", must=["ktest: done 1 passed"]))
    case("qemu several runs", ["--qemu", "smp1", "--timeout", "30", "--", *fake("pass"),
                               "--qemu", "smp4", "--", *fake("fail")], 5, 1, tmp=tmp,
         contains=["qemu smp1", "smp4/b"],
         check=both(log_check("smp1", must=["PASS timer"]), log_check("smp4", must=["FAIL b"])))
    case("qemu missing binary", ["--qemu", "z", "--", "/nonexistent/qemu-system-riscv64"],
         0, 1, tmp=tmp, contains=["z/start"])

    # --- command line errors -------------------------------------------
    case("usage: nothing to do", [], 0, 0, rc=2, tmp=tmp)
    case("usage: missing --", ["--qemu", "a", "--timeout", "3"], 0, 0, rc=2, tmp=tmp)
    case("usage: empty command", ["--qemu", "a", "--"], 0, 0, rc=2, tmp=tmp)

    # --- unit tests ------------------------------------------------------
    udir = build_units(tmp)
    if udir is None:
        print("SKIP unit cases (no cc or cmocka.h)")
    else:
        # pass: crash/fine (visible thanks to the pty) + mixed 3 + pass 3 + plain 1
        # fail: crash + exit3 + mixed 4 (bad_eq twice) + sleep(timeout)
        case("unit dir", ["--unit-dir", udir, "--unit-timeout", "2"], 8, 7, 1, tmp=tmp,
             max_secs=20,
             contains=["unit/test_crash", "crashed (SIGKILL)", "unit/test_exit3",
                       "unit/test_mixed/bad_segv", "unit/test_sleep", "timed out after 2s",
                       "cm_mixed.c:11"],
             absent=["test_notes"])
        case("unit single passing binary", ["--unit", os.path.join(udir, "test_pass")],
             3, 0, tmp=tmp)
        case("unit missing binary", ["--unit", os.path.join(udir, "test_nope")], 0, 1, tmp=tmp,
             contains=["cannot run"])

    # --- layering --------------------------------------------------------
    nfix = sum(1 for l in subprocess.run(
        [sys.executable, os.path.join(ROOT, "tools", "check-layering.py"), "--self-test"],
        stdout=subprocess.PIPE, text=True).stdout.splitlines() if l.startswith("PASS "))
    clean_root = layering_root(tmp, dirty=False)
    case("layering clean", ["--root", clean_root, "--layering"], 1 + nfix, 0, tmp=tmp)
    dirty_root = layering_root(tmp, dirty=True)
    case("layering violation", ["--root", dirty_root, "--layering"], nfix, 1, tmp=tmp,
         contains=["kernel/bad.c:1: asm:", "layering/check"])

    # --- everything together ----------------------------------------------
    if udir is not None:
        case("all steps", ["--root", clean_root, "--layering",
                           "--unit", os.path.join(udir, "test_pass"),
                           "--qemu", "k", "--", *fake("pass")],
             1 + nfix + 3 + 3, 0, tmp=tmp)

    # --- the real QEMU: OpenSBI without a kernel hangs -> timeout ----------
    qemu = shutil.which("qemu-system-riscv64")
    if NO_QEMU or not qemu or not os.path.exists(OPENSBI):
        print("SKIP real qemu case")
        return
    tag = f"mica-selftest-{os.getpid()}"

    def no_qemu_left(logdir, out):
        for pid in os.listdir("/proc"):
            if not pid.isdigit():
                continue
            try:
                with open(f"/proc/{pid}/cmdline", "rb") as f:
                    if tag.encode() in f.read():
                        os.kill(int(pid), 9)
                        return [f"QEMU {pid} still running after the timeout"]
            except OSError:
                pass
        return []

    case("real qemu opensbi timeout",
         ["--qemu", "sbi", "--timeout", "4", "--", qemu, "-M", "virt", "-nographic",
          "-name", tag, "-bios", OPENSBI, "-no-reboot"],
         0, 1, tmp=tmp, max_secs=15,
         contains=["sbi| OpenSBI", "sbi/timeout", "timed out after 4s"],
         check=both(no_qemu_left, log_check("sbi", must=["OpenSBI", "Platform Name"])))


if __name__ == "__main__":
    sys.exit(main())
