#!/usr/bin/python3
"""Independent reader of sealed bundles, written from specs/sealed-bundle-v1.md §1 alone
(versions 1 and 2).

usage: sealed_decrypt.py SEALED DATA_KEY_HEX_FILE PLAIN_BUNDLE [EXPECTED_TXT]

Parses the header (magic, u32be length, canonical JSON, exact key set), derives the
payload key with HKDF-SHA256, decrypts every chunk with AES-256-GCM (nonce u88be(i) ||
last flag; AAD the header digest H, except every chunk but the last in version 2: H0, the
digest of the header with bundle.sha256's hex digits all "0"), checks length and
bundle.sha256, and compares the result
with PLAIN_BUNDLE byte for byte. It also re-encrypts PLAIN_BUNDLE and requires the same
payload (the encryption direction), checks that the embedded manifest is the bundle's
.modelseal/manifest.json entry, and, given EXPECTED_TXT, the header digest.
Exit 0: everything matched; 1: a check failed; 77: the cryptography package is missing.
"""
import hashlib
import io
import json
import sys
import tarfile

try:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF
except ImportError:
    print("SKIPPED: the Python cryptography package is not installed")
    sys.exit(77)

MAGICS = {b"modelseal.sealed/v1\n": 1, b"modelseal.sealed/v2\n": 2}
SHA_AT = 24 + len('{"aead":"AES-256-GCM/STREAM-64KiB","bundle":{"sha256":"')
MAX_HEADER = 72 << 20
CHUNK = 65536
TAG = 16
KEYS = {"aead", "bundle", "bundle_toml", "content_digest", "format", "key_id",
        "keystore_id", "manifest", "model", "salt"}


class Rejected(Exception):
    pass


def canonical(value):
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def no_duplicates(pairs):
    keys = [k for k, _ in pairs]
    if len(keys) != len(set(keys)):
        raise Rejected("duplicate key in header")
    return dict(pairs)


def parse_header(data):
    if len(data) < 24 or data[:20] not in MAGICS:
        raise Rejected("no sealed magic")
    version = MAGICS[data[:20]]
    length = int.from_bytes(data[20:24], "big")
    if not 1 <= length <= MAX_HEADER or len(data) < 24 + length:
        raise Rejected(f"bad header length {length}")
    text = data[24:24 + length].decode("utf-8")
    header = json.loads(text, object_pairs_hook=no_duplicates)
    if set(header) != KEYS:
        raise Rejected(f"header keys {sorted(header)}")
    if canonical(header) != text:
        raise Rejected("header is not canonical")
    if header["format"] != f"modelseal.sealed/v{version}" or \
            header["aead"] != "AES-256-GCM/STREAM-64KiB":
        raise Rejected("unsupported format or aead")
    if header["content_digest"] != header["manifest"]["content_digest"] or \
            header["model"] != header["manifest"]["model"]:
        raise Rejected("header disagrees with its manifest")
    prefix = bytearray(data[:24 + length])
    aads = Aads(version, hashlib.sha256(prefix).digest(), None)
    if version == 2:
        if prefix[SHA_AT:SHA_AT + 64].decode() != header["bundle"]["sha256"]:
            raise Rejected("bundle.sha256 is not where a canonical header has it")
        prefix[SHA_AT:SHA_AT + 64] = b"0" * 64
    aads.body = hashlib.sha256(prefix).digest()
    return header, aads, 24 + length


class Aads:
    """The format version, the last chunk's AAD (H) and every other chunk's (H, or H0 in v2)."""
    def __init__(self, version, last, body):
        self.version, self.last, self.body = version, last, body

    def of(self, last):
        return self.last if last else self.body


def nonce(index, last):
    return index.to_bytes(11, "big") + (b"\x01" if last else b"\x00")


def payload_key(data_key, salt, version):
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt,
                info=f"modelseal.sealed/v{version} payload".encode()).derive(data_key)


def decrypt(data, data_key):
    header, h, start = parse_header(data)
    size = header["bundle"]["size"]
    chunks = -(-size // CHUNK)
    if len(data) - start != size + TAG * chunks:
        raise Rejected("payload length does not match bundle.size")
    aead = AESGCM(payload_key(data_key, bytes.fromhex(header["salt"]), h.version))
    plain = bytearray()
    pos = start
    for i in range(chunks):
        last = i == chunks - 1
        n = (size - CHUNK * i if last else CHUNK) + TAG
        plain += aead.decrypt(nonce(i, last), data[pos:pos + n], h.of(last))  # raises InvalidTag
        pos += n
    if hashlib.sha256(plain).hexdigest() != header["bundle"]["sha256"]:
        raise Rejected("bundle.sha256 mismatch")
    return header, h, start, bytes(plain)


def encrypt(plain, data_key, salt, h):
    aead = AESGCM(payload_key(data_key, salt, h.version))
    chunks = -(-len(plain) // CHUNK)
    return b"".join(aead.encrypt(nonce(i, i == chunks - 1), plain[i * CHUNK:(i + 1) * CHUNK],
                                 h.of(i == chunks - 1))
                    for i in range(chunks))


def manifest_entry(bundle):
    with tarfile.open(fileobj=io.BytesIO(bundle), mode="r:") as tar:
        first = tar.next()
        if first is None or first.name != ".modelseal/manifest.json":
            raise Rejected("bundle does not start with its manifest")
        return tar.extractfile(first).read()


def main(argv):
    if len(argv) not in (4, 5):
        print(__doc__, file=sys.stderr)
        return 2
    sealed = open(argv[1], "rb").read()
    data_key = bytes.fromhex(open(argv[2]).read().strip())
    expected_plain = open(argv[3], "rb").read()
    try:
        header, h, start, plain = decrypt(sealed, data_key)
        if plain != expected_plain:
            raise Rejected("decrypted bundle differs from the plain bundle")
        if encrypt(plain, data_key, bytes.fromhex(header["salt"]), h) != sealed[start:]:
            raise Rejected("re-encrypting the plain bundle gives another payload")
        if (canonical(header["manifest"]) + "\n").encode() != manifest_entry(plain):
            raise Rejected("embedded manifest is not the bundle's manifest entry")
        if len(argv) == 5:
            expected = dict(line.split(" ", 1) for line in open(argv[4]).read().splitlines())
            if expected.get("header_sha256") != h.last.hex():
                raise Rejected(f"header digest {h.last.hex()} is not the expected one")
    except Exception as e:  # InvalidTag, JSON and UTF-8 errors, Rejected
        print(f"REJECTED: {type(e).__name__}: {e}")
        return 1
    print(f"OK: {len(plain)} bytes in {-(-len(plain) // CHUNK)} chunk(s), version {h.version}, "
          f"header digest {h.last.hex()}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
