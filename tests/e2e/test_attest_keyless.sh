#!/usr/bin/env bash
# Keyless attestations checked against an independent producer. Python plays
# Fulcio, the CT log and Rekor (tests/interop/test_fulcio.py): it re-signs a
# `modelseal attest` statement with a short-lived Fulcio-style certificate
# (embedded SCT), logs it and writes the matching trusted root. Then
# `modelseal sigstore verify-bundle`, the sigstore-js reference verifier (when
# node and npm are usable) and `modelseal verify-attestation` with an
# identity policy must accept it, and reject each deliberate defect.
source "$(dirname "$0")/lib.sh"
cd "$WORK"
py=/usr/bin/python3
fulcio="$SOURCE_DIR/tests/interop/test_fulcio.py"
[ -x "$py" ] || skip "$py is missing"
"$py" -c "import cryptography" 2>/dev/null || skip "Python's cryptography is not installed"

identity="https://github.com/acme/model/.github/workflows/release.yml@refs/tags/v1.2.0"
issuer="https://token.actions.githubusercontent.com"

expect_exit 0 ms build "$EXAMPLE" -o model.mbundle
expect_exit 0 ms keygen -o release.key
expect_exit 0 ms attest model.mbundle --key release.key --predicate-type slsa-provenance \
  --builder-id https://ci.example.org/builder --invocation-id https://ci.example.org/run/42
slsa=$(ls model.mbundle.attestations/slsa-provenance-*.sigstore.json)
archive="sha256:$(sha256sum model.mbundle | cut -d' ' -f1)"

# keyless NAME [ARGS...]: NAME/attestation.json and NAME/root.json, made by the test Fulcio.
keyless() {
  local name=$1
  shift
  mkdir -p "$name"
  expect_exit 0 "$py" "$fulcio" "$slsa" "$name/attestation.json" "$name/root.json" "$@"
}
keyless good --identity "$identity" --issuer "$issuer"
keyless email --identity release-bot@acme.example --issuer https://accounts.google.com --san email
keyless username --identity release-bot --issuer https://oidc.example.org --san othername
defects="no-codesigning no-digital-signature sct-other-tbs sct-unknown-log ca-not-trusted time-after-leaf time-before-leaf bad-signature"
for defect in $defects; do
  keyless "$defect" --identity "$identity" --issuer "$issuer" --defect "$defect"
done
# a byte of the DSSE signature flipped after logging: the log entry no longer matches either
mkdir flipped && cp good/root.json flipped/
"$py" - good/attestation.json flipped/attestation.json <<'PY'
import base64, json, sys
doc = json.load(open(sys.argv[1]))
signature = doc["dsseEnvelope"]["signatures"][0]
raw = bytearray(base64.b64decode(signature["sig"]))
raw[-1] ^= 0x01
signature["sig"] = base64.b64encode(bytes(raw)).decode()
json.dump(doc, open(sys.argv[2], "w"), indent=2)
PY
# the trust root lists only the intermediate, or only the root (the v0.3 bundle carries no intermediate)
for part in intermediate root; do
  mkdir "$part-only" && cp good/attestation.json "$part-only/"
  "$py" - good/root.json "$part-only/root.json" "$part" <<'PY'
import json, sys
root = json.load(open(sys.argv[1]))
chain = root["certificateAuthorities"][0]["certChain"]
chain["certificates"] = chain["certificates"][:1] if sys.argv[3] == "intermediate" else chain["certificates"][1:]
json.dump(root, open(sys.argv[2], "w"), indent=2)
PY
done

setup_sigstore_reference

# verdicts MS_EXIT JS_EXIT NAME ID ISSUER: each verifier's verdict on NAME's bundle
# (0 accept, 1 reject); a rejection prints the reason each verifier gives.
# Runs modelseal last, so expect_stdout and expect_stderr read its output.
verdicts() {
  local ms_want=$1 js_want=$2 name=$3 id=$4 iss=$5
  local args=(verify-bundle --bundle "$name/attestation.json" --certificate-identity "$id"
              --certificate-oidc-issuer "$iss" --trusted-root "$name/root.json" "$archive")
  if [ -n "$reference" ]; then
    expect_exit "$js_want" node "$reference" "${args[@]}"
    [ "$js_want" -eq 0 ] || echo "$name: sigstore-js: $(head -n1 "$WORK/err")"
  fi
  expect_exit "$ms_want" ms sigstore "${args[@]}"  # last: expect_stdout/stderr then read modelseal's
  [ "$ms_want" -eq 0 ] || echo "$name: modelseal: $(head -n1 "$WORK/err")"
}

# (a) accepted by both, by digest and by file.
verdicts 0 0 good "$identity" "$issuer"
expect_stdout "$identity"
verdicts 0 0 email release-bot@acme.example https://accounts.google.com
# Fulcio's otherName SAN (a username): sigstore-js reads only URI and e-mail SANs.
verdicts 0 1 username release-bot https://oidc.example.org
expect_stdout "release-bot"
expect_exit 0 ms sigstore verify-bundle --bundle good/attestation.json --certificate-identity "$identity" \
  --certificate-oidc-issuer "$issuer" --trusted-root good/root.json model.mbundle

# (c) each defect rejected by modelseal; sigstore-js agrees except where it does not
# check: it ignores the leaf's key usage and extended key usage.
verdicts 1 0 no-codesigning "$identity" "$issuer"
expect_stderr "codeSigning"
verdicts 1 0 no-digital-signature "$identity" "$issuer"
expect_stderr "digitalSignature"
for defect in sct-other-tbs sct-unknown-log ca-not-trusted time-after-leaf time-before-leaf bad-signature flipped; do
  verdicts 1 1 "$defect" "$identity" "$issuer"
done
verdicts 1 1 root-only "$identity" "$issuer"
# A trusted intermediate is an anchor for modelseal (a partial chain, by design: docs/sigstore.md
# check 6); sigstore-js insists on a path up to a self-signed root.
verdicts 0 1 intermediate-only "$identity" "$issuer"
verdicts 1 1 good "https://github.com/evil/model/.github/workflows/release.yml@refs/tags/v1.2.0" "$issuer"
expect_stderr "$identity"
verdicts 1 1 good "$identity" https://accounts.google.com
expect_stderr "$issuer"
verdicts 1 1 email other@acme.example https://accounts.google.com
# sigstore-js treats --certificate-identity as an unanchored regular expression, so
# a prefix of the identity passes there; modelseal compares exactly.
verdicts 1 0 good "https://github.com/acme/" "$issuer"
expect_stderr "certificate identity is $identity"
# '*' is a pattern only in policies: on the command line it is a literal character.
verdicts 1 0 good "https://github.com/acme/*" "$issuer"
expect_stderr "certificate identity is $identity"

# (b) the attestation policy names keyless signers (exact, or '*' patterns) and the trust root.
# policy DIR IDENTITY ISSUER: DIR/policy.toml for DIR/root.json, attestations in DIR/.
policy() {
  cat >"$1/policy.toml" <<TOML
schema = "modelseal.attestation-policy/v1"
trusted_root = "root.json"
[[require]]
predicate_type = "https://slsa.dev/provenance/v1"
identities = [{ identity = "$2", issuer = "$3" }]
builder_id = "https://ci.example.org/builder"
TOML
}
check_policy() {  # check_policy EXIT DIR IDENTITY ISSUER
  policy "$2" "$3" "$4"
  expect_exit "$1" ms verify-attestation model.mbundle --policy "$2/policy.toml" --attestations "$2"
}
check_policy 0 good "$identity" "$issuer"
expect_stdout "accepted: every rule is met"
expect_stdout "signed by $identity"
check_policy 0 good "https://github.com/acme/model/*@refs/tags/v*" "https://token.actions.*"
expect_stdout "signed by $identity"
check_policy 0 good "*" "*"
check_policy 0 email "*@acme.example" https://accounts.google.com
expect_stdout "release-bot@acme.example"
check_policy 0 username release-bot "https://oidc.example.org"
expect_stdout "signed by release-bot (issuer https://oidc.example.org)"
check_policy 1 good "https://github.com/other/*" "$issuer"
expect_stdout "certificate identity is $identity"
expect_stderr "rejected by attestation policy"
check_policy 1 good "https://github.com/acme/*" "https://accounts.google.com"
expect_stdout "$issuer"
check_policy 1 good "https://github.com/acme/" "$issuer"
expect_stdout "certificate identity is $identity"
for defect in $defects flipped; do
  check_policy 1 "$defect" "$identity" "$issuer"
done
# a key-only rule does not accept a keyless attestation, nor an identity rule a key-signed one
cp release.pub good/
cat >good/keys-only.toml <<'TOML'
schema = "modelseal.attestation-policy/v1"
[[require]]
predicate_type = "https://slsa.dev/provenance/v1"
keys = ["release.pub"]
TOML
expect_exit 1 ms verify-attestation model.mbundle --policy good/keys-only.toml --attestations good
policy model.mbundle.attestations "$identity" "$issuer"
cp good/root.json model.mbundle.attestations/
expect_exit 1 ms verify-attestation model.mbundle --policy model.mbundle.attestations/policy.toml
[ -n "$reference" ] || echo "NOTE: only modelseal's verdicts were checked (sigstore-js unavailable)"
done_ok
