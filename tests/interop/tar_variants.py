#!/usr/bin/env python3
"""Generates a corpus of tar and zstd framing variants of a small real bundle (issue 13, part 1).

usage: tar_variants.py --modelseal BIN --out DIR

Builds a tiny model folder into two bundles with the modelseal binary (`--compression none` and
zstd), then rewrites their bytes directly: headers are written here with their checksums, never
by tarfile, so hostile headers come out exactly as intended. DIR receives:

  model/                 the model folder
  base-none.mbundle      the bundles modelseal built
  base-zstd.mbundle
  manifest.json          the bundles' manifest (both bundles and every variant carry it)
  variants/NAME.mbundle  one file per variant
  variants/NAME.txt      its one-line description
  index.tsv              NAME <tab> intended verdict (accept|reject) <tab> description

The intended verdict is the dialect of specs/bundle-v1.md (the strict reader of issue 13): the
unmodified bundles and a few harmless re-encodings are accepted, everything else refused.
"""
import argparse
import json
import os
import shutil
import struct
import subprocess
import sys

BLOCK = 512
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
EPOCH = 1700000000
POSIX_MAGIC = b"ustar\x0000"
GNU_MAGIC = b"ustar  \x00"

BUNDLE_TOML = """schema = "modelseal.bundle/v1"

[model]
name = "differential-model"
version = "1.0.0"
license = "Apache-2.0"
description = "A few files for the tar differential test."
authors = ["modelseal developers"]
supplier = "modelseal"
security_contact = "security@example.com"

[card]
intended_use = "Tests only."
prohibited_uses = ["Any use as a model."]
limitations = ["Holds no model."]

[[dataset]]
name = "none"
role = "eval"
source_url = "https://example.com/no-data"
retrieved_at = 2026-01-01T00:00:00Z
license = "CC0-1.0"
custodian = "modelseal developers"
personal_data = false

[transparency]
data_use = "No user data is processed."
data_storage = "No user data is stored."
data_retention = "No user data is retained."
"""

LONG_DIR = "nested/" + "d" * 110
MODEL_FILES = {
    "config.json": b'{"hidden_size": 8}\n',
    "model.safetensors": b"SAFETENSORS-WEIGHTS-" + bytes(range(256)) * 3,
    "tokenizer.json": b'{"vocab": {"a": 0, "b": 1}}\n',
    "caf\u00e9.txt": b"caf\xc3\xa9\n",
    LONG_DIR + "/file.bin": b"\x01\x02\x03",
}
HOSTILE = b"#!/bin/sh\necho this file is not in the manifest\n"


# ---- tar blocks -------------------------------------------------------------------------------

def pad(data, fill=b"\0"):
    return data + fill * (-len(data) % BLOCK)


def octal(value, width):
    return b"%0*o\0" % (width - 1, value)


def set_field(h, offset, width, value):
    assert len(value) <= width, (offset, value)
    h[offset:offset + width] = value.ljust(width, b"\0")


def checksum(h):
    h = bytearray(h)
    h[148:156] = b" " * 8
    h[148:156] = b"%06o\0 " % sum(h)
    return bytes(h)


def header(name, size, typeflag=b"0", mode=0o644, linkname=b"", magic=POSIX_MAGIC,
           prefix=b"", size_field=None, devmajor=0, devminor=0, tail=b""):
    """One 512-byte header; name/linkname/prefix are bytes, the checksum is computed."""
    h = bytearray(BLOCK)
    set_field(h, 0, 100, name)
    set_field(h, 100, 8, octal(mode, 8))
    set_field(h, 108, 8, octal(0, 8))
    set_field(h, 116, 8, octal(0, 8))
    set_field(h, 124, 12, size_field if size_field is not None else octal(size, 12))
    set_field(h, 136, 12, octal(EPOCH, 12))
    h[156:157] = typeflag
    set_field(h, 157, 100, linkname)
    h[257:265] = magic
    set_field(h, 329, 8, octal(devmajor, 8))
    set_field(h, 337, 8, octal(devminor, 8))
    set_field(h, 345, 155, prefix)
    set_field(h, 500, 12, tail)
    return checksum(h)


def member(name, data, typeflag=b"0", **kw):
    """A header and its padded data."""
    return header(name, len(data), typeflag, **kw) + pad(data)


def record(key, value):
    """A pax record "LEN key=value\\n" whose LEN counts the whole record."""
    body = b" " + key + b"=" + value + b"\n"
    n = len(body) + 1
    while len(str(n).encode()) + len(body) != n:
        n += 1
    return str(n).encode() + body


def pax(records, typeflag=b"x", name=b"PaxHeader"):
    data = b"".join(record(k, v) for k, v in records) if isinstance(records, list) else records
    return member(name, data, typeflag)


class Entry:
    """One archive entry: its optional pax member, its header and its padded data."""

    def __init__(self, pax_member, hdr, data):
        self.pax, self.hdr, self.data = pax_member, hdr, data

    def path(self):
        if self.pax:
            size = int(self.pax[124:135], 8)
            for line in self.pax[BLOCK:BLOCK + size].split(b"\n"):
                if b" path=" in line:
                    return line.split(b" path=", 1)[1]
        return self.hdr[:100].rstrip(b"\0")

    def raw(self):
        return self.pax + self.hdr + self.data


def parse(tar):
    """The entries of a canonical bundle archive; asserts it ends with exactly 1024 zero bytes."""
    entries, off, pending = [], 0, b""
    while True:
        h = tar[off:off + BLOCK]
        if h == b"\0" * BLOCK:
            assert tar[off:] == b"\0" * 1024, "bundle does not end with the end-of-archive"
            return entries
        size = int(h[124:135], 8)
        whole = h + tar[off + BLOCK:off + BLOCK + size + (-size % BLOCK)]
        off += len(whole)
        if h[156:157] == b"x":
            pending = whole
        else:
            entries.append(Entry(pending, h, whole[BLOCK:]))
            pending = b""


def join(parts, end=b"\0" * 1024):
    return b"".join(p.raw() if isinstance(p, Entry) else p for p in parts) + end


def with_header(entry, **changes):
    """entry with header fields replaced (offsets: name, mode, size_field, typeflag, magic...)."""
    h = bytearray(entry.hdr)
    for field, value in changes.items():
        offset, width = {"name": (0, 100), "mode": (100, 8), "size": (124, 12),
                         "typeflag": (156, 1), "magic": (257, 8), "prefix": (345, 155),
                         "linkname": (157, 100), "uname": (265, 32), "tail": (500, 12)}[field]
        h[offset:offset + width] = value.ljust(width, b"\0")
    return Entry(entry.pax, checksum(h), entry.data)


# ---- zstd frames ------------------------------------------------------------------------------

def zstd(data, *flags):
    return subprocess.run(["zstd", "-q", "-c", *flags], input=data, check=True,
                          stdout=subprocess.PIPE).stdout


def skippable(payload, nibble=0):
    return struct.pack("<II", 0x184D2A50 | nibble, len(payload)) + payload


# ---- the corpus -------------------------------------------------------------------------------

def build_bases(ms, out):
    model = os.path.join(out, "model")
    for rel, data in MODEL_FILES.items():
        path = os.path.join(model, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)
    with open(os.path.join(model, "bundle.toml"), "w") as f:
        f.write(BUNDLE_TOML)
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(EPOCH))
    bases = {}
    for kind, comp in (("none", "none"), ("zstd", "zstd")):
        path = os.path.join(out, f"base-{kind}.mbundle")
        subprocess.run([ms, "build", model, "-o", path, "--compression", comp, "--force"],
                       check=True, env=env, stdout=subprocess.DEVNULL)
        with open(path, "rb") as f:
            bases[kind] = f.read()
    return bases


def variants(plain, framed):
    """Yields (name, intended verdict, description, bytes)."""
    entries = parse(plain)
    assert join(entries) == plain, "the writer here does not reproduce modelseal's archive"
    paths = [e.path() for e in entries]
    at = {p: i for i, p in enumerate(paths)}
    i_config, i_tok, i_model = at[b"config.json"], at[b"tokenizer.json"], at[b"model.safetensors"]
    i_cafe = at["caf\u00e9.txt".encode()]
    body = entries[:]
    end = b"\0" * 1024

    def insert(index, *extra):
        return join(body[:index] + list(extra) + body[index:])

    def replace(index, *new):
        return join(body[:index] + list(new) + body[index + 1:])

    yield "orig-none", "accept", "the bundle modelseal built, uncompressed", plain
    yield "orig-zstd", "accept", "the bundle modelseal built, one zstd frame", framed
    yield "zstd-cli-frame", "accept", \
        "the archive recompressed by the zstd CLI (one frame, checksum, content size declared)", \
        zstd(plain)

    # Every typeflag as an extra entry in the middle of the listed ones.
    typeflags = [
        (b"0", "typeflag-0", "an unlisted regular file"),
        (b"\0", "typeflag-nul", "an unlisted old-style regular file (typeflag NUL)"),
        (b"1", "typeflag-1", "a hard link to a listed file"),
        (b"2", "typeflag-2", "a symbolic link to /etc/passwd"),
        (b"3", "typeflag-3", "a character device"),
        (b"4", "typeflag-4", "a block device"),
        (b"5", "typeflag-5", "a folder"),
        (b"6", "typeflag-6", "a fifo"),
        (b"7", "typeflag-7", "a contiguous file (GNU tar extracts it as a regular file)"),
        (b"S", "typeflag-S", "a GNU sparse file"),
        (b"A", "typeflag-A", "a Solaris ACL entry with a plain body"),
        (b"V", "typeflag-V", "a GNU volume label"),
        (b"M", "typeflag-M", "a GNU multi-volume continuation"),
        (b"N", "typeflag-N", "an old GNU long-names entry"),
        (b"D", "typeflag-D", "a GNU dumpdir"),
        (b"I", "typeflag-I", "a Star inode-only entry"),
        (b"X", "typeflag-X", "a Solaris extended header"),
        (b"Q", "typeflag-Q", "an unknown letter typeflag"),
    ]
    for flag, name, what in typeflags:
        kw, data = {}, HOSTILE
        if flag == b"1":
            kw, data = {"linkname": b"config.json"}, b""
        elif flag == b"2":
            kw, data = {"linkname": b"/etc/passwd"}, b""
        elif flag in (b"3", b"4"):
            kw, data = {"devmajor": 1, "devminor": 3}, b""
        elif flag in (b"5", b"6"):
            data = b""
        elif flag == b"D":
            data = b"Yevil.sh\0\0"
        target = b"evil-dir" if flag == b"5" else b"evil.sh"
        yield name, "reject", f"{what}, named {target.decode()}, after config.json", \
            insert(i_config + 1, member(target, data, flag, **kw))

    i_long = at[(LONG_DIR + "/file.bin").encode()]
    yield "typeflag-2-escape", "reject", \
        "a symbolic link nested -> .. before the entry written below nested/", \
        insert(i_long, member(b"nested", b"", b"2", linkname=b".."))
    yield "typeflag-A-acl-body", "reject", \
        "a Solaris ACL entry whose body starts with 1000000\\0\\0, before tokenizer.json", \
        insert(i_tok, member(b"evil.sh", b"1000000\0\0" + HOSTILE, b"A"))
    yield "typeflag-A-acl-body-zstd", "reject", \
        "the same Solaris ACL entry inside one zstd frame", \
        zstd(insert(i_tok, member(b"evil.sh", b"1000000\0\0" + HOSTILE, b"A")))
    yield "typeflag-7-listed", "reject", "config.json stored with typeflag 7 instead of 0", \
        replace(i_config, with_header(body[i_config], typeflag=b"7"))
    yield "typeflag-nul-listed", "reject", "config.json stored with typeflag NUL instead of 0", \
        replace(i_config, with_header(body[i_config], typeflag=b"\0"))

    # Global headers.
    yield "global-comment", "reject", "a pax global header (comment only) before the manifest", \
        insert(0, pax([(b"comment", b"hello")], b"g", b"GlobalHead"))
    yield "global-path", "reject", \
        "a pax global header path=model.safetensors before tokenizer.json (GNU tar writes " \
        "tokenizer.json's bytes as model.safetensors)", \
        insert(i_tok, pax([(b"path", b"model.safetensors")], b"g", b"GlobalHead"))
    yield "global-path-zstd", "reject", "the global path= header inside one zstd frame", \
        zstd(insert(i_tok, pax([(b"path", b"model.safetensors")], b"g", b"GlobalHead")))
    yield "global-path-end", "reject", "a pax global header path=evil.sh after the last entry", \
        join(body + [pax([(b"path", b"evil.sh")], b"g", b"GlobalHead")])

    # pax extended header keys on config.json.
    cfg = body[i_config]
    size = str(len(MODEL_FILES["config.json"])).encode()
    keyed = [
        ("pax-path-same", "accept", [(b"path", b"config.json")],
         "a pax path record equal to the header name"),
        ("pax-size-same", "accept", [(b"size", size)],
         "a pax size record equal to the size (header size field kept)"),
        ("pax-path-rename", "reject", [(b"path", b"evil.json")],
         "a pax path record renaming config.json to evil.json"),
        ("pax-path-to-listed", "reject", [(b"path", b"model.safetensors")],
         "a pax path record renaming config.json to another listed name"),
        ("pax-path-dotdot", "reject", [(b"path", b"../config.json")],
         "a pax path record ../config.json"),
        ("pax-path-empty", "reject", [(b"path", b"")], "an empty pax path record"),
        ("pax-path-twice", "reject", [(b"path", b"evil.json"), (b"path", b"config.json")],
         "two pax path records, the last one being the listed name"),
        ("pax-linkpath", "reject", [(b"linkpath", b"/etc/passwd")], "a pax linkpath record"),
        ("pax-mtime", "reject", [(b"mtime", b"1700000000.5")], "a pax mtime record"),
        ("pax-gnu-sparse", "reject",
         [(b"GNU.sparse.major", b"1"), (b"GNU.sparse.minor", b"0"),
          (b"GNU.sparse.name", b"evil.json"), (b"GNU.sparse.realsize", size)],
         "GNU.sparse.* records (PAX sparse 1.0, renaming the entry)"),
        ("pax-gnu-sparse-size", "reject", [(b"GNU.sparse.size", b"4096")],
         "a GNU.sparse.size record"),
        ("pax-schily-xattr", "reject", [(b"SCHILY.xattr.user.evil", b"1")],
         "a SCHILY.xattr.user.* record"),
        ("pax-libarchive-xattr", "reject", [(b"LIBARCHIVE.xattr.user.evil", b"MQ==")],
         "a LIBARCHIVE.xattr.* record"),
        ("pax-hdrcharset", "reject", [(b"hdrcharset", b"BINARY")], "a hdrcharset record"),
        ("pax-uid", "reject", [(b"uid", b"1000")], "a uid record"),
        ("pax-uname", "reject", [(b"uname", b"root")], "a uname record"),
        ("pax-size-twice", "reject", [(b"size", size), (b"size", size)], "two size records"),
        ("pax-size-leading-zero", "accept", [(b"size", b"0" + size)],
         "a pax size record with a leading zero (decimal digits)"),
        ("pax-size-sign", "reject", [(b"size", b"+" + size)], "a pax size record with a sign"),
        ("pax-path-nul", "reject", [(b"path", b"config.json\0evil.sh")],
         "a pax path record holding a NUL"),
    ]
    for name, verdict, recs, what in keyed:
        yield name, verdict, what, replace(i_config, pax(recs), cfg)
    yield "pax-size-hides-data", "reject", \
        "a pax size=0 record on config.json: readers see an empty file and the data as a header", \
        replace(i_config, pax([(b"size", b"0")]), cfg)
    yield "pax-bad-length", "reject", "a pax record whose length is one short (ends before its newline)", \
        replace(i_config, pax(b"19 path=config.json\n"), cfg)
    yield "pax-long-length", "reject", "a pax record whose length runs past the pax data", \
        replace(i_config, pax(b"21 path=config.json\n"), cfg)
    yield "pax-no-newline", "reject", "a pax record ending in a space instead of its newline", \
        replace(i_config, pax(b"20 path=config.json "), cfg)
    yield "pax-leading-zero", "reject", "a pax record length with a leading zero", \
        replace(i_config, pax(b"021 path=config.json\n"), cfg)
    nfd = "cafe\u0301.txt".encode()
    yield "pax-path-nfd", "reject", "caf\u00e9.txt's pax path in NFD (the manifest has NFC)", \
        replace(i_cafe, pax([(b"path", nfd)]), body[i_cafe].hdr + body[i_cafe].data)
    yield "pax-twice", "reject", "two pax headers before config.json", \
        replace(i_config, pax([(b"path", b"config.json")]), pax([(b"path", b"config.json")]), cfg)
    yield "pax-orphan-end", "reject", "a pax header after the last entry, before the end", \
        join(body + [pax([(b"path", b"evil.sh")])])
    yield "pax-before-folder", "reject", "a pax header applying to a folder entry", \
        insert(i_config + 1, pax([(b"path", b"evil-dir")]), member(b"evil-dir", b"", b"5"))

    # GNU long names and magic.
    yield "gnu-longname", "reject", \
        "a GNU L entry naming tokenizer.json's entry model.safetensors", \
        insert(i_tok, member(b"././@LongLink", b"model.safetensors\0", b"L", magic=GNU_MAGIC))
    yield "gnu-longlink", "reject", "a GNU K entry before tokenizer.json", \
        insert(i_tok, member(b"././@LongLink", b"/etc/passwd\0", b"K", magic=GNU_MAGIC))
    yield "gnu-magic-all", "reject", "every header with the GNU magic ustar  \\0", \
        join([Entry(e.pax and checksum(e.pax[:257] + GNU_MAGIC + e.pax[265:BLOCK]) + e.pax[BLOCK:],
                    with_header(e, magic=GNU_MAGIC).hdr, e.data) for e in body])
    yield "gnu-magic-one", "reject", "config.json's header with the GNU magic", \
        replace(i_config, with_header(cfg, magic=GNU_MAGIC))

    # Header fields.
    tok = body[i_tok]
    yield "prefix-field", "reject", "tokenizer.json split as prefix 'x' + name (GNU tar: x/...)", \
        replace(i_tok, with_header(tok, prefix=b"x"))
    yield "prefix-same-path", "reject", \
        "the long path's entry with a prefix field instead of its pax path record", \
        replace(at[(LONG_DIR + "/file.bin").encode()],
                Entry(b"", header(b"file.bin", 3, prefix=LONG_DIR.encode()),
                      body[at[(LONG_DIR + "/file.bin").encode()]].data))
    yield "name-non-ascii", "reject", "caf\u00e9.txt named in the header in UTF-8, no pax path", \
        replace(i_cafe, Entry(b"", with_header(body[i_cafe], name="caf\u00e9.txt".encode()).hdr,
                              body[i_cafe].data))
    yield "mode-setuid", "reject", "config.json with mode 4755", \
        replace(i_config, with_header(cfg, mode=b"0004755\0"))
    yield "mode-sticky", "reject", "config.json with mode 1644", \
        replace(i_config, with_header(cfg, mode=b"0001644\0"))
    yield "linkname-set", "reject", "config.json's header with a linkname", \
        replace(i_config, with_header(cfg, linkname=b"/etc/passwd"))
    yield "bad-checksum", "reject", "config.json's header with a checksum off by one", \
        replace(i_config, Entry(b"", cfg.hdr[:148] + b"%06o\0 " % (int(cfg.hdr[148:154], 8) + 1)
                                + cfg.hdr[156:], cfg.data))
    signed = with_header(body[i_cafe], name="caf\u00e9.txt".encode())
    signed_sum = sum(b - 256 if b > 127 else b for b in signed.hdr[:148] + b" " * 8 + signed.hdr[156:])
    yield "signed-checksum", "reject", \
        "caf\u00e9.txt with a UTF-8 name and the old signed checksum (no pax path)", \
        replace(i_cafe, Entry(b"", signed.hdr[:148] + b"%06o\0 " % signed_sum + signed.hdr[156:],
                              signed.data))
    yield "size-base256", "accept", "config.json's size in base-256 (allowed by section 4.1)", \
        replace(i_config, with_header(cfg, size=b"\x80" + (19).to_bytes(11, "big")))
    yield "size-base256-negative", "reject", "config.json's size a negative base-256 number", \
        replace(i_config, with_header(cfg, size=b"\xff" * 12))
    yield "size-spaces", "accept", "config.json's size as leading spaces, octal and a space", \
        replace(i_config, with_header(cfg, size=b"        23 \0"))
    yield "size-hex", "reject", "config.json's size field holds a non-octal digit", \
        replace(i_config, with_header(cfg, size=b"0000000001g\0"))
    yield "name-after-nul", "accept", "bytes after the NUL ending config.json's name field", \
        replace(i_config, with_header(cfg, name=b"config.json\0evil.sh"))
    yield "mode-type-bits", "reject", "config.json with mode 0100644 (file-type bits)", \
        replace(i_config, with_header(cfg, mode=b"0100644\0"))
    yield "padding-data", "reject", "non-zero padding after config.json's data", \
        replace(i_config, Entry(b"", cfg.hdr, cfg.data[:19] + b"X" * (len(cfg.data) - 19)))
    yield "header-pad-bytes", "accept", \
        "bytes in the unused last 12 bytes of a header block (not a field, not data padding)", \
        replace(i_config, with_header(cfg, tail=b"GARBAGE"))
    yield "padding-pax", "reject", "non-zero padding after a pax header's records", \
        replace(i_cafe, Entry(body[i_cafe].pax[:BLOCK + 18] + b"Y" * (BLOCK - 18),
                              body[i_cafe].hdr, body[i_cafe].data))

    # The bundle rules.
    yield "order-swapped", "reject", "config.json and model.safetensors swapped", \
        join(body[:i_config] + [body[i_model], body[i_config]] + body[i_model + 1:])
    yield "duplicate-after", "reject", "a second config.json with other bytes after the last entry", \
        join(body + [member(b"config.json", b'{"hidden_size": 9999}\n')])
    yield "missing-last", "reject", "tokenizer.json's entry left out", \
        join(body[:i_tok] + body[i_tok + 1:])
    yield "data-flipped", "reject", "one byte of config.json changed", \
        replace(i_config, Entry(b"", cfg.hdr, cfg.data[:3] + b"X" + cfg.data[4:]))

    # The manifest (sections 3 and 5), rewritten in a consistent archive.
    raw = body[0].data[:int(body[0].hdr[124:135], 8)]
    manifest = json.loads(raw)

    def with_manifest(text):
        return replace(0, member(b".modelseal/manifest.json", text))

    def dump(m):
        return json.dumps(m, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode() + b"\n"

    assert dump(manifest) == raw, "modelseal's manifest is expected in the canonical JSON form"
    yield "manifest-spaced", "reject", "the manifest with a space after each colon", \
        with_manifest(raw.replace(b'":', b'": '))
    yield "manifest-escaped", "reject", "the manifest with caf\u00e9 escaped as \\u00e9", \
        with_manifest(raw.replace("\u00e9".encode(), b"\\u00e9"))
    yield "manifest-no-newline", "reject", "the manifest without its final newline", \
        with_manifest(raw[:-1])
    yield "manifest-unknown-key", "reject", "the manifest with an unknown top-level key", \
        with_manifest(dump(dict(manifest, comment="x")))
    yield "manifest-float-size", "reject", "the manifest with a size written 19.0", \
        with_manifest(raw.replace(b'"size":19}', b'"size":19.0}'))
    yield "manifest-duplicate-key", "reject", "the manifest with the format key twice", \
        with_manifest(raw.replace(b'"format":', b'"format":"x","format":'))

    # After the end of the archive.
    second = member(b"evil.sh", HOSTILE) + end
    yield "concat-tar", "reject", "a second tar (evil.sh) after the end-of-archive", plain + second
    yield "concat-tar-zstd", "reject", "a second tar after the end-of-archive, in the same frame", \
        zstd(plain + second)
    yield "concat-tar-overwrite", "reject", \
        "a second tar rewriting config.json after the end-of-archive", \
        plain + member(b"config.json", b'{"hidden_size": 9999}\n') + end
    yield "trailing-zero-block", "reject", "a third zero block after the end-of-archive", \
        plain + b"\0" * BLOCK
    yield "trailing-zero-byte", "reject", "one zero byte after the end-of-archive", plain + b"\0"
    yield "trailing-garbage", "reject", "text after the end-of-archive", plain + b"GARBAGE\n"
    yield "end-one-block", "reject", "one zero block only at the end", plain[:-BLOCK]
    yield "end-missing", "reject", "no end-of-archive marker", plain[:-1024]
    yield "end-missing-zstd", "reject", "no end-of-archive marker, in one zstd frame", \
        zstd(plain[:-1024])
    yield "truncated-header", "reject", "cut in the middle of tokenizer.json's header", \
        plain[:len(join(body[:i_tok], b"")) + 100]
    yield "truncated-data", "reject", "cut in the middle of model.safetensors' data", \
        plain[:len(join(body[:i_model], b"")) + BLOCK + 100]
    yield "truncated-zstd", "reject", "the zstd frame cut 10 bytes short", framed[:-10]

    # zstd framing.
    yield "zstd-second-frame", "reject", "a second zstd frame holding a tar with evil.sh", \
        framed + zstd(second)
    yield "zstd-second-frame-overwrite", "reject", \
        "a second zstd frame holding a tar that rewrites config.json", \
        framed + zstd(member(b"config.json", b'{"hidden_size": 9999}\n') + end)
    yield "zstd-split-frames", "reject", "the archive split over two zstd frames", \
        zstd(plain[:4096]) + zstd(plain[4096:])
    yield "zstd-skippable-after", "reject", "a skippable frame after the frame", \
        framed + skippable(b"hello")
    yield "zstd-skippable-before", "reject", "a skippable frame before the frame", \
        skippable(b"hello", 7) + framed
    yield "zstd-skippable-tar", "reject", "a skippable frame holding a tar after the frame", \
        framed + skippable(second, 0xF)
    yield "zstd-no-checksum", "reject", "one zstd frame without the content checksum", \
        zstd(plain, "--no-check")
    yield "zstd-bad-checksum", "reject", "the frame's content checksum changed", \
        framed[:-1] + bytes([framed[-1] ^ 1])
    window = lambda exponent: framed[:5] + bytes([exponent << 3]) + framed[6:]
    assert framed[4] == 0x04, "modelseal's frame is expected to declare a window, no content size"
    yield "zstd-window-27", "accept", "the frame declaring a 2^27-byte window (the limit)", \
        window(17)
    yield "zstd-window-28", "reject", "the frame declaring a 2^28-byte window", window(18)
    yield "zstd-trailing-zeros", "reject", "four zero bytes after the frame", framed + b"\0" * 4
    yield "zstd-trailing-garbage", "reject", "text after the frame", framed + b"GARBAGE\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--modelseal", required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    if os.path.exists(args.out):
        shutil.rmtree(args.out)
    os.makedirs(os.path.join(args.out, "variants"))
    bases = build_bases(args.modelseal, args.out)
    with open(os.path.join(args.out, "manifest.json"), "wb") as f:
        f.write(parse(bases["none"])[0].data[:int(parse(bases["none"])[0].hdr[124:135], 8)])
    names = set()
    with open(os.path.join(args.out, "index.tsv"), "w") as index:
        for name, verdict, what, data in variants(bases["none"], bases["zstd"]):
            assert name not in names, name
            names.add(name)
            with open(os.path.join(args.out, "variants", name + ".mbundle"), "wb") as f:
                f.write(data)
            with open(os.path.join(args.out, "variants", name + ".txt"), "w") as f:
                f.write(what + "\n")
            index.write(f"{name}\t{verdict}\t{what}\n")
    print(f"{len(names)} variants in {args.out}/variants")


if __name__ == "__main__":
    sys.exit(main())
