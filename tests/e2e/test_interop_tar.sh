#!/usr/bin/env bash
# GNU tar and the zstd command open bundles without modelseal, and extract the
# same files as `modelseal extract`.
source "$(dirname "$0")/lib.sh"
command -v zstd >/dev/null || skip "the zstd command is not installed"

expect_exit 0 ms build "$EXAMPLE" -o "$WORK/m.mbundle"
expect_exit 0 ms build "$EXAMPLE" -o "$WORK/plain.mbundle" --compression none

zstd -q -t "$WORK/m.mbundle" || fail "zstd -t rejects the bundle"
mkdir "$WORK/gnu" "$WORK/gnu-plain"
tar --zstd -xf "$WORK/m.mbundle" -C "$WORK/gnu" || fail "tar --zstd -xf failed"
tar -xf "$WORK/plain.mbundle" -C "$WORK/gnu-plain" || fail "tar -xf of an uncompressed bundle failed"
expect_exit 0 ms extract "$WORK/m.mbundle" -C "$WORK/ours"
diff -r "$WORK/gnu" "$WORK/ours" || fail "GNU tar and modelseal extract different files"
diff -r "$WORK/gnu-plain" "$WORK/ours" || fail "uncompressed bundle extracts differently"
checks=$((checks + 3))

# The decompressed bundle is the uncompressed bundle, byte for byte.
zstd -q -d -c "$WORK/m.mbundle" | cmp - "$WORK/plain.mbundle" || fail "zstd -d differs from --compression none"
checks=$((checks + 1))

# GNU tar lists the manifest first and only regular files with normalised owners and modes.
tar --zstd -tvf "$WORK/m.mbundle" > "$WORK/list"
head -n 1 "$WORK/list" | grep -q ' .modelseal/manifest.json$' || fail "manifest is not the first entry"
grep -v '^-rw-r--r-- 0/0 ' "$WORK/list" && fail "an entry is not a 0644 regular file owned by 0/0"
checks=$((checks + 2))

# Every file of the example folder is in the extraction, unchanged, plus the metadata.
(cd "$EXAMPLE" && find . -type f ! -name bundle.toml | sort) > "$WORK/expected"
(cd "$WORK/ours" && find . -type f ! -path './.modelseal/*' | sort) > "$WORK/actual"
diff "$WORK/expected" "$WORK/actual" || fail "payload differs from the example folder"
cmp "$EXAMPLE/bundle.toml" "$WORK/ours/.modelseal/bundle.toml" || fail "bundle.toml not carried verbatim"
[ -s "$WORK/ours/.modelseal/MODEL_CARD.md" ] || fail "MODEL_CARD.md missing"
checks=$((checks + 3))

# The folder GNU tar extracted verifies, and has the bundle's digest.
expect_exit 0 ms verify --integrity-only "$WORK/gnu"
[ "$(ms digest "$WORK/gnu")" = "$(ms digest "$WORK/m.mbundle")" ] || fail "folder digest differs from bundle digest"
checks=$((checks + 1))
done_ok
