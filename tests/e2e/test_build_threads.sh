#!/usr/bin/env bash
# A model of many zstd jobs: the same bundle bytes with 1 and 3 threads, at levels 1 and 3; the
# frame holds exactly the uncompressed bundle (checked with the zstd command when installed).
source "$(dirname "$0")/lib.sh"

cp -r "$EXAMPLE" "$WORK/m"
sed -i '/^\[payload\]/,$d' "$WORK/m/bundle.toml"  # the default payload: every file
# 10 MiB: runs of zeros between pseudo-random bytes, so zstd both compresses and stores.
python3 - "$WORK/m/weights.bin" <<'PY'
import random, sys
r = random.Random(18)
with open(sys.argv[1], "wb") as f:
    for i in range(160):
        f.write(bytes(65536) if i % 3 == 0 else r.randbytes(65536))
PY

expect_exit 0 ms build "$WORK/m" -o "$WORK/none.mbundle" --compression none
for level in 1 3; do
  expect_exit 0 ms build "$WORK/m" -o "$WORK/z$level-t1.mbundle" --compression "zstd:$level" --threads 1
  expect_exit 0 ms build "$WORK/m" -o "$WORK/z$level-t3.mbundle" --compression "zstd:$level" --threads 3
  cmp "$WORK/z$level-t1.mbundle" "$WORK/z$level-t3.mbundle" || fail "zstd:$level: 1 and 3 threads differ"
  checks=$((checks + 1))
  if command -v zstd >/dev/null; then
    zstd -q -dc "$WORK/z$level-t1.mbundle" > "$WORK/z$level.tar" || fail "zstd cannot read the zstd:$level bundle"
    cmp "$WORK/z$level.tar" "$WORK/none.mbundle" || fail "zstd:$level: the frame is not the plain bundle"
    checks=$((checks + 1))
  fi
done
if cmp -s "$WORK/z1-t1.mbundle" "$WORK/z3-t1.mbundle"; then fail "the level was ignored"; fi
checks=$((checks + 1))
# GNU tar lists the payload file in the bundle.
listing=$(tar -tf "$WORK/none.mbundle")
[[ "$listing" == *weights.bin* ]] || fail "weights.bin missing from the bundle: $listing"
checks=$((checks + 1))
done_ok
