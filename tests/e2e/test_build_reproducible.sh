#!/usr/bin/env bash
# Two builds of the same model folder under different mtimes, modes, umask,
# creation order, locale, time zone and thread count are byte-identical.
source "$(dirname "$0")/lib.sh"

cp -r "$EXAMPLE" "$WORK/a"
expect_exit 0 ms build "$WORK/a" -o "$WORK/a.mbundle"

# Recreate the folder file by file in reverse order, with other mtimes and modes.
mkdir "$WORK/b"
(cd "$EXAMPLE" && find . -type f | sort -r) | while read -r f; do
  mkdir -p "$WORK/b/$(dirname "$f")"
  (umask 077 && cp "$EXAMPLE/$f" "$WORK/b/$f")
  touch -d "2001-02-03 04:05:06" "$WORK/b/$f"
  chmod 600 "$WORK/b/$f"
done
(umask 077 && TZ=Asia/Tokyo LC_ALL=C.UTF-8 "$MODELSEAL" build "$WORK/b" -o "$WORK/b.mbundle" --threads 1 >/dev/null)
cmp "$WORK/a.mbundle" "$WORK/b.mbundle" || fail "rebuild under other conditions differs"
checks=$((checks + 1))

(TZ=America/New_York "$MODELSEAL" build "$WORK/a" -o "$WORK/c.mbundle" --threads 7 >/dev/null)
cmp "$WORK/a.mbundle" "$WORK/c.mbundle" || fail "thread count changed the bytes"
checks=$((checks + 1))

# SOURCE_DATE_EPOCH is the only clock that reaches the archive.
SOURCE_DATE_EPOCH=1700000000 "$MODELSEAL" build "$WORK/a" -o "$WORK/d1.mbundle" >/dev/null
touch "$WORK/a/config.json"
SOURCE_DATE_EPOCH=1700000000 "$MODELSEAL" build "$WORK/b" -o "$WORK/d2.mbundle" >/dev/null
cmp "$WORK/d1.mbundle" "$WORK/d2.mbundle" || fail "same SOURCE_DATE_EPOCH, different bytes"
if cmp -s "$WORK/a.mbundle" "$WORK/d1.mbundle"; then fail "SOURCE_DATE_EPOCH was ignored"; fi
checks=$((checks + 2))

# The digest does not depend on compression; the bytes do.
expect_exit 0 ms build "$WORK/a" -o "$WORK/none.mbundle" --compression none
expect_exit 0 ms build "$WORK/a" -o "$WORK/z9.mbundle" --compression zstd:9
[ "$(ms digest "$WORK/none.mbundle")" = "$(ms digest "$WORK/a.mbundle")" ] || fail "digest depends on compression"
[ "$(ms digest "$WORK/z9.mbundle")" = "$(ms digest "$WORK/a.mbundle")" ] || fail "digest depends on level"
checks=$((checks + 2))

# Never overwrite without --force; a failed build leaves the old file intact.
before=$(sha256sum "$WORK/a.mbundle")
expect_exit 2 ms build "$WORK/a" -o "$WORK/a.mbundle"
expect_stderr "already exists"
[ "$(sha256sum "$WORK/a.mbundle")" = "$before" ] || fail "refused build changed the file"
expect_exit 0 ms build "$WORK/a" -o "$WORK/a.mbundle" --force
[ -z "$(find "$WORK" -maxdepth 1 -name '.*tmp-*')" ] || fail "temporary files left behind"
checks=$((checks + 2))

# An output inside the model folder is not packed into itself.
expect_exit 0 ms build "$WORK/a" -o "$WORK/a/self.mbundle"
expect_exit 0 ms inspect --json "$WORK/a/self.mbundle"
grep -q 'self.mbundle' "$WORK/out" && fail "the bundle was packed into itself"
done_ok
