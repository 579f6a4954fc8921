#!/usr/bin/python3
"""Writes ONNX test models with the real `onnx` package.

  make_onnx_models.py OUTDIR          models for test_scan_onnx.cpp, and OUTDIR/cases.txt:
                                      one line per model, "<path> <expected finding id | ok>"
  make_onnx_models.py --seeds OUTDIR  the fuzz_scan_onnx seed corpus (external data in
                                      "weights.bin", which the fuzz target says has 1024 bytes)
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def tiny_model():
    """Add(x, w) + a Constant node holding a tensor attribute; 96 + 32 bytes of float data."""
    w = numpy_helper.from_array(np.arange(24, dtype=np.float32).reshape(2, 3, 4), "w")
    c = numpy_helper.from_array(np.arange(8, dtype=np.float32), "c_value")
    nodes = [
        helper.make_node("Add", ["x", "w"], ["y"], name="add"),
        helper.make_node("Constant", [], ["c"], name="const", value=c),
    ]
    graph = helper.make_graph(
        nodes, "tiny",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 3, 4])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2, 3, 4]),
         helper.make_tensor_value_info("c", TensorProto.FLOAT, [8])],
        [w])
    return helper.make_model(graph, producer_name="modelseal-tests")


def save(model, path):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(model.SerializeToString())


def initializer(model):
    return model.graph.initializer[0]


def set_entry(tensor, key, value):
    for e in tensor.external_data:
        if e.key == key:
            e.value = value
            return
    tensor.external_data.add(key=key, value=value)


def write_external_set(out):
    """Saves the model with its tensors in OUTDIR/weights.bin as onnx.save_model does, and
    returns (name, model, expected) for it and one mutation per check."""
    path = os.path.join(out, "model.onnx")
    onnx.save_model(tiny_model(), path, save_as_external_data=True, all_tensors_to_one_file=True,
                    location="weights.bin", size_threshold=0, convert_attribute=True)
    base = onnx.load(path, load_external_data=False)
    data_size = os.path.getsize(os.path.join(out, "weights.bin"))

    def mutated(key, value):
        m = onnx.ModelProto()
        m.CopyFrom(base)
        set_entry(initializer(m), key, value)
        return m

    return [
        ("model.onnx", base, "ok"),
        ("escape.onnx", mutated("location", "../../etc/passwd"), "onnx.external_path_escapes"),
        ("absolute.onnx", mutated("location", "/etc/passwd"), "onnx.external_absolute_path"),
        ("missing.onnx", mutated("location", "absent.bin"), "onnx.external_missing"),
        ("offset_oob.onnx", mutated("offset", str(data_size)), "onnx.external_out_of_bounds"),
        ("length_oob.onnx", mutated("length", str(data_size + 1)), "onnx.external_out_of_bounds"),
        ("length_mismatch.onnx", mutated("length", "95"), "onnx.tensor_size_mismatch"),
        ("bad_offset.onnx", mutated("offset", "0x10"), "onnx.external_bad_field"),
        ("backslash.onnx", mutated("location", "..\\weights.bin"), "onnx.external_bad_path"),
    ]


def write_tests(out):
    lines = []
    inline = tiny_model()
    save(inline, os.path.join(out, "inline/model.onnx"))
    lines.append("inline/model.onnx ok")
    short = tiny_model()
    initializer(short).raw_data = initializer(short).raw_data[:-4]
    save(short, os.path.join(out, "inline/raw_short.onnx"))
    lines.append("inline/raw_short.onnx onnx.tensor_size_mismatch")
    os.makedirs(os.path.join(out, "external"), exist_ok=True)
    for name, model, expected in write_external_set(os.path.join(out, "external")):
        save(model, os.path.join(out, "external", name))
        lines.append("external/%s %s" % (name, expected))
    with open(os.path.join(out, "cases.txt"), "w") as f:
        f.write("\n".join(lines) + "\n")


def varint(v):
    out = bytearray()
    while True:
        b = v & 0x7F
        v >>= 7
        out.append(b | (0x80 if v else 0))
        if not v:
            return bytes(out)


def ld(number, payload):
    return varint(number << 3 | 2) + varint(len(payload)) + payload


def write_seeds(out):
    os.makedirs(out, exist_ok=True)
    seeds = {"valid_inline.onnx": tiny_model().SerializeToString()}
    tmp = os.path.join(out, ".tmp")
    os.makedirs(tmp, exist_ok=True)
    for name, model, _ in write_external_set(tmp):
        seeds["external_" + name] = model.SerializeToString()
    for f in os.listdir(tmp):
        os.remove(os.path.join(tmp, f))
    os.rmdir(tmp)
    valid = seeds["valid_inline.onnx"]
    seeds["nasty_truncated.onnx"] = valid[: len(valid) // 2]
    seeds["nasty_group.onnx"] = b"\x08\x07\x3b\x3c"
    seeds["nasty_long_varint.onnx"] = b"\x08" + b"\xff" * 11 + b"\x01"
    seeds["nasty_huge_length.onnx"] = b"\x08\x07\x3a\xff\xff\xff\xff\xff\xff\xff\xff\x7f"
    seeds["nasty_graph_varint.onnx"] = b"\x08\x07\x38\x05"
    seeds["nasty_no_graph.onnx"] = b"\x08\x07\x12\x03abc"
    graph = b""
    for _ in range(40):  # node { attribute { g = graph } } nested 40 deep
        graph = ld(1, ld(5, ld(6, graph)))
    seeds["nasty_deep_subgraphs.onnx"] = b"\x08\x07" + ld(7, graph)
    dims = b"".join(b"\x08" + varint(1 << 40) for _ in range(3))
    seeds["nasty_dims_overflow.onnx"] = b"\x08\x07" + ld(7, ld(5, dims + b"\x10\x01" + ld(9, b"")))
    ext = ld(13, ld(1, b"location") + ld(2, b"weights.bin")) + \
        ld(13, ld(1, b"offset") + ld(2, b"18446744073709551615")) + \
        ld(13, ld(1, b"length") + ld(2, b"1")) + b"\x70\x01"
    seeds["nasty_offset_overflow.onnx"] = b"\x08\x07" + ld(7, ld(5, ext))
    def tensor_ext(location, extra=b""):
        return (b"\x08\x10\x10\x01" + ld(8, b"t") + ld(13, ld(1, b"location") + ld(2, location)) +
                extra + b"\x70\x01")
    bad = tensor_ext(b"../x.bin")
    seeds["nasty_duplicate_graph.onnx"] = b"\x08\x07" + ld(7, b"") + ld(7, b"")
    seeds["nasty_sparse_external.onnx"] = b"\x08\x07" + ld(7, ld(15, ld(1, bad) + ld(2, bad)))
    seeds["nasty_function_attr.onnx"] = b"\x08\x07" + ld(7, b"") + ld(25, ld(7, ld(5, ld(5, bad))))
    seeds["nasty_training_info.onnx"] = b"\x08\x07" + ld(7, b"") + ld(20, ld(1, ld(5, bad)) + ld(2, ld(5, bad)))
    seeds["nasty_attr_tensors.onnx"] = b"\x08\x07" + ld(7, ld(1, ld(5, ld(10, bad) + ld(11, ld(5, bad)) + ld(23, ld(1, bad)))))
    seeds["nasty_packed_int4.onnx"] = b"\x08\x07" + ld(7, ld(5, ld(1, varint(3) + varint(5)) + b"\x10\x16" + ld(9, b"x" * 8)))
    seeds["nasty_nul_location.onnx"] = b"\x08\x07" + ld(7, ld(5, tensor_ext(b"weights.bin\x00.txt")))
    seeds["nasty_unknown_key.onnx"] = b"\x08\x07" + ld(7, ld(5, tensor_ext(b"weights.bin", ld(13, ld(1, b"basepath") + ld(2, b"/")))))
    seeds["nasty_data_location_2.onnx"] = b"\x08\x07" + ld(7, ld(5, b"\x08\x01\x10\x01\x70\x02"))
    seeds["nasty_fixed_fields.onnx"] = b"\x08\x07" + b"\xf1\x01" + b"\x00" * 8 + b"\xfd\x01" + b"\x00" * 4 + ld(7, b"\xfd\x01\x01\x02\x03\x04")
    seeds["nasty_many_findings.onnx"] = b"\x08\x07" + ld(7, b"".join(ld(5, bad) for _ in range(1100)))
    seeds["nasty_inline_and_external.onnx"] = b"\x08\x07" + ld(7, ld(5, tensor_ext(b"weights.bin", ld(9, b"x" * 64))))
    for name, data in seeds.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--seeds":
        write_seeds(sys.argv[2])
    elif len(sys.argv) == 2:
        write_tests(sys.argv[1])
    else:
        sys.exit(__doc__)
