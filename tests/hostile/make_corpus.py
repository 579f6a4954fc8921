#!/usr/bin/env python3
"""Writes the hostile-upload corpus that tests/e2e/test_hostile_corpus.sh runs
`modelseal validate` on.

usage: make_corpus.py OUT_DIR VALID_BUNDLE_TAR

VALID_BUNDLE_TAR is an uncompressed bundle built by `modelseal build
--compression none`; the bundle cases are mutations of it. Every case is
written with Python's own tarfile, zipfile, pickle, struct, numpy and onnx
modules, never with modelseal. OUT_DIR/cases.tsv lists one case a line:

    name <TAB> target (relative to OUT_DIR) <TAB> policy file or - <TAB> expected exit <TAB> finding id or -

A benign case's finding is - (no error) or none (no finding at all, not even a warning).
"""
import io
import json
import os
import random
import pickle
import struct
import subprocess
import sys
import tarfile
import zipfile

OUT = sys.argv[1]
VALID = sys.argv[2]
CASES = []

MANIFEST = ".modelseal/manifest.json"


def path(*parts):
    p = os.path.join(OUT, *parts)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    return p


def case(name, target, finding, policy="-", exit_code=1):
    CASES.append((name, target, policy, str(exit_code), finding))


def policy(name, text):
    with open(path("policies", name + ".toml"), "w") as f:
        f.write('schema = "modelseal.registry-policy/v1"\n' + text)
    return "policies/" + name + ".toml"


def write(rel, data):
    with open(path(rel), "wb") as f:
        f.write(data)
    return rel


# ---------------------------------------------------------------- bundles

def valid_members():
    """(TarInfo, bytes) of the valid bundle, manifest first."""
    with tarfile.open(VALID) as t:
        return [(m, t.extractfile(m).read()) for m in t.getmembers()]


def raw_entries(members):
    """Headers and padded data, without the end-of-archive blocks."""
    out = b""
    for info, data in members:
        info = _copy(info)
        if info.isreg():
            info.size = len(data)
        out += info.tobuf(tarfile.PAX_FORMAT, "utf-8", "surrogateescape")
        if info.isreg():
            out += data + b"\0" * ((512 - len(data) % 512) % 512)
    return out


def tar_bytes(members):
    return raw_entries(members) + b"\0" * 1024


def _copy(info):
    c = tarfile.TarInfo(info.name)
    for a in ("size", "mtime", "mode", "type", "linkname", "uid", "gid", "uname", "gname",
              "devmajor", "devminor", "pax_headers"):
        setattr(c, a, getattr(info, a))
    return c


def entry(name, data=b"", kind=tarfile.REGTYPE, linkname=""):
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = linkname
    info.mode = 0o644
    info.size = len(data)
    return info, data


def zstd(data):
    return subprocess.run(["zstd", "-q", "-c", "-1"], input=data, stdout=subprocess.PIPE,
                          check=True).stdout


def bundle_case(name, members, finding, pol="-", compress=False):
    data = tar_bytes(members)
    rel = write("bundles/" + name + ".mbundle", zstd(data) if compress else data)
    case(name, rel, finding, pol)


def hostile_bundles():
    base = valid_members()
    payload = base[1:]
    manifest = base[0]

    def with_extra(*extra):
        return base + list(extra)

    bundle_case("absolute-path", with_extra(entry("/etc/evil", b"x")), "archive.absolute_path")
    bundle_case("dot-dot", with_extra(entry("../../evil-marker", b"x")), "archive.parent_reference")
    bundle_case("dot-dot-inner", with_extra(entry("a/../../evil", b"x")), "archive.parent_reference")
    bundle_case("symlink", with_extra(entry("link", kind=tarfile.SYMTYPE, linkname="/etc/passwd")),
                "archive.symlink")
    bundle_case("hardlink", with_extra(entry("hard", kind=tarfile.LNKTYPE, linkname="config.json")),
                "archive.hardlink")
    bundle_case("char-device", with_extra(entry("dev", kind=tarfile.CHRTYPE)), "archive.special_file")
    bundle_case("fifo", with_extra(entry("pipe", kind=tarfile.FIFOTYPE)), "archive.special_file")
    bundle_case("directory-entry", with_extra(entry("somedir", kind=tarfile.DIRTYPE)),
                "archive.directory_entry")
    bundle_case("duplicate-name", base + [payload[0]], "archive.duplicate_name")
    bundle_case("case-collision", with_extra(entry("README.MD", b"x"), entry("readme.md", b"y")),
                "name.case_collision")
    bundle_case("unicode-collision",
                with_extra(entry("caf\u00e9.txt", b"x"), entry("cafe\u0301.txt", b"y")),
                "name.unicode_collision")
    bundle_case("case-fold-sharp-s",
                with_extra(entry("stra\u00dfe.bin", b"x"), entry("STRASSE.bin", b"y")),
                "name.case_collision")
    bundle_case("windows-reserved", with_extra(entry("CON.txt", b"x")), "name.windows_reserved")
    bundle_case("illegal-character", with_extra(entry("a:b.txt", b"x")), "name.illegal_character")
    bundle_case("trailing-dot", with_extra(entry("notes.", b"x")), "name.trailing_dot_or_space")
    bundle_case("long-component", with_extra(entry("x" * 300, b"x")), "name.component_too_long")
    # A plain ustar name with a byte that is not UTF-8 (as GNU tar writes one).
    info, data = entry("bad-\udcff-name", b"x")
    write("bundles/non-utf8-name.mbundle", raw_entries(base)
          + info.tobuf(tarfile.USTAR_FORMAT, "utf-8", "surrogateescape") + data + b"\0" * 511
          + b"\0" * 1024)
    case("non-utf8-name", "bundles/non-utf8-name.mbundle", "archive.non_utf8_name")

    many = policy("max-files-5", "[limits]\nmax_files = 5\n")
    bundle_case("too-many-entries", with_extra(*[entry(f"f{i}", b"x") for i in range(10)]),
                "archive.too_many_entries", many)
    small = policy("max-file-1k", "[limits]\nmax_file_bytes = 1024\n")
    bundle_case("entry-too-large", with_extra(entry("big.bin", b"\0" * 4096)), "archive.entry_too_large",
                small)
    total = policy("max-total-4k", "[limits]\nmax_total_bytes = 4096\n")
    bundle_case("total-too-large", with_extra(entry("big.bin", b"\1" * 8192)), "archive.total_too_large",
                total)

    good = tar_bytes(base)
    write("bundles/truncated.mbundle", good[: len(good) // 2 + 100])
    case("truncated", "bundles/truncated.mbundle", "archive.truncated")
    write("bundles/trailing-data.mbundle", good + b"EVIL" * 256)
    case("trailing-data", "bundles/trailing-data.mbundle", "archive.trailing_data")
    write("bundles/trailing-after-zstd.mbundle", zstd(good) + b"garbage after the frame")
    case("trailing-after-zstd", "bundles/trailing-after-zstd.mbundle", "archive.trailing_data")
    bad = bytearray(good)
    second = len(raw_entries(base[:1]))  # the second entry's first header
    bad[second + 148:second + 156] = b"0000000\0"  # its checksum field
    write("bundles/bad-checksum.mbundle", bytes(bad))
    case("bad-checksum", "bundles/bad-checksum.mbundle", "archive.bad_checksum")
    # A frame with a small window (FHD 0x04: content checksum, window descriptor 0: 1 KiB)
    # whose first block has the reserved block type 3, then noise. Random header bytes would
    # sometimes announce a huge window and be reported as archive.zstd_window_too_large instead.
    write("bundles/zstd-corrupt.mbundle",
          b"\x28\xb5\x2f\xfd\x04\x00\x07\x00\x00" + random.Random(167).randbytes(4096))
    case("zstd-corrupt", "bundles/zstd-corrupt.mbundle", "archive.zstd_corrupt")

    # A zstd bomb: one frame holding a tar header that announces 64 GiB and 32 MiB of
    # its zeros; a few KiB on disk (the ratio is checked once 16 MiB are out).
    header = tarfile.TarInfo("weights.bin")
    header.size = 64 << 30
    write("bundles/zstd-bomb.mbundle",
          zstd(raw_entries([manifest]) + header.tobuf(tarfile.PAX_FORMAT) + b"\0" * (32 << 20)))
    case("zstd-bomb", "bundles/zstd-bomb.mbundle", "archive.compression_ratio")

    # A pax record whose length field does not match the record.
    write("bundles/malformed-pax.mbundle",
          raw_entries(base) + _pax_entry(b"999 path=evil\n") + b"\0" * 1024)
    case("malformed-pax", "bundles/malformed-pax.mbundle", "archive.malformed_pax")

    bundle_case("manifest-not-first", payload + [manifest], "bundle.manifest_not_first")
    bundle_case("manifest-invalid", [(manifest[0], b"{not json")] + payload, "bundle.manifest_invalid")
    bundle_case("unlisted-entry", with_extra(entry("zz-extra.bin", b"smuggled")), "bundle.unlisted_entry")
    bundle_case("missing-entry", base[:-1], "bundle.missing_entry")
    grown = [(payload[0][0], payload[0][1] + b"appended")] + payload[1:]
    bundle_case("entry-larger-than-manifest", [manifest] + grown, "bundle.size_mismatch")
    flipped = bytearray(payload[-1][1])
    flipped[len(flipped) // 2] ^= 0x01
    bundle_case("content-flipped", [manifest] + payload[:-1] + [(payload[-1][0], bytes(flipped))],
                "bundle.content_mismatch")
    canonical = policy("canonical", "[bundle]\nrequire_canonical = true\n")
    bundle_case("not-canonical", base, "bundle.not_canonical", canonical)  # Python's pax headers
    case("canonical-original", os.path.relpath(VALID, OUT), "-", canonical, 0)


def _pax_entry(record):
    info = tarfile.TarInfo("././@PaxHeader")
    info.type = tarfile.XHDTYPE
    info.size = len(record)
    pad = (512 - len(record) % 512) % 512
    return info.tobuf(tarfile.USTAR_FORMAT) + record + b"\0" * pad


# ---------------------------------------------------------------- folders

def hostile_folders():
    def folder(name, files):
        for rel, data in files.items():
            with open(path("folders", name, rel), "wb") as f:
                f.write(data)
        return "folders/" + name

    t = folder("symlink", {"model.safetensors": safetensors_ok()})
    os.symlink("/etc/passwd", path(t, "passwd"))
    case("folder-symlink", t, "folder.symlink")
    t = folder("fifo", {"model.safetensors": safetensors_ok()})
    os.mkfifo(path(t, "pipe"))
    case("folder-fifo", t, "folder.special_file")
    t = folder("case-collision", {"Model.bin": safetensors_ok(), "model.bin": safetensors_ok()})
    case("folder-case-collision", t, "name.case_collision")
    t = folder("reserved", {"aux.json": b"{}"})
    case("folder-reserved-name", t, "name.windows_reserved")
    t = folder("plain", {"model.safetensors": safetensors_ok()})
    case("folder-bundle-required", t, "policy.bundle_required",
         policy("bundles-only", "[bundle]\nrequire_bundle = true\n"))
    case("folder-plain-ok", t, "-", "-", 0)
    t = folder("unknown-weights", {"pytorch_model.bin": b"\x00garbage that is no format" * 10})
    case("unknown-weight", t, "scan.unrecognized_weight",
         policy("strict-weights", "[formats]\nreject_unknown_weights = true\n"))
    shards = ["model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"]
    hf = {
        "config.json": b'{"architectures": ["LlamaForCausalLM"]}',
        "generation_config.json": b'{"max_length": 64}',
        "tokenizer.json": b'{"version": "1.0"}',
        "tokenizer_config.json": b'{"model_max_length": 64}',
        "special_tokens_map.json": b'{"eos_token": "</s>"}',
        "README.md": b"# model\n",
        ".gitattributes": b"*.safetensors filter=lfs diff=lfs merge=lfs -text\n",
        "model.safetensors.index.json": json.dumps(
            {"metadata": {"total_size": 32}, "weight_map": {"a.w": shards[0], "b.w": shards[1]}}).encode(),
    }
    hf.update({s: safetensors_ok() for s in shards})
    # "none": accepted without even a warning (no config.json reported as a stray shard)
    case("hf-sharded-layout", folder("hf-sharded", hf), "none", "-", 0)
    del hf[shards[1]]
    case("hf-missing-shard", folder("hf-missing-shard", hf), "safetensors.index_missing_shard")


# ---------------------------------------------------------------- weights

def safetensors(header, data=b""):
    text = json.dumps(header).encode()
    return struct.pack("<Q", len(text)) + text + data


def safetensors_ok():
    return safetensors({"w": {"dtype": "F32", "shape": [2, 2], "data_offsets": [0, 16]}}, b"\0" * 16)


# An empty HDF5 file as h5py 3.7 writes it with libver="latest" (superblock 3, OHDR root).
EMPTY_HDF5 = bytes.fromhex(
    "894844460d0a1a0a030808000000000000000000ffffffffffffffffc3000000000000003000000000000000061a6137"
    "4f48445202203359166b3359166b3359166b3359166b78021200000000ffffffffffffffffffffffffffffffff0a0200"
    "010000005800000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000aa"
    "178fd5")


def legacy_keras_h5(model_config):
    """A legacy Keras .h5 by hand (h5py reads it): superblock 0, a version 1 root
    object header holding an empty compact group and the attributes model_config
    and keras_version (fixed-length strings)."""
    def pad8(b):
        return b + b"\0" * (-len(b) % 8)

    def attr(name, value):
        n = name.encode() + b"\0"
        dtype = b"\x13\x01\0\0" + struct.pack("<I", len(value))
        space = b"\x01\0\0\0" + b"\0" * 4
        body = b"\x01\0" + struct.pack("<HHH", len(n), len(dtype), len(space))
        body = pad8(body + pad8(n) + pad8(dtype) + pad8(space) + value)
        return struct.pack("<HHB", 0x0C, len(body), 0) + b"\0" * 3 + body

    def message(kind, body):
        body = pad8(body)
        return struct.pack("<HHB", kind, len(body), 0) + b"\0" * 3 + body

    # Link info (no links, no fractal heap) and group info: a compact new-style group.
    msgs = message(0x02, b"\0\0" + b"\xff" * 16) + message(0x0A, b"\0\0")
    msgs += attr("keras_version", b"2.15.0") + attr("model_config", json.dumps(model_config).encode())
    eof = 96 + 16 + len(msgs)
    undef = b"\xff" * 8
    sb = b"\x89HDF\r\n\x1a\n" + bytes([0, 0, 0, 0, 0, 8, 8, 0]) + struct.pack("<HHI", 4, 16, 0)
    sb += struct.pack("<Q", 0) + undef + struct.pack("<Q", eof) + undef
    sb += struct.pack("<QQII", 0, 96, 0, 0) + b"\0" * 16
    header = struct.pack("<BBHII", 1, 0, 4, 1, len(msgs)) + b"\0" * 4
    return sb + header + msgs


def weight_case(name, filename, data, finding, pol="-", exit_code=1):
    rel = write("weights/" + name + "/" + filename, data)
    case(name, rel, finding, pol, exit_code)


class Reduce:
    def __init__(self, fn, args):
        self.fn, self.args = fn, args

    def __reduce__(self):
        return self.fn, self.args


def global_pickle(module, name, args=("echo pwned > /tmp/modelseal-pwned",)):
    # A GLOBAL + REDUCE like a hostile checkpoint, built from opcodes so the
    # named callable never has to exist here.
    arg = pickle.dumps(args, protocol=2)[2:-1]  # the tuple, without PROTO and STOP
    return b"\x80\x02c" + f"{module}\n{name}\n".encode() + arg + b"R."


def hostile_weights():
    weight_case("pickle-os-system", "model.pkl", global_pickle("os", "system"), "pickle.unsafe_global")
    weight_case("pickle-posix-system", "model.pt", global_pickle("posix", "system"), "pickle.unsafe_global")
    weight_case("pickle-eval", "model.bin", pickle.dumps(Reduce(eval, ("1+1",))), "pickle.unsafe_global")
    weight_case("pickle-exec", "model.bin", global_pickle("builtins", "exec"), "pickle.unsafe_global")
    weight_case("pickle-subprocess", "model.ckpt", global_pickle("subprocess", "Popen", (["id"],)),
                "pickle.unsafe_global")
    nested = pickle.dumps(Reduce(getattr, (Reduce(__import__, ("os",)), "system")))
    weight_case("pickle-nested-getattr", "model.pkl", nested, "pickle.unsafe_global")
    weight_case("pickle-stack-global", "model.pkl",
                b"\x80\x04\x8c\x02os\x94\x8c\x06system\x94\x93\x8c\x02id\x85R.", "pickle.unsafe_global")
    weight_case("pickle-dynamic-global", "model.pkl",
                b"\x80\x04\x8c\x02os\x8c\x06system\x85R\x8c\x01x\x93.", "pickle.dynamic_global")
    weight_case("pickle-truncated", "model.pkl", pickle.dumps({"w": list(range(100))}, protocol=4)[:-20],
                "pickle.truncated")
    weight_case("pickle-ext-code", "model.pkl", b"\x80\x02\x82\x01).", "pickle.extension_code")
    # BUILD on an allowed class itself: CPython's unpickler sets Counter.most_common = set
    # (the (None, slotstate) form goes through setattr); weights_only builds only instances.
    weight_case("pickle-build-on-class", "model.pkl",
                b"\x80\x02ccollections\nCounter\nN}X\x0b\x00\x00\x00most_common"
                b"cbuiltins\nset\ns\x86b.", "pickle.unsafe_build")
    import collections
    state_dict = collections.OrderedDict(w=1.5)
    state_dict._metadata = collections.OrderedDict({"": {"version": 1}})  # BUILD, as torch.save
    weight_case("pickle-build-ordered-dict", "model.pkl", pickle.dumps(state_dict, protocol=2), "-",
                "-", 0)
    weight_case("pickle-deep-nesting", "model.pkl", b"\x80\x02" + b"(" * 200000 + b".",
                "pickle.limit_exceeded")
    benign = pickle.dumps({"layer.weight": [0.5, 1.0], "step": 3}, protocol=2)
    weight_case("pickle-forbidden-format", "model.pkl", benign, "policy.format_forbidden",
                policy("no-pickle", '[formats]\nforbid = ["pickle", "pytorch-zip"]\n'))
    weight_case("pickle-benign-state-dict", "model.pkl", benign, "-", "-", 0)

    def torch_zip(pkl, method=zipfile.ZIP_STORED):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", method) as z:
            z.writestr("archive/data.pkl", pkl)
            z.writestr("archive/version", "3\n")
            z.writestr("archive/data/0", b"\0" * 16)
        return buf.getvalue()

    weight_case("torch-zip-os-system", "pytorch_model.bin", torch_zip(global_pickle("os", "system")),
                "pickle.unsafe_global")
    weight_case("torch-zip-deflated-eval", "model.pt",
                torch_zip(pickle.dumps(Reduce(eval, ("1",))), zipfile.ZIP_DEFLATED), "pickle.unsafe_global")
    weight_case("torch-zip-benign", "model.pt", torch_zip(benign), "-", "-", 0)

    def zip_with(names):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            for n in names:
                z.writestr(zipfile.ZipInfo(n), b"x")
        return buf.getvalue()

    weight_case("zip-traversal", "model.pt", zip_with(["archive/data.pkl", "../../evil"]),
                "zip.path_traversal")
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        weight_case("zip-duplicate", "model.pt", zip_with(["a/x", "a/x"]), "zip.duplicate_name")
    good_zip = torch_zip(benign)
    bad = bytearray(good_zip)
    bad[26:28] = struct.pack("<H", 200)  # local header's name length disagrees with the directory
    weight_case("zip-central-local-mismatch", "model.pt", bytes(bad), "zip.central_local_mismatch")
    weight_case("zip-no-end-record", "model.pt", good_zip[:-22], "zip.no_end_record")
    enc = bytearray(good_zip)
    enc[6] |= 1
    first_cd = good_zip.find(b"PK\x01\x02")
    enc[first_cd + 8] |= 1
    weight_case("zip-encrypted", "model.pt", bytes(enc), "zip.encrypted")

    # Keras v3 .keras archives as keras.saving writes them (metadata, config, weights).
    def keras_obj(module, cls, config):
        return {"module": module, "class_name": cls, "config": config, "registered_name": None}

    def keras_file(layers):
        config = keras_obj("keras", "Sequential", {"name": "s", "layers": [
            keras_obj("keras.layers", "InputLayer", {"batch_shape": [None, 4], "name": "in"}),
            keras_obj("keras.layers", "Dense", {"name": "d", "units": 2, "activation": "relu"})] + layers})
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("metadata.json", json.dumps({"keras_version": "3.6.0", "date_saved": "x"}))
            z.writestr("config.json", json.dumps(config))
            z.writestr("model.weights.h5", EMPTY_HDF5)
        return buf.getvalue()

    lam = keras_obj("keras.layers", "Lambda", {"name": "l", "function": {
        "class_name": "__lambda__", "config": {"value": "4wEAAAAAAAAAAAAAAAEAAAAD"}}})
    weight_case("keras-lambda", "model.keras", keras_file([lam]), "keras.lambda_layer")
    weight_case("keras-untrusted-module", "model.keras",
                keras_file([keras_obj("os", "system", {"name": "x"})]), "keras.untrusted_module")
    nested = keras_obj("keras.layers", "Dense", {"name": "e", "units": 1, "activation": {
        "class_name": "__lambda__", "config": {"value": "AA"}}})
    weight_case("keras-nested-function", "model.keras", keras_file([nested]), "keras.python_function")
    weight_case("keras-benign", "model.keras", keras_file([]), "none", "-", 0)

    # Legacy Keras HDF5 (.h5): the config in the root group's model_config attribute.
    def legacy_sequential(layers):
        return {"class_name": "Sequential", "config": {"name": "s", "layers": [
            {"class_name": "Dense", "config": {"name": "d", "units": 2}}] + layers}}

    legacy_lambda = {"class_name": "Lambda", "config": {
        "name": "l", "function": ["4wEAAAAAAAAAAAAAAAEAAAAD", None, None], "function_type": "lambda"}}
    weight_case("keras-h5-benign", "model.h5", legacy_keras_h5(legacy_sequential([])), "none", "-", 0)
    weight_case("keras-h5-lambda", "model.h5", legacy_keras_h5(legacy_sequential([legacy_lambda])),
                "keras.lambda_layer")
    weight_case("keras-h5-truncated", "model.h5", legacy_keras_h5(legacy_sequential([]))[:150],
                "hdf5.malformed")

    import numpy as np
    buf = io.BytesIO()
    np.savez(buf, a=np.zeros(3), b=np.array([{"x": 1}], dtype=object))
    weight_case("npz-object-array", "arrays.npz", buf.getvalue(), "npy.object_dtype")
    buf = io.BytesIO()
    np.savez_compressed(buf, a=np.arange(12, dtype=np.float32))
    weight_case("npz-compressed-benign", "arrays.npz", buf.getvalue(), "-", "-", 0)
    buf = io.BytesIO()
    np.save(buf, np.array([1, None], dtype=object), allow_pickle=True)
    weight_case("npy-object-dtype", "a.npy", buf.getvalue(), "npy.object_dtype")
    buf = io.BytesIO()
    np.save(buf, np.arange(16, dtype=np.int32))
    good_npy = buf.getvalue()
    weight_case("npy-size-mismatch", "a.npy", good_npy[:-8], "npy.size_mismatch")
    weight_case("npy-header-length", "a.npy", good_npy[:8] + struct.pack("<H", 60000) + good_npy[10:],
                "npy.header_length_out_of_range")
    weight_case("npy-benign", "a.npy", good_npy, "-", "-", 0)

    data = b"\0" * 16
    weight_case("st-header-too-large", "model.safetensors", struct.pack("<Q", 1 << 40) + b"{}",
                "safetensors.header_length_out_of_range")
    weight_case("st-overlap", "model.safetensors", safetensors({
        "a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]},
        "b": {"dtype": "F32", "shape": [4], "data_offsets": [4, 20]}}, b"\0" * 20), "safetensors.offsets_overlap")
    weight_case("st-gap", "model.safetensors", safetensors({
        "a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]},
        "b": {"dtype": "F32", "shape": [1], "data_offsets": [12, 16]}}, data), "safetensors.offsets_gap")
    weight_case("st-unknown-dtype", "model.safetensors", safetensors({
        "a": {"dtype": "F128", "shape": [1], "data_offsets": [0, 16]}}, data), "safetensors.unknown_dtype")
    text = b'{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]},"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}'
    weight_case("st-duplicate-key", "model.safetensors", struct.pack("<Q", len(text)) + text + data,
                "safetensors.duplicate_key")
    weight_case("st-truncated", "model.safetensors", safetensors({
        "a": {"dtype": "F32", "shape": [4], "data_offsets": [0, 16]}}, data[:8]), "safetensors.offsets_out_of_range")
    weight_case("st-metadata-not-string", "model.safetensors", safetensors({
        "__metadata__": {"x": 1}, "a": {"dtype": "F32", "shape": [4], "data_offsets": [0, 16]}}, data),
        "safetensors.metadata_not_string")
    weight_case("st-shape-overflow", "model.safetensors", safetensors({
        "a": {"dtype": "F32", "shape": [1 << 62, 1 << 62], "data_offsets": [0, 16]}}, data),
        "safetensors.size_overflow")
    weight_case("st-benign", "model.safetensors", safetensors_ok(), "-", "-", 0)

    def gguf(n_tensors, n_kv, body=b"", version=3):
        return b"GGUF" + struct.pack("<IQQ", version, n_tensors, n_kv) + body

    def gstr(s):
        return struct.pack("<Q", len(s)) + s

    weight_case("gguf-bad-version", "model.gguf", gguf(0, 0, version=99), "gguf.unsupported_version")
    weight_case("gguf-huge-count", "model.gguf", gguf(1 << 60, 0), "gguf.count_exceeds_limit")
    weight_case("gguf-count-exceeds-file", "model.gguf", gguf(1000, 0), "gguf.count_exceeds_file")
    nested = gstr(b"k") + struct.pack("<I", 9) + struct.pack("<IQ", 9, 1) + struct.pack("<IQ", 4, 0)
    weight_case("gguf-nested-array", "model.gguf", gguf(0, 1, nested), "gguf.nested_array")
    tensor = gstr(b"t") + struct.pack("<I", 5) + struct.pack("<5Q", 1, 1, 1, 1, 1) + struct.pack("<IQ", 0, 0)
    weight_case("gguf-too-many-dims", "model.gguf", gguf(1, 0, tensor + b"\0" * 64), "gguf.too_many_dims")
    dup = (gstr(b"a") + struct.pack("<II", 4, 1)) * 2
    weight_case("gguf-duplicate-key", "model.gguf", gguf(0, 2, dup), "gguf.duplicate_key")
    weight_case("gguf-truncated", "model.gguf", gguf(0, 1, gstr(b"key") + struct.pack("<I", 4) + b"\x01"),
                "gguf.truncated")


def fake_class(module, name):
    """A class that pickles as GLOBAL 'module name' (stand-in for torch and joblib)."""
    import types
    cls = type(name, (), {"__module__": module, "__qualname__": name})
    parts = module.split(".")
    for i in range(1, len(parts) + 1):
        sys.modules.setdefault(".".join(parts[:i]), types.ModuleType(".".join(parts[:i])))
    setattr(sys.modules[module], name, cls)
    return cls


def torchscript_cases():
    """Archives shaped like torch.jit.save's: data.pkl of __torch__ classes, code/, constants.pkl."""
    tiny = fake_class("__torch__", "Tiny")
    code = ("class Tiny(Module):\n  def forward(self: __torch__.Tiny, x: Tensor) -> Tensor:\n"
            "    return torch.add(x, ops.aten.ones([2]))\n")

    def module(extra=None):
        obj = tiny.__new__(tiny)
        obj.__dict__.update(training=False)
        if extra is not None:
            obj.__dict__["extra"] = extra
        return pickle.dumps(obj, protocol=2)

    def archive(data, source=code):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("m/data.pkl", data)
            z.writestr("m/code/__torch__.py", source)
            z.writestr("m/constants.pkl", pickle.dumps((), protocol=2))
            z.writestr("m/version", "3\n")
        return buf.getvalue()

    weight_case("torchscript-benign", "model.pt", archive(module()), "-", "-", 0)
    weight_case("torchscript-system-data", "model.pt", archive(global_pickle("posix", "system")),
                "pickle.unsafe_global")
    runner = fake_class("__torch__.torch.classes.evil_ns", "Runner")
    weight_case("torchscript-custom-class", "model.pt", archive(module(runner.__new__(runner))),
                "pickle.unsafe_global")
    weight_case("torchscript-custom-op", "model.pt",
                archive(module(), code.replace("ops.aten.ones", "torch.ops.evil_ns.run")),
                "torchscript.custom_op")


def joblib_cases():
    """joblib.dump's layout without joblib: a NumpyArrayWrapper, then the array's bytes."""
    import pickletools
    import numpy as np
    wrapper = fake_class("joblib.numpy_pickle", "NumpyArrayWrapper")

    def dump(array_bytes, shape, dtype, after=None):
        w = wrapper.__new__(wrapper)
        w.__dict__.update(subclass=np.ndarray, shape=shape, order="C", dtype=np.dtype(dtype),
                          allow_mmap=False, numpy_array_alignment_bytes=16)
        stream = pickle.dumps([w] if after is None else [w, after], protocol=2)
        builds = [pos for op, _, pos in pickletools.genops(stream) if op.name == "BUILD"]
        cut = builds[-1] + 1  # right after the wrapper's BUILD, as joblib writes
        padding = 16 - (cut + 1) % 16
        return stream[:cut] + bytes([padding]) + b"\xff" * padding + array_bytes + stream[cut:]

    lure = b"cposix\nsystem\n(S'echo pwned > /tmp/modelseal-pwned'\ntR."
    weight_case("joblib-benign-lure", "model.joblib", dump(lure, (len(lure),), "u1"), "-", "-", 0)
    weight_case("joblib-reduce-after-array", "model.joblib",
                dump(b"\0" * 24, (3,), "<f8", Reduce(os.system, ("echo pwned > /tmp/modelseal-pwned",))),
                "pickle.unsafe_global")
    good = dump(b"\0" * 800, (100,), "<f8")
    weight_case("joblib-truncated", "model.joblib", good[:400], "joblib.truncated")
    weight_case("joblib-huge-array", "model.joblib", dump(b"", (1 << 40,), "<f8"), "joblib.limit_exceeded")


def onnx_cases():
    import numpy as np
    import onnx
    from onnx import helper, numpy_helper, TensorProto

    def model(tensor):
        node = helper.make_node("Identity", ["w"], ["y"])
        graph = helper.make_graph([node], "g", [], [helper.make_tensor_value_info("y", TensorProto.FLOAT, [4])],
                                  [tensor])
        return helper.make_model(graph)

    def external(location, offset=0, length=16):
        t = numpy_helper.from_array(np.zeros(4, dtype=np.float32), "w")
        t.ClearField("raw_data")
        t.data_location = TensorProto.EXTERNAL
        for k, v in (("location", location), ("offset", str(offset)), ("length", str(length))):
            e = t.external_data.add()
            e.key, e.value = k, v
        return model(t)

    def onnx_folder(name, m, finding, exit_code=1):
        d = "onnx/" + name
        write(d + "/model.onnx", m.SerializeToString())
        write(d + "/weights.bin", b"\0" * 16)
        case("onnx-" + name, d, finding, "-", exit_code)

    onnx_folder("benign-external", external("weights.bin"), "-", 0)
    # external data is the model's data under any name, even with unknown weights refused
    strict = "policies/strict-weights.toml"
    for name, location in (("strict-bin", "weights.bin"), ("strict-onnx-data", "model.onnx.data")):
        d = "onnx/" + name
        write(d + "/model.onnx", external(location).SerializeToString())
        write(d + "/" + location, b"\0" * 16)
        case("onnx-" + name, d, "none", strict, 0)
    # ... but a .bin no model reads and no scanner knows is still reported
    d = "onnx/stray-bin"
    write(d + "/model.onnx", external("weights.bin").SerializeToString())
    write(d + "/weights.bin", b"\0" * 16)
    write(d + "/stray.bin", b"\x01" * 16)
    case("onnx-stray-bin", d, "scan.unrecognized_weight", strict)
    # ... and external data is scanned by its content: a pickle posing as weights.bin
    d = "onnx/external-pickle"
    write(d + "/model.onnx", external("weights.bin").SerializeToString())
    write(d + "/weights.bin", global_pickle("os", "system"))
    case("onnx-external-pickle", d, "pickle.unsafe_global")
    onnx_folder("escapes", external("../../../etc/passwd"), "onnx.external_path_escapes")
    onnx_folder("absolute", external("/etc/passwd"), "onnx.external_absolute_path")
    onnx_folder("missing", external("nothere.bin"), "onnx.external_missing")
    onnx_folder("out-of-bounds", external("weights.bin", offset=8, length=16), "onnx.external_out_of_bounds")


def savedmodel_cases():
    """TensorFlow SavedModels, hand-encoded (no TensorFlow needed): field numbers of
    saved_model.proto, meta_graph.proto, graph.proto, function.proto."""
    def varint(v):
        out = b""
        while True:
            b, v = v & 0x7F, v >> 7
            out += bytes([b | (0x80 if v else 0)])
            if not v:
                return out

    def field(n, payload):
        payload = payload.encode() if isinstance(payload, str) else payload
        return varint(n << 3 | 2) + varint(len(payload)) + payload

    def node(name, op):
        return field(1, name) + field(2, op)

    def graph(nodes, functions=()):
        lib = b"".join(field(1, field(1, field(1, fname)) + b"".join(field(3, n) for n in fnodes))
                       for fname, fnodes in functions)
        return b"".join(field(1, n) for n in nodes) + (field(2, lib) if functions else b"")

    def saved_model(g):
        return varint(1 << 3) + varint(1) + field(2, field(2, g))

    benign_nodes = [node(n, op) for n, op in (("x", "Placeholder"), ("w", "VarHandleOp"),
                                              ("r", "ReadVariableOp"), ("mm", "MatMul"),
                                              ("add", "Add"), ("y", "Relu"),
                                              ("save/SaveV2", "SaveV2"))]
    saver = ("__inference__traced_restore_9", [node("r", "RestoreV2")])

    def sm_folder(name, data, finding, exit_code=1):
        d = "savedmodel/" + name
        write(d + "/saved_model.pb", data)
        case("savedmodel-" + name, d, finding, "-", exit_code)

    benign = saved_model(graph(benign_nodes, [saver]))
    sm_folder("benign", benign, "-", 0)
    sm_folder("pyfunc", saved_model(graph(benign_nodes + [node("p", "PyFunc")], [saver])),
              "savedmodel.dangerous_op")
    sm_folder("writefile-in-function",
              saved_model(graph(benign_nodes, [saver, ("f", [node("w", "WriteFile")])])),
              "savedmodel.dangerous_op")
    sm_folder("readfile", saved_model(graph(benign_nodes + [node("r2", "ReadFile")])),
              "savedmodel.dangerous_op")
    sm_folder("restore-outside-saver", saved_model(graph([node("x", "RestoreV2")])),
              "savedmodel.dangerous_op")
    sm_folder("truncated", benign[: len(benign) // 2], "savedmodel.malformed")
    sm_folder("not-protobuf", b"\xff" * 64, "savedmodel.malformed")


hostile_bundles()
hostile_folders()
hostile_weights()
onnx_cases()
savedmodel_cases()
torchscript_cases()
joblib_cases()
with open(os.path.join(OUT, "cases.tsv"), "w") as f:
    for c in CASES:
        f.write("\t".join(c) + "\n")
print(f"{len(CASES)} cases ({sum(1 for c in CASES if c[3] == '1')} hostile) in {OUT}")
