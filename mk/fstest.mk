# Disk file-system runs of `make test`: the tests listed in
# user/tests/fs-cases.txt run again with /tmp on a fresh ext4 disk and on a
# fresh FAT32 disk (the runner's --tmp=), and then Debian's e2fsck -fn and
# fsck.vfat -n check each image on the host.
#
#   make fstest-images   make both images afresh (sparse files in $(BUILD))
#
# FSTEST_HARNESS is the part of the harness command line these runs add.

FSTEST_EXT4 := $(BUILD)/fstest-ext4.img
FSTEST_VFAT := $(BUILD)/fstest-vfat.img
FSTEST_VARIANTS ?= musl-static glibc-dynamic
FSTEST_MEM ?= 1G

.PHONY: fstest-images
fstest-images:
	@echo "  MKFS    $(FSTEST_EXT4) $(FSTEST_VFAT)"
	@rm -f $(FSTEST_EXT4) $(FSTEST_VFAT)
	@truncate -s 1G $(FSTEST_EXT4)
	@mkfs.ext4 -q -F $(FSTEST_EXT4)
	@mkfs.vfat -F 32 -C $(FSTEST_VFAT) $$((768 * 1024)) >/dev/null

# $(call fstest_run,IMAGE,FSTYPE,SMP)
fstest_run = $(QEMU) -M virt -smp $(3) -nographic -bios $(OPENSBI) -kernel $(BUILD)/mica.bin \
	-m $(FSTEST_MEM) -initrd $(BUILD)/initramfs.cpio -no-reboot \
	-global virtio-mmio.force-legacy=false \
	-drive file=$(1),if=none,format=raw,id=fs0 -device virtio-blk-device,drive=fs0 \
	-append "init=/tests/musl-static/runner loglevel=5 -- --cases=/tests/fs-cases.txt \
	--tmp=/dev/vda:$(2) $(FSTEST_VARIANTS)"

FSTEST_HARNESS = \
	--qemu ext4-smp$(SMP) --tag utest --timeout 1200 -- $(call fstest_run,$(FSTEST_EXT4),ext4,$(SMP)) \
	--qemu ext4-fsck --tag fsck --timeout 120 -- tools/check-fs-image.sh fsck ext4-clean ext4 $(FSTEST_EXT4) \
	--qemu vfat-smp1 --tag utest --timeout 1200 -- $(call fstest_run,$(FSTEST_VFAT),vfat,1) \
	--qemu vfat-fsck --tag fsck --timeout 120 -- tools/check-fs-image.sh fsck vfat-clean vfat $(FSTEST_VFAT)
