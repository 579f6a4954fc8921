#!/usr/bin/env bash
# Benchmark of sealing: seal / open throughput on a SIZE_GIB bundle next to
# `openssl enc` (AES-256-CTR, no authentication) and `age` on the same file,
# and the time of `shred` on sealed bundles of each size in SHRED_GIB (it
# must not grow with the size: shredding destroys keys, it never touches the
# payload).
#
# usage: bench/lifecycle.sh [SIZE_GIB=1] [SHRED_GIB="1 10"] [WORK_DIR]
# Needs about 3 x the largest size of free disk; `age` is optional.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
size_gib=${1:-1}
shred_sizes=${2:-"1 10"}
work=${3:-$(mktemp -d "${TMPDIR:-/var/tmp}/modelseal-bench-life.XXXXXX")}
ms=${MODELSEAL:-$root/build/tools/modelseal/modelseal}
[ -x "$ms" ] || { echo "build modelseal first (scripts/build.sh)" >&2; exit 2; }
trap 'rm -rf "$work"' EXIT
cd "$work"

# make_bundle GIB NAME: a bundle (no compression) of one pseudo-random GIB-GiB weight file.
make_bundle() {
  local gib=$1 name=$2
  rm -rf "model-$name"
  mkdir "model-$name"
  sed '/^\[payload\]/,$d' "$root/examples/tiny-sentiment/bundle.toml" > "model-$name/bundle.toml"
  openssl enc -aes-128-ctr -nosalt -pass "pass:$name" -in /dev/zero 2>/dev/null |
    head -c $((gib * 1024 * 1024 * 1024)) > "model-$name/weights.bin" || true
  "$ms" build "model-$name" -o "$name.mbundle" --compression none >/dev/null
  rm -rf "model-$name"
}

results=()
# measure NAME BYTES CMD...: wall seconds, MiB/s over BYTES, peak resident memory.
measure() {
  local name=$1 bytes=$2
  shift 2
  /usr/bin/time -o time.txt -f '%e %M' "$@" >/dev/null 2>stderr.txt ||
    { cat stderr.txt >&2; echo "bench: $name failed" >&2; exit 1; }
  local out secs kib rate
  out=$(tail -n 1 time.txt)
  secs=${out% *}
  kib=${out#* }
  rate=$(awk -v b="$bytes" -v s="$secs" 'BEGIN { printf "%.0f", (s > 0 ? b / s / 1048576 : 0) }')
  results+=("| $name | $secs | $rate | $((kib / 1024)) |")
}

echo "passphrase for the benchmark keystore" > pass
"$ms" keystore init ks --passphrase-file pass >/dev/null
"$ms" keygen -o operator.key >/dev/null

make_bundle "$size_gib" main
bytes=$(stat -c %s main.mbundle)
cat main.mbundle > /dev/null
measure "modelseal seal" "$bytes" "$ms" seal main.mbundle --keystore ks --passphrase-file pass -o main.sealed
measure "modelseal open -o (decrypt + verify)" "$bytes" \
  "$ms" open main.sealed --keystore ks --passphrase-file pass -o main.opened.mbundle
rm -f main.opened.mbundle
measure "modelseal open -C (decrypt + verify + extract)" "$bytes" \
  "$ms" open main.sealed --keystore ks --passphrase-file pass -C main.extracted
rm -rf main.extracted
measure "modelseal verify --integrity-only (plain bundle, for scale)" "$bytes" \
  "$ms" verify --integrity-only main.mbundle
measure "openssl enc -aes-256-ctr (encrypt, unauthenticated)" "$bytes" \
  openssl enc -aes-256-ctr -pbkdf2 -pass pass:bench -in main.mbundle -out main.ctr
measure "openssl enc -d -aes-256-ctr" "$bytes" \
  openssl enc -d -aes-256-ctr -pbkdf2 -pass pass:bench -in main.ctr -out main.ctr.out
rm -f main.ctr main.ctr.out
if command -v age >/dev/null && command -v age-keygen >/dev/null; then
  age-keygen -o age.key 2>/dev/null
  recipient=$(age-keygen -y age.key)
  measure "age -r (encrypt)" "$bytes" age -r "$recipient" -o main.age main.mbundle
  measure "age -d" "$bytes" age -d -i age.key -o main.age.out main.age
  rm -f main.age main.age.out
fi
rm -f main.sealed main.mbundle

shred_rows=()
for gib in $shred_sizes; do
  make_bundle "$gib" "s$gib"
  "$ms" seal "s$gib.mbundle" --keystore ks --passphrase-file pass -o "s$gib.sealed" >/dev/null
  rm -f "s$gib.mbundle"
  sealed_bytes=$(stat -c %s "s$gib.sealed")
  start=$(date +%s.%N)
  "$ms" shred "s$gib.sealed" --keystore ks --passphrase-file pass --key operator.key \
    --reason benchmark --reuse-passphrase >/dev/null
  end=$(date +%s.%N)
  shred_rows+=("| $gib GiB ($sealed_bytes bytes) | $(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }') |")
  rm -f "s$gib.sealed"
done

echo "## modelseal sealing benchmark: $size_gib GiB bundle, $(nproc) cores, $(date -u +%Y-%m-%d)"
echo
echo "| command | seconds | MiB/s | peak RSS (MiB) |"
echo "|---|---|---|---|"
printf '%s\n' "${results[@]}"
echo
echo "| shred of a sealed bundle of | seconds (scrypt unlock included) |"
echo "|---|---|"
printf '%s\n' "${shred_rows[@]}"
