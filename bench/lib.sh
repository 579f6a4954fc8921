# shellcheck shell=bash disable=SC2034  # (variables used by the scripts that source this)
# Shared by bench/run.sh and bench/lifecycle.sh (sourced, not run).
#
# Every figure is measured by id (wall seconds, MiB/s, peak RSS) and printed by `row` beside
# its limit, itself measured in the same run (openssl speed, tar, age), as a ratio:
# ratio = rate / limit rate, so 1.00 is "at the limit".

bench_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ms=${MODELSEAL:-$bench_root/build/tools/modelseal/modelseal}
[[ $ms == /* ]] || ms=$PWD/$ms
cores=$(nproc)
rss_budget_mib=128
declare -A secs=() rate=() rss=()
rows=()
notes=()
failed=0
sha_core_mibs=""
sha_all_mibs=""

die_env() {
  echo "bench: $*" >&2
  exit 2
}

# check_gib VALUE: a size in GiB, fractional allowed (0.25).
check_gib() {
  if ! [[ $1 =~ ^[0-9]+(\.[0-9]+)?$ ]] || ! awk -v g="$1" 'BEGIN { exit !(g > 0) }'; then
    die_env "size '$1' is not a positive number of GiB (e.g. 0.25, 4)"
  fi
}

gib_to_bytes() {
  awk -v g="$1" 'BEGIN { printf "%.0f", g * 1073741824 }'
}

bytes_to_gib() {
  awk -v b="$1" 'BEGIN { printf "%.2f", b / 1073741824 }'
}

# bench_start WORK_PARENT: checks the tools every row needs, makes a private work folder under
# WORK_PARENT (removed on exit; WORK_PARENT itself is left alone) and records the start load.
bench_start() {
  [ -x "$ms" ] || die_env "no modelseal at $ms: build it first (scripts/build.sh) or set MODELSEAL"
  [ -x /usr/bin/time ] || die_env "GNU time (/usr/bin/time) is missing: apt-get install time"
  command -v openssl >/dev/null || die_env "openssl is missing (it makes the test data)"
  command -v python3 >/dev/null || die_env "python3 is missing (it writes the safetensors headers)"
  mkdir -p "$1"
  work=$(cd "$(mktemp -d "$1/modelseal-bench.XXXXXX")" && pwd)
  trap 'rm -rf "$work"' EXIT
  start_load=$(cut -d ' ' -f 1-3 /proc/loadavg)
}

# need_disk BYTES: ends the benchmark (exit 2) if the work folder's file system has less free.
need_disk() {
  local free
  free=$(df -PB1 "$work" | awk 'NR == 2 { print $4 }')
  [ "$free" -ge "$1" ] ||
    die_env "$(bytes_to_gib "$1") GiB of free disk needed in $(dirname "$work"), $(bytes_to_gib "$free") GiB free (give another WORK_DIR)"
}

# random_file FILE BYTES SEED: appends BYTES pseudo-random bytes (they compress as badly as
# real weights) to FILE.
random_file() {
  local before
  before=$(stat -c %s "$1" 2>/dev/null || echo 0)
  { openssl enc -aes-128-ctr -nosalt -pass "pass:$3" -in /dev/zero 2>/dev/null || true; } |
    head -c "$2" >>"$1"
  [ "$(stat -c %s "$1")" -eq $((before + $2)) ] || die_env "could not write $2 bytes to $1"
}

# make_model DIR BYTES: 8 safetensors shards (a valid header, one U8 tensor, so validate scans
# real files) holding BYTES in all, a config.json and a bundle.toml.
make_model() {
  local dir=$1 shard_bytes=$(($2 / 8)) i shard
  mkdir -p "$dir"
  for i in 1 2 3 4 5 6 7 8; do
    shard="$dir/model-0000$i-of-00008.safetensors"
    python3 - "$shard" "$shard_bytes" <<'PY'
import json, struct, sys
size = int(sys.argv[2])
header = json.dumps({"w": {"dtype": "U8", "shape": [size], "data_offsets": [0, size]}}).encode()
open(sys.argv[1], "wb").write(struct.pack("<Q", len(header)) + header)
PY
    random_file "$shard" "$shard_bytes" "shard$i"
  done
  cp "$bench_root/examples/tiny-sentiment/config.json" "$dir/"
  bundle_toml "$dir"
}

# bundle_toml DIR: the example's description, with the default payload (every file).
bundle_toml() {
  sed '/^\[payload\]/,$d' "$bench_root/examples/tiny-sentiment/bundle.toml" >"$1/bundle.toml"
}

# sha256_limits: one core's SHA-256 rate (openssl speed -evp sha256, its 16384-byte column) and
# that rate times the cores: the limit of every hashing path. -elapsed: divided by wall time like
# every other figure (openssl's default, user CPU time, hides a busy machine).
sha256_limits() {
  local out
  if ! out=$(openssl speed -elapsed -evp sha256 -bytes 16384 -seconds "${BENCH_SPEED_SECONDS:-2}" 2>/dev/null); then
    notes+=("- openssl speed failed: the SHA-256 limits are left empty")
    return 0
  fi
  sha_core_mibs=$(awk '
    /^type/ { for (i = 1; i <= NF; i++) if ($i == "16384") col = i / 2 + 1 }
    /^sha256/ && col { v = $col; sub(/k$/, "", v); printf "%.1f", v * 1000 / 1048576 }' <<<"$out")
  [ -n "$sha_core_mibs" ] || { notes+=("- openssl speed printed no 16384-byte column: SHA-256 limits left empty"); return 0; }
  sha_all_mibs=$(awk -v r="$sha_core_mibs" -v n="$cores" 'BEGIN { printf "%.1f", r * n }')
}

# measure ID BYTES CMD...: runs CMD (standard output to $work/ID.out, errors to $work/ID.err)
# and records its wall seconds, MiB/s over BYTES and peak RSS. Returns CMD's failure.
measure() {
  local id=$1 bytes=$2 start end
  shift 2
  start=$(date +%s%N)
  /usr/bin/time -o "$work/$id.time" -f '%M' "$@" >"$work/$id.out" 2>"$work/$id.err" || return 1
  end=$(date +%s%N)
  record "$id" "$bytes" "$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')"
  rss[$id]=$(($(tail -n 1 "$work/$id.time") / 1024))
}

# record ID BYTES SECONDS: sets the seconds and rate of ID.
record() {
  secs[$1]=$3
  rate[$1]=$(awk -v b="$2" -v s="$3" 'BEGIN { printf "%.1f", (s > 0 ? b / s / 1048576 : 0) }')
}

# ms_measure ID BYTES ARGS...: a modelseal run; its failure ends the benchmark (exit 1).
ms_measure() {
  local id=$1 bytes=$2
  shift 2
  measure "$id" "$bytes" "$ms" "$@" && return 0
  cat "$work/$id.err" >&2
  echo "bench: modelseal $* failed" >&2
  exit 1
}

# ms_setup ARGS...: an untimed modelseal run that prepares a row (keygen, keystore init);
# its messages are shown only if it fails, which ends the benchmark (exit 1).
ms_setup() {
  "$ms" "$@" >"$work/setup.out" 2>"$work/setup.err" && return 0
  cat "$work/setup.err" >&2
  echo "bench: modelseal $* failed" >&2
  exit 1
}

# ref_measure ID BYTES TOOL CMD...: a reference tool; if TOOL is missing or CMD fails, its row
# and the ratios that need it are skipped, and a note says why.
ref_measure() {
  local id=$1 bytes=$2 tool=$3
  shift 3
  if ! command -v "$tool" >/dev/null; then
    notes+=("- the $tool row ($id) and the ratios against it are skipped: $tool is not installed (scripts/install-deps.sh installs it)")
    return 1
  fi
  measure "$id" "$bytes" "$@" && return 0
  notes+=("- the $tool row ($id) and the ratios against it are skipped: $tool failed: $(head -n 1 "$work/$id.err")")
  return 1
}

# row LABEL ID [LIMIT_ID|sha-core|sha-all] [LIMIT_TEXT] [TARGET]: a table row; the limit is
# another row's rate or a SHA-256 rate. A row not measured is left out (a note says why).
row() {
  local label=$1 id=$2 limit_of=${3:-} text=${4:-} target=${5:-} limit="" limit_cell="—" ratio="—"
  [ -n "${secs[$id]:-}" ] || return 0
  case $limit_of in
    "") ;;
    sha-core) limit=$sha_core_mibs ;;
    sha-all) limit=$sha_all_mibs ;;
    *) limit=${rate[$limit_of]:-} ;;
  esac
  if [ -n "$limit" ]; then
    limit_cell="$(printf '%.0f' "$limit") ($text${target:+, target $target})"
    ratio=$(awk -v r="${rate[$id]}" -v l="$limit" 'BEGIN { printf "%.2f", (l > 0 ? r / l : 0) }')
  elif [ -n "$limit_of" ]; then
    limit_cell="(not measured: $text)"
  fi
  local rss_cell=${rss[$id]}
  [ "$rss_cell" -lt "$rss_budget_mib" ] || rss_cell="$rss_cell (over $rss_budget_mib)"
  rows+=("| $label | ${secs[$id]} | $(printf '%.0f' "${rate[$id]}") | $limit_cell | $ratio | $rss_cell |")
}

# print_table TITLE BYTES: the markdown table, its header (date, size, cores, load) and notes.
print_table() {
  echo "## $1: $(bytes_to_gib "$2") GiB, $cores cores, $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "$("$ms" --version 2>/dev/null | head -n 1); load average at start $start_load."
  if [ -n "$sha_core_mibs" ]; then
    echo "SHA-256 limit: \`openssl speed -elapsed -evp sha256\` (16 KiB blocks) $(printf '%.0f' "$sha_core_mibs") MiB/s" \
      "per core, x $cores cores = $(printf '%.0f' "$sha_all_mibs") MiB/s."
  fi
  echo "ratio = MiB/s / limit (1.00 = at the limit); peak RSS budget $rss_budget_mib MiB."
  echo
  echo "| command | seconds | MiB/s | limit (MiB/s) | ratio | peak RSS (MiB) |"
  echo "|---|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
  if [ ${#notes[@]} -gt 0 ]; then
    echo
    printf '%s\n' "${notes[@]}"
  fi
}
