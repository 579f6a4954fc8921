#!/usr/bin/env bash
# Attestations bind the bundle's names (issue 14, part 2): the manifest digest is a subject and
# verify-attestation requires it (or the file digest) beside the content digest; certificate-signed
# attestations verify against the policy's `cas`; policy inputs that are not regular files (a FIFO)
# are refused at once instead of blocking.
source "$(dirname "$0")/lib.sh"
cd "$WORK"
command -v openssl >/dev/null || skip "openssl is not installed"

# A model whose payload glob takes every file: config.json can be renamed without editing
# bundle.toml, and without moving in the order, so the content digest stays the same.
cp -r "$EXAMPLE" model
sed -i 's/^include = .*/include = ["*"]/' model/bundle.toml
expect_exit 0 ms build model -o model.mbundle
expect_exit 0 ms build model -o plain.mbundle --compression none
expect_exit 0 ms keygen -o release.key
expect_exit 0 ms attest model.mbundle --key release.key --predicate-type slsa-provenance -o att/slsa.sigstore.json
expect_stdout "manifest digest sha256:"

# The subjects, read independently: content digest, manifest digest (SHA-256 of the manifest
# entry as GNU tar extracts it) and file digest.
manifest=$(tar --zstd -xOf model.mbundle .modelseal/manifest.json | sha256sum | cut -d' ' -f1)
content=$(ms digest model.mbundle | sed 's/^sha256://')
archive=$(sha256sum model.mbundle | cut -d' ' -f1)
subjects=$(/usr/bin/python3 -c '
import base64, json, sys
st = json.loads(base64.b64decode(json.load(open(sys.argv[1]))["dsseEnvelope"]["payload"]))
print(" ".join(sorted(s["digest"]["sha256"] for s in st["subject"])))' att/slsa.sigstore.json)
[ "$subjects" = "$(printf '%s\n' "$content" "$manifest" "$archive" | sort | tr '\n' ' ' | sed 's/ $//')" ] ||
  fail "subjects $subjects are not the content, manifest and file digests"
checks=$((checks + 1))

attestation_policy policy.toml https://slsa.dev/provenance/v1 release.pub
expect_exit 0 ms verify-attestation model.mbundle --policy policy.toml --attestations att
# the same names and contents in another archive: the attestation holds
expect_exit 0 ms verify-attestation plain.mbundle --policy policy.toml --attestations att
# config.json renamed: the content digest is the same, the attestation is not about this bundle
mv model/config.json model/configuration.json
expect_exit 0 ms build model -o renamed.mbundle
[ "$(ms digest renamed.mbundle)" = "sha256:$content" ] || fail "the rename changed the content digest"
expect_exit 1 ms verify-attestation renamed.mbundle --policy policy.toml --attestations att
expect_stdout "does not bind the files' names"

# Certificate-signed attestations: a root and a leaf with the codeSigning extended key usage.
openssl ecparam -name prime256v1 -genkey -noout -out ca.key 2>/dev/null
openssl req -x509 -new -key ca.key -subj "/CN=attest-root" -days 30 -out ca.pem \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
openssl ecparam -name prime256v1 -genkey -noout -out leaf-sec1.key 2>/dev/null
openssl pkcs8 -topk8 -nocrypt -in leaf-sec1.key -out leaf.key
openssl req -new -key leaf.key -subj "/CN=attester" -out leaf.csr 2>/dev/null
printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=codeSigning\n' > leaf.ext
openssl x509 -req -in leaf.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 10 -extfile leaf.ext \
  -out leaf.pem 2>/dev/null
openssl ecparam -name prime256v1 -genkey -noout -out other-ca.key 2>/dev/null
openssl req -x509 -new -key other-ca.key -subj "/CN=other-root" -days 30 -out other-ca.pem \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
expect_exit 0 ms attest model.mbundle --key leaf.key --cert leaf.pem --predicate-type slsa-provenance \
  -o cert-att/slsa.sigstore.json --force
cas_policy() {
  printf 'schema = "modelseal.attestation-policy/v1"\n[[require]]\npredicate_type = "https://slsa.dev/provenance/v1"\n%s\n' "$1" > cas.toml
}
cas_policy 'cas = ["ca.pem"]'
expect_exit 0 ms verify-attestation model.mbundle --policy cas.toml --attestations cert-att
expect_stdout "certificate CN=attester"
cas_policy 'cas = ["other-ca.pem"]'
expect_exit 1 ms verify-attestation model.mbundle --policy cas.toml --attestations cert-att
expect_stdout "[FAIL]"
cas_policy 'keys = ["release.pub"]'
expect_exit 1 ms verify-attestation model.mbundle --policy cas.toml --attestations cert-att
expect_stdout "the rule names no cas"
# a key-signed attestation does not pass a rule that trusts only the CA
cas_policy 'cas = ["ca.pem"]'
expect_exit 1 ms verify-attestation model.mbundle --policy cas.toml --attestations att
expect_stdout "the rule names no keys"
cas_policy 'cas = []'   # a broken policy is a configuration error: exit 2
expect_exit 2 ms verify-attestation model.mbundle --policy cas.toml --attestations cert-att
expect_stderr "'cas' must list 1 to 64"
cas_policy 'cas = ["release.pub"]'
expect_exit 2 ms verify-attestation model.mbundle --policy cas.toml --attestations cert-att
expect_stderr "release.pub"

# FIFOs named by the policy (keys, cas, trusted_root) or as the policy: refused, never waited on.
mkfifo fifo.pub fifo.pem fifo-root.json fifo.toml
for line in 'keys = ["fifo.pub"]' 'cas = ["fifo.pem"]'; do
  cas_policy "$line"
  expect_exit 2 timeout 20 "$MODELSEAL" verify-attestation model.mbundle --policy cas.toml --attestations att
  expect_stderr "not a regular file"
done
printf 'schema = "modelseal.attestation-policy/v1"\ntrusted_root = "fifo-root.json"\n[[require]]\npredicate_type = "https://slsa.dev/provenance/v1"\nidentities = [{ identity = "a", issuer = "b" }]\n' > root.toml
expect_exit 2 timeout 20 "$MODELSEAL" verify-attestation model.mbundle --policy root.toml --attestations att
expect_stderr "not a regular file"
expect_exit 2 timeout 20 "$MODELSEAL" verify-attestation model.mbundle --policy fifo.toml --attestations att
done_ok
