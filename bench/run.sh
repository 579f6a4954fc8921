#!/usr/bin/env bash
# Benchmark: builds a synthetic multi-GB model and reports, side by side, the
# time and peak memory of modelseal build / verify / digest / validate, tar --zstd -cf
# and sha256sum on the same files, and modelseal's hashing rate against
# `openssl speed -evp sha256` times the number of cores.
#
# usage: bench/run.sh [SIZE_GIB=4] [WORK_DIR]   (needs SIZE_GIB x 3 free disk)
# The page cache is warm for every tool alike (files are read once first).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
size_gib=${1:-4}
work=${2:-$(mktemp -d "${TMPDIR:-/var/tmp}/modelseal-bench.XXXXXX")}
ms=${MODELSEAL:-$root/build/tools/modelseal/modelseal}
[ -x "$ms" ] || { echo "build modelseal first (scripts/build.sh)" >&2; exit 2; }
cores=$(nproc)
model="$work/model"
trap 'rm -rf "$work"' EXIT

# A model folder: 8 weight shards of pseudo-random bytes (weights barely
# compress), a config, and the example's bundle.toml.
mkdir -p "$model"
shard_mib=$((size_gib * 1024 / 8))
shard_bytes=$((shard_mib * 1024 * 1024))
for i in $(seq 1 8); do
  shard="$model/model-0000$i-of-00008.safetensors"
  # A valid safetensors header (one U8 tensor), so validate scans real files.
  python3 - "$shard" "$shard_bytes" <<'PY'
import json, struct, sys
header = json.dumps({"w": {"dtype": "U8", "shape": [int(sys.argv[2])],
                           "data_offsets": [0, int(sys.argv[2])]}}).encode()
open(sys.argv[1], "wb").write(struct.pack("<Q", len(header)) + header)
PY
  { openssl enc -aes-128-ctr -nosalt -pass "pass:shard$i" -in /dev/zero 2>/dev/null || true; } \
    | head -c "$shard_bytes" >> "$shard"
done
cp "$root/examples/tiny-sentiment/config.json" "$model/"
# The example's description, with the default payload (every file) instead of its list.
sed '/^\[payload\]/,$d' "$root/examples/tiny-sentiment/bundle.toml" > "$model/bundle.toml"
cat "$model"/*.safetensors > /dev/null
total_bytes=$(du -cb "$model" | tail -n 1 | cut -f1)

# measure NAME CMD...: wall seconds and peak resident memory.
results=()
measure() {
  local name=$1
  shift
  /usr/bin/time -o "$work/time" -f '%e %M' "$@" >/dev/null 2>"$work/stderr" \
    || { cat "$work/stderr" >&2; echo "bench: $name failed" >&2; exit 1; }
  local out secs kib
  out=$(tail -n 1 "$work/time")
  secs=${out% *}
  kib=${out#* }
  local rate
  rate=$(awk -v b="$total_bytes" -v s="$secs" 'BEGIN { printf "%.0f", (s > 0 ? b / s / 1048576 : 0) }')
  results+=("| $name | $secs | $rate | $((kib / 1024)) |")
}

measure "modelseal build (zstd:1)" "$ms" build "$model" -o "$work/m.mbundle"
measure "modelseal build (none)" "$ms" build "$model" -o "$work/plain.mbundle" --compression none
measure "modelseal verify --integrity-only" "$ms" verify --integrity-only "$work/m.mbundle"
measure "modelseal digest (folder)" "$ms" digest "$model"
"$ms" keygen -o "$work/bench.key" >/dev/null
measure "modelseal sign (bundle)" "$ms" sign "$work/m.mbundle" --key "$work/bench.key"
measure "modelseal verify (bundle, signature)" "$ms" verify "$work/m.mbundle" --key "$work/bench.pub"
measure "modelseal sign (folder)" "$ms" sign "$model" --key "$work/bench.key"
measure "modelseal verify (folder, signature)" "$ms" verify "$model" --key "$work/bench.pub"
measure "modelseal validate (bundle)" "$ms" validate "$work/m.mbundle" --work-dir "$work"
printf 'schema = "modelseal.registry-policy/v1"\n[bundle]\nrequire_canonical = true\n' > "$work/registry.toml"
measure "modelseal validate (bundle, canonical)" "$ms" validate "$work/m.mbundle" --work-dir "$work" \
  --policy "$work/registry.toml"
measure "modelseal validate (folder)" "$ms" validate "$model"
measure "tar --zstd -cf" tar --zstd -cf "$work/t.tar.zst" -C "$model" .
# What build does too: the output on disk before the command returns (build fsyncs its bundle).
sync
measure "tar --zstd -cf && sync FILE" bash -c 'tar --zstd -cf "$1" -C "$2" . && sync "$1"' _ "$work/t2.tar.zst" "$model"
measure "sha256sum" sha256sum "$model"/*
measure "openssl dgst -sha256" openssl dgst -sha256 "$model"/model-0000*.safetensors

[ "$(stat -c %s "$work/plain.mbundle")" -gt "$total_bytes" ] || { echo "bench: the bundle misses files" >&2; exit 1; }

speed=$(openssl speed -evp sha256 -bytes 16384 -seconds 2 2>/dev/null | awk '/^sha256/ { print $2 }' | sed 's/k$//')
single_mib=$(awk -v k="$speed" 'BEGIN { printf "%.0f", k * 1000 / 1048576 }')

echo "## modelseal benchmark: $(awk -v b="$total_bytes" 'BEGIN { printf "%.2f", b / 1073741824 }') GiB, $cores cores, $(date -u +%Y-%m-%d)"
echo
echo "| command | seconds | MiB/s | peak RSS (MiB) |"
echo "|---|---|---|---|"
printf '%s\n' "${results[@]}"
echo
echo "openssl speed -evp sha256 (16 KiB blocks): $single_mib MiB/s per core, x $cores cores = $((single_mib * cores)) MiB/s"
seconds_of() { printf '%s\n' "${results[@]}" | awk -F' [|] ' -v n="| $1" '$1 == n { print $2 }'; }
echo "build (zstd:1) / (tar --zstd -cf && sync FILE): $(awk -v a="$(seconds_of "modelseal build (zstd:1)")" \
  -v b="$(seconds_of "tar --zstd -cf && sync FILE")" 'BEGIN { printf "%.2f", a / b }') (target <= 1.10)"
echo "bundle sizes: zstd:1 $(stat -c %s "$work/m.mbundle") bytes, none $(stat -c %s "$work/plain.mbundle") bytes, tar --zstd $(stat -c %s "$work/t.tar.zst") bytes"
