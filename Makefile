# The two commands a newcomer needs: `make run` and `make test`. Both do the whole set-up first.
SWIFT ?= swift
# Let the compiler use F16C/AVX2 where the build machine has them (Float16 conversion is 7× faster).
CPUFLAGS := $(shell grep -q ' avx2 ' /proc/cpuinfo 2>/dev/null && grep -q ' f16c ' /proc/cpuinfo && echo "-Xswiftc -target-cpu -Xswiftc haswell")
RELEASE := -c release $(CPUFLAGS)
BIN := .build/release/tokengen

.PHONY: setup deps model build run test test-window-e2e bench clean fuzz fuzz-smoke check-asan check-tsan probe

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
	$(SWIFT) test $(RELEASE) -Xswiftc -enable-testing --skip ShellTests
	# The window suites (in-process GTK and the out-of-process end-to-end suite) in a process of their own.
	$(SWIFT) test $(RELEASE) -Xswiftc -enable-testing --skip-build --filter ShellTests
	@bash scripts/test-install.sh
	@bash scripts/test-hf-cache.sh
	@bash scripts/fuzz.sh smoke

test-window-e2e: setup
	$(SWIFT) test $(RELEASE) -Xswiftc -enable-testing --filter WindowEndToEndTests

bench: build
	$(BIN) bench --json --runs 7

# Fuzz every parser for FUZZ_SECONDS each (libFuzzer + AddressSanitizer, built into .build-fuzz).
FUZZ_SECONDS ?= 300
fuzz:
	bash scripts/fuzz.sh run $(FUZZ_SECONDS)

# What `make test` runs: an unoptimised fuzz build, every checked-in crasher and seed, 5 s per target.
fuzz-smoke:
	bash scripts/fuzz.sh smoke

# The unit tests under AddressSanitizer / ThreadSanitizer, each in its own scratch folder. The backtracer
# is off (it hangs after a trap and adds a false ASan report); see README "Robustness".
SANITIZE_SKIP ?= --skip ShellTests
check-asan:
	SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0 $(SWIFT) build --build-tests -Xswiftc -sanitize=address --scratch-path .build-asan
	SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0 $(SWIFT) test --skip-build -Xswiftc -sanitize=address --scratch-path .build-asan $(SANITIZE_SKIP)

check-tsan:
	SWIFT_BACKTRACE=enable=no $(SWIFT) build --build-tests -Xswiftc -sanitize=thread --scratch-path .build-tsan
	SWIFT_BACKTRACE=enable=no $(SWIFT) test --skip-build -Xswiftc -sanitize=thread --scratch-path .build-tsan $(SANITIZE_SKIP)

# The crafted-corpus probe (scripts/probe-crafted.sh) against the release build.
probe: build
	bash scripts/probe-crafted.sh $(BIN)

clean:
	rm -rf .build .build-fuzz .build-fuzz-smoke .build-asan .build-tsan .build-probe
