#!/usr/bin/python3
"""Writes the seed corpus of fuzz_scan_zip into this folder (run: python3 make_seeds.py).

valid_*: archives the scanner accepts; invalid_*: one defect each, named after
the finding id it triggers. Every seed stays far below 64 KiB.
valid_torchscript.pt, invalid_torchscript_custom_op.pt and
invalid_torchscript_unsafe_constants.pt are copies of tiny_scripted.pt,
custom_op.pt and hostile_constants.pt in tests/data/torchscript (torch.jit.save).
"""
import io
import os
import pickle
import struct
import zipfile
import zlib

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def write(name, data):
    assert len(data) < 64 * 1024, name
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


def make_zip(members, method=zipfile.ZIP_STORED, stream=None):
    buf = stream if stream is not None else io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as z:
        for name, data in members:
            z.writestr(name, data)
    return buf.getvalue()


class Unseekable(io.RawIOBase):
    """A write-only stream: zipfile then writes data descriptors (flag bit 3)."""

    def __init__(self):
        self.out = bytearray()

    def writable(self):
        return True

    def write(self, b):
        self.out += b
        return len(b)

    def getvalue(self):
        return bytes(self.out)


def fake_global(module, name):
    """A class that pickles as GLOBAL 'module name' (the real module need not exist)."""
    import sys
    import types
    cls = type(name, (), {"__module__": module, "__qualname__": name})
    parts = module.split(".")
    for i in range(1, len(parts) + 1):
        sys.modules.setdefault(".".join(parts[:i]), types.ModuleType(".".join(parts[:i])))
    setattr(sys.modules[module], name, cls)
    return cls


class StoragePickler(pickle.Pickler):
    """Pickles storages as torch.save does: a persistent id, not their bytes."""

    def persistent_id(self, obj):
        if isinstance(obj, Storage):
            return ("storage", fake_global("torch", "FloatStorage"), obj.key, "cpu", 2)
        return None


class Storage:
    def __init__(self, key):
        self.key = key


def state_dict_pickle():
    """What torch.save({'w': tensor}) writes as data.pkl, using only allowed globals."""
    od = fake_global("collections", "OrderedDict")
    rebuild = fake_global("torch._utils", "_rebuild_tensor_v2")

    class Hooks:
        def __reduce__(self):
            return (od, ())

    class Tensor:
        def __reduce__(self):
            return (rebuild, (Storage("0"), 0, (2,), (1,), False, Hooks()))

    class StateDict:
        def __reduce__(self):
            return (od, (), None, None, iter([("w", Tensor())]))

    buf = io.BytesIO()
    StoragePickler(buf, protocol=2).dump(StateDict())
    return buf.getvalue()


class Evil:
    def __reduce__(self):
        return (os.system, ("touch /tmp/modelseal-fuzz-pwned",))


def torch_members(pkl):
    return [("archive/data.pkl", pkl), ("archive/byteorder", b"little"),
            ("archive/data/0", struct.pack("<2f", 1.0, 2.0)), ("archive/version", b"3\n"),
            ("archive/.data/serialization_id", b"0123456789")]


def npz(compressed, **arrays):
    buf = io.BytesIO()
    (np.savez_compressed if compressed else np.savez)(buf, **arrays)
    return buf.getvalue()


def zip64_end(data):
    """Rewrites the end record of `data` as a ZIP64 end record + locator + all-ones end record."""
    end = data.rindex(b"PK\x05\x06")
    _, _, _, n, _, size, offset, _ = struct.unpack("<IHHHHIIH", data[end:end + 22])
    rec = struct.pack("<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, n, n, size, offset)
    loc = struct.pack("<IIQI", 0x07064B50, 0, end, 1)
    eocd = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
    return data[:end] + rec + loc + eocd


def patch(data, offset, fmt, value):
    b = bytearray(data)
    struct.pack_into(fmt, b, offset, value)
    return bytes(b)


def main():
    good = state_dict_pickle()
    evil = pickle.dumps(Evil(), protocol=2)
    torch_zip = make_zip(torch_members(good))
    write("valid_pytorch_stored.pt", torch_zip)
    write("valid_pytorch_deflated.pt", make_zip(torch_members(good), zipfile.ZIP_DEFLATED))
    write("valid_npz.npz", npz(False, a=np.arange(6, dtype="<f4").reshape(2, 3), b=np.arange(3)))
    write("valid_npz_compressed.npz", npz(True, a=np.arange(100, dtype="<i8")))
    write("valid_empty.zip", make_zip([]))
    write("valid_zip64_end.pt", zip64_end(torch_zip))
    write("valid_descriptors.zip", make_zip([("a.txt", b"hello"), ("b.bin", b"x" * 300)],
                                            zipfile.ZIP_DEFLATED, Unseekable()))
    write("valid_utf8_name.zip", make_zip([("caf\u00e9/w.bin", b"abc")]))
    write("invalid_unsafe_pickle.pt", make_zip(torch_members(evil)))
    write("invalid_unsafe_pickle_deflated.pt", make_zip(torch_members(evil), zipfile.ZIP_DEFLATED))
    write("invalid_pickle_hidden.zip", make_zip([("weights.bin", evil)]))
    write("invalid_object_npz.npz", npz(False, a=np.array([{"k": 1}], dtype=object)))
    write("invalid_missing_data_pkl.pt", make_zip(torch_members(good)[1:]))
    write("invalid_path_traversal.zip", make_zip([("../evil", b"x")]))
    write("invalid_absolute_path.zip", make_zip([("/etc/evil", b"x")]))
    write("invalid_duplicate_name.zip", make_zip([("a", b"1"), ("a", b"2")]))
    write("invalid_truncated.pt", torch_zip[: len(torch_zip) // 2])
    write("invalid_no_end_record.pt", torch_zip[:-22])
    write("invalid_trailing_data.pt", torch_zip + b"#!/bin/sh\n")
    write("invalid_prepended_data.pt", b"\x80\x02}q\x00." + torch_zip)
    write("invalid_nested_archive.zip", make_zip([("inner.zip", torch_zip)]))
    write("invalid_unsupported_method.zip", make_zip([("a", b"abc" * 50)], zipfile.ZIP_BZIP2))
    write("invalid_crc_mismatch.zip", patch(make_zip([("a", b"abc")]), 14, "<I", 1))
    crc_both = make_zip([("a", b"abc")])
    cd = crc_both.index(b"PK\x01\x02")
    write("invalid_crc_both.zip", patch(patch(crc_both, 14, "<I", 1), cd + 16, "<I", 1))
    write("invalid_encrypted.zip", patch(patch(crc_both, 6, "<H", 1), cd + 8, "<H", 1))
    z64 = zip64_end(crc_both)
    record = len(z64) - 22 - 20 - 56
    write("invalid_too_many_entries.zip",
          patch(patch(z64, record + 24, "<Q", 10**9), record + 32, "<Q", 10**9))
    # Entry "b" lives inside entry "a"'s data: an overlapping (bomb-style) layout.
    inner = make_zip([("b", b"BBBB")])
    b_local = inner[: inner.index(b"PK\x01\x02")]
    a = make_zip([("a", b_local)])
    a_cd = a.index(b"PK\x01\x02")
    b_cd = inner[inner.index(b"PK\x01\x02"):inner.index(b"PK\x05\x06")]
    b_cd = patch(b_cd, 42, "<I", 31)
    cd = a[a_cd:a.index(b"PK\x05\x06")] + b_cd
    eocd = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 2, 2, len(cd), a_cd, 0)
    write("invalid_overlapping_entries.zip", a[:a_cd] + cd + eocd)
    bomb = zlib.compressobj(9, zlib.DEFLATED, -15)
    zeros = bomb.compress(b"\0" * (8 << 20)) + bomb.flush()
    raw = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, zlib.crc32(b"\0" * (8 << 20)),
                      len(zeros), 8 << 20, 5, 0) + b"a.pkl" + zeros
    cdr = struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0,
                      zlib.crc32(b"\0" * (8 << 20)), len(zeros), 8 << 20, 5, 0, 0, 0, 0, 0, 0) + b"a.pkl"
    write("invalid_compression_ratio.zip",
          raw + cdr + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 1, 1, len(cdr), len(raw), 0))


if __name__ == "__main__":
    main()
