#!/usr/bin/env python3
"""An independent bundle verifier written only from specs/bundle-v1.md (never modelseal's code).

usage: spec_bundle_reader.py BUNDLE...
Prints "BUNDLE: accepted" or "BUNDLE: rejected: REASON" per bundle; exits 0 when every bundle is
accepted, 1 when one is rejected, 2 on a usage or environment error. It checks what
`modelseal verify --integrity-only` checks: the framing (one zstd frame with its checksum, or the
bare archive), the strict tar dialect, the manifest (sections 2 and 3), the entries against it
(section 5) and the content digest. Decompression uses the `zstd` command; the frame structure
is checked here first.

Not checked (out of what a reader needs, or specified elsewhere): bundle.toml beyond TOML syntax
and the model name and version (bundle-toml-v1.md holds the full schema), MODEL_CARD.md's text.
"""
import hashlib
import json
import re
import subprocess
import sys
import tomllib
import unicodedata

BLOCK = 512
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
MANIFEST = ".modelseal/manifest.json"
BUNDLE_TOML = ".modelseal/bundle.toml"
MODEL_CARD = ".modelseal/MODEL_CARD.md"
MAX_MANIFEST = 64 << 20
MAX_FILES = 1_000_000
MAX_FILE = 4 << 40
MAX_TOTAL = 16 << 40
MAX_BUNDLE_TOML = 1 << 20
MAX_MODEL_CARD = 4 << 20
MAX_WINDOW = 1 << 27
MAX_JSON_DEPTH = 8
MAX_PAX = 1 << 20
MAX_PAX_PATH = 4096
HEX64 = re.compile(r"[0-9a-f]{64}")


class Rejected(Exception):
    pass


def need(condition, reason):
    if not condition:
        raise Rejected(reason)


# ---- section 1: zstd frame structure (RFC 8878) -----------------------------------------------

def zstd_frame_end(data):
    """Offset just past the one zstd frame at the start of data; requires the checksum flag."""
    need(len(data) >= 6, "zstd frame header truncated")
    fhd = data[4]
    fcs_flag, single_segment, checksum_flag, dict_flag = fhd >> 6, (fhd >> 5) & 1, (fhd >> 2) & 1, fhd & 3
    need((fhd >> 3) & 1 == 0, "zstd frame header reserved bit set")
    need(checksum_flag == 1, "zstd frame without the content checksum flag")
    pos = 5 + (0 if single_segment else 1) + (0, 1, 2, 4)[dict_flag]
    fcs_size = (1 if single_segment else 0, 2, 4, 8)[fcs_flag]
    need(pos + fcs_size <= len(data), "zstd frame header truncated")
    if single_segment:
        window = int.from_bytes(data[pos:pos + fcs_size], "little") + (256 if fcs_size == 2 else 0)
    else:
        exponent, mantissa = data[5] >> 3, data[5] & 7
        base = 1 << (10 + exponent)
        window = base + (base // 8) * mantissa
    need(window <= MAX_WINDOW, f"zstd window of {window} bytes is over 2^27")
    pos += fcs_size
    while True:
        need(pos + 3 <= len(data), "zstd frame truncated in a block header")
        bh = int.from_bytes(data[pos:pos + 3], "little")
        last, kind, size = bh & 1, (bh >> 1) & 3, bh >> 3
        need(kind != 3, "zstd reserved block type")
        pos += 3 + (1 if kind == 1 else size)
        need(pos <= len(data), "zstd frame truncated in a block")
        if last:
            break
    pos += 4
    need(pos <= len(data), "zstd frame truncated in its checksum")
    return pos


def archive_bytes(data):
    """Section 1: the archive of a bundle file, identified by content."""
    if data[:4] != ZSTD_MAGIC:
        return data
    end = zstd_frame_end(data)
    need(end == len(data), f"{len(data) - end} bytes after the zstd frame")
    run = subprocess.run(["zstd", "-q", "-d", "-c"], input=data, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    need(run.returncode == 0, "zstd: " + run.stderr.decode(errors="replace").strip())
    return run.stdout


# ---- the tar dialect --------------------------------------------------------------------------

def numeric_field(field, what):
    """Section 4.1 rule 1: octal digits, optionally preceded by spaces and followed by NUL or
    space, or base-256 (first byte 0x80 positive, 0xFF negative)."""
    if field[0] in (0x80, 0xFF):
        value = int.from_bytes(field, "big", signed=field[0] == 0xFF)
        return value if value < 0 else value - (0x80 << (8 * (len(field) - 1)))
    start = len(field) - len(field.lstrip(b" "))
    end = start
    while end < len(field) and 48 <= field[end] <= 55:
        end += 1
    need(end > start, f"{what} field is not a number: {field!r}")
    need(all(b in (0, 32) for b in field[end:]), f"{what} field has bytes after its digits: {field!r}")
    return int(field[start:end], 8)


def check_header(h, where):
    need(h[257:263] == b"ustar\0" and h[263:265] == b"00",
         f"{where}: not a POSIX ustar header (magic {h[257:265]!r})")
    stored = numeric_field(h[148:156], "checksum")
    need(stored == sum(h[:148]) + 8 * 32 + sum(h[156:]), f"{where}: header checksum mismatch")
    need(h[157:257] == b"\0" * 100, f"{where}: linkname is set")
    need(h[345:500] == b"\0" * 155, f"{where}: prefix is set")
    mode = numeric_field(h[100:108], "mode")
    need(0 <= mode <= 0o777, f"{where}: mode {mode:o} has bits beyond 0777")
    size = numeric_field(h[124:136], "size")
    need(size >= 0, f"{where}: negative size")
    return size


def parse_pax(data):
    records, pos = {}, 0
    while pos < len(data):
        space = data.find(b" ", pos)
        need(space > pos, "pax record without a length")
        digits = data[pos:space]
        need(digits.isdigit() and (digits == b"0" or not digits.startswith(b"0")),
             f"pax record length {digits!r}")
        n = int(digits)
        need(space < pos + n <= len(data) and data[pos + n - 1:pos + n] == b"\n",
             "pax record length does not end at a newline")
        key, eq, value = data[space + 1:pos + n - 1].partition(b"=")
        need(eq == b"=", "pax record without '='")
        name = key.decode("ascii", errors="replace")
        need(name in ("path", "size"), f"pax key {name!r} is not allowed")
        need(name not in records, f"pax key {name!r} twice")
        if name == "path":
            need(value and b"\0" not in value and len(value) <= MAX_PAX_PATH, f"pax path {value!r}")
        else:
            need(value.isdigit(), f"pax size {value!r}")
        records[name] = value
        pos += n
    return records


class TarReader:
    """Yields (path bytes, size, data) per file entry of the dialect; checks the end."""

    def __init__(self, tar):
        self.tar, self.pos = tar, 0

    def block(self, what):
        need(self.pos + BLOCK <= len(self.tar), f"archive truncated in {what}")
        b = self.tar[self.pos:self.pos + BLOCK]
        self.pos += BLOCK
        return b

    def data(self, size, what):
        padded = size + (-size % BLOCK)
        need(self.pos + padded <= len(self.tar), f"archive truncated in {what}")
        d = self.tar[self.pos:self.pos + size]
        need(self.tar[self.pos + size:self.pos + padded].count(0) == padded - size,
             f"non-zero padding after {what}")
        self.pos += padded
        return d

    def entries(self):
        while True:
            h = self.block("a header")
            if h == b"\0" * BLOCK:
                need(self.block("the end-of-archive") == b"\0" * BLOCK,
                     "the end-of-archive is not two zero blocks")
                need(self.pos == len(self.tar),
                     f"{len(self.tar) - self.pos} bytes after the end-of-archive")
                return
            where = f"header at offset {self.pos - BLOCK}"
            size = check_header(h, where)
            records = {}
            if h[156:157] == b"x":
                need(size <= MAX_PAX, f"{where}: pax header too large")
                records = parse_pax(self.data(size, "a pax header"))
                h = self.block("the header after a pax header")
                where = f"header at offset {self.pos - BLOCK}"
                need(h != b"\0" * BLOCK, "a pax header before the end-of-archive")
                size = check_header(h, where)
                need(h[156:157] == b"0", f"{where}: a pax header applies to typeflag {h[156:157]!r}")
            need(h[156:157] == b"0", f"{where}: typeflag {h[156:157]!r} is not a regular file")
            if "size" in records:
                size = int(records["size"])
            if "path" in records:
                path = records["path"]
            else:
                path = h[:100].split(b"\0", 1)[0]
                need(all(0x20 <= b <= 0x7E for b in path), f"{where}: name is not printable ASCII")
            yield path, size, where


# ---- sections 2 and 3: paths and the manifest -------------------------------------------------

def check_path(path):
    need(isinstance(path, str), "path is not a string")
    raw = path.encode("utf-8", errors="strict")
    need(len(raw) <= 4096, f"path longer than 4096 bytes: {path!r}")
    parts = path.split("/")
    need(len(parts) <= 128, f"path deeper than 128: {path!r}")
    for part in parts:
        need(part not in ("", ".", ".."), f"path component {part!r} in {path!r}")
        need(len(part.encode()) <= 255, f"path component longer than 255 bytes: {path!r}")
    need(not any(ord(c) < 0x20 or c in "\x7f\\" for c in path),
         f"control character or backslash in {path!r}")
    need(unicodedata.is_normalized("NFC", path), f"path is not NFC: {path!r}")


def collision_key(name):
    """Section 2: NFD(full case fold(NFD(name))), Unicode's canonical caseless match."""
    return unicodedata.normalize("NFD", unicodedata.normalize("NFD", name).casefold())


def check_side_by_side(paths):
    """Section 2: no path is a folder of another; no two names collide under one parent."""
    files = set(paths)
    seen = {}  # (parent, collision key) -> name
    for path in paths:
        parts = path.split("/")
        for i in range(1, len(parts)):
            need("/".join(parts[:i]) not in files, f"{'/'.join(parts[:i])!r} is a file and a folder")
        for i, name in enumerate(parts):
            parent = "/".join(parts[:i])
            other = seen.setdefault((parent, collision_key(name)), name)
            need(other == name, f"{parent + '/' if parent else ''}{name!r} and {other!r} collide")


def oms_key(path):
    return [c.encode() for c in path.split("/")]


def depth(value):
    if isinstance(value, dict):
        return 1 + max((depth(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((depth(v) for v in value), default=0)
    return 0


def reject_float(text):
    raise Rejected(f"manifest holds a non-integer number {text}")


def no_duplicates(pairs):
    keys = [k for k, _ in pairs]
    need(len(keys) == len(set(keys)), "manifest has a duplicate key")
    return dict(pairs)


def exact_keys(obj, keys, where):
    need(isinstance(obj, dict), f"manifest {where} is not an object")
    need(set(obj) == set(keys), f"manifest {where} keys {sorted(obj)} are not {sorted(keys)}")


def is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def parse_manifest(raw):
    try:
        text = raw.decode("utf-8")
        m = json.loads(text, object_pairs_hook=no_duplicates, parse_float=reject_float,
                       parse_constant=reject_float)
        canonical = json.dumps(m, sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n"
        same = canonical.encode("utf-8") == raw
    except (UnicodeError, ValueError, RecursionError) as e:
        raise Rejected(f"manifest is not JSON: {e}")
    need(same, "manifest is not in the canonical form")
    need(depth(m) <= MAX_JSON_DEPTH, "manifest nests too deep")
    exact_keys(m, ["content_digest", "files", "format", "model", "payload_encoding"], "top level")
    need(m["format"] == "modelseal.bundle/v1", f"unsupported format {m['format']!r}")
    need(m["payload_encoding"] == "none", f"unsupported payload_encoding {m['payload_encoding']!r}")
    exact_keys(m["model"], ["name", "version"], "model")
    need(all(isinstance(m["model"][k], str) for k in ("name", "version")),
         "model name or version is not a string")
    need(isinstance(m["content_digest"], str) and m["content_digest"].startswith("sha256:")
         and HEX64.fullmatch(m["content_digest"][7:]), "content_digest is not sha256:<hex>")
    files = m["files"]
    need(isinstance(files, list), "files is not an array")
    need(len(files) <= MAX_FILES, "too many files")
    total, previous, metadata = 0, None, []
    for f in files:
        exact_keys(f, ["path", "sha256", "size"], "file")
        check_path(f["path"])
        need(isinstance(f["sha256"], str) and HEX64.fullmatch(f["sha256"]),
             f"sha256 of {f['path']!r} is not 64 lowercase hex digits")
        need(is_int(f["size"]) and 0 <= f["size"] <= MAX_FILE, f"size of {f['path']!r}")
        total += f["size"]
        key = oms_key(f["path"])
        need(previous is None or previous < key, f"{f['path']!r} is out of OMS order or repeated")
        previous = key
        if f["path"].split("/")[0] == ".modelseal":
            metadata.append(f["path"])
        limit = {BUNDLE_TOML: MAX_BUNDLE_TOML, MODEL_CARD: MAX_MODEL_CARD}.get(f["path"])
        need(limit is None or f["size"] <= limit, f"{f['path']} larger than its limit")
    need(total <= MAX_TOTAL, "total size over the limit")
    check_side_by_side([f["path"] for f in files])
    need(sorted(metadata) == sorted([BUNDLE_TOML, MODEL_CARD]),
         f".modelseal/ must hold exactly bundle.toml and MODEL_CARD.md, not {metadata}")
    root = hashlib.sha256(b"".join(bytes.fromhex(f["sha256"]) for f in files)).hexdigest()
    need(m["content_digest"] == "sha256:" + root, "content_digest does not match the files")
    return m


# ---- section 5: reading -----------------------------------------------------------------------

def verify(data):
    """Raises Rejected with a reason, or returns the manifest's bytes."""
    reader = TarReader(archive_bytes(data))
    entries = reader.entries()
    first = next(entries, None)
    need(first is not None, "empty archive")
    path, size, where = first
    need(path == MANIFEST.encode(), f"first entry is {path!r}, not the manifest")
    need(size <= MAX_MANIFEST, "manifest larger than its limit")
    raw_manifest = reader.data(size, "the manifest")
    manifest = parse_manifest(raw_manifest)
    for f in manifest["files"]:
        nxt = next(entries, None)
        need(nxt is not None, f"archive ends before {f['path']!r}")
        path, size, where = nxt
        need(path == f["path"].encode(), f"{where}: entry {path!r}, expected {f['path']!r}")
        need(size == f["size"], f"{where}: {f['path']!r} has size {size}, expected {f['size']}")
        content = reader.data(size, f["path"])
        need(hashlib.sha256(content).hexdigest() == f["sha256"], f"SHA-256 of {f['path']!r} differs")
        if f["path"] == BUNDLE_TOML:
            try:
                toml = tomllib.loads(content.decode("utf-8"))
            except (UnicodeError, tomllib.TOMLDecodeError) as e:
                raise Rejected(f"bundle.toml: {e}")
            model = toml.get("model", {})
            need(isinstance(model, dict) and model.get("name") == manifest["model"]["name"]
                 and model.get("version") == manifest["model"]["version"],
                 "bundle.toml names another model name or version")
    extra = next(entries, None)
    need(extra is None, f"unlisted entry {extra and extra[0]!r}")
    return raw_manifest


def verdict(path):
    """(True, "") when the bundle at path is accepted, else (False, reason)."""
    with open(path, "rb") as f:
        data = f.read()
    try:
        verify(data)
        return True, ""
    except Rejected as e:
        return False, str(e)


def manifest_bytes(path):
    """The manifest of an accepted bundle (raises Rejected otherwise)."""
    with open(path, "rb") as f:
        return verify(f.read())


def main(argv):
    if not argv:
        print(__doc__.splitlines()[2], file=sys.stderr)
        return 2
    status = 0
    for path in argv:
        try:
            ok, reason = verdict(path)
        except OSError as e:
            print(f"{path}: {e}", file=sys.stderr)
            return 2
        print(f"{path}: accepted" if ok else f"{path}: rejected: {reason}")
        status = status or (0 if ok else 1)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
