# libFuzzer targets (clang), included by the top-level Makefile after unit.mk.
#
#   make fuzz-build   build $(BUILD)/fuzz/fuzz_<name> and its seed corpus, and
#                     a runner script test_fuzz_<name> that the test harness
#                     picks up like a unit test (exit status 0: no crash)
#   make fuzz         run each target for FUZZ_TIME seconds
#
# Targets are tests/fuzz/fuzz_<name>.c linked with FUZZ_SRCS_<name>; seeds
# come from FUZZ_CORPUS_<name> (a script run with the corpus directory).
# Inputs found while fuzzing go to $(BUILD)/fuzz/work-<name>/, crashes to
# $(BUILD)/fuzz/crash-<name>-*.

FUZZ_CC ?= clang
FUZZ_TIME ?= 20
FUZZ_OUT := $(BUILD)/fuzz
FUZZ_CFLAGS := -std=gnu11 -O1 -g -Wall -Wextra -Werror -fno-omit-frame-pointer \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all

FUZZ_SRCS_partition := kernel/block/partition_parse.c lib/crc32.c
FUZZ_CORPUS_partition := tools/mkpart-corpus.sh
FUZZ_SRCS_fat := kernel/fs/fat/boot.c kernel/fs/fat/name.c lib/calendar.c
FUZZ_CORPUS_fat := tools/mkfat-corpus.sh
FUZZ_SRCS_jbd2 := kernel/fs/jbd2/format.c kernel/fs/jbd2/recovery.c lib/crc32c.c
FUZZ_CORPUS_jbd2 := tools/mkjbd2-corpus.sh
FUZZ_SRCS_ext4 := kernel/fs/ext4/format_super.c kernel/fs/ext4/format_inode.c \
	kernel/fs/ext4/format_dir.c kernel/fs/ext4/format_dx.c kernel/fs/ext4/format_hash.c kernel/fs/ext4/format_xattr.c \
	lib/crc32c.c
FUZZ_CORPUS_ext4 := tools/mkext4-corpus.sh

FUZZ_NAMES := $(sort $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c)))

.PHONY: fuzz fuzz-build

fuzz-build: $(foreach n,$(FUZZ_NAMES),$(FUZZ_OUT)/test_fuzz_$(n))

fuzz: fuzz-build
	@for n in $(FUZZ_NAMES); do $(FUZZ_OUT)/test_fuzz_$$n || exit 1; done

define FUZZ_RULES
$(FUZZ_OUT)/fuzz_$(1): tests/fuzz/fuzz_$(1).c $(FUZZ_SRCS_$(1)) $(UNIT_COMMON_SRCS)
	@mkdir -p $$(@D)
	@echo "  FUZZCC  $$@"
	@$(FUZZ_CC) $(UNIT_CPPFLAGS) $(FUZZ_CFLAGS) $$^ -o $$@
$(FUZZ_OUT)/seed-$(1)/.done: $(FUZZ_CORPUS_$(1))
	@rm -rf $$(@D)
	@$(FUZZ_CORPUS_$(1)) $$(@D)
	@touch $$@
$(FUZZ_OUT)/test_fuzz_$(1): $(FUZZ_OUT)/fuzz_$(1) $(FUZZ_OUT)/seed-$(1)/.done
	@printf '#!/bin/sh\n# Run the $(1) fuzzer for $(FUZZ_TIME) s from its seeds.\nmkdir -p %s\nexec %s -max_total_time=$(FUZZ_TIME) -timeout=10 -rss_limit_mb=1024 -print_final_stats=1 -artifact_prefix=%s %s %s\n' \
		'$(abspath $(FUZZ_OUT))/work-$(1)' '$(abspath $(FUZZ_OUT))/fuzz_$(1)' \
		'$(abspath $(FUZZ_OUT))/crash-$(1)-' '$(abspath $(FUZZ_OUT))/work-$(1)' \
		'$(abspath $(FUZZ_OUT))/seed-$(1)' > $$@
	@chmod +x $$@
endef
$(foreach n,$(FUZZ_NAMES),$(eval $(call FUZZ_RULES,$(n))))
