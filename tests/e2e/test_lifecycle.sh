#!/usr/bin/env bash
# End of life from the command line, passphrase keystore: keystore init, seal,
# verify sealed, open, tampering, shred with a signed disposal record, old
# keystore copies, verify --revocations, keystore audit against edits.
source "$(dirname "$0")/lib.sh"
cd "$WORK"

# A second model: the example with another version.
cp -r "$EXAMPLE" other
sed -i 's/^version = .*/version = "9.9.9"/' other/bundle.toml
expect_exit 0 ms build "$EXAMPLE" -o model.mbundle
expect_exit 0 ms build other -o other.mbundle
expect_exit 0 ms keygen -o release.key
expect_exit 0 ms keygen -o operator.key
expect_exit 0 ms sign model.mbundle --key release.key
echo "correct horse battery" > pass
echo "a different passphrase" > pass2
echo "wrong" > wrong

# keystore init: private folder and files
expect_exit 0 ms keystore init ks --passphrase-file pass --scrypt-log2-n 14
[ "$(stat -c %a ks)" = 700 ] || fail "keystore folder is not 0700"
[ "$(stat -c %a ks/keystore.json)" = 600 ] || fail "keystore.json is not 0600"
expect_exit 2 ms keystore init ks --passphrase-file pass --scrypt-log2-n 14
if command -v setsid >/dev/null; then
  expect_exit 2 setsid -w "$MODELSEAL" keystore list ks </dev/null
  expect_stderr "no terminal to ask for a passphrase (hint: --passphrase-file)"
fi

# seal: the weights are no longer readable, the signature carries over
expect_exit 0 ms seal model.mbundle --keystore ks --passphrase-file pass -o model.sealed.mbundle
expect_stdout "signature copied to model.sealed.mbundle.sig"
expect_exit 0 ms seal other.mbundle --keystore ks --passphrase-file pass -o other.sealed.mbundle
head -c 20 model.sealed.mbundle | grep -q "modelseal.sealed/v2" || fail "no sealed magic (version 2)"
weights=$(head -c 64 "$EXAMPLE/model.safetensors" | tail -c 32 | od -An -tx1 | tr -d ' \n')
od -An -tx1 model.sealed.mbundle | tr -d ' \n' | grep -q "$weights" && fail "plaintext weights in the sealed file"
expect_exit 2 ms seal model.mbundle --keystore ks --passphrase-file wrong -o x.sealed.mbundle
expect_stderr "passphrase"
[ ! -e x.sealed.mbundle ] || fail "a failed seal left a file"
expect_exit 2 ms seal model.sealed.mbundle --keystore ks --passphrase-file pass -o twice.mbundle
expect_stderr "already sealed"

# verify without the keystore: signatures cover the plaintext content
expect_exit 0 ms verify model.sealed.mbundle --key release.pub
expect_stdout "sealed: the files were checked against the sealed header's manifest"
expect_exit 0 ms verify --integrity-only model.sealed.mbundle
expect_exit 1 ms verify model.sealed.mbundle --key operator.pub
expect_exit 0 ms inspect model.sealed.mbundle
expect_stdout "model.safetensors"
[ "$(ms digest model.sealed.mbundle)" = "$(ms digest model.mbundle)" ] || fail "sealing changed the content digest"
expect_exit 2 ms extract model.sealed.mbundle -C sealed-extract
expect_stderr "modelseal open"
expect_exit 2 ms sign model.sealed.mbundle --key release.key --signature x.sig
expect_stderr "is sealed"

# open: extraction and the decrypted bundle, byte for byte
expect_exit 0 ms open model.sealed.mbundle --keystore ks --passphrase-file pass -C extracted -o back.mbundle
cmp back.mbundle model.mbundle || fail "the decrypted bundle differs from the original"
[ "$(stat -c %a back.mbundle)" = 600 ] || fail "the decrypted bundle is readable by others"
cmp extracted/model.safetensors "$EXAMPLE/model.safetensors" || fail "extracted weights differ"
expect_exit 2 ms open model.sealed.mbundle --keystore ks --passphrase-file pass
expect_exit 2 ms open model.sealed.mbundle --keystore ks --passphrase-file wrong -C wrongout
[ ! -e wrongout ] || fail "a refused open left a folder"

# tampering: a flipped payload byte, a truncation, an edited header
size=$(stat -c %s model.sealed.mbundle)
cp model.sealed.mbundle flipped.mbundle
printf '\xff' | dd of=flipped.mbundle bs=1 seek=$((size - 100)) conv=notrunc status=none
expect_exit 1 ms open flipped.mbundle --keystore ks --passphrase-file pass -C flipout
expect_stderr "chunk"
[ ! -e flipout ] || fail "a tampered open left a folder"
ls -A . | grep -q "flipout" && fail "a tampered open left a temporary folder"
head -c $((size - 10)) model.sealed.mbundle > cut.mbundle
expect_exit 1 ms open cut.mbundle --keystore ks --passphrase-file pass -C cutout
[ ! -e cutout ] || fail "a truncated open left a folder"
sed 's/"version":"1.2.0"/"version":"1.2.1"/g' model.sealed.mbundle > edited.mbundle
expect_exit 1 ms open edited.mbundle --keystore ks --passphrase-file pass -C editout

# shred: passphrase keystores must choose what happens to the passphrase
cp -a ks ks-backup
expect_exit 2 ms shred model.sealed.mbundle --keystore ks --passphrase-file pass --key operator.key \
  --reason "model retired"
expect_stderr "passphrase"
expect_exit 0 ms shred model.sealed.mbundle --keystore ks --passphrase-file pass --key operator.key \
  --reason "model retired" --custodian data-team@example.org --custodian legal@example.org \
  --new-passphrase-file pass2
expect_stdout "disposal record: ks/disposals/"
record=$(ls ks/disposals/*.disposal.json)

# after the shred: refused with a clear error, from the keystore and from its old copy
expect_exit 1 ms open model.sealed.mbundle --keystore ks --passphrase-file pass2 -C after
expect_stderr "shredded"
expect_exit 2 ms open model.sealed.mbundle --keystore ks --passphrase-file pass -C after
expect_exit 2 ms open model.sealed.mbundle --keystore ks-backup --passphrase-file pass2 -C after
[ ! -e after ] || fail "a refused open left a folder"
# the other bundle still opens, under the new passphrase
expect_exit 0 ms open other.sealed.mbundle --keystore ks --passphrase-file pass2 -C other-out

# the disposal record: signed by the operator, every field covered
expect_exit 0 ms verify-disposal "$record" --key operator.pub
expect_stdout "method cryptographic-erase, reason: model retired"
expect_exit 1 ms verify-disposal "$record" --key release.pub
payload=$(/usr/bin/python3 -c 'import json,sys,base64; print(base64.b64decode(json.load(open(sys.argv[1]))["dsseEnvelope"]["payload"]).decode())' "$record")
echo "$payload" | grep -q '"custodians":\["data-team@example.org","legal@example.org"\]' || fail "custodians missing"
echo "$payload" | grep -q '"predicateType":"https://modelseal.dev/disposal/v1"' || fail "predicate type"
/usr/bin/python3 - "$record" altered.json <<'PY'
import base64, json, sys
doc = json.load(open(sys.argv[1]))
env = doc["dsseEnvelope"]
payload = base64.b64decode(env["payload"]).replace(b"model retired", b"model expired")
env["payload"] = base64.b64encode(payload).decode()
json.dump(doc, open(sys.argv[2], "w"))
PY
expect_exit 1 ms verify-disposal altered.json --key operator.pub

# verify --revocations: the shredded content is refused, sealed or plain, and named
expect_exit 1 ms verify model.sealed.mbundle --key release.pub --revocations ks/disposals \
  --revocation-key operator.pub
expect_stderr "refused: tiny-sentiment 1.2.0"
expect_stderr "signed by key"
expect_exit 1 ms verify --integrity-only model.mbundle --revocations ks/disposals
expect_stderr "record signature NOT verified"
expect_exit 0 ms verify --integrity-only other.mbundle --revocations ks/disposals
mkdir bad-list && echo '{' > bad-list/broken.json
expect_exit 1 ms verify --integrity-only other.mbundle --revocations bad-list

# the event log: verifies, and any edit, deletion or reordering is caught
expect_exit 0 ms keystore audit ks
expect_stdout "event log verified"
cp -a ks ks-edit && sed -i '2s/"sealed"/"opened"/' ks-edit/log.jsonl
expect_exit 1 ms keystore audit ks-edit
cp -a ks ks-del && sed -i '2d' ks-del/log.jsonl
expect_exit 1 ms keystore audit ks-del
cp -a ks ks-swap && /usr/bin/python3 - ks-swap/log.jsonl <<'PY'
import sys
lines = open(sys.argv[1]).readlines()
lines[1], lines[2] = lines[2], lines[1]
open(sys.argv[1], "w").writelines(lines)
PY
expect_exit 1 ms keystore audit ks-swap
cp -a ks ks-cut && sed -i '$d' ks-cut/log.jsonl
expect_exit 1 ms keystore audit ks-cut

# a keystore others can write is refused (it names the PKCS#11 module to load)
chmod 0770 ks
expect_exit 2 ms keystore list ks --passphrase-file pass2
expect_stderr "another user owns or can write"
chmod 0700 ks

# list and rotate: keys survive a rotation
expect_exit 0 ms keystore list ks --passphrase-file pass2
expect_stdout "1 data keys"
expect_exit 0 ms keystore rotate ks --passphrase-file pass2
expect_exit 0 ms open other.sealed.mbundle --keystore ks --passphrase-file pass2 -C other-out2
expect_exit 0 ms keystore audit ks
done_ok
