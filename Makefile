# The two commands a newcomer needs: `make run` and `make test`. Both do the whole set-up first.
SWIFT ?= swift
# Let the compiler use F16C/AVX2 where the build machine has them (Float16 conversion is 7× faster).
CPUFLAGS := $(shell grep -q ' avx2 ' /proc/cpuinfo 2>/dev/null && grep -q ' f16c ' /proc/cpuinfo && echo "-Xswiftc -target-cpu -Xswiftc haswell")
RELEASE := -c release $(CPUFLAGS)
BIN := .build/release/tokengen

.PHONY: setup deps model build run test test-window-e2e bench clean fuzz fuzz-long fuzz-smoke check-asan check-tsan probe

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
	$(BIN) bench --json --tokens 8,32,128,1024,2048 --runs 3

# Fuzz every parser for FUZZ_SECONDS each (libFuzzer + AddressSanitizer, built into .build-fuzz).
FUZZ_SECONDS ?= 300
fuzz:
	bash scripts/fuzz.sh run $(FUZZ_SECONDS)

# The long run the README records: each target in turn until FUZZ_RUNS executions (or FUZZ_SECONDS), at low
# priority; executions per target are appended to .build-fuzz/logs/summary.
FUZZ_RUNS ?= 10000000
FUZZ_TARGETS ?= plugin vocabmerges index pickle safetensors zip tokenizer config gguf
fuzz-long:
	nice -n 15 bash scripts/fuzz.sh long $(FUZZ_RUNS) $(or $(FUZZ_LONG_SECONDS),36000) $(FUZZ_TARGETS)

# What `make test` runs: an unoptimised fuzz build, every checked-in crasher and seed, 5 s per target.
fuzz-smoke:
	bash scripts/fuzz.sh smoke

# The unit tests under AddressSanitizer / ThreadSanitizer, each in its own scratch folder, at low priority, in two
# processes like `make test` (the window suites in their own). The window suites run an optimised, instrumented
# app (`SAN_APP`, named by TOKENGEN_TEST_APP; a debug one is too slow for their timeouts), and a sanitizer report
# in its stderr fails the test, so the app's analysis and GTK threads are checked as well as the in-process GTK
# suite. The CLI and hub tests run the release build (`build`), which is not instrumented. The backtracer is off
# (it hangs after a trap and adds a false ASan report); see README "Robustness".
SAN_BUILD = SWIFT_BACKTRACE=enable=no nice -n 15 $(SWIFT) build --build-tests
SAN_TEST = SWIFT_BACKTRACE=enable=no nice -n 15 $(SWIFT) test --skip-build
SAN_APP = SWIFT_BACKTRACE=enable=no nice -n 15 $(SWIFT) build $(RELEASE) --product tokengen
TSAN_OPTIONS ?= suppressions=$(CURDIR)/scripts/tsan-suppressions.txt
check-asan: build
	$(SAN_BUILD) -Xswiftc -sanitize=address --scratch-path .build-asan
	$(SAN_APP) -Xswiftc -sanitize=address --scratch-path .build-asan
	ASAN_OPTIONS=detect_leaks=0 $(SAN_TEST) -Xswiftc -sanitize=address --scratch-path .build-asan --skip ShellTests
	ASAN_OPTIONS=detect_leaks=0 TOKENGEN_TEST_APP=.build-asan/release/tokengen $(SAN_TEST) \
		-Xswiftc -sanitize=address --scratch-path .build-asan --filter ShellTests

check-tsan: build
	$(SAN_BUILD) -Xswiftc -sanitize=thread --scratch-path .build-tsan
	$(SAN_APP) -Xswiftc -sanitize=thread --scratch-path .build-tsan
	TSAN_OPTIONS="$(TSAN_OPTIONS)" $(SAN_TEST) -Xswiftc -sanitize=thread --scratch-path .build-tsan --skip ShellTests
	TSAN_OPTIONS="$(TSAN_OPTIONS)" TOKENGEN_TEST_APP=.build-tsan/release/tokengen $(SAN_TEST) \
		-Xswiftc -sanitize=thread --scratch-path .build-tsan --filter ShellTests

# The crafted-corpus probe (scripts/probe-crafted.sh) against the release build.
probe: build
	bash scripts/probe-crafted.sh $(BIN)

clean:
	rm -rf .build .build-fuzz .build-fuzz-smoke .build-asan .build-tsan .build-probe
