#!/usr/bin/env bash
# Benchmark of sealing, every figure beside its limit measured in the same run:
#   seal                        age -r (encrypt) of the same bundle, with a generated age key
#   open -o, open -C            age -d of the same file
#   verify --integrity-only     openssl speed -evp sha256 on one core (the bundle holds one file)
# and the time of `shred` on the sealed bundle and on sealed bundles of each size in SHRED_GIB (it
# must not grow with the size: shredding destroys keys, it never touches the payload).
#
# usage: bench/lifecycle.sh [SIZE_GIB=1] [SHRED_GIB="0.01"] [WORK_DIR]   (sizes may be fractional)
# Needs about 3 x the largest size of free disk in WORK_DIR (default $TMPDIR or /var/tmp). A
# missing age only skips its rows and the seal/open ratios (a note says why). Exit 1 only when a
# modelseal command fails.
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"

size_gib=${1:-1}
check_gib "$size_gib"
shred_sizes=${2:-0.01}
for gib in $shred_sizes; do check_gib "$gib"; done
bench_start "${3:-${TMPDIR:-/var/tmp}}"
for gib in "$size_gib" $shred_sizes; do need_disk $((3 * $(gib_to_bytes "$gib"))); done
cd "$work"

# make_bundle GIB NAME: NAME.mbundle (no compression) of one pseudo-random weight file.
make_bundle() {
  mkdir "model-$2"
  bundle_toml "model-$2"
  random_file "model-$2/weights.bin" "$(gib_to_bytes "$1")" "$2"
  ms_setup build "model-$2" -o "$2.mbundle" --compression none
  rm -rf "model-$2"
}

# shred_row LABEL SEALED: the time of shred (scrypt unlocks included) on SEALED, then removes it.
shred_rows=()
shred_row() {
  local bytes
  bytes=$(stat -c %s "$2")
  ms_measure shred "$bytes" shred "$2" --keystore ks --passphrase-file pass --key operator.key \
    --reason benchmark --reuse-passphrase
  shred_rows+=("| $1 ($bytes bytes) | ${secs[shred]} | ${rss[shred]} |")
  rm -f "$2"
}

echo "passphrase for the benchmark keystore" >pass
ms_setup keystore init ks --passphrase-file pass
ms_setup keygen -o operator.key
sha256_limits

make_bundle "$size_gib" main
bytes=$(stat -c %s main.mbundle)
cat main.mbundle >/dev/null

if command -v age-keygen >/dev/null && age-keygen -o age.key 2>/dev/null; then
  if ref_measure age_enc "$bytes" age age -r "$(age-keygen -y age.key)" -o main.age main.mbundle; then
    ref_measure age_dec "$bytes" age age -d -i age.key -o main.age.out main.age || true
  fi
  rm -f main.age main.age.out
else
  notes+=("- age -r and age -d skipped: age-keygen is not installed (scripts/install-deps.sh installs age)")
fi
ms_measure seal "$bytes" seal main.mbundle --keystore ks --passphrase-file pass -o main.sealed
ms_measure open_o "$bytes" open main.sealed --keystore ks --passphrase-file pass -o main.opened.mbundle
rm -f main.opened.mbundle
ms_measure open_c "$bytes" open main.sealed --keystore ks --passphrase-file pass -C main.extracted
rm -rf main.extracted
ms_measure verify_int "$bytes" verify --integrity-only main.mbundle
rm -f main.mbundle

row "seal" seal age_enc "age -r" 0.90
row "open -o (decrypt + verify)" open_o age_dec "age -d" 0.90
row "open -C (decrypt + verify + extract)" open_c age_dec "age -d" 0.90
row "age -r (reference)" age_enc
row "age -d (reference)" age_dec
row "verify --integrity-only (plain bundle, one file)" verify_int sha-core "SHA-256, 1 core"

shred_row "$(bytes_to_gib "$bytes") GiB" main.sealed
for gib in $shred_sizes; do
  make_bundle "$gib" "s$gib"
  ms_setup seal "s$gib.mbundle" --keystore ks --passphrase-file pass -o "s$gib.sealed"
  rm -f "s$gib.mbundle"
  shred_row "$gib GiB" "s$gib.sealed"
done

notes+=("- seal and open unlock the keystore with scrypt (N = 2^17, 128 MiB, about 0.3 s): their peak RSS is scrypt's, not the bundle's, and on a small bundle their time is mostly scrypt's")
print_table "modelseal sealing benchmark (bench/lifecycle.sh $size_gib)" "$bytes"
echo
echo "| shred of a sealed bundle of | seconds (scrypt unlocks included) | peak RSS (MiB) |"
echo "|---|---|---|"
printf '%s\n' "${shred_rows[@]}"
