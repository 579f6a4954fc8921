#!/usr/bin/python3
"""A test Fulcio CA, CT log and Rekor v1 log: turns a DSSE attestation keyless.

usage: test_fulcio.py ATTESTATION_IN BUNDLE_OUT TRUSTED_ROOT_OUT
                      --identity ID --issuer URL [--san uri|email|othername] [--defect DEFECT]

Plays Fulcio's part for an in-toto DSSE envelope (e.g. a `modelseal attest`
output): makes a P-384 root CA and intermediate, a P-256 CT log key and a P-256
leaf certificate for ID (a URI SAN, an e-mail SAN or Fulcio's otherName
1.3.6.1.4.1.57264.1.7 for a username, per --san) and the OIDC
issuer URL (extension 1.3.6.1.4.1.57264.1.8), valid for 10 minutes, with an
embedded SCT (RFC 6962 s3.2 precertificate entry). Re-signs the envelope with
the leaf key, logs it in a one-entry Rekor v1 log (tests/interop/test_rekor_log.py)
as a dsse 0.0.1 entry, and writes a Sigstore v0.3 bundle plus a trusted root
naming this CA, CT log and Rekor log. Only Python's standard library and
`cryptography`: independent of modelseal.

DEFECT makes one thing wrong, for negative tests:
  no-codesigning    the leaf's extended key usage is serverAuth, not codeSigning
  no-digital-signature  the leaf's key usage is keyAgreement, not digitalSignature
  sct-other-tbs     the SCT signs the TBS of a certificate with another serial
  sct-unknown-log   the SCT is signed by a CT log key absent from the trusted root
  ca-not-trusted    the trusted root names another CA, not the one that issued the leaf
  time-after-leaf   the log's integrated time is after the leaf expired (still past)
  time-before-leaf  the log's integrated time is before the leaf's validity
  bad-signature     one byte of the DSSE signature is flipped before it is logged
"""
import argparse
import base64
import datetime
import hashlib
import json
import os
import secrets
import struct
import sys
import time

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_rekor_log as rekor  # noqa: E402  (the colleague's log: body, checkpoint, SET helpers)

OID_FULCIO_ISSUER_V2 = x509.ObjectIdentifier("1.3.6.1.4.1.57264.1.8")
OID_FULCIO_USERNAME_SAN = x509.ObjectIdentifier("1.3.6.1.4.1.57264.1.7")
OID_EMBEDDED_SCTS = x509.ObjectIdentifier("1.3.6.1.4.1.11129.2.4.2")
FULCIO_URL = "https://fulcio.modelseal.test"
CTLOG_URL = "https://ctfe.modelseal.test"
BUNDLE_MEDIA_TYPE = "application/vnd.dev.sigstore.bundle.v0.3+json"
LEAF_LIFETIME = datetime.timedelta(minutes=10)
SIGNED_AGO_SECONDS = 2 * 3600  # the leaf is issued this long before now
DEFECTS = ["no-codesigning", "no-digital-signature", "sct-other-tbs", "sct-unknown-log", "ca-not-trusted",
           "time-after-leaf", "time-before-leaf", "bad-signature"]


def utc(seconds: int) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc)


def spki_der(key) -> bytes:
    return key.public_key().public_bytes(serialization.Encoding.DER,
                                         serialization.PublicFormat.SubjectPublicKeyInfo)


def der_length(n: int) -> bytes:
    if n < 0x80:
        return bytes([n])
    body = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(body)]) + body


def der_utf8_string(text: str) -> bytes:
    raw = text.encode()
    return b"\x0c" + der_length(len(raw)) + raw


def der_octet_string(raw: bytes) -> bytes:
    return b"\x04" + der_length(len(raw)) + raw


def make_ca(common_name: str, issuer=None, issuer_name=None, not_before=None):
    """A P-384 CA certificate (self-signed when issuer is None) and its key."""
    key = ec.generate_private_key(ec.SECP384R1())
    name = x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "modelseal.test"),
                      x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    signer = issuer or key
    builder = (x509.CertificateBuilder()
               .subject_name(name)
               .issuer_name(issuer_name or name)
               .public_key(key.public_key())
               .serial_number(x509.random_serial_number())
               .not_valid_before(not_before)
               .not_valid_after(not_before + datetime.timedelta(days=3650))
               .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False,
                                            key_encipherment=False, data_encipherment=False,
                                            key_agreement=False, key_cert_sign=True, crl_sign=True,
                                            encipher_only=False, decipher_only=False), critical=True)
               .add_extension(x509.BasicConstraints(ca=True, path_length=None if issuer is None else 0),
                              critical=True)
               .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False))
    if issuer is not None:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.public_key()), critical=False)
    return builder.sign(signer, hashes.SHA384()), key


class Fulcio:
    """A root and an intermediate CA, as Fulcio has."""

    def __init__(self, not_before: datetime.datetime, label: str = "modelseal test"):
        self.root, self.root_key = make_ca(f"{label} root", not_before=not_before)
        self.intermediate, self.key = make_ca(f"{label} intermediate", issuer=self.root_key,
                                              issuer_name=self.root.subject, not_before=not_before)


def leaf_builder(fulcio: Fulcio, leaf_key, serial: int, not_before: datetime.datetime,
                 identity: str, issuer: str, san: str, defect):
    """The leaf's certificate fields and extensions in Fulcio's order, without the SCT."""
    name = {"uri": lambda: x509.UniformResourceIdentifier(identity),
            "email": lambda: x509.RFC822Name(identity),
            "othername": lambda: x509.OtherName(OID_FULCIO_USERNAME_SAN, der_utf8_string(identity))}[san]()
    usage = ExtendedKeyUsageOID.SERVER_AUTH if defect == "no-codesigning" else ExtendedKeyUsageOID.CODE_SIGNING
    signs = defect != "no-digital-signature"
    return (x509.CertificateBuilder()
            .subject_name(x509.Name([]))
            .issuer_name(fulcio.intermediate.subject)
            .public_key(leaf_key.public_key())
            .serial_number(serial)
            .not_valid_before(not_before)
            .not_valid_after(not_before + LEAF_LIFETIME)
            .add_extension(x509.KeyUsage(digital_signature=signs, content_commitment=False,
                                         key_encipherment=False, data_encipherment=False,
                                         key_agreement=not signs, key_cert_sign=False, crl_sign=False,
                                         encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.ExtendedKeyUsage([usage]), critical=False)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(leaf_key.public_key()), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(fulcio.key.public_key()),
                           critical=False)
            .add_extension(x509.SubjectAlternativeName([name]), critical=True)
            .add_extension(x509.UnrecognizedExtension(OID_FULCIO_ISSUER_V2, der_utf8_string(issuer)),
                           critical=False))


def signed_sct(ct_key, issuer_spki: bytes, tbs: bytes, timestamp_ms: int) -> bytes:
    """One SCT (RFC 6962 s3.2) for a precertificate entry over `tbs`, TLS-encoded."""
    log_id = hashlib.sha256(spki_der(ct_key)).digest()
    signed = (struct.pack(">BBQH", 0, 0, timestamp_ms, 1) + hashlib.sha256(issuer_spki).digest()
              + len(tbs).to_bytes(3, "big") + tbs + struct.pack(">H", 0))
    signature = ct_key.sign(signed, ec.ECDSA(hashes.SHA256()))
    return (struct.pack(">B", 0) + log_id + struct.pack(">QH", timestamp_ms, 0)
            + struct.pack(">BBH", 4, 3, len(signature)) + signature)


def sct_list_extension(sct: bytes) -> x509.UnrecognizedExtension:
    entry = struct.pack(">H", len(sct)) + sct
    tls_list = struct.pack(">H", len(entry)) + entry
    return x509.UnrecognizedExtension(OID_EMBEDDED_SCTS, der_octet_string(tls_list))


def issue_leaf(fulcio: Fulcio, ct_key, leaf_key, issued_at: int, args) -> x509.Certificate:
    serial = x509.random_serial_number()
    fields = dict(identity=args.identity, issuer=args.issuer, san=args.san, defect=args.defect)
    precert = leaf_builder(fulcio, leaf_key, serial, utc(issued_at), **fields).sign(fulcio.key, hashes.SHA384())
    tbs = precert.tbs_certificate_bytes
    if args.defect == "sct-other-tbs":
        tbs = leaf_builder(fulcio, leaf_key, serial + 1, utc(issued_at), **fields).sign(
            fulcio.key, hashes.SHA384()).tbs_certificate_bytes
    sct = signed_sct(ct_key, spki_der(fulcio.key), tbs, issued_at * 1000)
    leaf = (leaf_builder(fulcio, leaf_key, serial, utc(issued_at), **fields)
            .add_extension(sct_list_extension(sct), critical=False)
            .sign(fulcio.key, hashes.SHA384()))
    without_sct = [e.oid for e in leaf.extensions][:-1]
    assert without_sct == [e.oid for e in precert.extensions], "extension order changed"
    return leaf


def resign_envelope(envelope: dict, leaf_key, flip_byte: bool) -> dict:
    payload = base64.b64decode(envelope["payload"], validate=True)
    payload_type = envelope["payloadType"].encode()
    pae = b"DSSEv1 %d %s %d %s" % (len(payload_type), payload_type, len(payload), payload)
    signature = bytearray(leaf_key.sign(pae, ec.ECDSA(hashes.SHA256())))
    if flip_byte:
        signature[-1] ^= 0x01
    return {"payload": envelope["payload"], "payloadType": envelope["payloadType"],
            "signatures": [{"sig": rekor.b64(bytes(signature)), "keyid": ""}]}


def log_entry(envelope: dict, leaf_pem: bytes, integrated_time: int):
    """A dsse 0.0.1 entry in a one-leaf Rekor v1 log; returns (entry, log key)."""
    signature_b64 = envelope["signatures"][0]["sig"]
    body = rekor.canonical_json(rekor.dsse_body(envelope, signature_b64, leaf_pem))
    log_key = ec.generate_private_key(ec.SECP256R1())
    log_id = hashlib.sha256(spki_der(log_key)).digest()
    root = hashlib.sha256(b"\x00" + body).digest()
    host = rekor.BASE_URL.split("://", 1)[1]
    set_payload = {"body": rekor.b64(body), "integratedTime": integrated_time,
                   "logID": log_id.hex(), "logIndex": 0}
    set_signature = log_key.sign(rekor.canonical_json(set_payload), ec.ECDSA(hashes.SHA256()))
    entry = {
        "logIndex": "0",
        "logId": {"keyId": rekor.b64(log_id)},
        "kindVersion": {"kind": "dsse", "version": "0.0.1"},
        "integratedTime": str(integrated_time),
        "inclusionPromise": {"signedEntryTimestamp": rekor.b64(set_signature)},
        "inclusionProof": {
            "logIndex": "0", "rootHash": rekor.b64(root), "treeSize": "1", "hashes": [],
            "checkpoint": {"envelope": rekor.signed_checkpoint(log_key, log_id[:4], host,
                                                               secrets.randbits(62), root)},
        },
        "canonicalizedBody": rekor.b64(body),
    }
    return entry, log_key


def key_entry(key, url: str, start: int) -> dict:
    spki = spki_der(key)
    return {"baseUrl": url, "hashAlgorithm": "SHA2_256",
            "publicKey": {"rawBytes": rekor.b64(spki), "keyDetails": "PKIX_ECDSA_P256_SHA_256",
                          "validFor": {"start": rekor.rfc3339(start)}},
            "logId": {"keyId": rekor.b64(hashlib.sha256(spki).digest())}}


def der_b64(cert: x509.Certificate) -> str:
    return rekor.b64(cert.public_bytes(serialization.Encoding.DER))


def trusted_root(fulcio: Fulcio, ct_key, log_key, start: int) -> dict:
    return {
        "mediaType": rekor.TRUSTED_ROOT_MEDIA_TYPE,
        "tlogs": [key_entry(log_key, rekor.BASE_URL, start)],
        "certificateAuthorities": [{
            "subject": {"organization": "modelseal.test", "commonName": "modelseal test intermediate"},
            "uri": FULCIO_URL,
            "certChain": {"certificates": [{"rawBytes": der_b64(fulcio.intermediate)},
                                           {"rawBytes": der_b64(fulcio.root)}]},
            "validFor": {"start": rekor.rfc3339(start)},
        }],
        "ctlogs": [key_entry(ct_key, CTLOG_URL, start)],
        "timestampAuthorities": [],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("attestation_in")
    parser.add_argument("bundle_out")
    parser.add_argument("trusted_root_out")
    parser.add_argument("--identity", required=True, help="the leaf's subject alternative name")
    parser.add_argument("--issuer", required=True, help="the OIDC issuer (extension 1.3.6.1.4.1.57264.1.8)")
    parser.add_argument("--san", choices=["uri", "email", "othername"], default="uri",
                        help="the SAN's type (othername: Fulcio's username, 1.3.6.1.4.1.57264.1.7)")
    parser.add_argument("--defect", choices=DEFECTS, help="one deliberate flaw, for negative tests")
    args = parser.parse_args()

    with open(args.attestation_in, encoding="utf-8") as f:
        envelope = json.load(f)["dsseEnvelope"]
    if len(envelope.get("signatures", [])) != 1:
        sys.exit("test_fulcio: the DSSE envelope must carry exactly one signature")

    issued_at = int(time.time()) - SIGNED_AGO_SECONDS
    trust_start = issued_at - 24 * 3600
    fulcio = Fulcio(utc(trust_start))
    ct_key = ec.generate_private_key(ec.SECP256R1())
    sct_key = ec.generate_private_key(ec.SECP256R1()) if args.defect == "sct-unknown-log" else ct_key
    leaf_key = ec.generate_private_key(ec.SECP256R1())
    leaf = issue_leaf(fulcio, sct_key, leaf_key, issued_at, args)

    integrated_time = issued_at + 60
    if args.defect == "time-after-leaf":
        integrated_time = issued_at + int(LEAF_LIFETIME.total_seconds()) + 3600
    elif args.defect == "time-before-leaf":
        integrated_time = issued_at - 3600
    keyless_envelope = resign_envelope(envelope, leaf_key, args.defect == "bad-signature")
    entry, log_key = log_entry(keyless_envelope, leaf.public_bytes(serialization.Encoding.PEM),
                               integrated_time)
    bundle = {
        "mediaType": BUNDLE_MEDIA_TYPE,
        "verificationMaterial": {"certificate": {"rawBytes": der_b64(leaf)}, "tlogEntries": [entry]},
        "dsseEnvelope": keyless_envelope,
    }
    trusted_ca = Fulcio(utc(trust_start), "another") if args.defect == "ca-not-trusted" else fulcio
    with open(args.bundle_out, "w", encoding="utf-8") as f:
        json.dump(bundle, f, indent=2)
    with open(args.trusted_root_out, "w", encoding="utf-8") as f:
        json.dump(trusted_root(trusted_ca, ct_key, log_key, trust_start), f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
