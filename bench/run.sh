#!/usr/bin/env bash
# Benchmark: every modelseal figure beside its limit, measured in the same run.
#   hashing (verify, sign, digest)    openssl speed -evp sha256 x cores (one core for one file)
#   build (zstd:1) / build (none)     tar --zstd -cf / tar -cf of the folder, then sync of the output
#   validate (bundle [, canonical])   the verify --integrity-only rate of the same bundle
#   OMS's reference hashing           oms_hash.py (../shared/tools/oms-hashing-reference)
# on a synthetic model (8 safetensors shards of pseudo-random bytes), then on one file of the same
# size; with BENCH_MEMORY_GIB=10, peak RSS on a model of that size too (off by default).
#
# usage: bench/run.sh [SIZE_GIB=4] [WORK_DIR]   (SIZE_GIB may be fractional: 0.25)
# Needs 3 x SIZE_GIB (and 3 x BENCH_MEMORY_GIB) of free disk in WORK_DIR (default $TMPDIR or
# /var/tmp): the model, its bundle, and the copy tar, build or validate writes. Prints a markdown table for docs/benchmarks.md. The page cache is warm for
# every tool alike. Exit 1 only when a modelseal command fails or disagrees with the reference
# digest; a missing or failing reference tool only skips its row (a note says why).
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"

size_gib=${1:-4}
check_gib "$size_gib"
[ -z "${BENCH_MEMORY_GIB:-}" ] || check_gib "$BENCH_MEMORY_GIB"
bench_start "${2:-${TMPDIR:-/var/tmp}}"
oms_tool=$bench_root/../shared/tools/oms-hashing-reference/oms_hash.py
if [ ! -f "$oms_tool" ]; then
  notes+=("- the oms_hash.py rows are skipped: no $oms_tool (the ../shared folder is absent from this clone)")
  oms_tool=""
fi
model=$work/model
bundle=$work/m.mbundle

# tar_then_sync OUT DIR [TAR_OPTION]: what build is measured against, the output synced as build
# syncs its own.
tar_then_sync() {
  # shellcheck disable=SC2016
  ref_measure "$1" "$total" tar bash -c 'tar $3 -cf "$1" -C "$2" . && sync "$1"' _ "$work/$1.tar" "$model" "$2" || true
  rm -f "$work/$1.tar"
}

# oms_measure ID PATH files|shards [SHARD_SIZE]: OMS's own hashing; its seconds are the ones it
# prints (hashing only, without Python's start-up); its root digest is kept in oms_root[ID].
declare -A oms_root=()
oms_measure() {
  local id=$1 path=$2
  shift 2
  [ -n "$oms_tool" ] || return 0
  ref_measure "$id" "$(du -sb "$path" | cut -f1)" python3 python3 "$oms_tool" "$path" "$@" || return 0
  local line
  line=$(tail -n 1 "$work/$id.out")
  record "$id" "$(du -sb "$path" | cut -f1)" "$(awk '{ print $2 }' <<<"$line")"
  oms_root[$id]=${line##*root }
}

# same_digest LABEL MODELSEAL_ID OMS_ID: modelseal's files-mode root digest must be OMS's.
same_digest() {
  local ours theirs=${oms_root[$3]:-}
  [ -n "$theirs" ] || return 0
  ours=$(tail -n 1 "$work/$2.out")
  if [ "$ours" = "$theirs" ]; then
    notes+=("- $1: modelseal digest and oms_hash.py agree ($ours)")
  else
    notes+=("- $1: DIGEST MISMATCH, modelseal $ours, oms_hash.py $theirs")
    failed=1
  fi
}

# peer_note LABEL MODELSEAL_ID OMS_ID: how many times faster than OMS's Python hashing.
peer_note() {
  [ -n "${secs[$2]:-}" ] && [ -n "${secs[$3]:-}" ] || return 0
  notes+=("- $1: modelseal $(awk -v a="${rate[$2]}" -v b="${rate[$3]}" 'BEGIN { printf "%.2f", a / b }')x the rate of oms_hash.py")
}

# shard_bytes BYTES: BENCH_SHARD_SIZE, or an eighth of BYTES rounded up to 4 KiB (min 4 KiB).
shard_bytes() {
  local s=${BENCH_SHARD_SIZE:-$(( ($1 / 8 + 4095) / 4096 * 4096 ))}
  echo $((s < 4096 ? 4096 : s))
}

need_disk $((3 * $(gib_to_bytes "$size_gib")))
[ -z "${BENCH_MEMORY_GIB:-}" ] || need_disk $((3 * $(gib_to_bytes "$BENCH_MEMORY_GIB")))
make_model "$model" "$(gib_to_bytes "$size_gib")"
cat "$model"/* >/dev/null
total=$(du -sb "$model" | cut -f1)
sha256_limits

# Build, and what it is measured against.
tar_then_sync tar_zstd --zstd
ms_measure build_zstd "$total" build "$model" -o "$bundle"
tar_then_sync tar_plain ""
ms_measure build_none "$total" build "$model" -o "$work/plain.mbundle" --compression none
[ "$(stat -c %s "$work/plain.mbundle")" -gt "$total" ] || { echo "bench: the bundle misses files" >&2; exit 1; }
bundle_sizes="zstd:1 $(stat -c %s "$bundle") bytes, none $(stat -c %s "$work/plain.mbundle") bytes"
sync
cat "$work/plain.mbundle" >/dev/null
ms_measure verify_int_plain "$total" verify --integrity-only "$work/plain.mbundle"
rm -f "$work/plain.mbundle"
row "build (zstd:1)" build_zstd tar_zstd "tar --zstd -cf + sync" 0.91
row "build (none)" build_none tar_plain "tar -cf + sync"
row "tar --zstd -cf + sync (reference)" tar_zstd
row "tar -cf + sync (reference)" tar_plain

# A bundle: hashing paths, then validation against the verify rate. The builds' writeback done
# first, so that it does not share the disk and the CPU with the rows below.
sync
cat "$bundle" >/dev/null
ms_setup keygen -o "$work/bench.key"
ms_measure verify_int_bundle "$total" verify --integrity-only "$bundle"
ms_measure digest_bundle "$total" digest "$bundle"
ms_measure sign_bundle "$total" sign "$bundle" --key "$work/bench.key"
ms_measure verify_bundle "$total" verify "$bundle" --key "$work/bench.pub"
ms_measure validate_bundle "$total" validate "$bundle" --work-dir "$work"
printf 'schema = "modelseal.registry-policy/v1"\n[bundle]\nrequire_canonical = true\n' >"$work/registry.toml"
ms_measure validate_canonical "$total" validate "$bundle" --work-dir "$work" --policy "$work/registry.toml"
rm -f "$bundle" "$bundle.sig"
# A zstd bundle is one stream: its files come one after another and a file's SHA-256 is
# sequential, so two files are hashed at once only within the reader's look-ahead pool.
if [ -n "$sha_core_mibs" ]; then
  notes+=("- a zstd bundle's bound is one core's SHA-256 ($(printf '%.0f' "$sha_core_mibs") MiB/s) plus the overlap the reader's look-ahead allows (24 MiB per core, at most 48): verify --integrity-only reaches $(awk -v r="${rate[verify_int_bundle]}" -v l="$sha_core_mibs" 'BEGIN { printf "%.2f", r / l }') of one core (docs/benchmarks.md explains)")
fi
row "verify --integrity-only (bundle)" verify_int_bundle sha-all "SHA-256 x $cores" 0.85
row "verify --integrity-only (bundle, --compression none)" verify_int_plain sha-all "SHA-256 x $cores" 0.85
row "digest (bundle)" digest_bundle sha-all "SHA-256 x $cores" 0.85
row "sign (bundle)" sign_bundle sha-all "SHA-256 x $cores" 0.85
row "verify (bundle, signature)" verify_bundle sha-all "SHA-256 x $cores" 0.85
row "validate (bundle)" validate_bundle verify_int_bundle "verify --integrity-only" 0.80
row "validate (bundle, canonical)" validate_canonical verify_int_bundle "verify --integrity-only" 0.80

# The folder: hashing paths, beside OMS's reference hashing of the same 8 files. Read again
# first: the bundles above may have pushed some of it out of the page cache.
cat "$model"/* >/dev/null
ms_measure digest_folder "$total" digest "$model"
# What a tool that read()s each file can reach: openssl's own digest, one file per core at once.
# shellcheck disable=SC2016
ref_measure dgst_folder "$total" openssl bash -c 'printf "%s\0" "$1"/*.safetensors | xargs -0 -P "$2" -n 1 openssl dgst -sha256 >/dev/null' _ "$model" "$cores" || true
oms_measure oms_folder "$model" files
same_digest "8-file model" digest_folder oms_folder
peer_note "8-file model, files serialization" digest_folder oms_folder
ms_measure sign_folder "$total" sign "$model" --key "$work/bench.key"
ms_measure verify_folder "$total" verify "$model" --key "$work/bench.pub"
ms_measure validate_folder "$total" validate "$model"
rm -f "$model/model.sig"
row "digest (folder)" digest_folder sha-all "SHA-256 x $cores" 0.85
row "oms_hash.py files (folder, reference)" oms_folder sha-all "SHA-256 x $cores"
row "openssl dgst -sha256, $cores files at once (folder, reference)" dgst_folder sha-all "SHA-256 x $cores"
row "sign (folder)" sign_folder sha-all "SHA-256 x $cores" 0.85
row "verify (folder, signature)" verify_folder sha-all "SHA-256 x $cores" 0.85
row "validate (folder; headers only)" validate_folder

# One file of the same size: files serialization is one core's work; shards use every core.
rm -rf "$model"
one=$work/one.bin
random_file "$one" "$(gib_to_bytes "$size_gib")" one
cat "$one" >/dev/null
shard=$(shard_bytes "$total")
ms_measure digest_one "$total" digest "$one"
oms_measure oms_one "$one" files
same_digest "one file" digest_one oms_one
peer_note "one file, files serialization" digest_one oms_one
ms_measure sign_shards_one "$total" sign "$one" --key "$work/bench.key" --shard-size "$shard" --signature "$work/one.sig"
ms_measure verify_shards_one "$total" verify "$one" --key "$work/bench.pub" --signature "$work/one.sig"
oms_measure oms_shards_one "$one" shards "$shard"
peer_note "one file, shards of $shard bytes (sign --shard-size vs oms_hash.py shards)" sign_shards_one oms_shards_one
rm -f "$one" "$work/one.sig"
row "digest (one file)" digest_one sha-core "SHA-256, 1 core"
row "oms_hash.py files (one file, reference)" oms_one sha-core "SHA-256, 1 core"
row "sign --shard-size $shard (one file)" sign_shards_one sha-all "SHA-256 x $cores" 0.80
row "verify (one file, shards)" verify_shards_one sha-all "SHA-256 x $cores" 0.80
row "oms_hash.py shards $shard (one file, reference)" oms_shards_one sha-all "SHA-256 x $cores"

# Memory: peak RSS must stay under the budget whatever the size.
if [ -n "${BENCH_MEMORY_GIB:-}" ]; then
  make_model "$model" "$(gib_to_bytes "$BENCH_MEMORY_GIB")"
  big=$(du -sb "$model" | cut -f1)
  tag="[$(bytes_to_gib "$big") GiB]"
  ms_measure mem_build "$big" build "$model" -o "$bundle"
  ms_measure mem_verify "$big" verify --integrity-only "$bundle"
  ms_measure mem_validate "$big" validate "$bundle" --work-dir "$work"
  rm -f "$bundle"
  ms_measure mem_sign_shards "$big" sign "$model" --key "$work/bench.key" --shard-size "$(shard_bytes "$big")"
  rm -rf "$model"
  row "build (zstd:1) $tag" mem_build
  row "verify --integrity-only (bundle) $tag" mem_verify sha-all "SHA-256 x $cores" 0.85
  row "validate (bundle) $tag" mem_validate
  row "sign --shard-size (folder) $tag" mem_sign_shards sha-all "SHA-256 x $cores" 0.80
fi

notes+=("- bundle sizes: $bundle_sizes; targets from issue 18 (build: at most 1.1x the time of tar --zstd + sync)")
print_table "modelseal benchmark (bench/run.sh $size_gib)" "$total"
exit "$failed"
