#!/usr/bin/env bash
# verify --integrity-only and extract catch a changed byte in payload or
# manifest, truncation, and files added or removed; a failed extraction
# leaves nothing behind. (Exhaustive byte flips: tests/unit/test_bundle.cpp.)
source "$(dirname "$0")/lib.sh"

expect_exit 0 ms build "$EXAMPLE" -o "$WORK/plain.mbundle" --compression none
expect_exit 0 ms build "$EXAMPLE" -o "$WORK/z.mbundle"
expect_exit 0 ms verify --integrity-only "$WORK/plain.mbundle"
expect_stdout "integrity only"

# flip FILE OFFSET: xor one byte.
flip() {
  python3 - "$1" "$2" <<'PY'
import sys
path, off = sys.argv[1], int(sys.argv[2])
data = bytearray(open(path, "rb").read())
data[off] ^= 0x01
open(path, "wb").write(bytes(data))
PY
}
# data_offset BUNDLE MEMBER: where MEMBER's data starts in an uncompressed bundle.
data_offset() {
  python3 -c 'import sys, tarfile; print(tarfile.open(sys.argv[1]).getmember(sys.argv[2]).offset_data)' "$1" "$2"
}

# A byte of a payload file.
cp "$WORK/plain.mbundle" "$WORK/t1.mbundle"
flip "$WORK/t1.mbundle" $(( $(data_offset "$WORK/t1.mbundle" config.json) + 5 ))
expect_exit 1 ms verify --integrity-only "$WORK/t1.mbundle"
expect_stderr "config.json' does not match the manifest"
expect_exit 1 ms extract "$WORK/t1.mbundle" -C "$WORK/out1"
[ ! -e "$WORK/out1" ] || fail "failed extraction left the destination"
[ -z "$(find "$WORK" -maxdepth 1 -name '.out1.extract-*')" ] || fail "failed extraction left its temporary folder"
checks=$((checks + 2))

# A byte of the manifest.
cp "$WORK/plain.mbundle" "$WORK/t2.mbundle"
flip "$WORK/t2.mbundle" $(( $(data_offset "$WORK/t2.mbundle" .modelseal/manifest.json) + 30 ))
expect_exit 1 ms verify --integrity-only "$WORK/t2.mbundle"
expect_stderr "manifest"
expect_exit 1 ms extract "$WORK/t2.mbundle" -C "$WORK/out2"
[ ! -e "$WORK/out2" ] || fail "failed extraction left the destination"

# A byte in the middle of the compressed stream.
cp "$WORK/z.mbundle" "$WORK/t3.mbundle"
flip "$WORK/t3.mbundle" $(( $(stat -c %s "$WORK/t3.mbundle") / 2 ))
expect_exit 1 ms verify --integrity-only "$WORK/t3.mbundle"
expect_exit 1 ms extract "$WORK/t3.mbundle" -C "$WORK/out3"
[ ! -e "$WORK/out3" ] || fail "failed extraction left the destination"

# Truncation.
head -c $(( $(stat -c %s "$WORK/z.mbundle") - 100 )) "$WORK/z.mbundle" > "$WORK/t4.mbundle"
expect_exit 1 ms verify --integrity-only "$WORK/t4.mbundle"
head -c 2048 "$WORK/plain.mbundle" > "$WORK/t5.mbundle"
expect_exit 1 ms verify --integrity-only "$WORK/t5.mbundle"

# An extracted folder: changed, added and removed files are named.
expect_exit 0 ms extract "$WORK/z.mbundle" -C "$WORK/x"
expect_exit 0 ms verify --integrity-only "$WORK/x"
printf 'x' >> "$WORK/x/config.json"
expect_exit 1 ms verify --integrity-only "$WORK/x"
expect_stderr "config.json"
rm -rf "$WORK/x" && ms extract "$WORK/z.mbundle" -C "$WORK/x" >/dev/null
python3 -c 'import sys; p=sys.argv[1]; d=bytearray(open(p,"rb").read()); d[0]^=1; open(p,"wb").write(d)' "$WORK/x/config.json"
expect_exit 1 ms verify --integrity-only "$WORK/x"
expect_stderr "config.json' does not match the manifest"
rm -rf "$WORK/x" && ms extract "$WORK/z.mbundle" -C "$WORK/x" >/dev/null
echo extra > "$WORK/x/extra.bin"
expect_exit 1 ms verify --integrity-only "$WORK/x"
expect_stderr "extra.bin' is not listed in the manifest"
rm -rf "$WORK/x" && ms extract "$WORK/z.mbundle" -C "$WORK/x" >/dev/null
rm "$WORK/x/config.json"
expect_exit 1 ms verify --integrity-only "$WORK/x"
expect_stderr "config.json' is listed in the manifest but missing"

# Extraction never replaces a non-empty folder, and fills an empty one.
mkdir -p "$WORK/busy" && touch "$WORK/busy/keep"
expect_exit 2 ms extract "$WORK/z.mbundle" -C "$WORK/busy"
[ -e "$WORK/busy/keep" ] || fail "extraction touched a non-empty folder"
mkdir "$WORK/empty"
expect_exit 0 ms extract "$WORK/z.mbundle" -C "$WORK/empty"
[ -f "$WORK/empty/config.json" ] || fail "extraction into an empty folder failed"
expect_exit 0 ms extract "$WORK/z.mbundle" -C "$WORK/slash/"
[ -f "$WORK/slash/config.json" ] || fail "extraction into 'folder/' failed"
expect_exit 2 ms extract "$WORK/z.mbundle" -C .
done_ok
