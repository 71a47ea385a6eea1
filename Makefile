# Mica: `make` builds the kernel, `make run` boots it in QEMU, `make test`
# runs every test. Each installs missing Debian packages first (tools/deps.sh).
#
#   ARCH=riscv64  SMP=4  MEM=1G  CMDLINE='...'  CC=clang
#   make run: INITRD=1 (the initramfs instead of the ext4 root disk),
#   INITRD=file.cpio, DISK=image (boot another image), DISK2=image, ROOT=/dev/vda1

ARCH ?= riscv64
SMP ?= 4
# Memory of the machine: make run and gdb boot the whole user space (every
# test program in four variants) from an initramfs, so they default to 1G;
# the kernel self tests exhaust memory on purpose and take 256M.
MEM ?= 1G
KTEST_MEM ?= 256M
CMDLINE ?=
# The architecture's compiler, flags, image and QEMU machine: mk/arch-$(ARCH).mk.
ifeq ($(wildcard mk/arch-$(ARCH).mk),)
$(error ARCH=$(ARCH) is not supported: mk/arch-*.mk lists the architectures)
endif
include mk/arch-$(ARCH).mk

ifeq ($(origin CC),default)
CC := $(CROSS_COMPILE)gcc
endif
ifneq ($(findstring clang,$(CC)),)
COMPILER := clang
BUILD ?= build/$(ARCH)-clang
ARCH_CFLAGS := $(ARCH_CFLAGS_clang)
else
COMPILER := gcc
BUILD ?= build/$(ARCH)
ARCH_CFLAGS := $(ARCH_CFLAGS_gcc)
endif
LD := $(CROSS_COMPILE)ld
OBJCOPY := $(CROSS_COMPILE)objcopy
NM := $(CROSS_COMPILE)nm

CFLAGS := -std=gnu11 -O2 -g -ffreestanding -fno-builtin -nostdlib -fno-common \
	-fno-stack-protector -fno-pic -fno-pie -fno-omit-frame-pointer \
	-Wall -Wextra -Werror \
	$(ARCH_CFLAGS) -Iinclude -Iarch/$(ARCH)/include -MMD -MP
ASFLAGS := $(ARCH_CFLAGS) -Iinclude -Iarch/$(ARCH)/include -D__ASSEMBLER__ -MMD -MP
LDFLAGS := -nostdlib -static --no-relax -T arch/$(ARCH)/kernel.ld $(ARCH_LDFLAGS)

SRCS := $(wildcard arch/$(ARCH)/*.S arch/$(ARCH)/*.c core/*.c kernel/*.c kernel/*/*.c kernel/*/*/*.c \
	drivers/*/*.c lib/*.c)
OBJS := $(patsubst %,$(BUILD)/obj/%.o,$(SRCS)) $(BUILD)/obj/gen/syscall_table.c.o

QEMU_ARGS = $(QEMU_BASE) -m $(MEM)
KTEST_ARGS = $(QEMU_BASE) -m $(KTEST_MEM)
# make run boots from a disk (see "run" below); RUN_ARGS is the machine.
# Until the kernel has ext4 (kernel/fs/ext4/), the default is the initramfs.
HAVE_EXT4 = $(wildcard kernel/fs/ext4/*.c)
RUN_INITRD = $(if $(filter 1,$(INITRD)),$(BUILD)/initramfs.cpio,$(or $(INITRD),$(if \
	$(or $(DISK),$(HAVE_EXT4)),,$(BUILD)/initramfs.cpio)))
RUN_DISK = $(if $(filter none,$(DISK)),,$(or $(DISK),$(if $(INITRD),,$(if $(HAVE_EXT4),$(ROOTFS_IMG)))))
RUN_DRIVE = -drive file=$(1),if=none,format=raw,id=$(2) -device virtio-blk-device,drive=$(2)
RUN_ARGS = $(QEMU_ARGS) $(if $(RUN_INITRD),-initrd $(RUN_INITRD)) \
	$(if $(RUN_DISK)$(DISK2),-global virtio-mmio.force-legacy=false) \
	$(if $(RUN_DISK),$(call RUN_DRIVE,$(RUN_DISK),r0)) $(if $(DISK2),$(call RUN_DRIVE,$(DISK2),r1))
RUN_CMDLINE = $(if $(RUN_DISK),root=$(ROOT) rw rootwait) $(CMDLINE)

DEPS_BUILD := make python3 $(ARCH_DEPS_BUILD)
DEPS_RUN := $(DEPS_BUILD) $(ARCH_DEPS_RUN) e2fsprogs
DEPS_TEST := $(DEPS_RUN) libcmocka-dev device-tree-compiler gcc libc6-dev
# Block layer: the libFuzzer targets (clang; libFuzzer itself is in
# libclang-rt-14-dev, only recommended by clang) and the disk images (sfdisk, sgdisk).
DEPS_TEST += clang libclang-rt-14-dev fdisk gdisk
# Journal: mkfs.ext4, debugfs and e2fsck make and check its test images.
DEPS_TEST += e2fsprogs
# FAT: mkfs.vfat and fsck.vfat for the vfat run's images and checks, mtools
# (mcopy, mmd) to fill the fuzzer's seed images without root.
DEPS_TEST += dosfstools mtools
# x86_64: make test also boots the x86_64 kernel's self tests (below).
DEPS_TEST += qemu-system-x86
DEPS_GDB := gdb-multiarch
ifeq ($(COMPILER),clang)
DEPS_BUILD += clang
endif

.PHONY: all kernel run test test-kernel deps-build deps-run deps-test gdb clean check-layering docs

all: deps-build
	@$(MAKE) --no-print-directory kernel

kernel: $(KERNEL_IMAGE)

deps-build:
	@tools/deps.sh $(DEPS_BUILD)
deps-run:
	@tools/deps.sh $(DEPS_RUN)
deps-test:
	@tools/deps.sh $(DEPS_TEST)

$(BUILD)/obj/%.S.o: %.S
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	@$(CC) $(ASFLAGS) -c $< -o $@

$(foreach f,$(ARCH_FPU_OBJS),$(eval $(BUILD)/obj/$(f): ASFLAGS += $(FPU_MARCH)))

# The syscall table and its documentation come from one list.
SYSCALL_TBL := kernel/syscall/syscalls.tbl
$(BUILD)/gen/syscall_table.c: $(SYSCALL_TBL) tools/gen-syscalls.py
	@mkdir -p $(dir $@)
	@python3 tools/gen-syscalls.py $(SYSCALL_TBL) --c $@
$(BUILD)/obj/gen/syscall_table.c.o: $(BUILD)/gen/syscall_table.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS) -c $< -o $@
docs/syscalls.md: $(SYSCALL_TBL) tools/gen-syscalls.py
	@python3 tools/gen-syscalls.py $(SYSCALL_TBL) --md $@ --linux-cc $(CROSS_COMPILE)gcc
docs: docs/syscalls.md

$(BUILD)/obj/%.c.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS) -c $< -o $@

# Two links: the symbol table for backtraces comes from the first.
$(BUILD)/ksyms0.S: tools/gen-ksyms.py
	@mkdir -p $(dir $@)
	@python3 tools/gen-ksyms.py > $@
$(BUILD)/ksyms%.o: $(BUILD)/ksyms%.S
	@$(CC) $(ASFLAGS) -c $< -o $@
$(BUILD)/mica.pass1.elf: $(OBJS) $(BUILD)/ksyms0.o arch/$(ARCH)/kernel.ld
	@echo "  LD      $@"
	@$(LD) $(LDFLAGS) -o $@ $(OBJS) $(BUILD)/ksyms0.o
$(BUILD)/ksyms1.S: $(BUILD)/mica.pass1.elf tools/gen-ksyms.py
	@$(NM) -n --defined-only $< > $(BUILD)/mica.pass1.nm
	@python3 tools/gen-ksyms.py $(BUILD)/mica.pass1.nm > $@
$(BUILD)/mica.elf: $(OBJS) $(BUILD)/ksyms1.o
	@echo "  LD      $@"
	@$(LD) $(LDFLAGS) -o $@ $(OBJS) $(BUILD)/ksyms1.o
	@test "$$($(NM) $@ | grep ' _etext$$')" = "$$($(NM) $(BUILD)/mica.pass1.elf | grep ' _etext$$')" \
		|| { echo "ksyms: text moved between links"; exit 1; }
$(BUILD)/mica.bin: $(BUILD)/mica.elf
	@echo "  OBJCOPY $@"
	@$(OBJCOPY) -O binary $< $@

# make run boots the user space into a busybox shell from an ext4 disk,
# $(ROOTFS_IMG) (made by mkfs.ext4 -d from the initramfs's tree when the
# user space changes, kept between runs otherwise: what a session writes is
# there the next time), with root=$(ROOT) rw. DISK=image boots another
# image (ext4 or FAT32; ROOT=/dev/vda1 for a partition), DISK2=image
# attaches a second disk (/dev/vdb). INITRD=1 boots the initramfs instead
# (no disk unless DISK=), INITRD=file.cpio another archive; DISK=none
# alone boots the kernel with neither, into its monitor.
ROOTFS_IMG := $(BUILD)/rootfs.img
INITRD ?=
DISK ?=
DISK2 ?=
ROOT ?= /dev/vda
RUN_PREREQS = kernel $(if $(filter $(BUILD)/initramfs.cpio,$(RUN_INITRD)),initramfs) \
	$(if $(filter $(ROOTFS_IMG),$(RUN_DISK)),rootfs-img)
.PHONY: rootfs-img
rootfs-img: initramfs
	@$(MAKE) --no-print-directory $(ROOTFS_IMG)
$(ROOTFS_IMG): $(BUILD)/initramfs.cpio tools/mkrootfs.sh
	@tools/mkrootfs.sh $(BUILD)/initramfs-root $@

run: deps-run
	@$(MAKE) --no-print-directory $(RUN_PREREQS)
	@echo "mica: booting QEMU ($(SMP) harts, $(MEM)); Ctrl-A X quits"
	$(QEMU) $(RUN_ARGS) -append "$(RUN_CMDLINE)"

gdb: deps-run
	@tools/deps.sh $(DEPS_GDB)
	@$(MAKE) --no-print-directory $(RUN_PREREQS)
	@echo "mica: QEMU waits for gdb on :1234; in another shell run:"
	@echo "  gdb-multiarch $(BUILD)/mica.elf -ex 'target remote :1234'"
	$(QEMU) $(RUN_ARGS) -append "$(RUN_CMDLINE)" -s -S

check-layering:
	@python3 tools/check-layering.py

# Flags live here: a changed Makefile rebuilds everything.
$(OBJS): Makefile mk/arch-$(ARCH).mk
-include $(OBJS:.o=.d)
include tests/unit/unit.mk
include tests/fuzz/fuzz.mk
include mk/fstest.mk

KTEST_TIMEOUT ?= 600
# Block layer: two virtio disks for the ktest runs, made afresh each time
# (the tests write to vda; tools/mkdisk-ktest.sh describes them). After the
# runs, tools/check-ktest-disk.py checks on the host that the writes reached
# the image. QEMU's virtio-mmio is legacy unless told otherwise; Mica drives
# virtio 1.x only.
KTEST_DISK := ktest-disks
KTEST_DISK_ARGS = -global virtio-mmio.force-legacy=false \
	-drive file=$(BUILD)/ktest-disk.img,if=none,format=raw,id=d0 \
	-device virtio-blk-device,drive=d0 \
	-drive file=$(BUILD)/ktest-disk-ro.img,if=none,format=raw,id=d1,readonly=on \
	-device virtio-blk-device,drive=d1 \
	-drive file=$(BUILD)/ktest-jbd2.img,if=none,format=raw,id=d2 \
	-device virtio-blk-device,drive=d2 \
	-drive file=$(BUILD)/ktest-jbd2-log.img,if=none,format=raw,id=d3 \
	-device virtio-blk-device,drive=d3
.PHONY: ktest-disks
ktest-disks:
	@tools/mkdisk-ktest.sh $(BUILD)

# ext4: the disk of the ext4 user tests (user/tests/ext4_*.c), made afresh
# before a run by tools/mkext4-test-image.sh (the tests write to it; the
# user runs attach it as a third disk); after the runs e2fsck -fn must find
# it clean (tools/check-fs-image.sh).
EXT4_TEST_IMG := $(BUILD)/ext4-test.img
EXT4_DISK_ARGS = -drive file=$(EXT4_TEST_IMG),if=none,format=raw,id=e4 \
	-device virtio-blk-device,drive=e4
.PHONY: ext4-test-disk
ext4-test-disk:
	@tools/mkext4-test-image.sh $(EXT4_TEST_IMG)

# x86_64: while its user space is to come, make test (of riscv64) also
# builds the x86_64 kernel and runs its self tests on QEMU q35 with one CPU
# (mk/arch-x86_64.mk; X86_ACCEL=tcg|kvm|auto). A host without
# qemu-system-x86_64 reports them skipped.
X86_BUILD := build/x86_64$(if $(filter clang,$(COMPILER)),-clang)
X86_QEMU = $(shell command -v qemu-system-x86_64)
X86_KTEST = $(if $(X86_QEMU),--qemu ktest-x86_64 \
	--timeout $(KTEST_TIMEOUT) -- qemu-system-x86_64 -M q35 -smp 1 -m $(KTEST_MEM) -nographic \
	$(shell tools/x86-accel.sh $(or $(X86_ACCEL),auto)) -no-reboot -kernel $(X86_BUILD)/mica.elf \
	-append "ktest loglevel=5 $(CMDLINE)")
X86_KTEST_SKIP = $(if $(X86_QEMU),,--script \
	'x86_64=echo "x86_64/ktest: SKIP qemu-system-x86_64 is not installed"')
.PHONY: x86-kernel
x86-kernel:
	@$(MAKE) --no-print-directory ARCH=x86_64 BUILD=$(X86_BUILD) kernel

USER_TEST_MEM ?= 1G
# Block devices: the user tests get two scratch disks, vda and vdb (the blk_*,
# loop_* and sysfs_* tests write vdb; tools/mkdisk-utest.sh), made afresh.
USER_TEST_DISK := utest-disks
USER_TEST_DISK_ARGS = -global virtio-mmio.force-legacy=false \
	-drive file=$(BUILD)/utest-vda.img,if=none,format=raw,id=u0 \
	-device virtio-blk-device,drive=u0 \
	-drive file=$(BUILD)/utest-vdb.img,if=none,format=raw,id=u1 \
	-device virtio-blk-device,drive=u1
.PHONY: utest-disks
utest-disks:
	@tools/mkdisk-utest.sh $(BUILD)
# Block devices: the init script booted from an ext4 disk with root=, once
# the kernel has ext4 (the run appears with kernel/fs/ext4/).
# Booted twice, read-write: what the first boot writes (and syncs) to the
# root disk, the second finds there.
ROOTDISK_BOOT = --qemu init-rootdisk$(1) --tag initscript \
	--timeout 60 -- $(QEMU) $(KTEST_ARGS) -no-reboot -global virtio-mmio.force-legacy=false \
	$(call RUN_DRIVE,$(BUILD)/rootdisk-script.img,r0) \
	-append "root=/dev/vda rw rootwait loglevel=5 EXPECT0=/sbin/init FOO=bar $(2) initarg1 initarg2"
ROOTDISK_TEST = $(if $(wildcard kernel/fs/ext4/*.c),$(call ROOTDISK_BOOT,,WRITEMARK=mica-kept) \
	$(call ROOTDISK_BOOT,-again,READMARK=mica-kept))
USER_TEST_ARGS = -M virt -m $(USER_TEST_MEM) -nographic -bios $(OPENSBI) \
	-kernel $(BUILD)/mica.bin -initrd $(BUILD)/initramfs.cpio -no-reboot \
	$(USER_TEST_DISK_ARGS) $(EXT4_DISK_ARGS) -append "init=/tests/musl-static/runner loglevel=5"
ORACLE = MUSL_SYSROOT=$(USER_CACHE)/musl user/tests/run-linux.sh \
	$(addprefix $(BUILD)/user/,musl-static musl-dynamic glibc-static glibc-dynamic)
test: deps-test
	@$(MAKE) --no-print-directory kernel x86-kernel unit-build initramfs init-script-initramfs \
		$(if $(ROOTDISK_TEST),init-script-rootdisk)
	@# Block layer: the fuzzers run as unit tests; ktests get a virtio disk.
	@$(MAKE) --no-print-directory fuzz-build $(KTEST_DISK) $(USER_TEST_DISK) ext4-test-disk \
		fstest-images
	@python3 tests/harness/run_tests.py --layering --unit-dir $(BUILD)/host \
		--unit-dir $(BUILD)/fuzz $(X86_KTEST_SKIP) \
		--oracle '$(ORACLE)' \
		--script 'console=python3 tests/harness/console_session.py \
		--log $(BUILD)/logs/console-session.log -- $(QEMU) $(QEMU_ARGS) \
		-initrd $(BUILD)/initramfs.cpio -no-reboot' \
		--script 'block=python3 tests/harness/console_session.py --session block \
		--log $(BUILD)/logs/block-session.log -- $(QEMU) $(QEMU_ARGS) \
		-initrd $(BUILD)/initramfs.cpio $(USER_TEST_DISK_ARGS) -no-reboot' \
		--qemu ktest-smp$(SMP) --timeout $(KTEST_TIMEOUT) -- $(QEMU) $(KTEST_ARGS) -no-reboot \
		$(KTEST_DISK_ARGS) -append "ktest loglevel=5 $(CMDLINE)" \
		$(if $(filter-out 1,$(SMP)),--qemu ktest-smp1 --timeout $(KTEST_TIMEOUT) -- \
		$(QEMU) $(subst -smp $(SMP),-smp 1,$(KTEST_ARGS)) -no-reboot \
		$(KTEST_DISK_ARGS) -append "ktest loglevel=5 $(CMDLINE)") \
		$(X86_KTEST) \
		--qemu ktest-disk-host --timeout 60 -- tools/check-ktest-disk.py $(BUILD)/ktest-disk.img \
		--qemu ktest-jbd2-host --timeout 60 -- tools/check-ktest-jbd2.sh $(BUILD)/ktest-jbd2.img \
		$(BUILD)/ktest-jbd2-log.img \
		--qemu crash-panic --timeout 60 --expect-panic --expect-frame ktest_crash \
		--expect-frame init_thread -- $(QEMU) $(KTEST_ARGS) -no-reboot \
		-append "ktest.crash=panic loglevel=5" \
		--qemu crash-fault --timeout 60 --expect-panic --expect-frame ktest_crash \
		--expect-frame init_thread -- $(QEMU) $(KTEST_ARGS) -no-reboot \
		-append "ktest.crash=fault loglevel=5" \
		--qemu init-script --tag initscript --timeout 60 -- $(QEMU) $(KTEST_ARGS) -no-reboot \
		-initrd $(BUILD)/initramfs-script.cpio -append "loglevel=5 initarg1 FOO=bar initarg2" \
		$(ROOTDISK_TEST) \
		--qemu init-fallback --tag initscript --timeout 60 -- $(QEMU) $(KTEST_ARGS) -no-reboot \
		-initrd $(BUILD)/initramfs-script.cpio \
		-append "rdinit=/missing loglevel=5 EXPECT0=/sbin/init FOO=bar initarg1 initarg2" \
		--qemu user-smp$(SMP) --tag utest --timeout 1200 -- $(QEMU) -smp $(SMP) $(USER_TEST_ARGS) \
		$(if $(filter-out 1,$(SMP)),--qemu user-smp1 --tag utest --timeout 1200 -- \
		$(QEMU) -smp 1 $(USER_TEST_ARGS)) \
		--qemu ext4-test-disk-fsck --tag fsck --timeout 120 -- tools/check-fs-image.sh fsck \
		ext4-test-disk-clean ext4 $(EXT4_TEST_IMG) \
		$(FSTEST_HARNESS)

clean:
	rm -rf build
include mk/user.mk
