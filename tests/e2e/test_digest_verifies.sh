#!/usr/bin/env bash
# `modelseal digest BUNDLE` prints a digest only for a bundle whose files all match its manifest
# (issue 13, part 6): a flipped data byte makes it fail. `--manifest-only` still prints the
# manifest's digest quickly, and says on stderr that the data was not verified.
source "$(dirname "$0")/lib.sh"

expect_exit 0 ms build "$EXAMPLE" -o "$WORK/m.mbundle" --compression none
expect_exit 0 ms digest "$WORK/m.mbundle"
good=$(cat "$WORK/out")

# Flip one byte in the data of a payload file (not the manifest, not a header).
cp "$WORK/m.mbundle" "$WORK/bad.mbundle"
/usr/bin/python3 - "$WORK/bad.mbundle" <<'PY'
import sys, tarfile
path = sys.argv[1]
with tarfile.open(path) as t:
    member = next(m for m in t.getmembers() if not m.name.startswith(".modelseal/") and m.size > 0)
    offset = member.offset_data + member.size // 2
with open(path, "r+b") as f:
    f.seek(offset)
    byte = f.read(1)
    f.seek(offset)
    f.write(bytes([byte[0] ^ 0x01]))
PY
expect_exit 1 ms digest "$WORK/bad.mbundle"
expect_stderr "sha256 mismatch"
[ ! -s "$WORK/out" ] || fail "a digest was printed for a corrupted bundle: $(cat "$WORK/out")"

# --manifest-only: the recorded digest, and a note that the data was not checked.
expect_exit 0 ms digest --manifest-only "$WORK/bad.mbundle"
[ "$(cat "$WORK/out")" = "$good" ] || fail "--manifest-only printed another digest"
expect_stderr "NOT verified"
expect_exit 0 ms digest --help
expect_stdout "WITHOUT verifying"

# --manifest-only is for bundles only.
expect_exit 2 ms digest --manifest-only "$EXAMPLE"
done_ok
