# Disk file-system runs of `make test`: the tests listed in
# user/tests/fs-cases.txt run again with /tmp on a fresh ext4 disk and on a
# fresh FAT32 disk (the runner's --tmp=), with SMP harts and with one, and
# then Debian's e2fsck -fn and fsck.vfat -n check each image on the host;
# last, the power-cut test.
#
#   make fstest-images   make the images afresh (sparse files in $(BUILD))
#
# FSTEST_HARNESS is the part of the harness command line these runs add.

comma := ,
FSTEST_VARIANTS ?= musl-static glibc-dynamic
FSTEST_MEM ?= 1G
FSTEST_SMPS := $(sort $(SMP) 1)
# One image per file system and hart count: fstest-ext4-smp4.img ...
fstest_img = $(BUILD)/fstest-$(1)-smp$(2).img
# fat_corrupt's damaged FAT16 disk, the vfat runs' second disk (vdb)
FSTEST_VFAT_BAD := $(BUILD)/fstest-vfat-bad.img

.PHONY: fstest-images
fstest-images:
	@echo "  MKFS    $(BUILD)/fstest-*.img"
	@rm -f $(BUILD)/fstest-*.img
	@for n in $(FSTEST_SMPS); do \
		truncate -s 1G $(BUILD)/fstest-ext4-smp$$n.img && \
		mkfs.ext4 -q -F $(BUILD)/fstest-ext4-smp$$n.img && \
		mkfs.vfat -F 32 -C $(BUILD)/fstest-vfat-smp$$n.img $$((768 * 1024)) >/dev/null || exit 1; \
	done
	@tools/mkfat-corrupt.sh $(FSTEST_VFAT_BAD)

# $(call fstest_run,FSTYPE,SMP[,MORE QEMU ARGUMENTS])
fstest_run = $(QEMU) -M virt -smp $(2) -nographic -bios $(OPENSBI) -kernel $(BUILD)/mica.bin \
	-m $(FSTEST_MEM) -initrd $(BUILD)/initramfs.cpio -no-reboot \
	-global virtio-mmio.force-legacy=false \
	-drive file=$(call fstest_img,$(1),$(2)),if=none,format=raw,id=fs0 \
	-device virtio-blk-device,drive=fs0 $(3) \
	-append "init=/tests/musl-static/runner loglevel=5 -- --cases=/tests/fs-cases.txt \
	--tmp=/dev/vda:$(1) $(FSTEST_VARIANTS)"

FSTEST_VFAT_BAD_ARGS = -drive file=$(FSTEST_VFAT_BAD)$(comma)if=none$(comma)format=raw$(comma)id=fs1 \
	-device virtio-blk-device$(comma)drive=fs1

# $(call fstest_pair,FSTYPE,SMP[,MORE QEMU ARGUMENTS]): the run, then the check.
fstest_pair = --qemu $(1)-smp$(2) --tag utest --timeout 1200 -- $(call fstest_run,$(1),$(2),$(3)) \
	--qemu $(1)-smp$(2)-fsck --tag fsck --timeout 120 -- tools/check-fs-image.sh fsck \
	$(1)-smp$(2)-clean $(1) $(call fstest_img,$(1),$(2))

# Then the power-cut test: QEMU killed in a write storm on ext4, the image
# mounted again (journal replay), e2fsck -fn clean and every fsync'ed file
# intact, POWERCUT_ROUNDS times (tools/powercut-test.sh).
POWERCUT_ROUNDS ?= 2
FSTEST_HARNESS = $(foreach n,$(FSTEST_SMPS),$(call fstest_pair,ext4,$(n)) \
	$(call fstest_pair,vfat,$(n),$(FSTEST_VFAT_BAD_ARGS))) \
	--qemu powercut --tag powercut --timeout 900 -- env BUILD=$(BUILD) SMP=$(SMP) \
	tools/powercut-test.sh $(POWERCUT_ROUNDS)
