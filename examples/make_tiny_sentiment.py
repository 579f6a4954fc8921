#!/usr/bin/env python3
"""Writes the payload of examples/tiny-sentiment: config.json, tokenizer.json
and model.safetensors. Pure standard library, deterministic: running it again
rewrites the same bytes (the files are committed; this script documents them).

The model is a toy: a 64-word embedding table (8 dimensions), mean pooling and
a linear layer to two labels. Its weights come from a fixed-seed generator, so
it classifies nothing well; it exists to be sealed, inspected and verified.

safetensors layout: 8-byte little-endian header length N, N bytes of JSON
(tensor name -> dtype, shape, data_offsets relative to the data section, plus
"__metadata__"), padded with spaces to a multiple of 8, then the raw
little-endian tensor data, contiguous and in offset order.
"""

import json
import os
import struct
import sys

VOCAB = [
    "[PAD]", "[UNK]", "a", "and", "the", "is", "it", "this", "was", "not",
    "very", "but", "i", "to", "of", "product", "movie", "service", "battery", "screen",
    "good", "great", "excellent", "amazing", "love", "loved", "perfect", "happy", "recommend", "best",
    "fast", "easy", "nice", "fine", "works", "worth", "solid", "pleasant", "helpful", "reliable",
    "bad", "terrible", "awful", "poor", "hate", "hated", "worst", "broken", "slow", "boring",
    "refund", "disappointed", "useless", "waste", "cheap", "noisy", "late", "rude", "never", "again",
    "ok", "meh", "average", "returned",
]
HIDDEN = 8
LABELS = ["negative", "positive"]


class Lcg:
    """Numerical Recipes 32-bit LCG: same sequence on every platform."""

    def __init__(self, seed):
        self.state = seed & 0xFFFFFFFF

    def uniform(self, low, high):
        self.state = (1664525 * self.state + 1013904223) & 0xFFFFFFFF
        return low + (high - low) * (self.state / 2**32)


def f32_bytes(values):
    return b"".join(struct.pack("<f", v) for v in values)


def make_tensors():
    rng = Lcg(20260312)
    embedding = [rng.uniform(-0.1, 0.1) for _ in range(len(VOCAB) * HIDDEN)]
    weight = [rng.uniform(-0.5, 0.5) for _ in range(len(LABELS) * HIDDEN)]
    bias = [0.0, 0.0]
    # Sorted by name so the data order is obvious from the header.
    return [
        ("classifier.bias", [len(LABELS)], f32_bytes(bias)),
        ("classifier.weight", [len(LABELS), HIDDEN], f32_bytes(weight)),
        ("embedding.weight", [len(VOCAB), HIDDEN], f32_bytes(embedding)),
    ]


def safetensors_bytes():
    header = {"__metadata__": {"format": "pt", "model": "tiny-sentiment"}}
    data = b""
    for name, shape, raw in make_tensors():
        header[name] = {"dtype": "F32", "shape": shape,
                        "data_offsets": [len(data), len(data) + len(raw)]}
        data += raw
    text = json.dumps(header, sort_keys=True, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text + data


def check_safetensors(blob):
    """Re-reads `blob` with the rules of the safetensors format; raises on any breach."""
    (n,) = struct.unpack("<Q", blob[:8])
    assert n % 8 == 0 and 8 + n <= len(blob), "header length"
    header = json.loads(blob[8:8 + n].decode("utf-8"))
    data_size = len(blob) - 8 - n
    end = 0
    sizes = {"F32": 4}
    for name, info in sorted((k, v) for k, v in header.items() if k != "__metadata__"):
        start, stop = info["data_offsets"]
        count = 1
        for dim in info["shape"]:
            count *= dim
        assert start == end and stop - start == count * sizes[info["dtype"]], name
        end = stop
    assert end == data_size, "data section fully covered"


def config_json():
    return {
        "architectures": ["TinySentimentClassifier"],
        "model_type": "tiny-sentiment",
        "vocab_size": len(VOCAB),
        "hidden_size": HIDDEN,
        "pooling": "mean",
        "max_words": 64,
        "num_labels": len(LABELS),
        "id2label": {str(i): label for i, label in enumerate(LABELS)},
        "label2id": {label: i for i, label in enumerate(LABELS)},
        "torch_dtype": "float32",
    }


def tokenizer_json():
    return {
        "version": "1.0",
        "truncation": {"direction": "Right", "max_length": 64, "strategy": "LongestFirst",
                       "stride": 0},
        "padding": None,
        "added_tokens": [
            {"id": i, "content": token, "single_word": False, "lstrip": False,
             "rstrip": False, "normalized": False, "special": True}
            for i, token in enumerate(VOCAB[:2])
        ],
        "normalizer": {"type": "Lowercase"},
        "pre_tokenizer": {"type": "Whitespace"},
        "post_processor": None,
        "decoder": None,
        "model": {"type": "WordLevel", "vocab": {t: i for i, t in enumerate(VOCAB)},
                  "unk_token": "[UNK]"},
    }


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "tiny-sentiment")
    dump = lambda obj: (json.dumps(obj, indent=2, sort_keys=True) + "\n").encode("utf-8")
    write(os.path.join(out, "config.json"), dump(config_json()))
    write(os.path.join(out, "tokenizer.json"), dump(tokenizer_json()))
    blob = safetensors_bytes()
    check_safetensors(blob)
    write(os.path.join(out, "model.safetensors"), blob)


if __name__ == "__main__":
    main()
