#!/usr/bin/env bash
# Builds every fuzz target with clang's libFuzzer, AddressSanitizer and UBSan
# (into build-fuzz/, or $FUZZ_BUILD_DIR) and runs each for SECONDS (default
# 15): first over its whole seed corpus, then mutating it. New inputs go to a
# scratch folder, never into fuzz/corpus. Runs as many targets at once as there
# are cores; fails if any target found a crash, leak, sanitizer report or input
# slower than 10 s (the input is copied to build-fuzz/artifacts/).
#
# usage: scripts/fuzz.sh [SECONDS] [TARGET...]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-15}
shift || true
build_dir=${FUZZ_BUILD_DIR:-$root/build-fuzz}
command -v clang++ >/dev/null || { echo "fuzz: clang++ is needed (apt-get install clang)" >&2; exit 2; }

CXX=clang++ cmake -S "$root" -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DMODELSEAL_FUZZ=ON -DMODELSEAL_TESTS=OFF -DCMAKE_UNITY_BUILD=ON >/dev/null
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for src in "$root"/fuzz/fuzz_*.cpp; do targets+=("$(basename "$src" .cpp)"); done
  cmake --build "$build_dir" -j "$(nproc)" --target fuzz_targets  # one goal: built side by side
else
  cmake --build "$build_dir" -j "$(nproc)" --target "${targets[@]}"
fi

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1

# One target: its own scratch corpus, log and artifact prefix; the exit status goes to NAME.rc.
run_target() {
  local target=$1 name=${1#fuzz_}
  mkdir -p "$scratch/$name"
  local rc=0
  "$build_dir/fuzz/$target" "$scratch/$name" "$root/fuzz/corpus/$name" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=1048576 \
    -artifact_prefix="$scratch/$name-" >"$scratch/$name.log" 2>&1 || rc=$?
  echo "$rc" >"$scratch/$name.rc"
}

# As many targets at once as there are cores; results are reported in order afterwards.
jobs_max=$(nproc)
for target in "${targets[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$jobs_max" ]; do wait -n || true; done
  run_target "$target" &
done
wait

failed=0
for target in "${targets[@]}"; do
  name=${target#fuzz_}
  if [ "$(cat "$scratch/$name.rc")" != 0 ]; then
    tail -n 60 "$scratch/$name.log"
    echo "fuzz: $target failed; the input is saved in $build_dir/artifacts/" >&2
    mkdir -p "$build_dir/artifacts"
    cp "$scratch/$name"-crash-* "$scratch/$name"-leak-* "$scratch/$name"-timeout-* \
       "$scratch/$name"-slow-unit-* "$build_dir/artifacts/" 2>/dev/null || true
    failed=1
    continue
  fi
  runs=$(grep -oE '^(#[0-9]+).*(DONE|INITED)' "$scratch/$name.log" | tail -n 1 | grep -oE '^#[0-9]+' || true)
  echo "fuzz: $target ok (${seconds}s, ${runs#\#} runs, $(ls "$root/fuzz/corpus/$name" | wc -l) seeds)"
done
exit "$failed"
