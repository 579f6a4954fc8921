#!/usr/bin/env bash
# Sealed bundles (specs/sealed-bundle-v1.md §1, §5): an independent Python
# reader (cryptography's HKDF and AESGCM, written from the spec alone)
# decrypts the committed test vector to the plain bundle, re-encrypts it to
# the same payload and finds the expected header digest; tampered copies are
# rejected.
source "$(dirname "$0")/lib.sh"
py=/usr/bin/python3
vectors="$SOURCE_DIR/tests/vectors/sealed-v2"
plain="$SOURCE_DIR/tests/vectors/bundle-v1/model-none.mbundle"
reader="$SOURCE_DIR/tests/interop/sealed_decrypt.py"

[ -x "$py" ] || skip "$py is missing"
"$py" -c 'import cryptography' 2>/dev/null || skip "the Python cryptography package is missing"

expect_exit 0 "$py" "$reader" "$vectors/model-none.sealed.mbundle" "$vectors/data_key.hex" "$plain" \
  "$vectors/expected.txt"
expect_stdout "OK: 13824 bytes in 1 chunk(s), version 2"
# Version 1, which modelseal no longer writes but still reads.
expect_exit 0 "$py" "$reader" "$SOURCE_DIR/tests/vectors/sealed-v1/model-none.sealed.mbundle" \
  "$vectors/data_key.hex" "$plain" "$SOURCE_DIR/tests/vectors/sealed-v1/expected.txt"
expect_stdout "OK: 13824 bytes in 1 chunk(s), version 1"

# Tampered copies: a payload byte, a header byte, bundle.sha256 (the last chunk's AAD), a cut tag,
# another key.
"$py" - "$vectors/model-none.sealed.mbundle" "$WORK" <<'PY'
import sys
data = bytearray(open(sys.argv[1], "rb").read())
def save(name, b): open(sys.argv[2] + "/" + name, "wb").write(bytes(b))
flipped = bytearray(data); flipped[-100] ^= 1; save("payload.sealed", flipped)
edited = bytearray(data); at = data.rfind(b'"version":"1.0.0"'); edited[at + 15] = ord("1"); save("header.sealed", edited)
sha = bytearray(data); at = data.find(b'"sha256":"') + 10; sha[at] = ord("0") if sha[at] != ord("0") else ord("1"); save("sha.sealed", sha)
save("cut.sealed", data[:-1])
PY
for f in payload header sha cut; do
  expect_exit 1 "$py" "$reader" "$WORK/$f.sealed" "$vectors/data_key.hex" "$plain"
  expect_stdout "REJECTED"
done
printf '%064d\n' 0 > "$WORK/wrong.hex"
expect_exit 1 "$py" "$reader" "$vectors/model-none.sealed.mbundle" "$WORK/wrong.hex" "$plain"
expect_stdout "InvalidTag"
done_ok
