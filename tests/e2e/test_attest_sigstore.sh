#!/usr/bin/env bash
# modelseal attestations as Sigstore bundles that generic verifiers accept.
# modelseal attests offline (no Rekor upload), so an independent Python
# one-entry Rekor v1 log (tests/interop/test_rekor_log.py) logs each
# attestation and writes a trusted root for that log. Then both
# `modelseal sigstore verify-bundle` and the sigstore-js reference verifier
# (../shared/tools/sigstore-reference, when node and npm are usable) must
# accept the logged attestations and reject every tampered or foreign variant.
source "$(dirname "$0")/lib.sh"
cd "$WORK"
py=/usr/bin/python3
log="$SOURCE_DIR/tests/interop/test_rekor_log.py"
[ -x "$py" ] || skip "$py is missing"
"$py" -c "import cryptography" 2>/dev/null || skip "Python's cryptography is not installed"

expect_exit 0 ms build "$EXAMPLE" -o model.mbundle
expect_exit 0 ms keygen -o release.key
expect_exit 0 ms keygen -o other.key
expect_exit 0 ms attest model.mbundle --key release.key --predicate-type slsa-provenance \
  --builder-id https://ci.example.org/builder --invocation-id https://ci.example.org/run/42
slsa=$(ls model.mbundle.attestations/slsa-provenance-*.sigstore.json)
expect_exit 0 ms attest model.mbundle --key release.key --predicate-type evaluation
evaluation=$(ls model.mbundle.attestations/evaluation-*.sigstore.json)
content=$(ms digest model.mbundle)
archive="sha256:$(sha256sum model.mbundle | cut -d' ' -f1)"
case "$content" in sha256:*) ;; *) fail "modelseal digest printed '$content'" ;; esac

# The log: slsa as a dsse 0.0.1 entry, evaluation as intoto 0.0.2; a second log
# (another key) provides a trusted root that must not vouch for the first.
expect_exit 0 "$py" "$log" "$slsa" slsa.json slsa.root.json --key release.pub --kind dsse
expect_exit 0 "$py" "$log" "$evaluation" evaluation.json evaluation.root.json --key release.pub --kind intoto
expect_exit 0 "$py" "$log" "$slsa" unused.json other-log.root.json --key release.pub

setup_sigstore_reference

# both_verdict EXIT BUNDLE KEY ROOT TARGET: both verifiers give EXIT (0 accept, 1 reject);
# a rejection prints each verifier's reason.
both_verdict() {
  local want=$1 bundle=$2 key=$3 root=$4 target=$5
  expect_exit "$want" ms sigstore verify-bundle --bundle "$bundle" --key "$key" --trusted-root "$root" "$target"
  [ "$want" -eq 0 ] || echo "$bundle (key $key, root $root): $(head -n1 "$WORK/err")"
  [ -z "$reference" ] && return 0
  expect_exit "$want" node "$reference" verify-bundle --bundle "$bundle" --key "$key" --trusted-root "$root" "$target"
  [ "$want" -eq 0 ] || echo "  sigstore-js: $(head -n1 "$WORK/err")"
}

# (a, b) accepted, by the bundle file's digest and by the content digest subject.
for target in "$archive" "$content"; do
  both_verdict 0 slsa.json release.pub slsa.root.json "$target"
  both_verdict 0 evaluation.json release.pub evaluation.root.json "$target"
done
expect_exit 0 ms sigstore verify-bundle --bundle slsa.json --key release.pub --trusted-root slsa.root.json model.mbundle
expect_stdout "verified:"

# (c) one flipped byte in each signed part, each still well-formed; every variant is rejected.
"$py" - slsa.json evaluation.json <<'PY'
import base64, json, sys

def flip_last(b64text):
    raw = bytearray(base64.b64decode(b64text))
    raw[-1] ^= 0x01
    return base64.b64encode(bytes(raw)).decode()

def flip_hash_digit(body_b64):
    # the first "value" is envelopeHash (dsse) or hash (intoto): a field no
    # verifier compares with the bundle, so only the log's signatures catch it
    body = bytearray(base64.b64decode(body_b64))
    at = body.index(b'"value":"') + len(b'"value":"')
    body[at] = ord("0") if body[at] != ord("0") else ord("1")
    return base64.b64encode(bytes(body)).decode()

def flip_payload(envelope):
    payload = bytearray(base64.b64decode(envelope["payload"]))
    at = payload.rindex(b"https://")
    payload[at] ^= 0x20  # "https" -> "Https": still a valid statement
    envelope["payload"] = base64.b64encode(bytes(payload)).decode()

def flip_checkpoint(entry):
    proof = entry["inclusionProof"]["checkpoint"]
    note, sep, signature_line = proof["envelope"].rstrip("\n").rpartition("\n")
    dash, name, sig = signature_line.split(" ")
    proof["envelope"] = f"{note}{sep}{dash} {name} {flip_last(sig)}\n"

def flip_set(entry):
    promise = entry["inclusionPromise"]
    promise["signedEntryTimestamp"] = flip_last(promise["signedEntryTimestamp"])

def flip_body(entry):
    entry["canonicalizedBody"] = flip_hash_digit(entry["canonicalizedBody"])

def flip_signature(envelope):
    envelope["signatures"][0]["sig"] = flip_last(envelope["signatures"][0]["sig"])

for path in sys.argv[1:]:
    stem = path.removesuffix(".json")
    for name, mutate, part in [("payload", flip_payload, "env"), ("signature", flip_signature, "env"),
                               ("body", flip_body, "tlog"), ("checkpoint", flip_checkpoint, "tlog"),
                               ("set", flip_set, "tlog")]:
        doc = json.load(open(path))
        mutate(doc["dsseEnvelope"] if part == "env" else doc["verificationMaterial"]["tlogEntries"][0])
        json.dump(doc, open(f"{stem}.flipped-{name}.json", "w"), indent=2)
PY
for stem in slsa evaluation; do
  for part in payload signature body checkpoint set; do
    both_verdict 1 "$stem.flipped-$part.json" release.pub "$stem.root.json" "$archive"
  done
  both_verdict 1 "$stem.json" other.pub "$stem.root.json" "$archive"
  both_verdict 1 "$stem.json" release.pub other-log.root.json "$archive"
done
# The log vouches only for what was submitted: a bad payload or signature that
# got logged anyway, or an entry recording another signer, must still fail the
# DSSE signature check itself.
for part in payload signature; do
  expect_exit 0 "$py" "$log" "slsa.flipped-$part.json" "slsa.relogged-$part.json" "relogged-$part.root.json" \
    --key release.pub
  both_verdict 1 "slsa.relogged-$part.json" release.pub "relogged-$part.root.json" "$archive"
done
expect_exit 0 "$py" "$log" "$slsa" other-signer.json other-signer.root.json --key other.pub
both_verdict 1 other-signer.json other.pub other-signer.root.json "$archive"
another="sha256:$(printf 'another model' | sha256sum | cut -d' ' -f1)"
both_verdict 1 slsa.json release.pub slsa.root.json "$another"
both_verdict 1 evaluation.json release.pub evaluation.root.json "$another"

# (d) the raw attestation has no log entry: no generic Sigstore verifier accepts
# it, while modelseal's own policy check (key-based) does.
both_verdict 1 "$slsa" release.pub slsa.root.json "$archive"
expect_exit 1 ms sigstore verify-bundle --bundle "$slsa" --key release.pub --trusted-root slsa.root.json "$archive"
expect_stderr "no transparency-log entry"
mkdir keys && cp release.pub keys/
cat > policy.toml <<'TOML'
schema = "modelseal.attestation-policy/v1"
[[require]]
predicate_type = "https://slsa.dev/provenance/v1"
keys = ["keys/release.pub"]
builder_id = "https://ci.example.org/builder"
[[require]]
predicate_type = "https://modelseal.dev/evaluation/v1"
keys = ["keys/release.pub"]
TOML
expect_exit 0 ms verify-attestation model.mbundle --policy policy.toml
expect_stdout "accepted: every rule is met"
# the logged copies remain valid attestations for modelseal's policy check
mkdir logged && cp slsa.json evaluation.json logged/
expect_exit 0 ms verify-attestation model.mbundle --policy policy.toml --attestations logged
expect_stdout "accepted: every rule is met"

# (e) the real flow: the signer submits the envelope to Rekor and gets the log entry back in the
# Rekor v1 API form; `sigstore attach-log-entry` puts it into the attestation. Here the entry the
# test log made is rewritten into that API form (hex ids and hashes, integers) by Python.
api_entry() {  # api_entry LOGGED_BUNDLE OUT
  "$py" - "$1" "$2" <<'PY'
import base64, json, sys
e = json.load(open(sys.argv[1]))["verificationMaterial"]["tlogEntries"][0]
hexa = lambda b64: base64.b64decode(b64).hex()
p = e["inclusionProof"]
api = {"24296fb24b8ad77a" + hexa(e["logId"]["keyId"]): {
    "body": e["canonicalizedBody"], "integratedTime": int(e["integratedTime"]),
    "logID": hexa(e["logId"]["keyId"]), "logIndex": int(e["logIndex"]),
    "verification": {"signedEntryTimestamp": e["inclusionPromise"]["signedEntryTimestamp"],
                     "inclusionProof": {"checkpoint": p["checkpoint"]["envelope"],
                                        "hashes": [hexa(h) for h in p["hashes"]],
                                        "logIndex": int(p["logIndex"]), "rootHash": hexa(p["rootHash"]),
                                        "treeSize": int(p["treeSize"])}}}}
json.dump(api, open(sys.argv[2], "w"))
PY
}
api_entry slsa.json slsa.entry.json
api_entry evaluation.json evaluation.entry.json
cp "$slsa" attached.json
expect_exit 0 ms sigstore attach-log-entry --bundle attached.json --entry slsa.entry.json
expect_stdout "transparency-log entry from slsa.entry.json attached"
both_verdict 0 attached.json release.pub slsa.root.json "$archive"
# attaching the same entry again replaces it (one entry, still valid)
expect_exit 0 ms sigstore attach-log-entry --bundle attached.json --entry slsa.entry.json
both_verdict 0 attached.json release.pub slsa.root.json "$content"
expect_exit 0 "$py" -c "import json,sys; assert len(json.load(open('attached.json'))['verificationMaterial']['tlogEntries']) == 1"
# -o writes a new file and leaves the input alone; it never replaces an existing one
expect_exit 0 ms sigstore attach-log-entry --bundle "$evaluation" --entry evaluation.entry.json -o evaluation.attached.json
both_verdict 0 evaluation.attached.json release.pub evaluation.root.json "$archive"
expect_exit 2 ms sigstore attach-log-entry --bundle "$evaluation" --entry evaluation.entry.json -o evaluation.attached.json
expect_exit 1 ms sigstore verify-bundle --bundle "$evaluation" --key release.pub --trusted-root evaluation.root.json "$archive"
# an entry for another envelope is refused, and the bundle is left as it was
cp "$slsa" before.json
expect_exit 1 ms sigstore attach-log-entry --bundle "$slsa" --entry evaluation.entry.json
expect_stderr "records another signature"
cmp -s before.json "$slsa" || fail "a refused attach-log-entry changed the bundle"
checks=$((checks + 1))
# malformed API entries: not one member, a bad hex id, a missing proof
"$py" -c "import json; d=json.load(open('slsa.entry.json')); d['x']=1; json.dump(d, open('two.json','w'))"
expect_exit 1 ms sigstore attach-log-entry --bundle "$slsa" --entry two.json
expect_stderr "exactly one member"
sed 's/"logID": "\([0-9a-f]*\)"/"logID": "zz\1"/' slsa.entry.json > badhex.json
expect_exit 1 ms sigstore attach-log-entry --bundle "$slsa" --entry badhex.json
expect_stderr "logID"
"$py" -c "import json; d=json.load(open('slsa.entry.json')); v=next(iter(d.values())); del v['verification']['inclusionProof']; json.dump(d, open('noproof.json','w'))"
expect_exit 1 ms sigstore attach-log-entry --bundle "$slsa" --entry noproof.json
expect_stderr "inclusionProof"
expect_exit 2 ms sigstore attach-log-entry --bundle "$slsa" --entry missing.json
[ -n "$reference" ] || echo "NOTE: only modelseal's verdicts were checked (sigstore-js unavailable)"
done_ok
