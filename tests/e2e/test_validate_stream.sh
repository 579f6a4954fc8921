#!/usr/bin/env bash
# validate of a bundle scans its files as the archive streams, nothing
# extracted: each format gives the same files, formats and findings as the
# same model validated as a folder (safetensors, NumPy, pickle, PyTorch zip,
# TorchScript, unrecognised weights), zstd or plain. Files past the in-memory
# prefix: a large safetensors is scanned from what the stream keeps; a large
# pickle and a large zip are buffered to a private copy; a large safetensors with
# an HDF5 signature far inside is copied on a second read. The work folder is
# empty afterwards, and made only when a file needs a copy; a flipped byte is rejected with
# verify's own message.
source "$(dirname "$0")/lib.sh"

model="$WORK/model"
mkdir -p "$model"
sed '/^\[payload\]/,$d' "$SOURCE_DIR/examples/tiny-sentiment/bundle.toml" > "$model/bundle.toml"
cp "$SOURCE_DIR/examples/tiny-sentiment/config.json" "$model/"
cp "$SOURCE_DIR/tests/data/torchscript/hostile_data.pt" "$model/scripted.pt"
python3 - "$model" <<'PY'
import io, json, os, pickle, struct, sys, zipfile
model = sys.argv[1]
big = 17 << 20  # past the 16 MiB a streamed file keeps in memory

def safetensors(path, n, plant=None):
    header = json.dumps({"w": {"dtype": "U8", "shape": [n], "data_offsets": [0, n]}}).encode()
    data = bytearray(os.urandom(n))
    if plant is not None:  # an HDF5 signature where an HDF5 reader looks for a superblock
        at = plant - 8 - len(header)
        data[at:at + 8] = b"\x89HDF\r\n\x1a\n"
    open(path, "wb").write(struct.pack("<Q", len(header)) + header + bytes(data))

safetensors(f"{model}/small.safetensors", 4096)
safetensors(f"{model}/big.safetensors", big)
safetensors(f"{model}/polyglot.safetensors", big, plant=1 << 24)

def npy(path, n):
    header = "{'descr': '|u1', 'fortran_order': False, 'shape': (%d,), }" % n
    header += " " * (63 - (10 + len(header)) % 64) + "\n"
    open(path, "wb").write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode()
                           + os.urandom(n))

npy(f"{model}/small.npy", 100)
npy(f"{model}/big.npy", big)

class Run:  # pickles as os.system("...") without ever running it
    def __reduce__(self):
        return (os.system, ("touch /tmp/modelseal-pwned",))

open(f"{model}/big.pkl", "wb").write(pickle.dumps({"blob": os.urandom(big), "x": Run()}, protocol=4))
open(f"{model}/small.pkl", "wb").write(pickle.dumps({"a": [1, 2, 3]}, protocol=2))

with zipfile.ZipFile(f"{model}/checkpoint.pt", "w", zipfile.ZIP_STORED) as z:
    z.writestr("archive/data.pkl", pickle.dumps({"x": Run()}, protocol=2))
    z.writestr("archive/version", "3\n")
    z.writestr("archive/data/0", os.urandom(big))
open(f"{model}/pytorch_model.bin", "wb").write(b"not a weight format" * 1000)
PY

ms build "$model" -o "$WORK/z.mbundle" >/dev/null
ms build "$model" -o "$WORK/plain.mbundle" --compression none >/dev/null
mkdir "$WORK/vw" "$WORK/tmp"

got=0
ms validate "$model" --json > "$WORK/folder.json" || got=$?
[ "$got" -eq 1 ] || fail "the folder: expected exit 1 (hostile pickles), got $got"
for b in z plain; do
  got=0
  TMPDIR="$WORK/tmp" ms validate "$WORK/$b.mbundle" --json --work-dir "$WORK/vw" > "$WORK/$b.json" || got=$?
  [ "$got" -eq 1 ] || fail "$b.mbundle: expected exit 1, got $got"
  [ -z "$(ls -A "$WORK/vw")" ] || fail "$b.mbundle: validate left files in its work folder"
  [ -z "$(ls -A "$WORK/tmp")" ] || fail "$b.mbundle: validate left files in TMPDIR"
  python3 - "$WORK/folder.json" "$WORK/$b.json" <<'PY' || fail "$b.mbundle: its scan differs from the folder's"
import json, sys
folder, bundle = (json.load(open(p)) for p in sys.argv[1:3])
def files(doc):
    return [(f["path"], f["format"], f["size"]) for f in doc["files"]
            if f["path"] not in ("bundle.toml",) and not f["path"].startswith(".modelseal/")]
def findings(doc):
    return [(f["id"], f["severity"], f["file"], f["offset"], f["message"]) for f in doc["findings"]]
assert files(folder) == files(bundle), (files(folder), files(bundle))
assert findings(folder) == findings(bundle), (findings(folder), findings(bundle))
formats = dict((p, f) for p, f, _ in files(bundle))
assert formats["big.safetensors"] == "safetensors" and formats["big.npy"] == "npy", formats
assert formats["big.pkl"] == "pickle" and formats["checkpoint.pt"] == "pytorch-zip", formats
assert formats["scripted.pt"] == "torchscript", formats
ids = {(f[0], f[2]) for f in findings(bundle)}
assert formats["polyglot.safetensors"] == "hdf5", formats  # read as HDF5, as h5py would
assert any(i.startswith("pickle.") and f == "big.pkl" for i, f in ids), ids
assert any(i.startswith("pickle.") and f.startswith("checkpoint.pt:") for i, f in ids), ids
assert ("scan.unrecognized_weight", "pytorch_model.bin") in ids, ids
PY
  checks=$((checks + 1))
done
[ ! -e /tmp/modelseal-pwned ] || fail "a pickle's payload ran"

# A flipped byte inside a large file's data: rejected with the message verify gives.
python3 - "$WORK/plain.mbundle" <<'PY'
import sys
path = sys.argv[1]
data = bytearray(open(path, "rb").read())
at = data.find(b'"data_offsets"', data.find(b"big.safetensors\0")) + (8 << 20)
data[at] ^= 1
open(path, "wb").write(data)
PY
expect_exit 1 ms verify --integrity-only "$WORK/plain.mbundle"
verify_err=$(cat "$WORK/err")
got=0
ms validate "$WORK/plain.mbundle" --json --work-dir "$WORK/vw" > "$WORK/flipped.json" || got=$?
[ "$got" -eq 1 ] || fail "flipped: expected exit 1, got $got"
python3 - "$WORK/flipped.json" "$verify_err" <<'PY' || fail "flipped: not the verify message"
import json, sys
doc = json.load(open(sys.argv[1]))
errors = [f for f in doc["findings"] if f["severity"] == "error"]
assert [f["id"] for f in errors] == ["bundle.content_mismatch"], errors
assert "big.safetensors" in errors[0]["message"], errors
assert errors[0]["message"] in sys.argv[2], (errors[0]["message"], sys.argv[2])
PY
[ -z "$(ls -A "$WORK/vw")" ] || fail "flipped: validate left files in its work folder"
checks=$((checks + 1))

# Canonical, compared as the bytes stream: both bundles as built; the same archive with one
# header field changed (the manifest's mode; its checksum fixed) is not.
printf 'schema = "modelseal.registry-policy/v1"\n[bundle]\nrequire_canonical = true\n' > "$WORK/canonical.toml"
ms build "$SOURCE_DIR/examples/tiny-sentiment" -o "$WORK/ex.mbundle" --compression none >/dev/null
expect_exit 0 ms validate "$WORK/ex.mbundle" --policy "$WORK/canonical.toml"
python3 - "$WORK/ex.mbundle" "$WORK/mode.mbundle" <<'PY'
import sys
data = bytearray(open(sys.argv[1], "rb").read())
data[100:108] = b"0000600\0"
data[148:156] = b"        "
data[148:156] = (b"%06o\0 " % sum(data[0:512]))
open(sys.argv[2], "wb").write(data)
PY
expect_exit 0 ms verify --integrity-only "$WORK/mode.mbundle"
expect_exit 0 ms validate "$WORK/mode.mbundle"
expect_exit 1 ms validate "$WORK/mode.mbundle" --policy "$WORK/canonical.toml"
expect_stdout "[bundle.not_canonical]"

# The private work folder is made only for a copy: a bundle whose files all fit in memory is
# validated with a TMPDIR where nothing can be made; one that needs a copy says where it failed.
# A --work-dir that is not a folder is refused at once, needed or not.
expect_exit 0 ms build "$EXAMPLE" -o "$WORK/example.mbundle"
expect_exit 0 env TMPDIR="$WORK/no/such/tmp" "$MODELSEAL" validate "$WORK/example.mbundle"
[ ! -e "$WORK/no" ] || fail "validate made a work folder it did not need"
expect_exit 2 env TMPDIR="$WORK/no/such/tmp" "$MODELSEAL" validate "$WORK/z.mbundle"
expect_stderr "$WORK/no/such/tmp"
expect_exit 2 ms validate "$WORK/example.mbundle" --work-dir "$WORK/no/such/dir"
expect_stderr "not a folder this process can write in (--work-dir)"
done_ok
