#!/usr/bin/env bash
# specs/bundle-v1.md section 7: modelseal reproduces the committed test
# vectors byte for byte, and GNU tar lists exactly the expected entries.
source "$(dirname "$0")/lib.sh"
vectors="$SOURCE_DIR/tests/vectors/bundle-v1"
expected() { grep "^$1 " "$vectors/expected.txt" | cut -d' ' -f2; }

export SOURCE_DATE_EPOCH=1700000000
expect_exit 0 ms build "$vectors/model" -o "$WORK/none.mbundle" --compression none
cmp "$WORK/none.mbundle" "$vectors/model-none.mbundle" || fail "uncompressed vector not reproduced"
[ "sha256:$(sha256sum "$WORK/none.mbundle" | cut -d' ' -f1)" = "$(expected model-none.mbundle)" ] \
  || fail "expected.txt disagrees with model-none.mbundle"
checks=$((checks + 2))

expect_exit 0 ms build "$vectors/model" -o "$WORK/zstd1.mbundle" --compression zstd:1
# zstd's compressed bytes may change between zstd releases; the archive inside may not.
zstd -q -d -c "$WORK/zstd1.mbundle" | cmp - "$vectors/model-none.mbundle" || fail "zstd vector's archive differs"
if [ "$(zstd --version | grep -o 'v[0-9.]*' | head -n 1)" = "$(expected zstd_version)" ]; then
  cmp "$WORK/zstd1.mbundle" "$vectors/model-zstd1.mbundle" || fail "zstd vector not reproduced"
else
  echo "note: zstd $(zstd --version) differs from the vectors' $(expected zstd_version): compared the archive only"
fi
checks=$((checks + 2))

for b in model-none model-zstd1; do
  expect_exit 0 ms verify --integrity-only "$vectors/$b.mbundle"
  [ "$(ms digest "$vectors/$b.mbundle")" = "$(expected content_digest)" ] || fail "$b digest"
done

long="deep/$(printf 'long-folder-name-%.0s' 1 2 3 4 5 6)/file.bin"
tar -tf "$vectors/model-none.mbundle" > "$WORK/list"
printf '%s\n' .modelseal/manifest.json .modelseal/MODEL_CARD.md .modelseal/bundle.toml \
  "café.txt" config.json "$long" weights/a.bin weights-b.bin | diff - "$WORK/list" \
  || fail "GNU tar lists other entries"
checks=$((checks + 3))
done_ok
