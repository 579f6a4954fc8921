#!/usr/bin/python3
"""Writes the seed corpus of fuzz_keystore_state: valid keystore.json files and
log lines (canonical JSON) and hostile variants of them. Run from this folder."""
import base64
import hashlib
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def canonical(value):
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def key(n):
    return {"bundle": {"content_digest": "sha256:" + ("%x" % n) * 64, "name": "model%d" % n,
                       "version": "1.0"},
            "key_id": "dk-" + ("%x" % n) * 32, "sealed_at": "2026-11-24T15:30:0%dZ" % n,
            "wrapped": base64.b64encode(bytes(range(n, n + 60))).decode()}


PASSPHRASE = {"check": base64.b64encode(bytes(28)).decode(), "generation": 2,
              "kdf": {"log2_n": 14, "name": "scrypt", "p": 1, "r": 8, "salt": "ab" * 32},
              "method": "passphrase"}
PKCS11 = {"generation": 3, "method": "pkcs11", "module": "/usr/lib/softhsm/libsofthsm2.so",
          "object_label": "modelseal ks-" + "1" * 32 + " g3", "token": "ms"}


def state(wrapping, keys, pending=None, shredded=()):
    return {"format": "modelseal.keystore/v1", "id": "ks-" + "1" * 32, "keys": keys,
            "log_head": {"seq": 7, "sha256": "cd" * 32}, "pending_shred": pending,
            "shredded": list(shredded), "wrapping": wrapping}


PENDING = {"bundle": key(1)["bundle"], "custodians": ["alice@example.com"],
           "key_id": key(1)["key_id"], "operator_key_id": "ef" * 32,
           "previous_wrapping": PASSPHRASE, "reason": "deletion request",
           "requested_at": "2026-11-24T15:30:00Z", "sealed_file": "m.sealed.mbundle"}
TOMB = {"key_id": "dk-" + "9" * 32, "record": "disposals/m-1.0-dk.disposal.json",
        "shredded_at": "2026-11-24T16:00:00Z"}

seeds = {
    "valid_empty_passphrase.json": state(PASSPHRASE, []),
    "valid_keys_passphrase.json": state(PASSPHRASE, [key(1), key(2), key(3)]),
    "valid_pkcs11.json": state(PKCS11, [key(4)]),
    "valid_pending.json": state(PASSPHRASE, [key(1), key(2)], PENDING),
    "valid_tombstone.json": state(PKCS11, [key(2)], None, [TOMB]),
    "invalid_unsorted.json": state(PASSPHRASE, [key(3), key(1)]),
    "invalid_unknown_key.json": dict(state(PASSPHRASE, []), extra=1),
    "invalid_label.json": state(dict(PKCS11, object_label="other"), []),
    "invalid_log2n.json": state(dict(PASSPHRASE, kdf=dict(PASSPHRASE["kdf"], log2_n=60)), []),
    "invalid_generation0.json": state(dict(PASSPHRASE, generation=0), []),
    "invalid_twice.json": state(PKCS11, [key(2)], None, [dict(TOMB, key_id=key(2)["key_id"])]),
}
for name, value in seeds.items():
    with open(os.path.join(HERE, name), "w") as f:
        f.write(canonical(value) + "\n")

good = canonical(seeds["valid_keys_passphrase.json"]) + "\n"
raw = {
    "invalid_no_newline.json": good[:-1],
    "invalid_spaces.json": good.replace(":", ": ", 1),
    "invalid_duplicate.json": good.replace("{", '{"id":"x",', 1),
    "invalid_truncated.json": good[: len(good) // 2],
    "invalid_deep.json": "[" * 5000 + "\n",
    "invalid_bom.json": "\ufeff" + good,
    "invalid_bad_base64.json": good.replace('"wrapped":"', '"wrapped":"!', 1),
}
for name, text in raw.items():
    with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
        f.write(text)

prev = "0" * 64
lines = []
for seq, (event, details) in enumerate([("created", {"keystore_id": "ks-" + "1" * 32, "method": "pkcs11"}),
                                        ("sealed", {"bundle": key(1)["bundle"], "key_id": key(1)["key_id"]}),
                                        ("rotated", {"generation": 2, "keys": 1, "method": "pkcs11"})]):
    line = canonical({"details": details, "event": event, "prev": prev, "seq": seq,
                      "time": "2026-11-24T15:30:00Z"})
    lines.append(line)
    prev = hashlib.sha256((line + "\n").encode()).hexdigest()
for i, line in enumerate(lines):
    with open(os.path.join(HERE, "valid_log_line_%d.jsonl" % i), "w") as f:
        f.write(line)
with open(os.path.join(HERE, "invalid_log_extra_field.jsonl"), "w") as f:
    f.write(lines[1].replace("{", '{"a":1,', 1))
with open(os.path.join(HERE, "invalid_log_time.jsonl"), "w") as f:
    f.write(lines[1].replace("2026-11-24T15:30:00Z", "yesterday"))
with open(os.path.join(HERE, "invalid_log_negative_seq.jsonl"), "w") as f:
    f.write(lines[1].replace('"seq":1', '"seq":-1'))
