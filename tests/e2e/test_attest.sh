#!/usr/bin/env bash
# modelseal attest: SLSA provenance and evaluation statements about a bundle,
# signed in DSSE envelopes in Sigstore bundles beside it. The signature and the
# statement are checked by an independent implementation (Python's
# `cryptography`), so the project does not grade itself.
source "$(dirname "$0")/lib.sh"
cd "$WORK"
/usr/bin/python3 -c "import cryptography" 2>/dev/null || skip "Python's cryptography is not installed"

expect_exit 0 ms build "$EXAMPLE" -o model.mbundle
expect_exit 0 ms keygen -o release.key
expect_exit 0 ms keygen -o other.key
expect_exit 0 ms attest model.mbundle --key release.key --predicate-type slsa-provenance \
  --builder-id https://ci.example.org/builder --invocation-id https://ci.example.org/run/42
slsa=$(ls model.mbundle.attestations/slsa-provenance-*.sigstore.json)
expect_exit 0 ms attest model.mbundle --key release.key --predicate-type evaluation
evaluation=$(ls model.mbundle.attestations/evaluation-*.sigstore.json)
echo '{"reviewer":"security-team","verdict":"approved"}' > review.json
expect_exit 0 ms attest model.mbundle --key release.key --predicate-type https://example.org/review/v1 \
  --predicate review.json -o review.sigstore.json
expect_exit 2 ms attest model.mbundle --key release.key --predicate-type https://example.org/review/v1
expect_exit 2 ms attest model.mbundle --key release.key --predicate-type not-a-uri --predicate review.json
echo '{"a":1,"a":2}' > dup.json
expect_exit 2 ms attest model.mbundle --key release.key --predicate-type https://example.org/x/v1 --predicate dup.json
cp model.mbundle broken.mbundle
printf '\xff' | dd of=broken.mbundle bs=1 seek=3000 conv=notrunc status=none
expect_exit 1 ms attest broken.mbundle --key release.key --predicate-type slsa-provenance

content=$(ms digest model.mbundle)
archive=$(sha256sum model.mbundle | cut -d' ' -f1)
manifest=$(tar --zstd -xOf model.mbundle .modelseal/manifest.json | sha256sum | cut -d' ' -f1)
check() {  # check ATTESTATION PUBKEY PREDICATE_TYPE: signature, subjects and type, independently
  /usr/bin/python3 - "$@" "$content" "$archive" "$manifest" <<'PY'
import base64, json, sys
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
path, pub, ptype, content, archive, manifest = sys.argv[1:7]
bundle = json.load(open(path))
env = bundle["dsseEnvelope"]
payload = base64.b64decode(env["payload"])
ptype_env = env["payloadType"].encode()
pae = b"DSSEv1 %d %s %d %s" % (len(ptype_env), ptype_env, len(payload), payload)
key = serialization.load_pem_public_key(open(pub, "rb").read())
key.verify(base64.b64decode(env["signatures"][0]["sig"]), pae, ec.ECDSA(hashes.SHA256()))
st = json.loads(payload)
assert st["_type"] == "https://in-toto.io/Statement/v1", st["_type"]
assert st["predicateType"] == ptype, st["predicateType"]
digests = {s["digest"]["sha256"] for s in st["subject"]}
assert digests == {content.removeprefix("sha256:"), archive, manifest}, digests
if ptype == "https://slsa.dev/provenance/v1":
    p = st["predicate"]
    assert p["runDetails"]["builder"]["id"] == "https://ci.example.org/builder"
    assert p["runDetails"]["metadata"]["invocationId"] == "https://ci.example.org/run/42"
    deps = p["buildDefinition"]["resolvedDependencies"]
    uris = {d.get("uri") for d in deps}
    assert "https://huggingface.co/datasets/stanfordnlp/sst2" in uris, uris
    assert any(d["annotations"]["kind"] == "base_model" for d in deps)
    assert all("retrieved_at" in d["annotations"] for d in deps if d["annotations"]["kind"] == "dataset")
if ptype == "https://modelseal.dev/evaluation/v1":
    assert st["predicate"]["results"], "no evaluation results"
print("ok")
PY
}
check "$slsa" release.pub https://slsa.dev/provenance/v1 >/dev/null || fail "SLSA provenance does not check out"
checks=$((checks + 1))
check "$evaluation" release.pub https://modelseal.dev/evaluation/v1 >/dev/null || fail "evaluation attestation"
checks=$((checks + 1))
check review.sigstore.json release.pub https://example.org/review/v1 >/dev/null || fail "custom predicate"
checks=$((checks + 1))
if check "$slsa" other.pub https://slsa.dev/provenance/v1 >/dev/null 2>&1; then fail "verified with the wrong key"; fi
checks=$((checks + 1))

# verify-attestation: each rule with its evidence; altered, foreign, wrong-key or stale
# attestations never satisfy a rule.
mkdir keys && cp release.pub other.pub keys/
cat > policy.toml <<'TOML'
schema = "modelseal.attestation-policy/v1"
[[require]]
predicate_type = "https://slsa.dev/provenance/v1"
keys = ["keys/release.pub"]
builder_id = "https://ci.example.org/builder"
max_age_days = 30
[[require]]
predicate_type = "https://modelseal.dev/evaluation/v1"
keys = ["keys/release.pub"]
TOML
expect_exit 0 ms verify-attestation model.mbundle --policy policy.toml
expect_stdout "[pass] https://slsa.dev/provenance/v1"
expect_stdout "accepted: every rule is met"
sed 's|keys/release.pub|keys/other.pub|' policy.toml > other-key.toml
expect_exit 1 ms verify-attestation model.mbundle --policy other-key.toml
expect_stdout "[FAIL]"
sed 's|https://ci.example.org/builder|https://evil.example/builder|' policy.toml > builder.toml
expect_exit 1 ms verify-attestation model.mbundle --policy builder.toml
expect_stdout "built by 'https://ci.example.org/builder'"
expect_exit 0 ms attest model.mbundle --key release.key --predicate-type slsa-provenance \
  --builder-id https://ci.example.org/builder --finished-on 2020-01-01T00:00:00Z -o old/slsa.sigstore.json
expect_exit 1 ms verify-attestation model.mbundle --policy policy.toml --attestations old
expect_stdout "older than 30 days"
# an altered statement (the builder rewritten) no longer verifies
mkdir altered
/usr/bin/python3 - "$slsa" altered/slsa.sigstore.json <<'PY'
import base64, json, sys
doc = json.load(open(sys.argv[1]))
env = doc["dsseEnvelope"]
env["payload"] = base64.b64encode(base64.b64decode(env["payload"]).replace(b"run/42", b"run/43")).decode()
json.dump(doc, open(sys.argv[2], "w"))
PY
cp "$evaluation" altered/
expect_exit 1 ms verify-attestation model.mbundle --policy policy.toml --attestations altered
expect_stdout "does not verify"
# attestations about another bundle do not count for this one
cp -r "$EXAMPLE" v2 && sed -i 's/^version = .*/version = "2.0.0"/' v2/bundle.toml
expect_exit 0 ms build v2 -o v2.mbundle
expect_exit 1 ms verify-attestation v2.mbundle --policy policy.toml --attestations model.mbundle.attestations
expect_stdout "name neither this bundle"
expect_exit 1 ms verify-attestation v2.mbundle --policy policy.toml
expect_stdout "no attestation of this type"
printf 'schema = "modelseal.attestation-policy/v1"\n[[require]]\npredicate_type = "x"\nkeys = ["keys/release.pub"]\n' > bad.toml
expect_exit 2 ms verify-attestation model.mbundle --policy bad.toml   # misconfigured: exit 2
expect_stderr "predicate_type must be a URI"

# Keyless rules: identities (certificate identity + issuer patterns) and the Sigstore trust root.
# (tests/e2e/test_attest_keyless.sh verifies keyless attestations; here the policy itself.)
ident_policy() {
  printf 'schema = "modelseal.attestation-policy/v1"\n%s\n[[require]]\npredicate_type = "https://slsa.dev/provenance/v1"\n%s\n' "$1" "$2" > ident.toml
}
ident_policy "" 'identities = [{ identity = "https://github.com/acme/*", issuer = "https://token.actions.githubusercontent.com" }]'
expect_exit 1 ms verify-attestation model.mbundle --policy ident.toml
expect_stdout "keyless https://github.com/acme/* (issuer https://token.actions.githubusercontent.com)"
expect_stdout "FAIL"
ident_policy "" 'identities = [{ identity = "https://github.com/acme/*" }]'
expect_exit 2 ms verify-attestation model.mbundle --policy ident.toml
expect_stderr "'issuer' is required"
ident_policy "" 'identities = [{ identity = "a", issuer = "b", subject = "c" }]'
expect_exit 2 ms verify-attestation model.mbundle --policy ident.toml
expect_stderr "unknown key 'subject'"
ident_policy "" 'identities = []'
expect_exit 2 ms verify-attestation model.mbundle --policy ident.toml
expect_stderr "'identities' must list 1 to 64"
ident_policy "" 'builder_id = "https://ci.example.org/builder"'
expect_exit 2 ms verify-attestation model.mbundle --policy ident.toml
expect_stderr "say who must sign"
ident_policy 'trusted_root = "root.json"' 'keys = ["keys/release.pub"]'
expect_exit 2 ms verify-attestation model.mbundle --policy ident.toml
expect_stderr "trusted_root is for keyless rules"
ident_policy 'trusted_root = "missing-root.json"' 'identities = [{ identity = "a", issuer = "b" }]'
expect_exit 2 ms verify-attestation model.mbundle --policy ident.toml
expect_stderr "missing-root.json"
printf '{"mediaType": "nope"}' > bad-root.json
ident_policy 'trusted_root = "bad-root.json"' 'identities = [{ identity = "a", issuer = "b" }]'
expect_exit 2 ms verify-attestation model.mbundle --policy ident.toml
expect_stderr "bad-root.json"
# Keys or identities: a key-signed attestation meets a rule that names both.
ident_policy "" 'keys = ["keys/release.pub"]
identities = [{ identity = "a", issuer = "b" }]'
expect_exit 0 ms verify-attestation model.mbundle --policy ident.toml

# The file digest is the SHA-256 of the bytes read (Python's hashlib), taken in the same read
# that verified them; a bundle replaced after attest (other content) meets no rule.
py_sha256() { /usr/bin/python3 -c 'import hashlib, sys; print(hashlib.sha256(open(sys.argv[1], "rb").read()).hexdigest())' "$1"; }
expect_exit 0 ms verify-attestation model.mbundle --policy policy.toml
expect_stdout "file sha256:$(py_sha256 model.mbundle)"
expect_exit 0 ms attest model.mbundle --key release.key --predicate-type evaluation -o again.sigstore.json
expect_stdout "archive digest sha256:$(py_sha256 model.mbundle)"
mkfifo pipe.mbundle && mkdir folder.mbundle && ln -s pipe.mbundle link.mbundle
for odd in pipe folder link; do  # refused at once (a FIFO must not block), exit 2
  expect_exit 2 timeout 10 "$MODELSEAL" attest $odd.mbundle --key release.key --predicate-type evaluation
  expect_stderr "$odd.mbundle: is a"
  expect_exit 2 timeout 10 "$MODELSEAL" verify-attestation $odd.mbundle --policy policy.toml
  expect_stderr "not a regular file"
done
mv -f v2.mbundle model.mbundle
expect_exit 1 ms verify-attestation model.mbundle --policy policy.toml
expect_stdout "[FAIL] https://slsa.dev/provenance/v1"
expect_stdout "name neither this bundle"
expect_stdout "file sha256:$(py_sha256 model.mbundle)"
done_ok
