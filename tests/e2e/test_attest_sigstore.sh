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
[ -n "$reference" ] || echo "NOTE: only modelseal's verdicts were checked (sigstore-js unavailable)"
done_ok
