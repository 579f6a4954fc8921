#!/usr/bin/env bash
# A hurried user's mistakes are named as such (issue 17 part 2): the main argument is checked
# first, swapped keys, signatures and bundles are recognised, and no library internals (OpenSSL
# error stacks, file descriptors) are shown. Usage mistakes exit 2.
source "$(dirname "$0")/lib.sh"

expect_exit 0 ms keygen -o "$WORK/k.key"
expect_exit 0 ms build "$EXAMPLE" -o "$WORK/m.mbundle"
expect_exit 0 ms sign "$WORK/m.mbundle" --key "$WORK/k.key"
expect_exit 0 ms extract "$WORK/m.mbundle" -C "$WORK/extracted"

no_internals() {
  grep -qiE "error:[0-9a-f]{8}|openssl|fd [0-9]|PEM routines|DECODER" "$WORK/err" &&
    { cat "$WORK/err"; fail "library internals shown"; }
  checks=$((checks + 1))
}

# The bundle is what is missing, not its signature.
expect_exit 2 ms verify "$WORK/nope.mbundle" --key "$WORK/k.pub"
expect_stderr "nope.mbundle: no such bundle, folder or file"
grep -q "nope.mbundle.sig" "$WORK/err" && fail "the missing bundle reported as a missing signature"
# The signature given as the model.
expect_exit 2 ms verify "$WORK/m.mbundle.sig" --key "$WORK/k.pub"
expect_stderr "is a JSON document"
expect_stderr "modelseal verify $WORK/m.mbundle --signature $WORK/m.mbundle.sig"
# A key given as the model.
expect_exit 2 ms verify "$WORK/k.pub" --key "$WORK/k.pub"
expect_stderr "is a PEM public key, not a model"
# An extracted bundle has no model.sig: say where its signature is.
expect_exit 2 ms verify "$WORK/extracted" --key "$WORK/k.pub"
expect_stderr "no signature"
expect_stderr "--signature"
expect_exit 0 ms verify "$WORK/extracted" --key "$WORK/k.pub" --signature "$WORK/m.mbundle.sig"
# The private key where the public key goes: named, no OpenSSL stack.
expect_exit 2 ms verify "$WORK/m.mbundle" --key "$WORK/k.key"
expect_stderr "k.key is a private key; give the public key"
no_internals
# A signature or a bundle where a key goes.
expect_exit 2 ms verify "$WORK/m.mbundle" --key "$WORK/m.mbundle.sig"
expect_stderr "is a JSON document"
no_internals
expect_exit 2 ms verify "$WORK/m.mbundle" --key "$WORK/m.mbundle"
expect_stderr "is a bundle (.mbundle), not a public key"
# A key or a bundle where the signature goes.
expect_exit 2 ms verify "$WORK/m.mbundle" --key "$WORK/k.pub" --signature "$WORK/k.pub"
expect_stderr "is a PEM public key, not a signature"
expect_exit 2 ms verify "$WORK/m.mbundle" --key "$WORK/k.pub" --signature "$WORK/m.mbundle"
expect_stderr "is a bundle (.mbundle), not a signature"
# The same verdicts as JSON documents name the file concerned.
expect_exit 2 ms verify "$WORK/m.mbundle" --key "$WORK/k.key" --json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["error"]["code"]=="invalid_argument" and d["error"]["file"].endswith("k.key"), d' "$WORK/out" \
  || fail "JSON error document for a private key given as --key"
checks=$((checks + 1))
# inspect of a folder previews the bundle build would write: the same files and content digest.
expect_exit 0 ms inspect "$WORK/m.mbundle" --json
python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["content_digest"])' "$WORK/out" > "$WORK/built.digest"
expect_exit 0 ms inspect "$EXAMPLE"
expect_stdout "Preview: the bundle 'modelseal build' would write"
expect_stdout "$(cat "$WORK/built.digest")"
expect_exit 0 ms inspect "$EXAMPLE" --json
python3 - "$WORK/out" "$(cat "$WORK/built.digest")" <<'PY' || fail "inspect FOLDER --json"
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["preview"] is True and doc["content_digest"] == sys.argv[2], doc
assert any(f["path"] == ".modelseal/bundle.toml" for f in doc["files"]), doc["files"]
PY
checks=$((checks + 1))
[ ! -e "$EXAMPLE/.modelseal" ] || fail "inspect FOLDER wrote into the folder"
mkdir "$WORK/empty"
expect_exit 2 ms inspect "$WORK/empty"
expect_stderr "bundle.toml"
no_internals
# inspect of a file that is not a bundle: named, no internals.
expect_exit 1 ms inspect "$WORK/k.pub"
no_internals
# build without -o writes NAME-VERSION.mbundle beside the folder (init's hint works as written);
# an existing one is not replaced without --force.
cp -r "$EXAMPLE" "$WORK/my-model"
expect_exit 0 ms build "$WORK/my-model/"
name=$(sed -n 's/^name *= *"\(.*\)"/\1/p' "$EXAMPLE/bundle.toml" | head -1)
version=$(sed -n 's/^version *= *"\(.*\)"/\1/p' "$EXAMPLE/bundle.toml" | head -1)
[ -f "$WORK/$name-$version.mbundle" ] || { ls "$WORK"; fail "build without -o did not write $name-$version.mbundle beside the folder"; }
expect_stdout "built $WORK/$name-$version.mbundle"
expect_stdout "files:          6 files"
expect_exit 2 ms build "$WORK/my-model"
expect_stderr "$name-$version.mbundle"
expect_exit 0 ms build "$WORK/my-model" --force
expect_exit 0 ms verify --integrity-only "$WORK/$name-$version.mbundle"
expect_stdout "6 files"
done_ok
