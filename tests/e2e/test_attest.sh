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
check() {  # check ATTESTATION PUBKEY PREDICATE_TYPE: signature, subjects and type, independently
  /usr/bin/python3 - "$@" "$content" "$archive" <<'PY'
import base64, json, sys
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
path, pub, ptype, content, archive = sys.argv[1:6]
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
assert digests == {content.removeprefix("sha256:"), archive}, digests
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
done_ok
