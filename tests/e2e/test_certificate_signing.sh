#!/usr/bin/env bash
# Certificate (PKI) signing: sign with a leaf certificate and its chain,
# verify against the root; a wrong root, an expired leaf (at signing) and a
# certificate for another key are rejected. Certificates come from Python's
# `cryptography` (an independent implementation), not from modelseal.
source "$(dirname "$0")/lib.sh"
py=/usr/bin/python3
"$py" -c 'import cryptography' 2>/dev/null || skip "Python cryptography is not installed"

"$py" - "$WORK" <<'PY'
import datetime, sys
from cryptography import x509
from cryptography.x509.oid import NameOID, ExtendedKeyUsageOID
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

work = sys.argv[1]
now = datetime.datetime.now(datetime.timezone.utc)
day = datetime.timedelta(days=1)

def name(cn):
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])

def cert(subject, issuer, pub, signer, start, end, ca):
    b = (x509.CertificateBuilder().subject_name(name(subject)).issuer_name(name(issuer))
         .public_key(pub).serial_number(x509.random_serial_number())
         .not_valid_before(start).not_valid_after(end)
         .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
    if ca:
        b = b.add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
    else:
        b = b.add_extension(x509.KeyUsage(True, False, False, False, False, False, False, False, False), critical=True)
        b = b.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CODE_SIGNING]), critical=False)
    return b.sign(signer, hashes.SHA256())

def save(path, obj):
    if isinstance(obj, x509.Certificate):
        data = obj.public_bytes(serialization.Encoding.PEM)
    else:
        data = obj.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                 serialization.NoEncryption())
    open(f"{work}/{path}", "wb").write(data)

root_key, int_key, leaf_key = (ec.generate_private_key(ec.SECP384R1()) for _ in range(3))
root = cert("test-root", "test-root", root_key.public_key(), root_key, now - day, now + 365 * day, True)
inter = cert("test-intermediate", "test-root", int_key.public_key(), root_key, now - day, now + 365 * day, True)
leaf = cert("release-signer", "test-intermediate", leaf_key.public_key(), int_key, now - day, now + 30 * day, False)
expired = cert("release-signer", "test-intermediate", leaf_key.public_key(), int_key, now - 60 * day, now - 30 * day, False)
save("root.pem", root); save("int.pem", inter); save("leaf.pem", leaf); save("expired.pem", expired)
save("leaf.key", leaf_key)
other_key = ec.generate_private_key(ec.SECP256R1()); save("other.key", other_key)
PY

expect_exit 0 ms build "$EXAMPLE" -o "$WORK/m.mbundle"
expect_exit 0 ms sign "$WORK/m.mbundle" --key "$WORK/leaf.key" --cert "$WORK/leaf.pem" --cert-chain "$WORK/int.pem"
expect_stdout "CN=release-signer"
expect_exit 0 ms verify "$WORK/m.mbundle" --ca "$WORK/root.pem"
expect_stdout "certificate method"
# The intermediate alone is not a root.
expect_exit 1 ms verify "$WORK/m.mbundle" --ca "$WORK/int.pem"

# Expired leaf: sign refuses it, as verify would, and writes nothing (issue 14).
expect_exit 1 ms sign "$WORK/m.mbundle" --key "$WORK/leaf.key" --cert "$WORK/expired.pem" \
  --cert-chain "$WORK/int.pem" --signature "$WORK/expired.sig"
expect_stderr "expired"
[ ! -e "$WORK/expired.sig" ] || fail "sign with an expired certificate wrote a signature"

# A certificate that does not certify the signing key is refused at signing time.
expect_exit 2 ms sign "$WORK/m.mbundle" --key "$WORK/other.key" --cert "$WORK/leaf.pem" \
  --cert-chain "$WORK/int.pem" --signature "$WORK/other.sig"
expect_stderr "does not certify the signing key"

# A folder signed with a certificate verifies with the independent OMS reference.
ref="$SHARED_DIR/tools/oms-reference"
if [ -d "$ref" ] && "$py" -c 'from cryptography.x509 import load_pem_x509_certificates' 2>/dev/null; then
  cp -r "$EXAMPLE" "$WORK/folder"
  expect_exit 0 ms sign "$WORK/folder" --key "$WORK/leaf.key" --cert "$WORK/leaf.pem" --cert-chain "$WORK/int.pem"
  expect_exit 0 "$py" "$ref/oms_ref_verify.py" "$WORK/folder" "$WORK/folder/model.sig" --ca "$WORK/root.pem"
else
  echo "note: ../shared absent, or Python cryptography older than 39: OMS reference certificate check skipped"
fi
done_ok
