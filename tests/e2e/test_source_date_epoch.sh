#!/usr/bin/env bash
# SOURCE_DATE_EPOCH (specs/bundle-v1.md section 4): decimal digits only, 0 to 8589934591;
# any other value, the empty string included, is a usage error, never a silent mtime of 0.
source "$(dirname "$0")/lib.sh"

for bad in "" "-1" "1e9" " 5" "5 " "+5" "99999999999999999999" "0x10" "8589934592" "1.5" "yesterday"; do
  SOURCE_DATE_EPOCH=$bad expect_exit 2 ms build "$EXAMPLE" -o "$WORK/x.mbundle" --compression none
  expect_stderr "SOURCE_DATE_EPOCH"
  [ ! -e "$WORK/x.mbundle" ] || fail "SOURCE_DATE_EPOCH='$bad' still built a bundle"
done

SOURCE_DATE_EPOCH=1700000000 expect_exit 0 ms build "$EXAMPLE" -o "$WORK/a.mbundle" --compression none
SOURCE_DATE_EPOCH=0001700000000 expect_exit 0 ms build "$EXAMPLE" -o "$WORK/b.mbundle" --compression none
cmp "$WORK/a.mbundle" "$WORK/b.mbundle" || fail "leading zeros changed the bundle"
SOURCE_DATE_EPOCH=8589934591 expect_exit 0 ms build "$EXAMPLE" -o "$WORK/max.mbundle" --compression none
env -u SOURCE_DATE_EPOCH "$MODELSEAL" build "$EXAMPLE" -o "$WORK/unset.mbundle" --compression none >/dev/null
SOURCE_DATE_EPOCH=0 expect_exit 0 ms build "$EXAMPLE" -o "$WORK/zero.mbundle" --compression none
cmp "$WORK/unset.mbundle" "$WORK/zero.mbundle" || fail "unset is not mtime 0"
checks=$((checks + 3))
done_ok
