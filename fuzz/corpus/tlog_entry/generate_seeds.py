#!/usr/bin/python3
"""Writes the fuzz_tlog_entry seeds beside this script: self-written entries and
Rekor bodies of every supported kind (valid and with one defect each), and the
first tlog entry (and its body) of two sigstore-python test bundles, when
../shared is present. Run: /usr/bin/python3 fuzz/corpus/tlog_entry/generate_seeds.py"""
import base64, copy, json, os, pathlib

HERE = pathlib.Path(__file__).resolve().parent
SHARED = HERE.parents[3] / "shared/vectors/sigstore/sigstore-python"

def b64(data):
    return base64.b64encode(data if isinstance(data, bytes) else data.encode()).decode()

def pem(label, der):
    return f"-----BEGIN {label}-----\n{b64(der)}\n-----END {label}-----\n"

SIG = b64(bytes(range(70)))
HEX = "ab" * 32
V2SIG = {"content": SIG, "verifier": {"keyDetails": "PKIX_ECDSA_P256_SHA_256",
                                      "x509Certificate": {"rawBytes": b64(b"\x30\x82" + bytes(40))}}}
BODIES = {
    "hashedrekord_v001": {"apiVersion": "0.0.1", "kind": "hashedrekord", "spec": {
        "data": {"hash": {"algorithm": "sha256", "value": HEX}},
        "signature": {"content": SIG, "publicKey": {"content": b64(pem("PUBLIC KEY", bytes(60)))}}}},
    "hashedrekord_v002": {"apiVersion": "0.0.2", "kind": "hashedrekord", "spec": {"hashedRekordV002": {
        "data": {"algorithm": "SHA2_256", "digest": b64(bytes(32))}, "signature": V2SIG}}},
    "dsse_v001": {"apiVersion": "0.0.1", "kind": "dsse", "spec": {
        "envelopeHash": {"algorithm": "sha256", "value": HEX},
        "payloadHash": {"algorithm": "sha256", "value": HEX},
        "signatures": [{"signature": SIG, "verifier": b64(pem("CERTIFICATE", bytes(60)))}]}},
    "dsse_v002": {"apiVersion": "0.0.2", "kind": "dsse", "spec": {"dsseV002": {
        "payloadHash": {"algorithm": "SHA2_256", "digest": b64(bytes(32))}, "signatures": [V2SIG]}}},
    "intoto_v002": {"apiVersion": "0.0.2", "kind": "intoto", "spec": {"content": {
        "envelope": {"payloadType": "application/vnd.in-toto+json",
                     "signatures": [{"sig": b64(SIG), "publicKey": b64(pem("CERTIFICATE", bytes(60)))}]},
        "hash": {"algorithm": "sha256", "value": HEX},
        "payloadHash": {"algorithm": "sha256", "value": HEX}}}},
}

def entry(body, v2=False):
    e = {"logIndex": "27246492", "logId": {"keyId": b64(bytes(range(32)))},
         "kindVersion": {"kind": body["kind"], "version": body["apiVersion"]},
         "integratedTime": "1689177396",
         "inclusionPromise": {"signedEntryTimestamp": b64(bytes(71))},
         "inclusionProof": {"logIndex": "1", "rootHash": b64(bytes(32)), "treeSize": "3",
                            "hashes": [b64(bytes([1] * 32)), b64(bytes([2] * 32))],
                            "checkpoint": {"envelope": "log.example\n3\n" + b64(bytes(32)) +
                                           "\n\n\u2014 log.example AAAAAAAA\n"}},
         "canonicalizedBody": b64(json.dumps(body, separators=(",", ":")))}
    if v2:
        del e["integratedTime"], e["inclusionPromise"]
    return e

def write(name, value):
    data = value if isinstance(value, bytes) else json.dumps(value, separators=(",", ":")).encode()
    assert len(data) < 64 * 1024, name
    (HERE / name).write_bytes(data)

for name, body in BODIES.items():
    write(f"body_{name}.json", body)
    write(f"entry_{name}.json", entry(body, v2=body["apiVersion"] == "0.0.2" and name != "intoto_v002"))

defects = {
    "body_bad_hex": lambda b: b["spec"]["data"]["hash"].update(value="AB" * 32),
    "body_bad_pem": lambda b: b["spec"]["signature"]["publicKey"].update(content=b64("-----BEGIN X-----\n")),
    "body_md5": lambda b: b["spec"]["data"]["hash"].update(algorithm="md5"),
    "body_no_spec": lambda b: b.pop("spec"),
    "body_kind_rekord": lambda b: b.update(kind="rekord"),
}
for name, mutate in defects.items():
    body = copy.deepcopy(BODIES["hashedrekord_v001"])
    mutate(body)
    write(f"invalid_{name}.json", body)

entry_defects = {
    "entry_negative_index": lambda e: e.update(logIndex="-1"),
    "entry_leading_zero": lambda e: e.update(logIndex="007"),
    "entry_huge_tree": lambda e: e["inclusionProof"].update(treeSize="99999999999999999999"),
    "entry_short_hash": lambda e: e["inclusionProof"]["hashes"].append(b64(bytes(31))),
    "entry_unknown_field": lambda e: e.update(extra=True),
    "entry_body_not_json": lambda e: e.update(canonicalizedBody=b64("{\"kind\":")),
    "entry_too_many_hashes": lambda e: e["inclusionProof"].update(hashes=[b64(bytes(32))] * 65),
}
for name, mutate in entry_defects.items():
    e = entry(BODIES["hashedrekord_v001"])
    mutate(e)
    write(f"invalid_{name}.json", e)
write("invalid_duplicate_key.json", b'{"logIndex":"1","logIndex":"2"}')
write("invalid_deep.json", b"[" * 200 + b"]" * 200)

# sigstore-python test bundles, Apache-2.0 (see README.md).
for source, name in [("bundle_v3.txt.sigstore", "sigstore_python_v1"),
                     ("a.dsse.staging-rekor-v2.txt.sigstore.json", "sigstore_python_rekor_v2")]:
    path = SHARED / source
    if not path.exists():
        continue
    e = json.loads(path.read_text())["verificationMaterial"]["tlogEntries"][0]
    write(f"entry_{name}.json", e)
    write(f"body_{name}.json", base64.b64decode(e["canonicalizedBody"]))
