#!/usr/bin/env bash
# libFuzzer targets for every parser (Tests/Fuzz/FuzzTargets.swift), built with -sanitize=fuzzer,address
# into .build-fuzz with plain swiftc, so `swift build` / `swift test` never compile them.
#
#   scripts/fuzz.sh build                 # build .build-fuzz/tokengen-fuzz
#   scripts/fuzz.sh run SECONDS [TARGET…] # fuzz each target SECONDS (default: all targets)
#   scripts/fuzz.sh long RUNS SECONDS TARGET…  # each target until RUNS executions or SECONDS, log in .build-fuzz/logs
#   scripts/fuzz.sh replay                # run every checked-in crasher and seed once (regression)
#   scripts/fuzz.sh smoke                 # CI: -Onone build in .build-fuzz-smoke, replay, 5 s per target
#
# A crash writes .build-fuzz/artifacts/TARGET/crash-*: copy it into Tests/Fuzz/crashers/TARGET/ and add a test.
# LeakSanitizer is on (libFuzzer checks each input whose mallocs and frees differ, and the whole process at exit).
# Run one target at a time under `nice` on a shared machine: each run is one process (what -jobs=1 gives).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${FUZZ_OUT:-.build-fuzz}
BIN=$OUT/tokengen-fuzz
TARGETS=(gguf safetensors index zip pickle tokenizer vocabmerges config plugin)
export SWIFT_BACKTRACE=enable=no
# Leak detection stays on. The harness parses from memory, so FoundationEssentials' Data(contentsOf:), which
# leaks on some error paths (a toolchain bug), is not on the fuzzed path; the loader runs on one thread
# (TOKENGEN_SERIAL_LOAD, set by the harness) because libdispatch's per-thread caches look like leaks.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
OPT=${FUZZ_OPT:--O}

build() {
    mkdir -p "$OUT"
    local flags=(-sanitize=fuzzer,address -parse-as-library -enable-testing -gline-tables-only "$OPT" -swift-version 6
                 -I "$OUT" -I Sources/COpenBLAS -Xcc -Wno-everything)
    # Each module is rebuilt when one of its files (or a module before it) changed since its object.
    local stale=0
    module() {  # NAME FILES…
        local name=$1; shift
        if [ $stale = 0 ] && [ -f "$OUT/$name.o" ] && [ -z "$(find "$@" -newer "$OUT/$name.o")" ]; then return; fi
        stale=1
        swiftc "${flags[@]}" -wmo -c -module-name "$name" -emit-module -emit-module-path "$OUT/$name.swiftmodule" \
            "$@" -o "$OUT/$name.o"
    }
    module TensorCore Sources/TensorCore/*.swift
    module ModelFiles Sources/ModelFiles/*.swift
    module Tokenizers Sources/Tokenizers/*.swift
    module Transformer Sources/Transformer/*.swift
    # The plugin loader's parsers only (the rest of PluginKit pulls in Analysis and Charts).
    module PluginKit Sources/PluginKit/PluginMetadata.swift Sources/PluginKit/PluginInfo.swift \
        Sources/PluginKit/ExternalPlugin{Error,ELF,ABI,Permissions}.swift
    # The linker's "cannot export local symbol __asan_*" warnings are noise: keep them out of the log.
    swiftc "${flags[@]}" Tests/Fuzz/FuzzTargets.swift "$OUT"/{TensorCore,ModelFiles,Tokenizers,Transformer,PluginKit}.o \
        -lopenblas -o "$BIN" 2> >(grep -v -e 'Cannot export local symbol' -e '^warning: prohibited' >&2)
}

# Seeds: the checked-in ones, the crashers found so far, and the shared fixtures of each kind.
seed() {  # TARGET → prints the seed folders
    local t=$1
    local dir=$OUT/corpus/$t fx=../shared/fixtures
    mkdir -p "$dir"
    cp -n Tests/Fuzz/seeds/"$t"/* "$dir"/ 2>/dev/null || true
    cp -n Tests/Fuzz/crashers/"$t"/* "$dir"/ 2>/dev/null || true
    small() { find "$@" -type f -size -300k 2>/dev/null | while read -r f; do cp -n "$f" "$dir/fx-$(basename "$(dirname "$f")")-$(basename "$f")"; done; }
    case $t in
        gguf) small $fx/bad -name '*.gguf'; small $fx/quant -name '*.gguf'; small $fx/tokenizer -name '*.gguf' ;;
        safetensors) small $fx/bad -name '*.safetensors'; small $fx/quant $fx/clustering -name '*.safetensors' ;;
        zip) small $fx/bad -name '*.bin' ;;
        tokenizer) small $fx/models -name tokenizer.json ;;
        config) small $fx/models -name config.json ;;
        *) ;;
    esac
    echo "$dir"
}

# Longest input per target: JSON configs and shard indexes are a few KB; the binary formats need room.
max_len() {
    case $1 in config | index) echo 16384 ;; *) echo 65536 ;; esac
}

fuzz() {  # TARGET SECONDS [RUNS] → the libFuzzer log on stdout
    local t=$1 corpus
    mkdir -p "$OUT/artifacts/$t"
    corpus=$(seed "$t")
    FUZZ_TARGET=$t "$BIN" "$corpus" -max_total_time="$2" -runs="${3:--1}" -max_len="$(max_len "$t")" \
        -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 -artifact_prefix="$OUT/artifacts/$t/" 2>&1
}

found() {  # TARGET → fails when the run left a crasher, leak, timeout or OOM input
    if [ -n "$(find "$OUT/artifacts/$1" -type f)" ]; then
        echo "FAIL: $1 found inputs in $OUT/artifacts/$1"; return 1
    fi
}

case ${1:-build} in
    build) build ;;
    run)
        secs=${2:-60}; shift $(( $# >= 2 ? 2 : $# ))
        [ -x "$BIN" ] || build
        list=("$@"); [ ${#list[@]} -gt 0 ] || list=("${TARGETS[@]}")
        for t in "${list[@]}"; do
            echo "== $t: ${secs}s"
            fuzz "$t" "$secs" | grep -E '^(stat::number_of_executed_units|==.*ERROR|SUMMARY|Done)|crash-|leak-|timeout-|oom-' || true
            found "$t" || exit 1
        done ;;
    long)
        runs=$2 secs=$3; shift 3
        [ -x "$BIN" ] || build
        mkdir -p "$OUT/logs"
        for t in "$@"; do
            start=$(date +%s)
            fuzz "$t" "$secs" "$runs" > "$OUT/logs/$t.log" || true
            execs=$(awk '/number_of_executed_units/ {print $2}' "$OUT/logs/$t.log")
            echo "$t: ${execs:-?} executions in $(( $(date +%s) - start )) s ($(git rev-parse --short HEAD))" | tee -a "$OUT/logs/summary"
            found "$t" || exit 1
        done ;;
    replay)
        [ -x "$BIN" ] || build
        for t in "${TARGETS[@]}"; do
            files=$(find Tests/Fuzz/seeds/"$t" Tests/Fuzz/crashers/"$t" -type f 2>/dev/null || true)
            [ -n "$files" ] || continue
            # shellcheck disable=SC2086
            FUZZ_TARGET=$t "$BIN" -runs=1 $files >/dev/null 2>&1 || { echo "FAIL: replay of $t"; exit 1; }
            echo "replayed $t"
        done ;;
    corpus) seed "$2" ;;
    smoke)
        start=$(date +%s)
        FUZZ_OUT=.build-fuzz-smoke FUZZ_OPT=-Onone "$0" build
        FUZZ_OUT=.build-fuzz-smoke "$0" replay
        FUZZ_OUT=.build-fuzz-smoke "$0" run 5
        echo "fuzz smoke: $(( $(date +%s) - start )) s" ;;
    *) echo "usage: $0 build | run SECONDS [TARGET…] | long RUNS SECONDS TARGET… | replay | smoke" >&2; exit 2 ;;
esac
