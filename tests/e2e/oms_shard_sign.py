#!/usr/bin/env python3
"""Test helper: an OMS signature whose statement model_signing's own hashing module makes
(../shared/tools/oms-hashing-reference, unmodified), in files or shards serialization, with
sha256 or blake2, signed with Python's `cryptography` (ECDSA, key method), as model_signing's
signer writes it. --tamper edits the shard list of the largest file and recomputes the subject,
so the signature is valid and only a verifier's tiling check can see what was left out.

usage: oms_shard_sign.py HASHING_REF MODEL KEY_PEM OUT_SIG files|shards [--shard-size N]
       [--hash sha256|blake2] [--float-shard-size] [--tamper gap|overlap|past-end|final|order]
"""
import argparse, base64, hashlib, json, os, pathlib, sys

PT = "application/vnd.in-toto+json"

a = argparse.ArgumentParser()
a.add_argument("ref"); a.add_argument("model"); a.add_argument("key"); a.add_argument("out")
a.add_argument("mode", choices=["files", "shards"])
a.add_argument("--shard-size", type=int, default=1_000_000_000)
a.add_argument("--hash", choices=["sha256", "blake2"], default="sha256")
a.add_argument("--float-shard-size", action="store_true")
a.add_argument("--tamper", choices=["gap", "overlap", "past-end", "final", "order"])
args = a.parse_args()

sys.path[:0] = [os.path.join(args.ref, "stub"), os.path.join(args.ref, "lite")]
from model_signing import hashing  # noqa: E402
from cryptography.hazmat.primitives import hashes, serialization  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import ec  # noqa: E402

model = pathlib.Path(args.model)
cfg = hashing.Config()
if args.mode == "files":
    cfg.use_file_serialization(hashing_algorithm=args.hash)
else:
    cfg.use_shard_serialization(hashing_algorithm=args.hash, shard_size=args.shard_size)
manifest = cfg.hash(model)
resources = [{"name": d.identifier, "algorithm": d.digest.algorithm, "digest": d.digest.digest_hex}
             for d in manifest.resource_descriptors()]
ser = dict(manifest.serialization_type)
if args.float_shard_size:
    ser["shard_size"] = float(ser["shard_size"])  # as protobuf's Struct writes it: 8.0


def digest(data):
    return (hashlib.sha256(data) if args.hash == "sha256" else hashlib.blake2b(data)).hexdigest()


if args.tamper:
    def path_of(r): return r["name"].rsplit(":", 2)[0]
    target = max({path_of(r) for r in resources}, key=lambda p: (model / p).stat().st_size)
    idx = [i for i, r in enumerate(resources) if path_of(r) == target]
    assert len(idx) >= 3, "the largest file needs at least three shards"
    size, alg = (model / target).stat().st_size, resources[idx[0]]["algorithm"]
    blob = (model / target).read_bytes()
    if args.tamper == "gap":
        del resources[idx[1]]
    elif args.tamper == "final":
        del resources[idx[-1]]
    elif args.tamper == "order":
        resources[idx[0]], resources[idx[1]] = resources[idx[1]], resources[idx[0]]
    elif args.tamper == "overlap":
        _, start, end = resources[idx[1]]["name"].rsplit(":", 2)
        start, end = int(start) - 1, int(end)
        resources[idx[1]] = {"name": f"{target}:{start}:{end}", "algorithm": alg,
                             "digest": digest(blob[start:end])}
    elif args.tamper == "past-end":
        resources.insert(idx[-1] + 1, {"name": f"{target}:{size}:{size + args.shard_size}",
                                       "algorithm": alg, "digest": digest(b"")})

root = hashlib.sha256(b"".join(bytes.fromhex(r["digest"]) for r in resources)).hexdigest()
stmt = {"_type": "https://in-toto.io/Statement/v1",
        "subject": [{"name": manifest.model_name, "digest": {"sha256": root}}],
        "predicateType": "https://model_signing/signature/v1.0",
        "predicate": {"serialization": ser, "resources": resources}}
payload = json.dumps(stmt, indent=2).encode()
key = serialization.load_pem_private_key(open(args.key, "rb").read(), None)
pae = b"DSSEv1 %d %s %d " % (len(PT), PT.encode(), len(payload)) + payload
sig = key.sign(pae, ec.ECDSA({256: hashes.SHA256(), 384: hashes.SHA384(),
                              521: hashes.SHA512()}[key.curve.key_size]))
spki = key.public_key().public_bytes(serialization.Encoding.PEM,
                                     serialization.PublicFormat.SubjectPublicKeyInfo)
bundle = {"mediaType": "application/vnd.dev.sigstore.bundle.v0.3+json",
          "verificationMaterial": {"publicKey": {"hint": hashlib.sha256(spki).hexdigest()},
                                   "tlogEntries": []},
          "dsseEnvelope": {"payload": base64.b64encode(payload).decode(), "payloadType": PT,
                           "signatures": [{"sig": base64.b64encode(sig).decode(), "keyid": ""}]}}
pathlib.Path(args.out).write_text(json.dumps(bundle, separators=(",", ":")), encoding="utf-8")
print("root digest sha256:" + root)
