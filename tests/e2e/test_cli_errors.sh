#!/usr/bin/env bash
# Exit codes and messages of the command line: 0 success, 1 rejected input,
# 2 usage or environment error; errors on stderr as "modelseal: error: ...".
source "$(dirname "$0")/lib.sh"

expect_exit 0 ms --help
expect_exit 0 ms --version
expect_stdout "modelseal"
expect_exit 2 ms
expect_exit 2 ms frobnicate
expect_exit 2 ms build
expect_stderr "modelseal: error:"
expect_exit 2 ms build "$EXAMPLE" -o "$WORK/x.mbundle" --compression lz4
expect_stderr "compression 'lz4'"
expect_exit 2 ms build "$WORK/nonexistent" -o "$WORK/x.mbundle"
expect_stderr "nonexistent"
expect_exit 2 ms verify --integrity-only "$WORK/nonexistent.mbundle"
expect_stderr "nonexistent.mbundle"
expect_exit 2 ms inspect "$WORK/nonexistent.mbundle"
expect_exit 2 ms digest "$WORK/nonexistent"
expect_exit 2 ms build "$EXAMPLE" -o "$WORK/no-such-dir/x.mbundle"
SOURCE_DATE_EPOCH=yesterday expect_exit 2 ms build "$EXAMPLE" -o "$WORK/x.mbundle"
expect_stderr "SOURCE_DATE_EPOCH"

expect_exit 0 ms build "$EXAMPLE" -o "$WORK/m.mbundle"
# Signature verification is not part of this release: say so, exit 2.
expect_exit 2 ms verify "$WORK/m.mbundle"
expect_stderr "--integrity-only"
expect_exit 2 ms digest "$WORK/m.mbundle" --ignore x
expect_exit 2 ms digest "$EXAMPLE" --ignore ../outside
expect_exit 2 ms extract "$WORK/m.mbundle"

# A symbolic link in the payload is rejected (exit 1), named, with a hint.
cp -r "$EXAMPLE" "$WORK/linked"
ln -s /etc/passwd "$WORK/linked/passwd"
expect_exit 0 ms build "$WORK/linked" -o "$WORK/l0.mbundle"   # not selected by [payload]: fine
rm "$WORK/linked/tokenizer.json" && ln -s /etc/passwd "$WORK/linked/tokenizer.json"
expect_exit 1 ms build "$WORK/linked" -o "$WORK/l.mbundle"
expect_stderr "tokenizer.json: symbolic links are not allowed"
expect_exit 1 ms digest "$WORK/linked"
# ...unless excluded from the digest.
expect_exit 0 ms digest "$WORK/linked" --ignore passwd --ignore tokenizer.json

# Output is one line for digest, to stdout; nothing on stderr when not a terminal.
expect_exit 0 ms digest "$WORK/m.mbundle"
[ "$(wc -l < "$WORK/out")" -eq 1 ] || fail "digest printed more than one line"
[ ! -s "$WORK/err" ] || fail "progress was drawn although stderr is not a terminal"
grep -qE '^sha256:[0-9a-f]{64}$' "$WORK/out" || fail "digest line format"
checks=$((checks + 3))
done_ok
