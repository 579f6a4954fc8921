#!/usr/bin/env bash
# verify --only GLOB: a partly fetched model folder checked against its whole signature; extract
# --filter GLOB: part of a bundle written, all of it checked (docs/verify-only.md).
source "$(dirname "$0")/lib.sh"

expect_exit 0 ms keygen -o "$WORK/k.key"
expect_exit 0 ms keygen -o "$WORK/other.key"

# A Hugging Face style folder: safetensors shards, their PyTorch duplicate, config, tokenizer.
m="$WORK/model"
mkdir -p "$m/tokenizer"
printf 'shard one' >"$m/model-00001-of-00002.safetensors"
printf 'shard two' >"$m/model-00002-of-00002.safetensors"
printf 'pickle' >"$m/pytorch_model.bin"
printf '{"model_type": "bert"}' >"$m/config.json"
printf '{}' >"$m/tokenizer/tokenizer.json"
printf '# card\n' >"$m/README.md"
expect_exit 0 ms sign "$m" --key "$WORK/k.key"
fresh() { rm -rf "$WORK/part"; cp -r "$m" "$WORK/part"; }

# The operator fetched the safetensors and the config only.
fresh
rm "$WORK/part/pytorch_model.bin" "$WORK/part/README.md" "$WORK/part/tokenizer/tokenizer.json"
expect_exit 1 ms verify "$WORK/part" --key "$WORK/k.pub"
expect_stderr "'README.md' is signed but missing"
expect_exit 0 ms verify "$WORK/part" --key "$WORK/k.pub" --only '*.safetensors' --only config.json
expect_stdout "3 of 6 signed files (partial verification)"
expect_stdout "partial verification (--only): verified 3 of 6 signed files, 3 absent and not checked"
expect_stdout "absent: pytorch_model.bin"
expect_stdout "absent: tokenizer/tokenizer.json"
# The same verdict as JSON (docs/json-output.md): what was checked and what was absent.
expect_exit 0 ms verify "$WORK/part" --key "$WORK/k.pub" --only '*.safetensors' --only config.json --json
python3 - "$WORK/out" <<'PY' || fail "verify --only --json"
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["verdict"] == "accepted", doc
sel = doc["selection"]
assert sel["globs"] == ["*.safetensors", "config.json"], sel
assert sorted(sel["absent"]) == ["README.md", "pytorch_model.bin", "tokenizer/tokenizer.json"], sel
assert len(sel["checked"]) == 3 and "config.json" in sel["checked"], sel
assert sel["partial"] is True, sel
PY
checks=$((checks + 1))
expect_exit 1 ms verify "$WORK/part" --key "$WORK/k.pub" --only 'nothing-*.bin' --json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["verdict"]=="rejected" and d["error"]["code"]=="tampered", d' "$WORK/out" \
  || fail "verify --only matching nothing, as JSON"
checks=$((checks + 1))
# '**/' reaches into folders (and the top level); '*' alone does not.
expect_exit 1 ms verify "$WORK/part" --key "$WORK/k.pub" --only '*.safetensors' --only '**/*.json'
expect_stderr "'tokenizer/tokenizer.json' is signed but missing (--only selects it)"

# A deleted file inside the globs is named.
rm "$WORK/part/model-00002-of-00002.safetensors"
expect_exit 1 ms verify "$WORK/part" --key "$WORK/k.pub" --only '*.safetensors' --only config.json
expect_stderr "'model-00002-of-00002.safetensors' is signed but missing"

# A flipped byte, in an included file, then in an excluded file that is present.
flip() { python3 -c 'import sys; p=sys.argv[1]; d=bytearray(open(p,"rb").read()); d[0]^=1; open(p,"wb").write(d)' "$1"; }
fresh
flip "$WORK/part/config.json"
expect_exit 1 ms verify "$WORK/part" --key "$WORK/k.pub" --only '*.safetensors' --only config.json
expect_stderr "'config.json' changed since it was signed"
fresh
rm "$WORK/part/README.md"
flip "$WORK/part/pytorch_model.bin"
expect_exit 1 ms verify "$WORK/part" --key "$WORK/k.pub" --only '*.safetensors'
expect_stderr "'pytorch_model.bin' changed since it was signed"

# An extra unsigned file; a glob matching nothing; a malformed glob; a wrong key.
fresh
rm "$WORK/part/pytorch_model.bin"
printf 'x' >"$WORK/part/extra.bin"
expect_exit 1 ms verify "$WORK/part" --key "$WORK/k.pub" --only '*.safetensors'
expect_stderr "'extra.bin' is not covered by the signature"
rm "$WORK/part/extra.bin"
expect_exit 1 ms verify "$WORK/part" --key "$WORK/k.pub" --only '*.safetensors' --only '*.gguf'
expect_stderr "--only '*.gguf' matches no file the signature lists"
expect_exit 2 ms verify "$WORK/part" --key "$WORK/k.pub" --only '[a].bin'
expect_stderr "brackets"
# Path tricks: a glob never leaves the folder.
expect_exit 2 ms verify "$WORK/part" --key "$WORK/k.pub" --only '../model/*.safetensors'
expect_stderr "--only '../model/*.safetensors' has a '..' component"
expect_exit 2 ms verify "$WORK/part" --key "$WORK/k.pub" --only "$WORK/part/config.json"
expect_stderr "is absolute"
expect_exit 2 ms verify "$WORK/part" --key "$WORK/k.pub" --only './config.json'
expect_stderr "has a '.' component"
expect_exit 2 ms verify "$WORK/part" --key "$WORK/k.pub" --only 'tokenizer\*.json'
expect_stderr "backslash"
expect_exit 2 ms verify "$WORK/part/config.json" --key "$WORK/k.pub" --only '*'
expect_stderr "--only applies to folders"
expect_exit 1 ms verify "$WORK/part" --key "$WORK/other.pub" --only '*.safetensors'
expect_exit 0 ms verify "$WORK/part" --key "$WORK/k.pub" --only '*.safetensors'

# A plain bundle holds every file it lists: all are checked, the globs must still match.
expect_exit 0 ms build "$EXAMPLE" -o "$WORK/b.mbundle" --compression none
expect_exit 0 ms sign "$WORK/b.mbundle" --key "$WORK/k.key"
expect_exit 0 ms verify "$WORK/b.mbundle" --key "$WORK/k.pub" --only '*.safetensors'
expect_stdout "--only: verified all 6 signed files, none absent (a complete verification)"
expect_exit 0 ms verify "$WORK/b.mbundle" --integrity-only --only '*.safetensors'
expect_stdout "--only: verified all 6 listed files, none absent"
expect_exit 1 ms verify "$WORK/b.mbundle" --key "$WORK/k.pub" --only '*.gguf'
expect_stderr "--only '*.gguf' matches no file the signature lists"
expect_exit 1 ms verify "$WORK/b.mbundle" --integrity-only --only '*.gguf'
expect_stderr "--only '*.gguf' matches no file the manifest lists"

# extract --filter writes part of a bundle, checks all of it.
expect_exit 0 ms extract "$WORK/b.mbundle" -C "$WORK/x" --filter '*.safetensors' --filter config.json
expect_stdout "partial extraction (--filter): wrote 4 of 6 files, all 6 checked"
expect_stdout "left out: tokenizer.json"
[ -f "$WORK/x/model.safetensors" ] && [ -f "$WORK/x/config.json" ] || fail "a selected file was not extracted"
[ -f "$WORK/x/.modelseal/bundle.toml" ] && [ -f "$WORK/x/.modelseal/manifest.json" ] || fail "no .modelseal/"
[ ! -e "$WORK/x/tokenizer.json" ] && [ ! -e "$WORK/x/README.md" ] || fail "a filtered-out file was extracted"
expect_exit 1 ms verify "$WORK/x" --integrity-only
expect_stderr "missing"
expect_exit 0 ms verify "$WORK/x" --integrity-only --only '*.safetensors' --only config.json
expect_stdout "4 of 6 listed files (partial verification)"
expect_stdout "partial verification (--only): verified 4 of 6 listed files, 2 absent and not checked"
expect_exit 0 ms verify "$WORK/x" --signature "$WORK/b.mbundle.sig" --key "$WORK/k.pub" \
  --only '*.safetensors' --only config.json
expect_stdout "partial verification (--only): verified 4 of 6 signed files, 2 absent and not checked"
expect_exit 1 ms extract "$WORK/b.mbundle" -C "$WORK/y" --filter '*.gguf'
expect_stderr "--filter '*.gguf' matches no file the manifest lists"
[ ! -e "$WORK/y" ] || fail "a refused extraction left $WORK/y"
expect_exit 2 ms extract "$WORK/b.mbundle" -C "$WORK/y" --filter '../*'
expect_stderr "--filter '../*' has a '..' component"
expect_exit 2 ms extract "$WORK/b.mbundle" -C "$WORK/y" --filter '/etc/*'
expect_stderr "is absolute"
[ ! -e "$WORK/y" ] || fail "a refused extraction left $WORK/y"

# A tampered member the filter leaves out still fails the extraction; nothing is left behind.
cp "$WORK/b.mbundle" "$WORK/t.mbundle"
off=$(python3 -c 'import sys,tarfile; print(tarfile.open(sys.argv[1]).getmember("tokenizer.json").offset_data + 1)' "$WORK/t.mbundle")
python3 -c 'import sys; p,o=sys.argv[1],int(sys.argv[2]); d=bytearray(open(p,"rb").read()); d[o]^=1; open(p,"wb").write(d)' "$WORK/t.mbundle" "$off"
expect_exit 1 ms extract "$WORK/t.mbundle" -C "$WORK/z" --filter '*.safetensors'
expect_stderr "tokenizer.json"
[ ! -e "$WORK/z" ] || fail "a tampered bundle left $WORK/z"
ls -a "$WORK" | grep -q extract && fail "a temporary extraction folder was left behind"

# OMS golden model (signed by model_signing): one of its two files fetched.
oms="$SHARED_DIR/vectors/oms/model-transparency/signed-models/v1.0.0-certificate"
if [ -d "$oms" ]; then
  cp -r "$oms" "$WORK/oms" && chmod -R u+w "$WORK/oms" && rm "$WORK/oms/signme-2"
  ca="$oms/../keys/certificate/ca-cert.pem"
  expect_exit 1 ms verify "$WORK/oms" --ca "$ca"
  expect_exit 0 ms verify "$WORK/oms" --ca "$ca" --only signme-1
  expect_stdout "partial verification (--only): verified 1 of 2 signed files, 1 absent"
  expect_exit 1 ms verify "$WORK/oms" --ca "$ca" --only 'signme-*'
  expect_stderr "'signme-2' is signed but missing (--only selects it)"
  printf 'x' >>"$WORK/oms/signme-1"
  expect_exit 1 ms verify "$WORK/oms" --ca "$ca" --only signme-1
  expect_stderr "'signme-1' changed since it was signed"
fi

# A sealed bundle: its files are checked by `open`, --only is a usage error.
printf 'a long pass phrase\n' >"$WORK/pass"
expect_exit 0 ms keystore init "$WORK/ks" --passphrase-file "$WORK/pass" --scrypt-log2-n 14
expect_exit 0 ms seal "$WORK/b.mbundle" --keystore "$WORK/ks" --passphrase-file "$WORK/pass" -o "$WORK/s.sealed.mbundle"
expect_exit 2 ms verify "$WORK/s.sealed.mbundle" --integrity-only --only '*.safetensors'
expect_stderr "a sealed bundle's files are checked when"

done_ok
