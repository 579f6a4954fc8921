#!/usr/bin/env bash
# Builds every fuzz target with clang's libFuzzer, AddressSanitizer and UBSan
# (into build-fuzz/, or $FUZZ_BUILD_DIR) and runs each for SECONDS (default
# 15): first over its whole seed corpus, then mutating it. New inputs go to a
# scratch folder, never into fuzz/corpus. Fails on the first crash, leak,
# sanitizer report or input slower than 10 s.
#
# usage: scripts/fuzz.sh [SECONDS] [TARGET...]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-15}
shift || true
build_dir=${FUZZ_BUILD_DIR:-$root/build-fuzz}
command -v clang++ >/dev/null || { echo "fuzz: clang++ is needed (apt-get install clang)" >&2; exit 2; }

CXX=clang++ cmake -S "$root" -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DMODELSEAL_FUZZ=ON -DMODELSEAL_TESTS=OFF >/dev/null
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for src in "$root"/fuzz/fuzz_*.cpp; do targets+=("$(basename "$src" .cpp)"); done
fi
cmake --build "$build_dir" -j "$(nproc)" --target "${targets[@]}"

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
for target in "${targets[@]}"; do
  name=${target#fuzz_}
  mkdir -p "$scratch/$name"
  if ! "$build_dir/fuzz/$target" "$scratch/$name" "$root/fuzz/corpus/$name" \
      -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=1048576 \
      -artifact_prefix="$scratch/" >"$scratch/$name.log" 2>&1; then
    tail -n 60 "$scratch/$name.log"
    echo "fuzz: $target failed; the input is saved in $build_dir/artifacts/" >&2
    mkdir -p "$build_dir/artifacts"
    cp "$scratch"/crash-* "$scratch"/leak-* "$scratch"/timeout-* "$build_dir/artifacts/" 2>/dev/null || true
    exit 1
  fi
  runs=$(grep -oE '^(#[0-9]+).*(DONE|INITED)' "$scratch/$name.log" | tail -n 1 | grep -oE '^#[0-9]+' || true)
  echo "fuzz: $target ok (${seconds}s, ${runs#\#} runs, $(ls "$root/fuzz/corpus/$name" | wc -l) seeds)"
done
