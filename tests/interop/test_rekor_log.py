#!/usr/bin/python3
"""A one-entry Rekor v1 transparency log, for interoperability tests.

usage: test_rekor_log.py BUNDLE_IN BUNDLE_OUT TRUSTED_ROOT_OUT --key SIGNER_PUB
                         [--kind dsse|intoto] [--integrated-time N]

Plays Rekor's part for a Sigstore bundle holding a DSSE envelope: generates a
fresh P-256 log key, logs the envelope and the signer's key as a `dsse 0.0.1`
(or `intoto 0.0.2`) entry in a tree of size 1, signs the checkpoint (C2SP
signed note) and the signed entry timestamp (SET), and writes the bundle with
that entry plus a trusted root naming only this log. Independent of modelseal:
only Python's standard library and `cryptography`.
"""
import argparse
import base64
import datetime
import hashlib
import json
import secrets
import sys
import time

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

BASE_URL = "https://rekor.modelseal.test"
TRUSTED_ROOT_MEDIA_TYPE = "application/vnd.dev.sigstore.trustedroot+json;version=0.1"
KEY_VALIDITY_LEAD_SECONDS = 24 * 3600


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def canonical_json(value) -> bytes:
    # RFC 8785 for the values written here (ASCII keys, strings and integers).
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def dsse_body(envelope: dict, signature_b64: str, verifier_pem: bytes) -> dict:
    payload = base64.b64decode(envelope["payload"])
    return {
        "apiVersion": "0.0.1",
        "kind": "dsse",
        "spec": {
            "envelopeHash": {"algorithm": "sha256", "value": sha256_hex(canonical_json(envelope))},
            "payloadHash": {"algorithm": "sha256", "value": sha256_hex(payload)},
            "signatures": [{"signature": signature_b64, "verifier": b64(verifier_pem)}],
        },
    }


def intoto_body(envelope: dict, signature_b64: str, verifier_pem: bytes) -> dict:
    # intoto 0.0.2 stores the payload and the signature base64-encoded twice.
    payload = base64.b64decode(envelope["payload"])
    return {
        "apiVersion": "0.0.2",
        "kind": "intoto",
        "spec": {
            "content": {
                "envelope": {
                    "payload": b64(envelope["payload"].encode()),
                    "payloadType": envelope["payloadType"],
                    "signatures": [{"publicKey": b64(verifier_pem), "sig": b64(signature_b64.encode())}],
                },
                "hash": {"algorithm": "sha256", "value": sha256_hex(canonical_json(envelope))},
                "payloadHash": {"algorithm": "sha256", "value": sha256_hex(payload)},
            }
        },
    }


def signed_checkpoint(log_key, key_hint: bytes, host: str, tree_id: int, root: bytes) -> str:
    note = f"{host} - {tree_id}\n1\n{b64(root)}\n"
    signature = log_key.sign(note.encode(), ec.ECDSA(hashes.SHA256()))
    return note + "\n" + f"\u2014 {host} {b64(key_hint + signature)}\n"


def rfc3339(seconds: int) -> str:
    return datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle_in")
    parser.add_argument("bundle_out")
    parser.add_argument("trusted_root_out")
    parser.add_argument("--key", required=True, help="the signer's public key (PEM), recorded as verifier")
    parser.add_argument("--kind", choices=["dsse", "intoto"], default="dsse")
    parser.add_argument("--integrated-time", type=int, default=int(time.time()))
    args = parser.parse_args()

    with open(args.bundle_in, encoding="utf-8") as f:
        bundle = json.load(f)
    envelope = bundle["dsseEnvelope"]
    if len(envelope.get("signatures", [])) != 1:
        sys.exit("test_rekor_log: the DSSE envelope must carry exactly one signature")
    signature_b64 = envelope["signatures"][0]["sig"]
    with open(args.key, "rb") as f:
        verifier_pem = serialization.load_pem_public_key(f.read()).public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)

    make_body = dsse_body if args.kind == "dsse" else intoto_body
    body = canonical_json(make_body(envelope, signature_b64, verifier_pem))

    log_key = ec.generate_private_key(ec.SECP256R1())
    spki = log_key.public_key().public_bytes(serialization.Encoding.DER,
                                             serialization.PublicFormat.SubjectPublicKeyInfo)
    log_id = hashlib.sha256(spki).digest()
    host = BASE_URL.split("://", 1)[1]
    tree_id = secrets.randbits(62)
    log_index = 0
    root = hashlib.sha256(b"\x00" + body).digest()  # a one-leaf tree: the root is the leaf hash

    set_payload = {"body": b64(body), "integratedTime": args.integrated_time,
                   "logID": log_id.hex(), "logIndex": log_index}
    set_signature = log_key.sign(canonical_json(set_payload), ec.ECDSA(hashes.SHA256()))

    bundle["verificationMaterial"]["tlogEntries"] = [{
        "logIndex": str(log_index),
        "logId": {"keyId": b64(log_id)},
        "kindVersion": {"kind": args.kind, "version": "0.0.1" if args.kind == "dsse" else "0.0.2"},
        "integratedTime": str(args.integrated_time),
        "inclusionPromise": {"signedEntryTimestamp": b64(set_signature)},
        "inclusionProof": {
            "logIndex": str(log_index),
            "rootHash": b64(root),
            "treeSize": "1",
            "hashes": [],
            "checkpoint": {"envelope": signed_checkpoint(log_key, log_id[:4], host, tree_id, root)},
        },
        "canonicalizedBody": b64(body),
    }]
    trusted_root = {
        "mediaType": TRUSTED_ROOT_MEDIA_TYPE,
        "tlogs": [{
            "baseUrl": BASE_URL,
            "hashAlgorithm": "SHA2_256",
            "publicKey": {
                "rawBytes": b64(spki),
                "keyDetails": "PKIX_ECDSA_P256_SHA_256",
                "validFor": {"start": rfc3339(args.integrated_time - KEY_VALIDITY_LEAD_SECONDS)},
            },
            "logId": {"keyId": b64(log_id)},
        }],
        "certificateAuthorities": [],
        "ctlogs": [],
        "timestampAuthorities": [],
    }
    with open(args.bundle_out, "w", encoding="utf-8") as f:
        json.dump(bundle, f, indent=2)
    with open(args.trusted_root_out, "w", encoding="utf-8") as f:
        json.dump(trusted_root, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
