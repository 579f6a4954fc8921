#!/usr/bin/env bash
# --allow-symlinks on a Hugging Face hub cache snapshot (issue 16, part 2): the snapshot's links
# into ../../blobs are followed, its digest is that of its dereferenced copy (cp -rL), it signs
# and verifies in place and against the copy, and links that leave the repository folder,
# dangle or loop are refused (exit 1) naming the link. Without the flag: refused with a hint.
# Cross-checks: OMS's own hashing code with allow_symlinks=True (../shared/tools/oms-hashing-
# reference) and the OMS reference verifier (../shared/tools/oms-reference) when present.
source "$(dirname "$0")/lib.sh"

repo="$WORK/hub/models--org--m"
snap="$repo/snapshots/abc"
mkdir -p "$repo/blobs" "$repo/refs" "$snap/sub"
printf 'abc' >"$repo/refs/main"
printf '{"model_type": "bert"}\n' >"$repo/blobs/1111"
cp "$EXAMPLE/model.safetensors" "$repo/blobs/2222"
printf 'tokenizer' >"$repo/blobs/3333"
ln -s ../../blobs/1111 "$snap/config.json"
ln -s ../../blobs/2222 "$snap/model.safetensors"
ln -s ../../../blobs/3333 "$snap/sub/tokenizer.json"
printf '*.safetensors filter=lfs\n' >"$snap/.gitattributes"   # OMS ignores it by default
cp -rL "$snap" "$WORK/copy"
[ ! -L "$WORK/copy/config.json" ] || fail "cp -rL kept a link"

expect_exit 0 ms keygen -o "$WORK/k.key" --type ecdsa-p256

# Without the flag: refused as before, with the hint.
expect_exit 1 ms digest "$snap"
expect_stderr "symbolic links are not allowed"
expect_stderr "--allow-symlinks"
expect_exit 1 ms sign "$snap" --key "$WORK/k.key"
expect_stderr "--allow-symlinks"
[ ! -e "$snap/model.sig" ] || fail "a refused sign wrote a signature"

# The snapshot's digest is its dereferenced copy's.
expect_exit 0 ms digest "$snap" --allow-symlinks
snap_digest=$(cat "$WORK/out")
expect_exit 0 ms digest "$WORK/copy"
[ "$snap_digest" = "$(cat "$WORK/out")" ] || fail "snapshot digest $snap_digest differs from its copy's"
expect_exit 0 ms digest "$WORK/copy" --allow-symlinks   # no link: the same
[ "$snap_digest" = "$(cat "$WORK/out")" ] || fail "--allow-symlinks changed a folder without links"

# OMS's own hashing (model_signing, allow_symlinks=True) agrees.
oms_hash="$SHARED_DIR/tools/oms-hashing-reference"
if [ -d "$oms_hash" ]; then
  python3 - "$oms_hash" "$snap" "${snap_digest#sha256:}" <<'PY' || fail "model_signing's digest differs"
import hashlib, os, pathlib, sys
ref, snap, want = sys.argv[1:]
sys.path[:0] = [os.path.join(ref, "stub"), os.path.join(ref, "lite")]
from model_signing import hashing
m = hashing.Config().use_file_serialization().set_allow_symlinks(True).hash(pathlib.Path(snap))
root = hashlib.sha256(b"".join(d.digest.digest_value for d in m.resource_descriptors())).hexdigest()
assert root == want, (root, want)
PY
  checks=$((checks + 1))
else
  echo "NOTE: $oms_hash is absent: model_signing hashing cross-check skipped"
fi

# Sign in place; the signature records allow_symlinks = true; verify in place and on the copy.
expect_exit 0 ms sign "$snap" --key "$WORK/k.key" --allow-symlinks
[ -f "$snap/model.sig" ] && [ ! -L "$snap/model.sig" ] || fail "no signature written in the snapshot"
python3 - "$snap/model.sig" <<'PY' || fail "the predicate does not record allow_symlinks = true"
import base64, json, sys
st = json.loads(base64.b64decode(json.load(open(sys.argv[1]))["dsseEnvelope"]["payload"]))
ser = st["predicate"]["serialization"]
assert ser["allow_symlinks"] is True, ser
names = sorted(r["name"] for r in st["predicate"]["resources"])
assert names == ["config.json", "model.safetensors", "sub/tokenizer.json"], names
PY
checks=$((checks + 1))
expect_exit 0 ms verify "$snap" --key "$WORK/k.pub" --allow-symlinks
expect_exit 1 ms verify "$snap" --key "$WORK/k.pub"
expect_stderr "--allow-symlinks"
expect_exit 0 ms verify "$WORK/copy" --key "$WORK/k.pub" --signature "$snap/model.sig"

# The other way: a signature of the copy verifies the snapshot.
expect_exit 0 ms sign "$WORK/copy" --key "$WORK/k.key"
expect_exit 0 ms verify "$snap" --key "$WORK/k.pub" --signature "$WORK/copy/model.sig" --allow-symlinks

# The OMS reference verifier accepts the snapshot's signature on the dereferenced copy.
ref="$SHARED_DIR/tools/oms-reference"
if [ -d "$ref" ] && python3 -c 'import cryptography' 2>/dev/null; then
  expect_exit 0 python3 "$ref/oms_ref_verify.py" "$WORK/copy" "$snap/model.sig" --pubkey "$WORK/k.pub"
else
  echo "NOTE: $ref or Python cryptography is absent: OMS reference verifier part skipped"
fi

# A partial download (the hub fetched only some files of the signed model): --only with
# --allow-symlinks verifies what is there; the files it left out are listed as absent.
mkdir -p "$repo/snapshots/part"
ln -s ../../blobs/1111 "$repo/snapshots/part/config.json"
ln -s ../../blobs/2222 "$repo/snapshots/part/model.safetensors"
expect_exit 0 ms verify "$repo/snapshots/part" --key "$WORK/k.pub" --signature "$snap/model.sig" \
  --allow-symlinks --only '*.safetensors' --only config.json
expect_stdout "absent: sub/tokenizer.json"
expect_exit 1 ms verify "$repo/snapshots/part" --key "$WORK/k.pub" --signature "$snap/model.sig" --allow-symlinks
expect_stderr "sub/tokenizer.json"
rm -r "$repo/snapshots/part"

# A changed blob is found through its link.
printf 'tokenizer2' >"$repo/blobs/3333"
expect_exit 1 ms verify "$snap" --key "$WORK/k.pub" --allow-symlinks
expect_stderr "sub/tokenizer.json"
printf 'tokenizer' >"$repo/blobs/3333"

# Links that leave the repository folder, dangle, loop or name a folder: refused, named.
refused() {  # refused LINK-NAME TEXT [all]: digest (with all: sign and verify too) refuses, naming the link
  expect_exit 1 ms digest "$snap" --allow-symlinks
  expect_stderr "$snap/$1: symbolic link"
  expect_stderr "$2"
  if [ "${3:-}" = all ]; then
    expect_exit 1 ms verify "$snap" --key "$WORK/k.pub" --allow-symlinks
    expect_stderr "$snap/$1"
    expect_exit 1 ms sign "$snap" --key "$WORK/k.key" --allow-symlinks --force --signature "$WORK/x.sig"
    expect_stderr "$snap/$1"
    [ ! -e "$WORK/x.sig" ] || fail "a refused sign wrote a signature"
  fi
  rm "$snap/$1"
}
ln -s /etc/passwd "$snap/passwd"
refused passwd "leads outside $(cd "$repo" && pwd -P)" all
printf 'secret' >"$WORK/hub/outside"
ln -s ../../../../outside "$snap/sub/outside"
refused sub/outside "leads outside"
ln -s ../../blobs/missing "$snap/dangling"
refused dangling "dangles" all
ln -s ../../loop-b "$snap/loop-a" && ln -s snapshots/abc/loop-a "$repo/loop-b"   # a loop via the repo
refused loop-a "loops" all
rm "$repo/loop-b"
ln -s ../../blobs "$snap/folder"
refused folder "leads to a folder"
ln -s ../../../.. "$snap/up"          # a folder outside the repository folder
refused up "leads outside"
mkfifo "$repo/blobs/fifo"
ln -s ../../blobs/fifo "$snap/pipe"
refused pipe "leads to a FIFO" all
ln -s /dev/null "$snap/device"
refused device "leads outside"
rm "$repo/blobs/fifo"
# In a folder that is not a hub cache, a link may not leave the folder itself.
cp -r "$WORK/copy" "$WORK/plain"
rm "$WORK/plain/model.sig"
ln -s ../copy/config.json "$WORK/plain/elsewhere"
expect_exit 1 ms digest "$WORK/plain" --allow-symlinks
expect_stderr "$WORK/plain/elsewhere: symbolic link leads outside"
rm "$WORK/plain/elsewhere" && ln -s config.json "$WORK/plain/inside"
expect_exit 0 ms digest "$WORK/plain" --allow-symlinks
# --allow-symlinks applies to folders only.
expect_exit 0 ms build "$EXAMPLE" -o "$WORK/m.mbundle"
expect_exit 2 ms digest "$WORK/m.mbundle" --allow-symlinks
expect_exit 0 ms sign "$WORK/m.mbundle" --key "$WORK/k.key"
expect_exit 2 ms sign "$WORK/m.mbundle" --key "$WORK/k.key" --allow-symlinks --force
expect_stderr "--allow-symlinks applies to folders"
expect_exit 2 ms verify "$WORK/m.mbundle" --key "$WORK/k.pub" --allow-symlinks
expect_stderr "--allow-symlinks applies to folders"

# validate follows the links with the flag: a hostile pickle blob is found through its link.
expect_exit 0 ms validate "$snap" --allow-symlinks
expect_stdout "accepted (folder"
python3 - "$repo/blobs/4444" <<'PY'
import os, pickle, sys
class Evil:
    def __reduce__(self):
        return (os.system, ("true",))
open(sys.argv[1], "wb").write(pickle.dumps(Evil(), protocol=2))
PY
ln -s ../../blobs/4444 "$snap/pytorch_model.bin"
expect_exit 1 ms validate "$snap" --allow-symlinks
expect_stdout "pickle.unsafe_global"
expect_stdout "pytorch_model.bin"
expect_exit 1 ms validate "$snap"
expect_stdout "[folder.symlink]"
expect_stdout "--allow-symlinks"
ln -s /etc/passwd "$snap/passwd"
expect_exit 1 ms validate "$snap" --allow-symlinks
expect_stdout "passwd: symbolic link leads outside"
rm "$snap/passwd" && ln -s ../../blobs/missing "$snap/dangling"
expect_exit 1 ms validate "$snap" --allow-symlinks
expect_stdout "dangling: symbolic link dangles"
rm "$snap/dangling" && ln -s ../../blobs "$snap/folder"
expect_exit 1 ms validate "$snap" --allow-symlinks
expect_stdout "folder: symbolic link leads to a folder"
expect_exit 2 ms validate "$WORK/m.mbundle" --allow-symlinks
expect_stderr "--allow-symlinks applies to folders"

# A local-dir download (.cache/huggingface/ inside): not a default ignore (OMS has none for it);
# signed with --ignore, the recorded path is ignored by verify too.
cp -rL "$WORK/plain" "$WORK/local"
mkdir -p "$WORK/local/.cache/huggingface/download"
printf 'etag' >"$WORK/local/.cache/huggingface/download/config.json.metadata"
expect_exit 0 ms sign "$WORK/local" --key "$WORK/k.key"
python3 - "$WORK/local/model.sig" <<'PY' || fail "the .cache files are not signed by default"
import base64, json, sys
st = json.loads(base64.b64decode(json.load(open(sys.argv[1]))["dsseEnvelope"]["payload"]))
assert ".cache/huggingface/download/config.json.metadata" in [r["name"] for r in st["predicate"]["resources"]]
assert ".gitattributes" in st["predicate"]["serialization"]["ignore_paths"]
PY
expect_exit 0 ms sign "$WORK/local" --key "$WORK/k.key" --ignore .cache/huggingface --force
printf 'etag2' >"$WORK/local/.cache/huggingface/download/config.json.metadata"
expect_exit 0 ms verify "$WORK/local" --key "$WORK/k.pub"
done_ok
