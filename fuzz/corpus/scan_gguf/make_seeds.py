#!/usr/bin/env python3
"""Writes the GGUF seed corpus beside this script (python3 make_seeds.py)."""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))


def s(text):
    b = text.encode()
    return struct.pack("<Q", len(b)) + b


def gguf(kvs, tensors, data_bytes, version=3, align=32):
    out = b"GGUF" + struct.pack("<IQQ", version, len(tensors), len(kvs))
    for key, vtype, value in kvs:
        out += s(key) + struct.pack("<I", vtype) + value
    for name, dims, gtype, offset in tensors:
        out += s(name) + struct.pack("<I", len(dims))
        out += b"".join(struct.pack("<Q", d) for d in dims)
        out += struct.pack("<IQ", gtype, offset)
    out += b"\0" * (-len(out) % align)
    return out + b"\0" * data_bytes


KVS = [("general.architecture", 8, s("llama")),
       ("general.alignment", 4, struct.pack("<I", 32)),
       ("tokenizer.ggml.tokens", 9, struct.pack("<IQ", 8, 2) + s("a") + s("bc")),
       ("llama.use_parallel", 7, b"\1")]
TENSORS = [("token_embd.weight", [4, 2], 0, 0), ("blk.0.attn_q.weight", [64, 1], 2, 32),
           ("output_norm.weight", [8], 1, 96)]

SEEDS = {
    "valid_small.gguf": gguf(KVS, TENSORS, 112),
    "valid_v2_empty.gguf": gguf([], [], 0, version=2),
    "valid_q6k.gguf": gguf([], [("q6k", [256, 2], 14, 0)], 420),
    "invalid_nested_array.gguf": gguf(
        [("a", 9, struct.pack("<IQIQ", 9, 1, 4, 1) + b"\0\0\0\0")], [], 0),
    "invalid_overlap.gguf": gguf(KVS, TENSORS[:1] + [("x", [8], 0, 0)], 112),
    "invalid_huge_count.gguf": b"GGUF" + struct.pack("<IQQ", 3, 2**63, 2**63),
    "invalid_size_overflow.gguf": gguf([], [("t", [2**32, 2**32], 0, 0)], 0),
    "invalid_out_of_bounds.gguf": gguf(KVS, TENSORS, 50),
}

for name, data in SEEDS.items():
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)
