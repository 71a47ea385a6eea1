#!/bin/sh
# Prints QEMU's accelerator options for an x86_64 guest on this host.
#   tools/x86-accel.sh [auto|kvm|tcg]
# auto (the default): KVM with the host's CPU when /dev/kvm opens
# read-write on an x86_64 host, else TCG (with a message on stderr) and
# the most capable emulated CPU.
mode=${1:-auto}
kvm_usable() {
	[ "$(uname -m)" = x86_64 ] && { exec 3<>/dev/kvm; } 2>/dev/null && exec 3>&-
}
case $mode in
kvm) echo "-enable-kvm -cpu host" ;;
tcg) echo "-accel tcg -cpu max" ;;
auto)
	if kvm_usable; then
		echo "-enable-kvm -cpu host"
	else
		echo "mica: /dev/kvm is not usable, x86_64 runs under TCG (slower)" >&2
		echo "-accel tcg -cpu max"
	fi ;;
*) echo "usage: tools/x86-accel.sh [auto|kvm|tcg]" >&2; exit 2 ;;
esac
