#!/bin/busybox sh
# The /init of the initramfs that `make test` boots to check that Mica
# starts init as Linux does (make init-script-initramfs builds it): a "#!"
# script as init, argv[0] the path it was started by (EXPECT0 on the kernel
# command line, default /init), the unknown command-line words as
# arguments and environment, HOME=/ and TERM=linux, pid 1, the console on
# descriptors 0, 1 and 2. Booted from a disk (root=), WRITEMARK=word on the
# command line makes it write word to /rootmark and sync, and READMARK=word
# checks that a boot before left it there. It reports with the harness's
# protocol (tag "initscript") and powers off.
t=initscript
nargs=$# args="$*"	# the function below has arguments of its own
n=0
failed=0
check() {
	n=$((n + 1))
	if eval "$2"; then
		echo "$t: PASS $1"
	else
		echo "$t: FAIL $1 ($2)"
		failed=$((failed + 1))
	fi
}
marks=0
[ -n "$WRITEMARK" ] && marks=$((marks + 1))
[ -n "$READMARK" ] && marks=$((marks + 1))
echo "$t: start $((6 + marks))"
check shebang-init true
check argv0 '[ "$0" = "${EXPECT0:-/init}" ]'
check args '[ $nargs = 2 ] && [ "$args" = "initarg1 initarg2" ]'
check env '[ "$HOME" = / ] && [ "$TERM" = linux ] && [ "$FOO" = bar ]'
check pid1 '[ $$ = 1 ]'
check console '[ -t 0 ] && [ -t 1 ] && [ -t 2 ]'
[ -n "$READMARK" ] && check kept-from-last-boot '[ "$(/bin/busybox cat /rootmark 2>/dev/null)" = "$READMARK" ]'
[ -n "$WRITEMARK" ] && check written-to-disk 'echo "$WRITEMARK" >/rootmark && /bin/busybox sync && [ "$(/bin/busybox cat /rootmark)" = "$WRITEMARK" ]'
echo "$t: done $((n - failed)) passed, $failed failed"
/bin/busybox poweroff -f
