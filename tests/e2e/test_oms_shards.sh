#!/usr/bin/env bash
# OMS shard serialization and BLAKE2 (docs/oms.md), against model_signing's own hashing module
# (../shared/tools/oms-hashing-reference, unmodified): `sign --shard-size` lists the same shards,
# digests and root digest as model_signing; verify accepts them and rejects a flipped byte in the
# second shard, naming the file; signatures model_signing's hashing makes (sha256 and blake2b,
# files and shards) verify, and re-signed shard lists that leave bytes uncovered are rejected;
# the same for a plain bundle (its listed files, the manifest left out).
# Skipped (exit 77) when ../shared or Python's cryptography is absent.
source "$(dirname "$0")/lib.sh"
ref="$SHARED_DIR/tools/oms-hashing-reference"
py=/usr/bin/python3
helper="$SOURCE_DIR/tests/e2e/oms_shard_sign.py"
[ -d "$ref" ] || skip "$ref is absent (../shared): no OMS hashing reference"
"$py" -c 'import cryptography' 2>/dev/null || skip "Python cryptography is not installed"

m="$WORK/model"
mkdir -p "$m/sub"
head -c $((3 * 65536 + 5)) /dev/urandom >"$m/weights.bin"
head -c 65536 /dev/urandom >"$m/sub/exact.bin"
printf 'x' >"$m/one"
: >"$m/empty"
expect_exit 0 ms keygen -o "$WORK/k.key" --type ecdsa-p256
openssl pkey -in "$WORK/k.key" -out "$WORK/plain.pem" 2>/dev/null
verify() { ms verify "$m" --key "$WORK/k.pub" --signature "$@"; }
# SIG lists exactly the shards (65536 bytes) model_signing's hashing module makes of MODEL, and
# the Python expression CHECK (over st, ser and want) holds.
same_shards_as_model_signing() {
  expect_exit 0 "$py" - "$ref" "$1" "$2" "$3" <<'PY'
import base64, json, os, sys
ref, model, sig, check = sys.argv[1:]
sys.path[:0] = [os.path.join(ref, "stub"), os.path.join(ref, "lite")]
from model_signing import hashing
want = [{"name": d.identifier, "algorithm": d.digest.algorithm, "digest": d.digest.digest_hex}
        for d in hashing.Config().use_shard_serialization(shard_size=65536).hash(model).resource_descriptors()]
st = json.loads(base64.b64decode(json.load(open(sig))["dsseEnvelope"]["payload"]))
ser = st["predicate"]["serialization"]
assert ser["method"] == "shards" and ser["hash_type"] == "sha256" and ser["shard_size"] == 65536, ser
assert st["predicate"]["resources"] == want, (st["predicate"]["resources"], want)
assert eval(check), check
PY
}

# modelseal's shards are model_signing's: the same root digest, and the same resource list.
expect_exit 0 "$py" "$ref/oms_hash.py" "$m" shards 65536
ref_root=$(sed -n 's/.*root sha256:\([0-9a-f]*\).*/\1/p' "$WORK/out")
[ ${#ref_root} -eq 64 ] || fail "oms_hash.py printed no root digest"
expect_exit 0 ms sign "$m" --key "$WORK/k.key" --shard-size 65536 --signature "$WORK/ms.sig"
expect_stdout "4 files in shards of 65536 bytes, content digest sha256:$ref_root"
same_shards_as_model_signing "$m" "$WORK/ms.sig" \
  '[r["name"] for r in want][:4] == ["one:0:1", "sub/exact.bin:0:65536", "weights.bin:0:65536", "weights.bin:65536:131072"]'
expect_exit 0 verify "$WORK/ms.sig"
expect_stdout "verified $m: 4 files"

# A flipped byte in the second shard of weights.bin.
cp "$m/weights.bin" "$WORK/weights.orig"
"$py" -c 'import sys; p=sys.argv[1]; b=bytearray(open(p,"rb").read()); b[65536+100]^=1; open(p,"wb").write(b)' "$m/weights.bin"
expect_exit 1 verify "$WORK/ms.sig"
expect_stderr "file 'weights.bin' changed since it was signed (bytes 65536..131072, sha256 mismatch)"
cp "$WORK/weights.orig" "$m/weights.bin"

# model_signing's own shard manifest, signed as its signer does (shard_size as 65536 and as 65536.0).
expect_exit 0 "$py" "$helper" "$ref" "$m" "$WORK/plain.pem" "$WORK/ref.sig" shards --shard-size 65536
expect_stdout "root digest sha256:$ref_root"
expect_exit 0 verify "$WORK/ref.sig"
expect_exit 0 "$py" "$helper" "$ref" "$m" "$WORK/plain.pem" "$WORK/ref.sig" shards --shard-size 65536 --float-shard-size
expect_exit 0 verify "$WORK/ref.sig"
expect_exit 2 verify "$WORK/ref.sig" --only one
expect_stderr "--only is not supported for a signature in shard serialization"

# Valid signatures over shard lists that do not tile weights.bin exactly.
for tamper in gap overlap past-end final order; do
  expect_exit 0 "$py" "$helper" "$ref" "$m" "$WORK/plain.pem" "$WORK/bad.sig" shards --shard-size 65536 --tamper "$tamper"
  expect_exit 1 verify "$WORK/bad.sig"
  expect_stderr "file 'weights.bin'"
done
expect_exit 0 "$py" "$helper" "$ref" "$m" "$WORK/plain.pem" "$WORK/bad.sig" shards --shard-size 65536 --tamper gap
expect_exit 1 verify "$WORK/bad.sig"
expect_stderr "file 'weights.bin': bytes 65536..131072 are not covered by the signature"
expect_exit 0 "$py" "$helper" "$ref" "$m" "$WORK/plain.pem" "$WORK/bad.sig" shards --shard-size 65536 --tamper overlap
expect_exit 1 verify "$WORK/bad.sig"
expect_stderr "shard 'weights.bin:65535:131072' overlaps 'weights.bin:0:65536'"

# BLAKE2b (model_signing's "blake2"), in files and in shards serialization.
expect_exit 0 "$py" "$helper" "$ref" "$m" "$WORK/plain.pem" "$WORK/b2f.sig" files --hash blake2
expect_exit 0 verify "$WORK/b2f.sig"
expect_exit 0 "$py" "$helper" "$ref" "$m" "$WORK/plain.pem" "$WORK/b2s.sig" shards --hash blake2 --shard-size 65536 --float-shard-size
expect_exit 0 verify "$WORK/b2s.sig"
"$py" -c 'import sys; p=sys.argv[1]; b=bytearray(open(p,"rb").read()); b[65536+100]^=1; open(p,"wb").write(b)' "$m/weights.bin"
expect_exit 1 verify "$WORK/b2f.sig"
expect_stderr "file 'weights.bin' changed since it was signed (blake2b mismatch)"
expect_exit 1 verify "$WORK/b2s.sig"
expect_stderr "file 'weights.bin' changed since it was signed (bytes 65536..131072, blake2b mismatch)"
cp "$WORK/weights.orig" "$m/weights.bin"

# Usage errors: a shard size out of bounds.
expect_exit 2 ms sign "$m" --key "$WORK/k.key" --shard-size 4095 --signature "$WORK/x.sig"
expect_stderr "--shard-size 4095 is outside 4096.."
for bad in -1 -4096 abc 1e6 0x1000 "" 64KiB; do
  expect_exit 2 ms sign "$m" --key "$WORK/k.key" --shard-size "$bad" --signature "$WORK/x.sig"
  expect_stderr "is not a whole number of bytes"
done
expect_exit 2 ms sign "$m" --key "$WORK/k.key" --shard-size 99999999999999999999 --signature "$WORK/x.sig"
expect_stderr "'99999999999999999999' is too large"
[ ! -e "$WORK/x.sig" ] || fail "a refused --shard-size left a signature"

# A plain bundle: the shards of the files its manifest lists (the manifest left out, as a bundle's
# files signature leaves it), read in the pass that verifies the bundle. model_signing hashes the
# extracted folder without the manifest to the same resources; its signatures verify the bundle.
b="$WORK/big"
cp -r "$EXAMPLE" "$b"
head -c $((3 * 65536 + 5)) /dev/urandom >"$b/weights.bin"
sed -i 's/^include = \[/include = ["weights.bin", /' "$b/bundle.toml"
expect_exit 0 ms build "$b" -o "$WORK/b.mbundle" --compression none
expect_exit 0 ms build "$b" -o "$WORK/bz.mbundle"
expect_exit 0 ms extract "$WORK/b.mbundle" -C "$WORK/x"
cp -r "$WORK/x" "$WORK/listed" && rm "$WORK/listed/.modelseal/manifest.json"
expect_exit 0 ms sign "$WORK/b.mbundle" --key "$WORK/k.key" --shard-size 65536
expect_stdout "files in shards of 65536 bytes"
for bundle in b bz; do
  expect_exit 0 ms verify "$WORK/$bundle.mbundle" --key "$WORK/k.pub" --signature "$WORK/b.mbundle.sig"
  expect_stdout "verified $WORK/$bundle.mbundle: tiny-sentiment 1.2.0, 7 files"
done
expect_exit 0 ms verify "$WORK/x" --key "$WORK/k.pub" --signature "$WORK/b.mbundle.sig"
same_shards_as_model_signing "$WORK/listed" "$WORK/b.mbundle.sig" \
  'ser["ignore_paths"] == [".modelseal/manifest.json"] and st["subject"][0]["name"] == "tiny-sentiment"'
for mode in "shards --shard-size 65536" "files --hash blake2" "shards --hash blake2 --shard-size 65536"; do
  expect_exit 0 "$py" "$helper" "$ref" "$WORK/listed" "$WORK/plain.pem" "$WORK/ref.sig" $mode
  for bundle in b bz; do
    expect_exit 0 ms verify "$WORK/$bundle.mbundle" --key "$WORK/k.pub" --signature "$WORK/ref.sig"
  done
done
# The bundle of a changed file, its own manifest consistent: the signature names the shard.
"$py" -c 'import sys; p=sys.argv[1]; b=bytearray(open(p,"rb").read()); b[65536+100]^=1; open(p,"wb").write(b)' "$b/weights.bin"
expect_exit 0 ms build "$b" -o "$WORK/changed.mbundle"
expect_exit 1 ms verify "$WORK/changed.mbundle" --key "$WORK/k.pub" --signature "$WORK/b.mbundle.sig"
expect_stderr "file 'weights.bin' changed since it was signed (bytes 65536..131072, sha256 mismatch)"
expect_exit 1 ms verify "$WORK/changed.mbundle" --key "$WORK/k.pub" --signature "$WORK/ref.sig"
expect_stderr "file 'weights.bin' changed since it was signed (bytes 65536..131072, blake2b mismatch)"
# A flipped byte inside the bundle: the bundle's own check refuses it first.
cp "$WORK/b.mbundle" "$WORK/flipped.mbundle"
off=$(grep -abo "weights.bin" "$WORK/flipped.mbundle" | tail -1 | cut -d: -f1)
"$py" -c 'import sys; p=sys.argv[1]; b=bytearray(open(p,"rb").read()); b[int(sys.argv[2])+512+70000]^=1; open(p,"wb").write(b)' "$WORK/flipped.mbundle" "$off"
expect_exit 1 ms verify "$WORK/flipped.mbundle" --key "$WORK/k.pub" --signature "$WORK/b.mbundle.sig"
expect_stderr "weights.bin' does not match the manifest"
expect_exit 1 ms sign "$WORK/flipped.mbundle" --key "$WORK/k.key" --shard-size 65536 --signature "$WORK/x.sig"
[ ! -e "$WORK/x.sig" ] || fail "signing a damaged bundle left a signature"
# A sealed bundle keeps its bytes encrypted: sign the plain one, verify after `open`.
printf 'correct horse battery staple\n' >"$WORK/pass"
expect_exit 0 ms keystore init "$WORK/ks" --passphrase-file "$WORK/pass" --scrypt-log2-n 14
expect_exit 0 ms seal "$WORK/b.mbundle" --keystore "$WORK/ks" --passphrase-file "$WORK/pass" -o "$WORK/s.mbundle"
expect_exit 1 ms verify "$WORK/s.mbundle" --key "$WORK/k.pub" --signature "$WORK/b.mbundle.sig"
expect_stderr "modelseal open"
expect_exit 2 ms sign "$WORK/s.mbundle" --key "$WORK/k.key" --shard-size 65536 --signature "$WORK/x.sig"
expect_stderr "is sealed: sign the plain bundle before sealing it"
# Options a bundle does not take.
expect_exit 2 ms verify "$WORK/b.mbundle" --key "$WORK/k.pub" --only weights.bin
expect_stderr "--only is not supported for a signature in shard serialization: verify the whole bundle"
expect_exit 2 ms sign "$WORK/b.mbundle" --key "$WORK/k.key" --shard-size 65536 --ignore README.md --signature "$WORK/x.sig"
expect_stderr "--ignore applies to folders, not bundles"
expect_exit 2 ms sign "$WORK/b.mbundle" --key "$WORK/k.key" --shard-size 1000 --signature "$WORK/x.sig"
expect_stderr "--shard-size 1000 is outside 4096.."
[ ! -e "$WORK/x.sig" ] || fail "a refused bundle signing left a signature"
done_ok
