#!/usr/bin/env python3
"""Mica test harness: what `make test` runs.

    run_tests.py [GLOBAL OPTIONS] [--qemu NAME [--timeout SECS] [--tag TAG]
                 [--expect-panic [--expect-frame FUNC]...] -- ARGV...]...

Global options (must come before the first --qemu):
    --root DIR           repository root (default: two levels above this file)
    --log-dir DIR        where logs go (default: ROOT/build/logs)
    --layering           run tools/check-layering.py and its --self-test
    --unit BIN...        host cmocka test binaries
    --unit-dir DIR       run every executable DIR/test_* (repeatable)
    --unit-timeout SECS  per-binary time limit (default 60)
    --oracle CMD         a command printing `linux/<test>: PASS|FAIL|SKIP` lines
    --script NAME=CMD    a command printing `NAME/<step>: PASS|FAIL|SKIP` lines
                         (repeatable; runs after the QEMU boots)
    --poweroff-grace SECS  how long QEMU may run on after `ktest: done` (10)
    -q, --quiet          do not stream QEMU serial output live
    -v, --verbose        echo unit test output in full

Each `--qemu NAME [--timeout SECS] [--tag TAG] -- ARGV...` runs ARGV (up to
the next `--qemu` or the end of the command line) as one QEMU boot, parses
the kernel's `ktest:` protocol from its serial output and saves the log to
LOG_DIR/NAME.log. See tests/harness/README.md.

The last line printed is always `N passed, N failed` (`, N skipped` is added
only when something was skipped). Exit status 0 iff nothing failed.
"""

import argparse
import codecs
import os
import re
import selectors
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_ROOT = os.path.dirname(os.path.dirname(HERE))

DEFAULT_QEMU_TIMEOUT = 120.0
DEFAULT_UNIT_TIMEOUT = 60.0
PANIC_CONTEXT = 40          # lines shown after "Kernel panic"
TAIL_CONTEXT = 20           # lines shown on timeout / missing done
PANIC_QUIET = 2.0           # after a panic: stop once output is quiet this long
PANIC_MAX_WAIT = 10.0       # ... or at the latest this long after the panic
POWEROFF_GRACE = 10.0       # after "ktest: done": QEMU must exit within this
EXITED_GRACE = 1.0          # child exited but pipe still open (grandchildren)


def say(msg=""):
    print(msg, flush=True)


def out_line(msg):
    """Print one line; survive odd bytes on a non-UTF-8 terminal."""
    try:
        print(msg, flush=True)
    except UnicodeEncodeError:
        enc = sys.stdout.encoding or "ascii"
        print(msg.encode(enc, "replace").decode(enc), flush=True)


# ---------------------------------------------------------------------------
# Results


class Results:
    def __init__(self):
        self.items = []     # (name, status, reason)  status: pass/fail/skip
        self.details = []   # (name, title, [lines])

    def add(self, name, status, reason=""):
        self.items.append((name, status, reason))

    def ok(self, name):
        self.add(name, "pass")

    def fail(self, name, reason, detail_title=None, detail=None):
        self.add(name, "fail", reason)
        if detail:
            self.details.append((name, detail_title or reason, detail))
            say(f"---- {name}: {detail_title or reason} ----")
            for line in detail:
                out_line("  " + line)
            say("----")

    def skip(self, name, reason=""):
        self.add(name, "skip", reason)

    def count(self, status, prefix=None):
        return sum(1 for n, s, _ in self.items
                   if s == status and (prefix is None or n.startswith(prefix)))


# ---------------------------------------------------------------------------
# Process helpers


def kill_group(p, grace=2.0):
    """Terminate a process started with start_new_session=True and
    everything in its process group."""
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(p.pid, sig)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            p.wait(timeout=wait)
            # The leader is gone; make sure stragglers in the group die too.
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            return
        except subprocess.TimeoutExpired:
            continue


def signame(rc):
    try:
        return signal.Signals(-rc).name
    except (ValueError, AttributeError):
        return f"signal {-rc}"


ANSI_RE = re.compile(
    r"\x1b(?:\[[0-?]*[ -/]*[@-~]"          # CSI ... final
    r"|\][^\x07\x1b]*(?:\x07|\x1b\\)?"      # OSC ... BEL/ST
    r"|[()*+][0-9A-Za-z]"                   # charset selection
    r"|[@-Z\\-_=>78])")                     # other two-byte escapes
CTRL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def clean(line):
    return CTRL_RE.sub("", ANSI_RE.sub("", line.replace("\r", "")))


# ---------------------------------------------------------------------------
# Layering


def run_layering(root, results, logdir):
    say("==== layering ====")
    tool = os.path.join(root, "tools", "check-layering.py")
    if not os.path.isfile(tool):
        results.fail("layering/check", f"{tool} not found")
        return
    log = []

    def run(extra):
        try:
            p = subprocess.run([sys.executable, tool, "--root", root] + extra,
                               stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, timeout=300,
                               text=True, errors="replace")
            return p.returncode, p.stdout
        except subprocess.TimeoutExpired:
            return None, "check-layering.py timed out\n"

    rc, text = run([])
    log.append(text)
    for line in text.splitlines():
        out_line("  " + line)
    if rc == 0:
        say("  kernel/ and drivers/: clean")
        results.ok("layering/check")
    else:
        nviol = sum(1 for l in text.splitlines()
                    if re.match(r"^\S+:\d+: [a-z-]+: ", l))
        why = f"{nviol} layering violation(s)" if rc == 1 else f"checker exit status {rc}"
        results.fail("layering/check", why)

    rc, text = run(["--self-test"])
    log.append(text)
    seen = 0
    for line in text.splitlines():
        m = re.match(r"^(PASS|FAIL) (\S+)(?: \((.*)\))?$", line)
        if not m:
            out_line("  " + line)
            continue
        seen += 1
        name = "layering/selftest/" + m.group(2)
        if m.group(1) == "PASS":
            results.ok(name)
        else:
            out_line("  " + line)
            results.fail(name, m.group(3) or "fixture check failed")
    say(f"  self-test: {seen} fixture(s) checked")
    if seen == 0 or (rc != 0 and results.count("fail", "layering/selftest/") == 0):
        results.fail("layering/selftest", f"self-test exit status {rc}, no fixture results")
    write_log(logdir, "layering.log", "".join(log))


def write_log(logdir, name, text):
    try:
        os.makedirs(logdir, exist_ok=True)
        with open(os.path.join(logdir, name), "w", encoding="utf-8") as f:
            f.write(text)
    except OSError as e:
        say(f"  warning: cannot write {name}: {e}")


# ---------------------------------------------------------------------------
# Host unit tests (cmocka)

CM_OK = re.compile(r"^\[\s*OK\s*\]\s+(\S.*?)\s*$")
CM_FAILED = re.compile(r"^\[\s*FAILED\s*\]\s+(\S.*?)\s*$")
CM_SKIPPED = re.compile(r"^\[\s*SKIPPED\s*\]\s+(\S.*?)\s*$")
CM_LISTING = re.compile(r"^\d+ test\(s\), listed below:$")
CM_PASSED = re.compile(r"^\[\s*PASSED\s*\]\s+(\d+) test\(s\)\.")
CM_NOISE = re.compile(r"^\[\s*(RUN|OK)\s*\]")


def parse_cmocka(stream_text):
    """Return ([(name, status)], passed_summary_total) for one stream.
    The summary block "[  FAILED  ] N test(s), listed below:" followed by the
    names again is skipped, so each test counts once."""
    out = []
    passed_total = 0
    listing = False
    for raw in stream_text.splitlines():
        line = clean(raw).strip()
        for rx, status in ((CM_FAILED, "fail"), (CM_SKIPPED, "skip")):
            m = rx.match(line)
            if m:
                if CM_LISTING.match(m.group(1)):
                    listing = True
                elif not listing:
                    out.append((m.group(1), status))
                break
        else:
            listing = False
            m = CM_OK.match(line)
            if m:
                out.append((m.group(1), "pass"))
            m = CM_PASSED.match(line)
            if m:
                passed_total += int(m.group(1))
    return out, passed_total


def find_unit_binaries(dirs):
    bins = []
    for d in dirs:
        if not os.path.isdir(d):
            say(f"  warning: unit test directory {d} does not exist")
            continue
        for fn in sorted(os.listdir(d)):
            path = os.path.join(d, fn)
            if (fn.startswith("test_") and os.path.isfile(path)
                    and os.access(path, os.X_OK)
                    and not fn.endswith((".c", ".o", ".d", ".h", ".sh.in"))):
                bins.append(path)
        if not any(b.startswith(os.path.join(d, "")) for b in bins):
            say(f"  warning: no test_* executables in {d}")
    return bins


def run_capture(argv, timeout, env):
    """Run argv with a time limit; return (stdout, stderr, both, rc, timed_out),
    `both` being stdout and stderr interleaved as they arrived.
    stdout is a pseudo-terminal when possible, so that stdio line-buffers it
    and nothing is lost if the program dies from a signal; stderr is a pipe.
    The whole process group is killed on timeout."""
    try:
        import pty
        master, slave = pty.openpty()
        try:
            import termios
            attrs = termios.tcgetattr(slave)
            attrs[1] &= ~termios.OPOST          # no \n -> \r\n
            attrs[3] &= ~termios.ECHO
            termios.tcsetattr(slave, termios.TCSANOW, attrs)
        except Exception:
            pass
        out_target = slave
    except (ImportError, OSError):
        master = slave = None
        out_target = subprocess.PIPE
    try:
        p = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out_target,
                             stderr=subprocess.PIPE, start_new_session=True, env=env)
    except OSError:
        if master is not None:
            os.close(master)
            os.close(slave)
        raise
    if slave is not None:
        os.close(slave)
        out_fd = master
    else:
        out_fd = p.stdout.fileno()
    err_fd = p.stderr.fileno()
    chunks = {out_fd: [], err_fd: []}
    both = []                   # arrival order, for display
    sel = selectors.DefaultSelector()
    sel.register(out_fd, selectors.EVENT_READ)
    sel.register(err_fd, selectors.EVENT_READ)
    open_fds = {out_fd, err_fd}
    deadline = time.monotonic() + timeout
    timed_out = False
    exited_at = None
    try:
        while open_fds:
            now = time.monotonic()
            if now >= deadline:
                timed_out = True
                break
            if p.poll() is not None:
                exited_at = exited_at or now
                if now - exited_at > EXITED_GRACE:
                    break           # pipes held open by a background straggler
            for key, _ in sel.select(min(0.25, deadline - now)):
                try:
                    data = os.read(key.fd, 65536)
                except OSError:     # EIO: pty slave closed
                    data = b""
                if data:
                    chunks[key.fd].append(data)
                    both.append(data)
                else:
                    sel.unregister(key.fd)
                    open_fds.discard(key.fd)
    except BaseException:
        kill_group(p, grace=0.5)
        raise
    kill_group(p, grace=1.0 if timed_out else 0.2)
    for fd in list(open_fds):   # drain leftovers after the kill
        try:
            while sel.select(0.2):
                data = os.read(fd, 65536)
                if not data:
                    break
                chunks[fd].append(data)
                both.append(data)
        except OSError:
            pass
    sel.close()
    if master is not None:
        os.close(master)
    else:
        p.stdout.close()
    p.stderr.close()
    so = b"".join(chunks[out_fd]).decode("utf-8", "replace")
    se = b"".join(chunks[err_fd]).decode("utf-8", "replace")
    mixed = b"".join(both).decode("utf-8", "replace")
    return so, se, mixed, p.returncode, timed_out


def run_unit(bins, results, timeout, verbose, logdir):
    say("==== unit tests ====")
    if not bins:
        say("  no unit test binaries")
    for path in bins:
        base = os.path.basename(path)
        say(f"-- {base}")
        first = len(results.items)
        env = dict(os.environ, CMOCKA_MESSAGE_OUTPUT="STDOUT")
        env.pop("CMOCKA_XML_FILE", None)
        try:
            so, se, mixed, rc, timed_out = run_capture([os.path.abspath(path)], timeout, env)
        except OSError as e:
            results.fail(f"unit/{base}", f"cannot run: {e}")
            continue
        write_log(logdir, f"unit-{base}.log", mixed)
        parsed_o, passed_o = parse_cmocka(so)
        parsed_e, passed_e = parse_cmocka(se)
        parsed = parsed_o + parsed_e
        for raw in mixed.splitlines():
            line = clean(raw)
            if verbose or (line.strip() and not CM_NOISE.match(line.strip())):
                out_line("  " + line)
        npass = nfail = 0
        for name, status in parsed:
            full = f"unit/{base}/{name}"
            if status == "pass":
                npass += 1
                results.ok(full)
            elif status == "fail":
                nfail += 1
                results.fail(full, "cmocka test failed (see output above)")
            else:
                results.skip(full, "skipped")
        if passed_o + passed_e > npass:
            say(f"  warning: cmocka reports {passed_o + passed_e} passed, "
                f"{npass} '[ OK ]' lines parsed")
        tail = [clean(l) for l in mixed.splitlines()[-TAIL_CONTEXT:]]
        if timed_out:
            results.fail(f"unit/{base}", f"timed out after {timeout:g}s",
                         "last output", tail)
        elif rc is not None and rc < 0:
            results.fail(f"unit/{base}", f"crashed ({signame(rc)})", "last output", tail)
        elif rc != 0 and nfail == 0:
            results.fail(f"unit/{base}", f"exit status {rc} without a reported failure",
                         "last output", tail)
        elif rc == 0 and not parsed:
            results.ok(f"unit/{base}")     # not cmocka: the binary is the test
        prefix = f"unit/{base}"
        cnt = [sum(1 for n, st, _ in results.items[first:]
                   if st == x and (n == prefix or n.startswith(prefix + "/")))
               for x in ("pass", "fail", "skip")]
        say(f"  {base}: {cnt[0]} pass, {cnt[1]} fail" + (f", {cnt[2]} skip" if cnt[2] else "")
            + (f" (exit status {rc})" if rc and rc > 0 else "")
            + (f" ({signame(rc)})" if rc and rc < 0 else ""))


# ---------------------------------------------------------------------------
# The Linux oracle: user tests run on the host kernel first


def run_lines(cmd, name, prefix, results, logdir):
    """Run cmd (a shell command) that prints "<prefix>/<test>: PASS|FAIL|SKIP ..."
    lines; each one is a result. A non-zero exit without a FAIL line counts as
    one failure."""
    say(f"==== {name}: {cmd} ====")
    p = subprocess.run(["bash", "-c", cmd], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       stdin=subprocess.DEVNULL, text=True, errors="replace")
    write_log(logdir, name, p.stdout)
    fails = 0
    for line in p.stdout.splitlines():
        m = re.match(r"^(" + re.escape(prefix) + r"/\S+): (PASS|FAIL|SKIP)\b ?(.*)$", clean(line))
        if not m:
            continue
        test, st, why = m.groups()
        if st == "PASS":
            results.ok(test)
        elif st == "SKIP":
            results.skip(test, why)
        else:
            fails += 1
            results.fail(test, why or "FAIL")
            say(f"  {line}")
    if p.returncode and not fails:
        results.fail(f"{prefix}/run", f"exit status {p.returncode}", f"{name} output (last 20 lines)",
                     p.stdout.splitlines()[-20:])
    say(f"  {name}: exit {p.returncode}")


def run_oracle(cmd, results, logdir):
    """The Linux oracle: "linux/<test>: ..." lines."""
    run_lines(cmd, "oracle", "linux", results, logdir)


# ---------------------------------------------------------------------------
# QEMU boots with the ktest protocol


class QemuRun:
    def __init__(self, name, argv, timeout, tag, expect_panic=False, expect_frames=()):
        self.name = name
        self.argv = argv
        self.timeout = timeout
        self.tag = tag
        self.expect_panic = expect_panic        # the boot must end in a panic report
        self.expect_frames = list(expect_frames)  # functions its backtrace must name


def check_panic_report(run, lines, panic_idx, results):
    """Judge a boot that was asked to crash: the kernel's panic report must
    carry the message, registers, a symbolized backtrace naming the expected
    functions, and the end marker."""
    name = run.name
    if panic_idx is None:
        results.fail(f"{name}/panic-report", "no 'Kernel panic' line: the kernel did not crash",
                     f"no panic -- last {TAIL_CONTEXT} lines", lines[-TAIL_CONTEXT:])
        return
    report = lines[panic_idx:panic_idx + 1 + PANIC_CONTEXT]
    text = "\n".join(report)
    checks = [
        ("panic-registers", re.search(r"\bra: [0-9a-f]{16}", text), "no register dump"),
        ("panic-backtrace", re.search(r"Call trace:", text) and
         re.search(r"\[<[0-9a-f]+>\] [A-Za-z_][A-Za-z0-9_.]*\+0x[0-9a-f]+", text),
         "no symbolized backtrace"),
        ("panic-end", re.search(r"end Kernel panic", text), "no end marker"),
    ]
    for fn in run.expect_frames:
        checks.append((f"panic-frame-{fn}",
                       re.search(r"\] " + re.escape(fn) + r"\+0x", text),
                       f"backtrace does not name {fn}"))
    for tname, ok, why in checks:
        if ok:
            results.ok(f"{name}/{tname}")
        else:
            results.fail(f"{name}/{tname}", why, "panic report", report)


def run_qemu(run, root, results, logdir, quiet):
    name = run.name
    say(f"==== qemu {name} (timeout {run.timeout:g}s) ====")
    out_line("  $ " + " ".join(_shquote(a) for a in run.argv))
    os.makedirs(logdir, exist_ok=True)
    logpath = os.path.join(logdir, f"{name}.log")
    proto = re.compile(re.escape(run.tag) + r": (start|PASS|FAIL|SKIP|done)\b[ \t]*(.*)$")

    passes, fails, skips = [], [], []
    announced = None
    done = None
    malformed = []
    panic_idx = None
    panic_time = None
    lines = []

    try:
        logf = open(logpath, "w", encoding="utf-8")
    except OSError as e:
        results.fail(f"{name}/log", f"cannot write {logpath}: {e}")
        return
    t0 = time.monotonic()
    try:
        p = subprocess.Popen(run.argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, start_new_session=True, cwd=root)
    except OSError as e:
        logf.close()
        results.fail(f"{name}/start", f"cannot start {run.argv[0]}: {e}")
        return

    def handle(raw):
        nonlocal announced, done, panic_idx, panic_time
        line = clean(raw)
        lines.append(line)
        logf.write(line + "\n")
        if not quiet:
            out_line(f"{name}| {line}")
        if panic_idx is None and "Kernel panic" in line:
            panic_idx = len(lines) - 1
            panic_time = time.monotonic()
        m = proto.search(line)
        if not m:
            return
        kind, rest = m.group(1), m.group(2).strip()
        if kind == "start":
            mm = re.match(r"(\d+)", rest)
            if mm:
                announced = int(mm.group(1)) if announced is None else announced + int(mm.group(1))
            else:
                malformed.append(line)
        elif kind in ("PASS", "FAIL", "SKIP"):
            parts = rest.split(None, 1)
            if not parts:
                malformed.append(line)
                return
            tname, reason = parts[0], (parts[1] if len(parts) > 1 else "")
            {"PASS": passes, "FAIL": fails, "SKIP": skips}[kind].append((tname, reason))
        elif kind == "done":
            mm = re.match(r"(\d+) passed,\s*(\d+) failed", rest)
            if mm:
                done = (int(mm.group(1)), int(mm.group(2)), time.monotonic())
            else:
                malformed.append(line)

    sel = selectors.DefaultSelector()
    fd = p.stdout.fileno()
    sel.register(fd, selectors.EVENT_READ)
    dec = codecs.getincrementaldecoder("utf-8")("replace")
    buf = ""
    deadline = t0 + run.timeout
    end = None          # eof / timeout / panic / no-poweroff / interrupted
    exited_at = None
    last_output = time.monotonic()

    def feed(data, final=False):
        nonlocal buf
        buf += dec.decode(data, final)
        while True:
            i = buf.find("\n")
            if i < 0:
                break
            handle(buf[:i])
            buf = buf[i + 1:]
        if len(buf) > 8192:
            handle(buf)
            buf = ""

    try:
        while True:
            now = time.monotonic()
            if now >= deadline:
                end = "timeout"
                break
            if panic_time is not None and (
                    now - last_output >= PANIC_QUIET or now - panic_time >= PANIC_MAX_WAIT):
                end = "panic"
                break
            if done is not None and now - done[2] >= POWEROFF_GRACE:
                end = "no-poweroff"
                break
            if exited_at is None and p.poll() is not None:
                exited_at = now
            if exited_at is not None and now - max(exited_at, last_output) >= EXITED_GRACE:
                end = "eof"     # leader gone, pipe held open by a straggler
                break
            wait = min(deadline - now, 0.25)
            if not sel.select(wait):
                continue
            try:
                data = os.read(fd, 65536)
            except OSError:
                data = b""
            if not data:
                end = "eof"
                break
            last_output = time.monotonic()
            feed(data)
    except KeyboardInterrupt:
        end = "interrupted"
    finally:
        # Kill QEMU (or whatever is left of its process group).
        kill_group(p, grace=0.5 if p.poll() is not None else 2.0)
        # Drain what is left in the pipe (the group is dead now).
        try:
            while sel.select(0.5):
                data = os.read(fd, 65536)
                if not data:
                    break
                feed(data)
        except OSError:
            pass
        feed(b"", final=True)
        if buf:
            handle(buf)
            buf = ""
        sel.close()
        p.stdout.close()
        try:
            p.wait(timeout=5)
        except subprocess.TimeoutExpired:
            kill_group(p)
        logf.close()
    if end == "interrupted":
        raise KeyboardInterrupt
    rc = p.returncode
    elapsed = time.monotonic() - t0

    # Results reported by the kernel.
    first = len(results.items)
    for tname, _ in passes:
        results.ok(f"{name}/{tname}")
    for tname, reason in fails:
        results.fail(f"{name}/{tname}", reason or "FAIL")
    for tname, reason in skips:
        results.skip(f"{name}/{tname}", reason)
    for line in malformed:
        say(f"  warning: malformed protocol line: {line}")

    got = len(passes) + len(fails) + len(skips)
    seen_txt = f"{got} result(s)" + (f" of {announced} announced" if announced is not None else "")
    tail = lines[-TAIL_CONTEXT:]

    if run.expect_panic:
        check_panic_report(run, lines, panic_idx, results)
    # How the run ended: at most one failure for an abnormal end.
    elif panic_idx is not None:
        msg = lines[panic_idx]
        m = re.search(r"Kernel panic.*", msg)
        msg = m.group(0) if m else msg
        results.fail(f"{name}/panic", f"{msg} ({seen_txt})",
                     f"{msg} -- {PANIC_CONTEXT} lines after it",
                     lines[panic_idx:panic_idx + 1 + PANIC_CONTEXT])
    elif end == "timeout":
        results.fail(f"{name}/timeout", f"timed out after {run.timeout:g}s ({seen_txt})",
                     f"timed out after {run.timeout:g}s -- last {TAIL_CONTEXT} lines", tail)
    elif done is None:
        how = f"exit status {rc}" if rc is None or rc >= 0 else f"killed by {signame(rc)}"
        results.fail(f"{name}/no-done",
                     f"QEMU exited ({how}) without '{run.tag}: done' ({seen_txt})",
                     f"exited without '{run.tag}: done' -- last {TAIL_CONTEXT} lines", tail)

    # Consistency of a completed run.
    if done is not None and panic_idx is None and not run.expect_panic:
        dp, df, _ = done
        if (dp, df) != (len(passes), len(fails)):
            results.fail(f"{name}/done-mismatch",
                         f"'done' says {dp} passed, {df} failed; saw {len(passes)} PASS, "
                         f"{len(fails)} FAIL lines")
        if announced is not None and got < announced:
            results.fail(f"{name}/missing", f"{announced} tests announced, {got} reported")
        if end == "no-poweroff":
            results.fail(f"{name}/poweroff",
                         f"QEMU still running {POWEROFF_GRACE:g}s after '{run.tag}: done'")
        elif rc and not fails and df == 0:
            results.fail(f"{name}/exit-status", f"QEMU exit status {rc} after a clean run")

    cnt = [sum(1 for n, st, _ in results.items[first:] if st == x)
           for x in ("pass", "fail", "skip")]
    say(f"  {name}: {cnt[0]} pass, {cnt[1]} fail"
        + (f", {cnt[2]} skip" if cnt[2] else "")
        + f", {elapsed:.1f}s, log {_nice_path(logpath)}")


def _nice_path(path):
    rel = os.path.relpath(path)
    return path if rel.startswith("..") else rel


def _shquote(a):
    if a and re.fullmatch(r"[A-Za-z0-9_@%+=:,./-]+", a):
        return a
    return "'" + a.replace("'", "'\\''") + "'"


# ---------------------------------------------------------------------------
# Command line


def split_qemu_args(argv, ap):
    """Split off the `--qemu NAME [opts] -- ARGV...` groups."""
    head = []
    i = 0
    while i < len(argv) and argv[i] != "--qemu":
        head.append(argv[i])
        i += 1
    runs = []
    while i < len(argv):
        i += 1      # --qemu
        if i >= len(argv) or argv[i].startswith("-"):
            ap.error("--qemu needs a NAME")
        name = argv[i]
        if not re.fullmatch(r"[A-Za-z0-9_.+-]+", name):
            ap.error(f"--qemu NAME must be [A-Za-z0-9_.+-]+, got {name!r}")
        if any(r.name == name for r in runs):
            ap.error(f"duplicate --qemu name {name!r}")
        i += 1
        timeout, tag = DEFAULT_QEMU_TIMEOUT, "ktest"
        expect_panic, frames = False, []
        while i < len(argv) and argv[i] != "--":
            opt = argv[i]
            key, eq, val = opt.partition("=")
            if key == "--expect-panic":
                expect_panic = True
                i += 1
                continue
            if key in ("--timeout", "--tag", "--expect-frame"):
                if not eq:
                    if i + 1 >= len(argv):
                        ap.error(f"{key} needs a value")
                    val = argv[i + 1]
                    i += 1
                if key == "--timeout":
                    try:
                        timeout = float(val)
                    except ValueError:
                        ap.error(f"--qemu {name}: bad --timeout {val!r}")
                    if timeout <= 0:
                        ap.error(f"--qemu {name}: --timeout must be positive")
                elif key == "--expect-frame":
                    frames.append(val)
                else:
                    tag = val
                i += 1
            else:
                ap.error(f"--qemu {name}: unexpected {opt!r} (the QEMU command follows '--')")
        if i >= len(argv):
            ap.error(f"--qemu {name}: missing '-- ARGV...'")
        i += 1      # --
        cmd = []
        while i < len(argv) and argv[i] != "--qemu":
            cmd.append(argv[i])
            i += 1
        if not cmd:
            ap.error(f"--qemu {name}: empty command after '--'")
        runs.append(QemuRun(name, cmd, timeout, tag, expect_panic, frames))
    return head, runs


def main(argv=None):
    global POWEROFF_GRACE
    argv = sys.argv[1:] if argv is None else argv
    ap = argparse.ArgumentParser(
        prog="run_tests.py",
        usage="%(prog)s [--root DIR] [--log-dir DIR] [--layering] [--unit BIN...] "
              "[--unit-dir DIR] [--unit-timeout SECS] [--poweroff-grace SECS] [-q] [-v] "
              "[--qemu NAME [--timeout SECS] [--tag TAG] -- ARGV...]...",
        description="Mica test harness (see tests/harness/README.md).")
    ap.add_argument("--root", default=DEFAULT_ROOT)
    ap.add_argument("--log-dir", default=None)
    ap.add_argument("--layering", action="store_true")
    ap.add_argument("--unit", nargs="+", default=[], metavar="BIN", action="extend")
    ap.add_argument("--unit-dir", action="append", default=[], metavar="DIR")
    ap.add_argument("--unit-timeout", type=float, default=DEFAULT_UNIT_TIMEOUT)
    ap.add_argument("--oracle", default=None, metavar="CMD",
                    help="shell command printing 'linux/<test>: PASS|FAIL|SKIP' lines")
    ap.add_argument("--script", action="append", default=[], metavar="NAME=CMD",
                    help="shell command printing 'NAME/<step>: PASS|FAIL|SKIP' lines")
    ap.add_argument("--poweroff-grace", type=float, default=POWEROFF_GRACE, metavar="SECS")
    ap.add_argument("-q", "--quiet", action="store_true")
    ap.add_argument("-v", "--verbose", action="store_true")
    head, runs = split_qemu_args(argv, ap)
    args = ap.parse_args(head)
    POWEROFF_GRACE = args.poweroff_grace

    root = os.path.abspath(args.root)
    logdir = os.path.abspath(args.log_dir or os.path.join(root, "build", "logs"))
    if not (args.layering or args.unit or args.unit_dir or args.oracle or args.script or runs):
        ap.error("nothing to do: give --layering, --unit, --unit-dir, --oracle and/or --qemu")

    results = Results()
    steps = []
    try:
        if args.layering:
            run_layering(root, results, logdir)
            steps.append(("layering", "layering/"))
        if args.unit or args.unit_dir:
            bins = list(args.unit) + find_unit_binaries(args.unit_dir)
            run_unit(bins, results, args.unit_timeout, args.verbose, logdir)
            steps.append(("unit", "unit/"))
        if args.oracle:
            run_oracle(args.oracle, results, logdir)
            steps.append(("linux oracle", "linux/"))
        for r in runs:
            run_qemu(r, root, results, logdir, args.quiet)
            steps.append((f"qemu {r.name}", f"{r.name}/"))
        for spec in args.script:
            name, _, cmd = spec.partition("=")
            run_lines(cmd, name, name, results, logdir)
            steps.append((name, f"{name}/"))
    except KeyboardInterrupt:
        say("\ninterrupted")
        results.fail("harness/interrupted", "interrupted by the user")

    # Summary.
    say("==== summary ====")
    for label, prefix in steps:
        p, f, s = (results.count(x, prefix) for x in ("pass", "fail", "skip"))
        say(f"  {label:<24} {p:4d} pass {f:4d} fail" + (f" {s:4d} skip" if s else ""))
    failures = [(n, r) for n, s, r in results.items if s == "fail"]
    if failures:
        say("failures:")
        width = min(max(len(n) for n, _ in failures), 48)
        for n, r in failures:
            out_line(f"  {n:<{width}}  {r}")
    try:
        os.makedirs(logdir, exist_ok=True)
        with open(os.path.join(logdir, "results.txt"), "w", encoding="utf-8") as f:
            for n, s, r in results.items:
                f.write(f"{s.upper()}\t{n}\t{r}\n")
    except OSError:
        pass
    npass, nfail, nskip = (results.count(x) for x in ("pass", "fail", "skip"))
    say(f"{npass} passed, {nfail} failed" + (f", {nskip} skipped" if nskip else ""))
    return 0 if nfail == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
