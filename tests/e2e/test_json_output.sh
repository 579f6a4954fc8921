#!/usr/bin/env bash
# --json (docs/json-output.md): every command that gives a verdict prints exactly one document on
# stdout, valid against specs/json-output-v1.schema.json (checked by Python's jsonschema, an
# independent implementation), with the verdict, exit code 0/1/2, error code and file; usage
# errors with --json are documents too.
source "$(dirname "$0")/lib.sh"
cd "$WORK"
schema="$SOURCE_DIR/specs/json-output-v1.schema.json"
PY=$(python_with_jsonschema) || skip "no python3 with jsonschema (scripts/install-deps.sh installs python3-jsonschema)"

# jdoc EXIT CMD...: CMD exits EXIT; its stdout is kept as the next document, checked at the end
# (one Python run for all: the machine is shared) to be exactly one schema-valid document.
mkdir docs
docs=0
jdoc() {
  expect_exit "$@"
  docs=$((docs + 1))
  cp "$WORK/out" "docs/$docs.json"
  printf '%s\n' "${*:2}" > "docs/$docs.cmd"
  : > "docs/$docs.spec"
}

# field SPEC...: the last document's fields. "PATH=VALUE": the field (dotted path, list indices
# as numbers) equals VALUE (booleans as true/false); "PATH?": present; "!PATH": absent.
field() {
  printf '%s\n' "$@" >> "docs/$docs.spec"
}

# check_documents: every document against the schema and its field specs.
check_documents() {
  "$PY" - "$schema" "$docs" <<'PYTHON' || fail "a --json document is wrong (above)"
import json, sys, jsonschema
validator = jsonschema.Draft202012Validator(json.load(open(sys.argv[1])))
def get(doc, path):
    v = doc
    for part in path.split("."):
        v = v[int(part)] if isinstance(v, list) else v[part]
    return v
bad = 0
for n in range(1, int(sys.argv[2]) + 1):
    cmd = open(f"docs/{n}.cmd").read().strip()
    text = open(f"docs/{n}.json").read()
    try:
        assert text.startswith("{") and text.endswith("}\n"), "stdout holds more than the document"
        doc = json.loads(text)  # raises on anything before or after the one document
        validator.validate(doc)
        for spec in open(f"docs/{n}.spec").read().splitlines():
            if spec.startswith("!"):
                try:
                    get(doc, spec[1:])
                except (KeyError, IndexError):
                    continue
                raise AssertionError(f"{spec[1:]} is present")
            if spec.endswith("?"):
                get(doc, spec[:-1])
                continue
            path, want = spec.split("=", 1)
            got = get(doc, path)
            got = json.dumps(got) if isinstance(got, bool) else str(got)
            assert got == want, f"{path}: {got!r} != {want!r}"
    except Exception as e:
        bad += 1
        print(f"FAIL: {cmd}: {type(e).__name__}: {e}\n{text}")
print(f"{sys.argv[2]} documents checked, {bad} wrong")
sys.exit(1 if bad else 0)
PYTHON
  checks=$((checks + docs))
}

expect_exit 0 ms build "$EXAMPLE" -o m.mbundle
key_id=$(ms keygen -o release.key 2>/dev/null | sed -n 's/^key id: //p')
[ ${#key_id} -eq 64 ] || fail "keygen printed no key id"
expect_exit 0 ms keygen -o other.key
expect_exit 0 ms keygen -o operator.key
expect_exit 0 ms sign m.mbundle --key release.key
digest=$(ms digest m.mbundle)

# verify: accepted; wrong key; a flipped byte; the policy rejects; a missing key or target.
jdoc 0 ms verify m.mbundle --key release.pub --json
field verdict=accepted exit_code=0 command=verify content_digest="$digest" target=m.mbundle \
  signatures.0.result=verified signatures.0.method=key signatures.0.key_id="$key_id" \
  "signatures.0.signer=key $key_id" signatures.0.algorithm=ecdsa-p256 signatures.0.signed_at? '!error'
jdoc 0 ms verify --integrity-only m.mbundle --json
field verdict=accepted integrity_only=true content_digest="$digest" model.name=tiny-sentiment
jdoc 1 ms verify m.mbundle --key other.pub --json
field verdict=rejected exit_code=1 error.code=tampered error.file=m.mbundle.sig signatures.0.result=failed \
  signatures.0.error.code=tampered
cp m.mbundle flipped.mbundle && cp m.mbundle.sig flipped.mbundle.sig
printf '\xff' | dd of=flipped.mbundle bs=1 seek=3000 conv=notrunc status=none
jdoc 1 ms verify flipped.mbundle --key release.pub --json
field verdict=rejected error.code?
printf 'schema = "modelseal.policy/v1"\n[trust]\nkeys = ["release.pub", "other.pub"]\n[require]\nmin_signatures = 2\n' > two.toml
jdoc 1 ms verify m.mbundle --policy two.toml --json
field verdict=rejected error.code=policy_rejected error.file=two.toml policy.passed=false policy.source=two.toml \
  policy.evaluated_at? signatures.0.result=verified
jdoc 2 ms verify m.mbundle --key missing.pub --json
field verdict=error exit_code=2 error.code=not_found error.file=missing.pub
jdoc 2 ms verify absent.mbundle --key release.pub --json
field verdict=error error.code=not_found target=absent.mbundle error.file?

# validate and scan: the validation fields inside the envelope.
jdoc 0 ms validate m.mbundle --json
field verdict=accepted command=validate kind=bundle content_digest="$digest" errors=0 findings?
mkdir x && tar --zstd -xf m.mbundle -C x
printf '\x01' | dd of=x/model.safetensors bs=1 seek=100 conv=notrunc status=none
jdoc 1 ms validate x --json
field verdict=rejected error.code=findings error.file=x
jdoc 2 ms validate nowhere --json
field verdict=error error.code=not_found
jdoc 0 ms scan "$EXAMPLE/model.safetensors" --json
field verdict=accepted command=scan files.0.format=safetensors
/usr/bin/python3 -c 'import os, pickle
class Evil:
    def __reduce__(self): return (os.system, ("true",))
open("evil.pt", "wb").write(pickle.dumps(Evil(), protocol=2))'
jdoc 1 ms scan evil.pt --json
field verdict=rejected error.code=findings findings.0.id=pickle.unsafe_global

# seal, open, shred, verify-disposal, verify --revocations (a small scrypt cost: fast).
echo "correct horse battery" > pass
echo "a different passphrase" > pass2
expect_exit 0 ms keystore init ks --passphrase-file pass --scrypt-log2-n 14
expect_exit 0 ms seal m.mbundle --keystore ks --passphrase-file pass -o m.sealed.mbundle
jdoc 0 ms open m.sealed.mbundle --keystore ks --passphrase-file pass -C opened --json
field verdict=accepted command=open content_digest="$digest" opened.extract_to=opened sealed=true
[ -f opened/model.safetensors ] || fail "open --json did not extract"
size=$(stat -c %s m.sealed.mbundle)
cp m.sealed.mbundle flipped.sealed.mbundle
printf '\xff' | dd of=flipped.sealed.mbundle bs=1 seek=$((size - 100)) conv=notrunc status=none
jdoc 1 ms open flipped.sealed.mbundle --keystore ks --passphrase-file pass -C flipout --json
field verdict=rejected error.code=tampered error.file=flipped.sealed.mbundle
[ ! -e flipout ] || fail "a tampered open left a folder"
jdoc 2 ms open m.sealed.mbundle --keystore ks --passphrase-file pass --json
field verdict=error error.code=usage command=open
expect_exit 0 ms shred m.sealed.mbundle --keystore ks --passphrase-file pass --key operator.key \
  --reason "model retired" --new-passphrase-file pass2
record=$(ls ks/disposals/*.disposal.json)
jdoc 0 ms verify-disposal "$record" --key operator.pub --json
field verdict=accepted command=verify-disposal content_digest="$digest" disposal.reason="model retired" \
  signatures.0.result=verified signatures.0.method=key signatures.0.key_id?
jdoc 1 ms verify-disposal "$record" --key release.pub --json
field verdict=rejected error.code=tampered error.file="$record" signatures.0.result=failed
jdoc 1 ms verify m.mbundle --key release.pub --revocations ks/disposals --revocation-key operator.pub --json
field verdict=rejected error.code=revoked error.file="$record" revocation.revoked=true \
  revocation.record.signature_verified=true revocation.record.file="$record"

# verify-attestation: the policy's rules; another key's policy rejects.
expect_exit 0 ms attest m.mbundle --key release.key --predicate-type evaluation
printf 'schema = "modelseal.attestation-policy/v1"\n[[require]]\npredicate_type = "https://modelseal.dev/evaluation/v1"\nkeys = ["%s"]\n' \
  release.pub > attest.toml
sed 's/release.pub/other.pub/' attest.toml > attest-other.toml
jdoc 0 ms verify-attestation m.mbundle --policy attest.toml --json
field verdict=accepted command=verify-attestation content_digest="$digest" policy.passed=true \
  policy.rules.0.passed=true attestations.read=1
jdoc 1 ms verify-attestation m.mbundle --policy attest-other.toml --json
field verdict=rejected error.code=policy_rejected error.file=attest-other.toml policy.rules.0.passed=false
jdoc 2 ms verify-attestation m.mbundle --policy nope.toml --json
field verdict=error error.code?

# Usage errors with --json: a document, exit 2, before any command ran.
jdoc 2 ms verify m.mbundle --json --no-such-option
field verdict=error exit_code=2 error.code=usage command=verify
jdoc 2 ms verify --json
field error.code=usage command=verify
jdoc 2 ms validate m.mbundle --json --threads many
field error.code=usage command=validate
jdoc 2 ms sigstore verify-bundle --bundle b.json artifact --json
field error.code=usage "command=sigstore verify-bundle"
jdoc 2 ms build "$EXAMPLE" -o y.mbundle --json
field error.code=usage command=build
# Without --json nothing changes: human text.
expect_exit 0 ms verify m.mbundle --key release.pub
expect_stdout "verified m.mbundle"

# sigstore verify-bundle: real staging bundles from ../shared.
vectors="$SHARED_DIR/vectors/sigstore/sigstore-python"
if [ -d "$vectors" ]; then
  jdoc 0 ms sigstore verify-bundle --bundle "$vectors/bundle_v3.txt.sigstore" \
    --certificate-identity william@yossarian.net --certificate-oidc-issuer https://github.com/login/oauth \
    --trusted-root "$vectors/staging_trusted_root.json" "$vectors/bundle_v3.txt" --json
  field verdict=accepted "command=sigstore verify-bundle" signatures.0.method=keyless \
    signatures.0.signer=william@yossarian.net signatures.0.issuer=https://github.com/login/oauth \
    artifact_digest="sha256:$(sha256sum "$vectors/bundle_v3.txt" | cut -d' ' -f1)" signatures.0.signed_at?
  jdoc 1 ms sigstore verify-bundle --bundle "$vectors/bundle_v3.txt.sigstore" \
    --certificate-identity william@yossarian.net --certificate-oidc-issuer https://github.com/login/oauth \
    "$vectors/bundle_v3.txt" --json
  field verdict=rejected signatures.0.result=failed error.code? error.file?
  jdoc 2 ms sigstore verify-bundle --bundle "$vectors/missing.sigstore" \
    --certificate-identity william@yossarian.net --certificate-oidc-issuer https://github.com/login/oauth \
    "$vectors/bundle_v3.txt" --json
  field verdict=error error.code=not_found
else
  echo "NOTE: $vectors is absent: sigstore verify-bundle accepted/rejected cases skipped"
fi

check_documents
echo "json output: $checks checks passed"
