# The two commands a newcomer needs: `make run` and `make test`. Both do the whole set-up first.
SWIFT ?= swift
# Let the compiler use F16C/AVX2 where the build machine has them (Float16 conversion is 7× faster).
CPUFLAGS := $(shell grep -q ' avx2 ' /proc/cpuinfo 2>/dev/null && grep -q ' f16c ' /proc/cpuinfo && echo "-Xswiftc -target-cpu -Xswiftc haswell")
RELEASE := -c release $(CPUFLAGS)
BIN := .build/release/tokengen

.PHONY: setup deps model build run test bench clean

setup: deps model

deps:
	@bash scripts/setup-deps.sh

model: deps
	@bash scripts/fetch-default-model.sh

build: setup
	$(SWIFT) build $(RELEASE) --product tokengen

run: build
	@bash scripts/run.sh $(BIN)

test: setup
	$(SWIFT) build $(RELEASE) --product tokengen
	$(SWIFT) test $(RELEASE) -Xswiftc -enable-testing
	@bash scripts/test-install.sh
	@bash scripts/test-hf-cache.sh

bench: build
	$(BIN) bench --json --runs 7

clean:
	rm -rf .build
