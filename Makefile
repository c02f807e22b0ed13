# Lantern — build, test and benchmark.
#
#   make          build everything into build/ (the executable is build/lantern)
#   make run      install missing packages, build, train the Fashion-MNIST MLP (tutorial 03)
#   make test     install missing packages, build, run every test
#   make asan     the test suite under AddressSanitizer + UBSan (build-asan/)
#   make bench    benchmarks against OpenBLAS and PyTorch (scripts/bench/)
#   make fuzz     libFuzzer on the file loaders (clang; build-fuzz/; FUZZ_TIME=60)
#   make deps     install the Debian packages Lantern needs
#   make fuzz-api random arguments at every torch function, under ASan (not in test)
#
# Optional pieces are detected and reported; nothing optional is required.

BUILD ?= build
CC ?= cc
VERSION := 0.1.0
Q := $(if $(V),,@)

.DEFAULT_GOAL := all

# ------------------------------------------------------------ top-level
# run/test/asan first make sure the packages are there, then re-enter make
# so that pkg-config is asked only after they are installed.
.PHONY: all deps run test asan bench fuzz fuzz-api clean check-tools _all _test _fuzz

deps:
	$(Q)scripts/deps.sh

run: deps
	$(Q)$(MAKE) --no-print-directory _all
	$(Q)$(BUILD)/lantern tutorials/03-fashion-mlp.lua

test: deps
	$(Q)$(MAKE) --no-print-directory _all
	$(Q)$(MAKE) --no-print-directory _test

asan: deps
	$(Q)$(MAKE) --no-print-directory BUILD=build-asan SANITIZE=1 _all
	$(Q)ASAN_OPTIONS=allocator_may_return_null=1:detect_leaks=1 \
	  $(MAKE) --no-print-directory BUILD=build-asan SANITIZE=1 _test

bench: deps
	$(Q)$(MAKE) --no-print-directory _all
	$(Q)scripts/bench/run.sh $(BUILD)

# not part of `make test`: runs FUZZ_TIME seconds on the .t7/.npy/safetensors
# loaders, seeded with the fixtures; crashes are written to build-fuzz/.
# -malloc_limit_mb=4: no input of at most 32 KB may make a 4 MB allocation.
FUZZ_TIME ?= 60
fuzz:
	$(Q)LANTERN_EXTRA_PKGS=clang scripts/deps.sh
	$(Q)$(MAKE) --no-print-directory BUILD=build-fuzz CC=clang SANITIZE=1 FUZZ=1 _fuzz
	$(Q)mkdir -p build-fuzz/corpus
	$(Q)cd build-fuzz && ./fuzz_load -max_total_time=$(FUZZ_TIME) -max_len=32768 \
	  -malloc_limit_mb=4 -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 corpus \
	  ../tests/fixtures/t7 ../tests/fixtures/malformed

# FUZZ_CALLS and FUZZ_SEEDS tune the run; a crash names the seed to replay
# with `build-asan/lantern scripts/fuzz/api.lua CALLS SEED -v`.
FUZZ_CALLS ?= 20000
FUZZ_SEEDS ?= 1 2 3 4 5
fuzz-api: deps
	$(Q)$(MAKE) --no-print-directory BUILD=build-asan SANITIZE=1 _all
	$(Q)for s in $(FUZZ_SEEDS); do \
	  ASAN_OPTIONS=allocator_may_return_null=1:detect_leaks=0:max_allocation_size_mb=1024 \
	    build-asan/lantern scripts/fuzz/api.lua $(FUZZ_CALLS) $$s || exit 1; done

all: _all

clean:
	rm -rf build build-asan build-*

# ------------------------------------------------------------ detection
PKGCONF := $(shell command -v pkg-config 2>/dev/null)
LUA_PC := $(firstword $(foreach p,lua5.4 lua-5.4 lua54,$(if $(shell pkg-config --exists $(p) 2>/dev/null && echo y),$(p))))
LUA_CFLAGS := $(if $(LUA_PC),$(shell pkg-config --cflags $(LUA_PC)))
LUA_LIBS := $(if $(LUA_PC),$(shell pkg-config --libs $(LUA_PC)))
LUA_VERSION := $(if $(LUA_PC),$(shell pkg-config --modversion $(LUA_PC)))
HAVE_OPENBLAS := $(shell pkg-config --exists openblas 2>/dev/null && echo y)
OPENBLAS_LIBDIR := $(patsubst %/,%,$(if $(HAVE_OPENBLAS),$(shell pkg-config --variable=libdir openblas)))
OPENBLAS_VERSION := $(if $(HAVE_OPENBLAS),$(shell pkg-config --modversion openblas))
HAVE_READLINE := $(shell pkg-config --exists readline 2>/dev/null && echo y)
READLINE_LIBS := $(if $(HAVE_READLINE),$(shell pkg-config --libs readline),)
HAVE_ZLIB := $(shell pkg-config --exists zlib 2>/dev/null && echo y)
ZLIB_LIBS := $(if $(HAVE_ZLIB),$(shell pkg-config --libs zlib))
HAVE_GNUPLOT := $(shell command -v gnuplot >/dev/null 2>&1 && echo y)
NVCC := $(shell command -v nvcc 2>/dev/null || ls /usr/local/cuda/bin/nvcc 2>/dev/null)
CUDA_HOME := $(if $(NVCC),$(patsubst %/bin/nvcc,%,$(NVCC)))
HAVE_CUDNN := $(if $(CUDA_HOME),$(shell ls $(CUDA_HOME)/include/cudnn.h /usr/include/cudnn.h /usr/include/x86_64-linux-gnu/cudnn.h 2>/dev/null | head -1))
HAVE_LIBMVEC := $(shell printf '#include <math.h>\n__attribute__((__simd__("notinbranch"))) float expf(float);\nfloat a[64];int main(void){for(int i=0;i<64;i++)a[i]=expf(a[i]);return 0;}' | \
  $(CC) -O3 -fno-math-errno -x c - -o /dev/null -lmvec -lm 2>/dev/null && echo y)
HAVE_OPENMP := $(shell echo 'int main(void){return 0;}' | $(CC) -fopenmp -x c - -o /dev/null 2>/dev/null && echo y)

ok = $(if $(1),✓,✗)
check-tools:
	@echo "Lantern build configuration ($(BUILD)/):"
	@echo "  $(call ok,$(LUA_PC)) Lua 5.4        $(if $(LUA_PC),$(LUA_PC) $(LUA_VERSION),missing: make deps)"
	@echo "  $(call ok,$(HAVE_OPENBLAS)) OpenBLAS       $(if $(HAVE_OPENBLAS),$(OPENBLAS_VERSION) in $(OPENBLAS_LIBDIR),missing: make deps)"
	@echo "  $(call ok,$(HAVE_READLINE)) readline       $(if $(HAVE_READLINE),found,missing: make deps)"
	@echo "  $(call ok,$(HAVE_ZLIB)) zlib           $(if $(HAVE_ZLIB),found,missing: make deps)"
	@echo "  $(call ok,$(HAVE_OPENMP)) OpenMP         $(if $(HAVE_OPENMP),found,not found: loops run on one thread)"
	@echo "  $(call ok,$(HAVE_LIBMVEC)) libmvec        $(if $(HAVE_LIBMVEC),vectorised exp/log/tanh...,not found: scalar libm)"
	@echo "  $(call ok,$(HAVE_GNUPLOT)) gnuplot        $(if $(HAVE_GNUPLOT),found,not found: plots unavailable)"
	@echo "  $(call ok,$(NVCC)) CUDA           $(if $(NVCC),$(NVCC) (GPU backend not built yet),not found: CPU only)"
	@echo "  $(call ok,$(HAVE_CUDNN)) cuDNN          $(if $(HAVE_CUDNN),$(HAVE_CUDNN),not found)"
	@test -n "$(LUA_PC)" -a -n "$(HAVE_OPENBLAS)" -a -n "$(HAVE_READLINE)" -a -n "$(HAVE_ZLIB)" || \
	  { echo "missing required packages: run 'make deps'" >&2; exit 1; }

# ------------------------------------------------------------ flags
# x86-64-v3 (AVX2/FMA) where the CPU has it: fast, and still runs under
# valgrind, which does not decode AVX-512 (-march=native would emit it)
HAVE_V3 := $(shell grep -qw avx2 /proc/cpuinfo 2>/dev/null && grep -qw fma /proc/cpuinfo && \
  grep -qw bmi2 /proc/cpuinfo && echo 'int main(void){return 0;}' | \
  $(CC) -march=x86-64-v3 -x c - -o /dev/null 2>/dev/null && echo y)
ARCH_FLAGS ?= $(if $(HAVE_V3),-march=x86-64-v3)
OPT ?= -O3
ifdef SANITIZE
  OPT := -O1
endif
WARN := -Wall -Wextra -Wshadow -Wno-unused-parameter $(if $(filter true,$(CI)),-Werror)
CFLAGS_ALL := -std=c11 -D_GNU_SOURCE $(OPT) $(ARCH_FLAGS) -g -fPIC -fno-math-errno $(WARN) \
  -MMD -MP -Itensor -Ilualib $(LUA_CFLAGS) $(if $(HAVE_OPENMP),-fopenmp) \
  -DLT_OPENBLAS_PATH='"$(OPENBLAS_LIBDIR)/libopenblas.so.0"' $(if $(HAVE_LIBMVEC),-DLT_HAVE_LIBMVEC) \
  -DLANTERN_VERSION='"$(VERSION)"' $(if $(HAVE_READLINE),-DLANTERN_READLINE)
LDLIBS_ALL := $(if $(HAVE_LIBMVEC),-lmvec) -lm -ldl -lpthread $(if $(HAVE_OPENMP),-fopenmp)
ifdef SANITIZE
  CFLAGS_ALL += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
  LDLIBS_ALL += -fsanitize=address,undefined
endif
ifdef FUZZ
  CFLAGS_ALL += -fsanitize=fuzzer-no-link
endif

# ------------------------------------------------------------ sources
TENSOR_SRC := $(wildcard tensor/*.c)
LUALIB_SRC := $(wildcard lualib/*.c)
REPL_SRC := $(wildcard repl/*.c)
CTEST_SRC := $(wildcard tests/c/test_*.c)
LUA_FILES := $(shell find lualib -name '*.lua')
REPL_LUA := $(wildcard repl/*.lua)

TENSOR_OBJ := $(TENSOR_SRC:%.c=$(BUILD)/obj/%.o)
LUALIB_OBJ := $(LUALIB_SRC:%.c=$(BUILD)/obj/%.o)
REPL_OBJ := $(REPL_SRC:%.c=$(BUILD)/obj/%.o)
CTEST_BIN := $(CTEST_SRC:tests/c/%.c=$(BUILD)/tests/%)
LUA_OUT := $(LUA_FILES:lualib/%=$(BUILD)/%) $(REPL_LUA:%=$(BUILD)/%)

_all: check-tools $(BUILD)/libtorch.so $(BUILD)/lantern $(LUA_OUT) $(CTEST_BIN)

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(CFLAGS_ALL) -c $< -o $@

# the Lua C module: stock lua5.4 loads it with require 'libtorch'
$(BUILD)/libtorch.so: $(TENSOR_OBJ) $(LUALIB_OBJ)
	@echo "  LD      $@"
	$(Q)$(CC) -shared -o $@ $^ $(LDLIBS_ALL) $(ZLIB_LIBS)

# the executable carries the same objects and preloads libtorch
$(BUILD)/lantern: $(REPL_OBJ) $(TENSOR_OBJ) $(LUALIB_OBJ)
	@echo "  LD      $@"
	$(Q)$(CC) -o $@ $^ -Wl,-E $(LUA_LIBS) $(READLINE_LIBS) $(ZLIB_LIBS) $(LDLIBS_ALL)

$(BUILD)/%.lua: lualib/%.lua
	@mkdir -p $(dir $@)
	$(Q)cp $< $@

# the prompt's Lua half (require 'repl' finds build/repl/init.lua)
$(BUILD)/repl/%.lua: repl/%.lua
	@mkdir -p $(dir $@)
	$(Q)cp $< $@

# the pseudo-terminal tests drive build/lantern through forkpty
$(BUILD)/tests/test_repl: LDLIBS_ALL += -lutil

$(BUILD)/tests/%: tests/c/%.c $(TENSOR_OBJ)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(CFLAGS_ALL) -Itests/c -o $@ $< $(TENSOR_OBJ) $(LDLIBS_ALL) $(ZLIB_LIBS)

_test:
	$(Q)tests/run.sh $(BUILD)

_fuzz: $(LUA_OUT) $(BUILD)/fuzz_load
$(BUILD)/fuzz_load: tests/fuzz/fuzz_load.c $(TENSOR_OBJ) $(LUALIB_OBJ)
	@echo "  CC      $<"
	$(Q)$(CC) $(CFLAGS_ALL) -fsanitize=fuzzer -DLT_FUZZ_LUA_DIR='"$(abspath $(BUILD))"' -o $@ $^ \
	  $(LUA_LIBS) $(LDLIBS_ALL)

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
