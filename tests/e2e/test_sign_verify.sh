#!/usr/bin/env bash
# modelseal sign / verify round trips for every key type, on bundles, on
# extracted bundles and on plain folders; every tampering is rejected with a
# line naming what is wrong. Interop with the OMS reference: test_oms_reference.sh.
source "$(dirname "$0")/lib.sh"

expect_exit 0 ms build "$EXAMPLE" -o "$WORK/m.mbundle" --compression none
for type in ecdsa-p256 ecdsa-p384 ecdsa-p521 ed25519; do
  expect_exit 0 ms keygen -o "$WORK/$type.key" --type "$type"
  rm -f "$WORK/m.mbundle.sig"
  expect_exit 0 ms sign "$WORK/m.mbundle" --key "$WORK/$type.key"
  [ -f "$WORK/m.mbundle.sig" ] || fail "$type: no m.mbundle.sig"
  expect_exit 0 ms verify "$WORK/m.mbundle" --key "$WORK/$type.pub"
  expect_stdout "tiny-sentiment 1.2.0"
done
expect_exit 2 ms sign "$WORK/m.mbundle" --key "$WORK/ecdsa-p256.key"
expect_stderr "already exists"
expect_exit 0 ms sign "$WORK/m.mbundle" --key "$WORK/ecdsa-p256.key" --force

# Whom to trust: a wrong key, a folder of keys, nothing.
expect_exit 1 ms verify "$WORK/m.mbundle" --key "$WORK/ecdsa-p384.pub"
mkdir "$WORK/trusted" && cp "$WORK/ecdsa-p384.pub" "$WORK/ecdsa-p256.pub" "$WORK/trusted/"
expect_exit 0 ms verify "$WORK/m.mbundle" --trusted-keys "$WORK/trusted"
expect_exit 2 ms verify "$WORK/m.mbundle"

# The signature also verifies the extracted folder.
expect_exit 0 ms extract "$WORK/m.mbundle" -C "$WORK/extracted"
expect_exit 0 ms verify "$WORK/extracted" --signature "$WORK/m.mbundle.sig" --key "$WORK/ecdsa-p256.pub"

# A flipped payload byte inside the .mbundle is named.
cp "$WORK/m.mbundle" "$WORK/t.mbundle" && cp "$WORK/m.mbundle.sig" "$WORK/t.mbundle.sig"
off=$(python3 -c 'import sys,tarfile; print(tarfile.open(sys.argv[1]).getmember("config.json").offset_data + 3)' "$WORK/t.mbundle")
python3 -c 'import sys; p,o=sys.argv[1],int(sys.argv[2]); d=bytearray(open(p,"rb").read()); d[o]^=1; open(p,"wb").write(d)' "$WORK/t.mbundle" "$off"
expect_exit 1 ms verify "$WORK/t.mbundle" --key "$WORK/ecdsa-p256.pub"
expect_stderr "config.json"

# A signature byte changed.
python3 - "$WORK/m.mbundle.sig" "$WORK/bad.sig" <<'PY'
import base64, json, sys
b = json.load(open(sys.argv[1]))
s = bytearray(base64.b64decode(b["dsseEnvelope"]["signatures"][0]["sig"])); s[10] ^= 1
b["dsseEnvelope"]["signatures"][0]["sig"] = base64.b64encode(bytes(s)).decode()
open(sys.argv[2], "w").write(json.dumps(b, separators=(",", ":")))
PY
expect_exit 1 ms verify "$WORK/m.mbundle" --signature "$WORK/bad.sig" --key "$WORK/ecdsa-p256.pub"

# A plain folder signed in place (OMS layout: FOLDER/model.sig).
cp -r "$EXAMPLE" "$WORK/folder"
expect_exit 0 ms sign "$WORK/folder" --key "$WORK/ecdsa-p256.key"
[ -f "$WORK/folder/model.sig" ] || fail "no model.sig in the folder"
expect_exit 0 ms verify "$WORK/folder" --key "$WORK/ecdsa-p256.pub"
echo extra > "$WORK/folder/extra.txt"
expect_exit 1 ms verify "$WORK/folder" --key "$WORK/ecdsa-p256.pub"
expect_stderr "extra.txt"
expect_exit 0 ms verify "$WORK/folder" --key "$WORK/ecdsa-p256.pub" --ignore extra.txt
rm "$WORK/folder/extra.txt" "$WORK/folder/README.md"
expect_exit 1 ms verify "$WORK/folder" --key "$WORK/ecdsa-p256.pub"
expect_stderr "README.md"

done_ok
