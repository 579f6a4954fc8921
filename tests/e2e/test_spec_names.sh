#!/usr/bin/env bash
# Names in a bundle (specs/bundle-v1.md sections 2 and 6, bundle-toml-v1.md
# [payload]): payload globs match whole file paths; names must be NFC; names
# that cannot be extracted side by side ('a' and 'a/b', case twins) are
# refused at build and at verify; build exclusions apply at the top level
# only and a top-level file named .modelseal is an error.
source "$(dirname "$0")/lib.sh"

# model DIR [PAYLOAD-TOML]: a model folder with the example's bundle.toml whose
# [payload] table is replaced by PAYLOAD-TOML (default: none, so "**").
model() {
  mkdir -p "$1"
  sed '/^\[payload\]/,$d' "$EXAMPLE/bundle.toml" > "$1/bundle.toml"
  if [ -n "${2:-}" ]; then printf '[payload]\n%s\n' "$2" >> "$1/bundle.toml"; fi
}

# payload_of BUNDLE: the payload paths a bundle lists, one a line, sorted.
payload_of() {
  python3 - "$1" <<'PY'
import json, sys, tarfile
with tarfile.open(sys.argv[1]) as t:
    m = json.load(t.extractfile(".modelseal/manifest.json"))
print("\n".join(sorted(f["path"] for f in m["files"] if not f["path"].startswith(".modelseal/"))))
PY
}

# expect_payload BUNDLE PATH...: the bundle lists exactly these payload paths.
expect_payload() {
  local bundle=$1
  shift
  local want got
  want=$(printf '%s\n' "$@" | LC_ALL=C sort)
  got=$(payload_of "$bundle" | LC_ALL=C sort)
  [ "$want" = "$got" ] || fail "$bundle: payload is [$got], expected [$want]"
  checks=$((checks + 1))
}

# --- Globs match whole file paths, never folders --------------------------------
tree_for_globs() {
  model "$1" "$2"
  mkdir -p "$1/sub/deep" "$1/dir.bin" "$1/.cache"
  for f in top.txt w.bin sub/nested.txt sub/deep/x.bin dir.bin/inner.txt .cache/c.bin \
           "caf"$'\xc3\xa9'".txt" shard-1.bin shard-10.bin; do
    echo "$f" > "$1/$f"
  done
}
glob_case() {  # NAME PAYLOAD-TOML EXPECTED-PATH...
  local name=$1 toml=$2
  shift 2
  tree_for_globs "$WORK/g-$name" "$toml"
  expect_exit 0 ms build "$WORK/g-$name" -o "$WORK/g-$name.mbundle" --compression none
  expect_payload "$WORK/g-$name.mbundle" "$@"
}
glob_case star 'include = ["*"]' top.txt w.bin "caf"$'\xc3\xa9'".txt" shard-1.bin shard-10.bin
glob_case dotbin 'include = ["*.bin"]' w.bin shard-1.bin shard-10.bin
glob_case anybin 'include = ["**/*.bin"]' w.bin sub/deep/x.bin .cache/c.bin shard-1.bin shard-10.bin
glob_case exclude-folder-name 'exclude = ["sub", "dir.bin", ".cache", "caf*", "shard-*", "w.bin"]' \
  top.txt sub/nested.txt sub/deep/x.bin dir.bin/inner.txt .cache/c.bin
glob_case exclude-subtree 'exclude = ["sub/**", "dir.bin/**", ".cache/**"]' \
  top.txt w.bin "caf"$'\xc3\xa9'".txt" shard-1.bin shard-10.bin
glob_case question 'include = ["caf?.txt", "shard-?.bin"]' "caf"$'\xc3\xa9'".txt" shard-1.bin
glob_case subtree 'include = ["sub/**"]' sub/nested.txt sub/deep/x.bin

# A glob that cannot match is refused when bundle.toml is parsed.
for bad in '["[ab].txt"]' '["a**"]' '["sub/"]' '["cafe\u0301.txt"]'; do
  model "$WORK/badglob" "include = $bad"
  echo x > "$WORK/badglob/x"
  expect_exit 2 ms build "$WORK/badglob" -o "$WORK/badglob.mbundle"
  expect_stderr "payload.include[0]"
  rm -rf "$WORK/badglob"
done

# --- Unicode: names are NFC -------------------------------------------------------
nfc="caf"$'\xc3\xa9'".txt"
nfd="cafe"$'\xcc\x81'".txt"
model "$WORK/nfd"
echo hi > "$WORK/nfd/$nfd"
expect_exit 1 ms build "$WORK/nfd" -o "$WORK/nfd.mbundle"
expect_stderr "$nfd"
expect_stderr "NFC"
[ ! -e "$WORK/nfd.mbundle" ] || fail "a refused build left its output"

model "$WORK/nfc"
echo hi > "$WORK/nfc/$nfc"
expect_exit 0 ms build "$WORK/nfc" -o "$WORK/nfc.mbundle"
expect_exit 0 ms verify --integrity-only "$WORK/nfc.mbundle"
expect_exit 0 ms extract "$WORK/nfc.mbundle" -C "$WORK/nfc-out"
[ -f "$WORK/nfc-out/$nfc" ] || fail "extract did not write the NFC name byte for byte"

# --- Case twins are refused at build ----------------------------------------------
model "$WORK/twins"
echo a > "$WORK/twins/README.md"
echo b > "$WORK/twins/readme.md"
expect_exit 1 ms build "$WORK/twins" -o "$WORK/twins.mbundle"
expect_stderr "'README.md' and 'readme.md' differ only by case"
mkdir -p "$WORK/twins2/Dir" "$WORK/twins2/dir"
model "$WORK/twins2"
echo a > "$WORK/twins2/Dir/x"
echo b > "$WORK/twins2/dir/y"
expect_exit 1 ms build "$WORK/twins2" -o "$WORK/twins2.mbundle"
expect_stderr "'Dir/x' and 'dir/y'"
# Leaving one out makes the selection extractable.
model "$WORK/twins" 'exclude = ["readme.md"]'
expect_exit 0 ms build "$WORK/twins" -o "$WORK/twins.mbundle" --compression none
expect_payload "$WORK/twins.mbundle" README.md

# --- Exclusions apply at the top level only ----------------------------------------
model "$WORK/excl"
mkdir -p "$WORK/excl/.git" "$WORK/excl/sub/.git" "$WORK/excl/.github" "$WORK/excl/.modelseal"
for f in .git/config sub/.git/config .github/ci.yml .gitignore .gitattributes model.sig \
         sub/model.sig sub/bundle.toml sub/.gitignore weights.bin .modelseal/stale.txt; do
  echo "$f" > "$WORK/excl/$f"
done
expect_exit 0 ms build "$WORK/excl" -o "$WORK/excl.mbundle" --compression none
expect_payload "$WORK/excl.mbundle" sub/.git/config sub/model.sig sub/bundle.toml sub/.gitignore \
  weights.bin

# A top-level FILE named .modelseal is an error, not silently dropped.
model "$WORK/reserved"
echo w > "$WORK/reserved/weights.bin"
echo "not metadata" > "$WORK/reserved/.modelseal"
expect_exit 1 ms build "$WORK/reserved" -o "$WORK/reserved.mbundle"
expect_stderr ".modelseal"
expect_stderr "reserved"
[ ! -e "$WORK/reserved.mbundle" ] || fail "a refused build left its output"

# --- Hand-written bundles that build refuses: verify and extract refuse them too ----
# craft NAME PAYLOAD-PATH... : a canonical, self-consistent uncompressed bundle
# (specs/bundle-v1.md sections 3 and 4) of the example's metadata and these
# payload paths, written with a tar writer of its own. A path written
# "MANIFEST=>ENTRY" is listed under MANIFEST but stored under ENTRY.
expect_exit 0 ms build "$EXAMPLE" -o "$WORK/example.mbundle" --compression none
craft() {
  python3 - "$WORK/example.mbundle" "$WORK/$1.mbundle" "${@:2}" <<'PY'
import hashlib, json, sys, tarfile
src, out, specs = sys.argv[1], sys.argv[2], sys.argv[3:]
with tarfile.open(src) as t:
    meta = {n: t.extractfile(n).read() for n in (".modelseal/bundle.toml", ".modelseal/MODEL_CARD.md")}
    name = json.load(t.extractfile(".modelseal/manifest.json"))["model"]
files = []  # (manifest path, entry path, data)
for p, d in meta.items():
    files.append((p, p, d))
for spec in specs:
    listed, _, stored = spec.partition("=>")
    files.append((listed, stored or listed, listed.encode() + b"\n"))
key = lambda f: [c.encode() for c in f[0].split("/")]  # OMS order: component lists, bytewise
files.sort(key=key)
digests = [hashlib.sha256(d).digest() for _, _, d in files]
manifest = {
    "content_digest": "sha256:" + hashlib.sha256(b"".join(digests)).hexdigest(),
    "files": [{"path": p, "sha256": h.hex(), "size": len(d)} for (p, _, d), h in zip(files, digests)],
    "format": "modelseal.bundle/v1", "model": name, "payload_encoding": "none"}
text = (json.dumps(manifest, sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n").encode()

def header(path, size, typeflag=b"0"):
    raw = path.encode() if isinstance(path, str) else path
    name = raw if len(raw) <= 100 and raw.isascii() else bytes(b if b < 128 else 95 for b in raw[:100])
    h = bytearray(512)
    h[0:len(name)] = name
    h[100:108] = b"0000644\0"; h[108:116] = b"0000000\0"; h[116:124] = b"0000000\0"
    h[124:136] = b"%011o\0" % size; h[136:148] = b"00000000000\0"
    h[148:156] = b" " * 8; h[156:157] = typeflag
    h[257:263] = b"ustar\0"; h[263:265] = b"00"; h[329:337] = b"0000000\0"; h[337:345] = b"0000000\0"
    h[148:156] = b"%06o\0 " % sum(h)
    return bytes(h)

def pad(data):
    return data + b"\0" * (-len(data) % 512)

def entry(path, data):
    raw = path.encode()
    pax = b""
    if len(raw) > 100 or not raw.isascii():
        body = b" path=" + raw + b"\n"
        n = len(body) + 1
        while len(str(n).encode() + body) != n:
            n = len(str(n).encode() + body)
        record = str(n).encode() + body
        pax = header("PaxHeader", len(record), b"x") + pad(record)
    return pax + header(path, len(data)) + pad(data)

with open(out, "wb") as f:
    f.write(entry(".modelseal/manifest.json", text))
    for _, stored, data in files:
        f.write(entry(stored, data))
    f.write(b"\0" * 1024)
PY
}

# The crafting is sound: a bundle with ordinary names verifies and extracts.
craft control weights.bin "sub/$nfc"
expect_exit 0 ms verify --integrity-only "$WORK/control.mbundle"
expect_exit 0 ms extract "$WORK/control.mbundle" -C "$WORK/control-out"

check_refused() {  # NAME TEXT...: verify and extract reject NAME, stderr names TEXT
  local name=$1
  shift
  expect_exit 1 ms verify --integrity-only "$WORK/$name.mbundle"
  for text in "$@"; do expect_stderr "$text"; done
  expect_exit 1 ms extract "$WORK/$name.mbundle" -C "$WORK/out-$name"
  [ ! -e "$WORK/out-$name" ] || fail "$name: extraction left files"
}
craft file-and-folder a a/b
check_refused file-and-folder "'a' is a file and also the folder of 'a/b'"
craft case-twins README.md readme.md
check_refused case-twins "'README.md' and 'readme.md' differ only by case"
craft folder-twins Dir/x dir/y
check_refused folder-twins "'Dir/x' and 'dir/y'"
craft reserved-twin .MODELSEAL/x
check_refused reserved-twin "'.MODELSEAL/x'"
craft nfd-listed "$nfd"
check_refused nfd-listed "NFC"
# Listed in NFC, stored in NFD: paths are compared byte for byte.
craft nfc-listed-nfd-stored "$nfc=>$nfd"
check_refused nfc-listed-nfd-stored
done_ok
