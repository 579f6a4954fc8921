#!/usr/bin/env bash
# modelseal scan on ZIP containers: PyTorch checkpoints and .npz files written
# by Python's own zipfile, pickle and NumPy. A state dict made only of allowed
# globals is accepted; a data.pkl that would run a command (os.system, eval,
# nested getattr), stored or deflated, is rejected naming the pickle finding and
# is never run; object arrays in .npz and unsafe entry names are rejected.
source "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3
"$PY" -c "import numpy" 2>/dev/null || skip "/usr/bin/python3 lacks numpy"

"$PY" - "$WORK" <<'PYTHON'
import io, os, pickle, struct, sys, types, zipfile
import numpy as np

work = sys.argv[1]
marker = os.path.join(work, "pwned")


def fake_global(module, name):
    """A class that pickles as GLOBAL 'module name' without importing torch."""
    cls = type(name, (), {"__module__": module, "__qualname__": name})
    parts = module.split(".")
    for i in range(1, len(parts) + 1):
        sys.modules.setdefault(".".join(parts[:i]), types.ModuleType(".".join(parts[:i])))
    setattr(sys.modules[module], name, cls)
    return cls


class Storage:
    def __init__(self, key):
        self.key = key


class TorchPickler(pickle.Pickler):
    def persistent_id(self, obj):  # storages are referenced, as torch.save does
        if isinstance(obj, Storage):
            return ("storage", fake_global("torch", "FloatStorage"), obj.key, "cpu", 2)
        return None


def state_dict():
    od = fake_global("collections", "OrderedDict")
    rebuild = fake_global("torch._utils", "_rebuild_tensor_v2")

    class Hooks:
        def __reduce__(self):
            return (od, ())

    class Tensor:
        def __init__(self, key):
            self.key = key

        def __reduce__(self):
            return (rebuild, (Storage(self.key), 0, (2,), (1,), False, Hooks()))

    class StateDict:
        def __reduce__(self):
            return (od, (), None, None, iter([("w", Tensor("0")), ("b", Tensor("1"))]))

    buf = io.BytesIO()
    TorchPickler(buf, protocol=2).dump(StateDict())
    return buf.getvalue()


class RunsSystem:
    def __reduce__(self):
        return (os.system, ("touch " + marker,))


class RunsEval:
    def __reduce__(self):
        return (eval, ("__import__('os').system('touch " + marker + "')",))


def s(text):
    return b"X" + struct.pack("<I", len(text)) + text.encode()


# getattr(__import__('os'), 'system')('touch marker'), opcode by opcode.
nested_getattr = (b"\x80\x02cbuiltins\ngetattr\n(cbuiltins\n__import__\n" + s("os") +
                  b"\x85R" + s("system") + b"tR" + s("touch " + marker) + b"\x85R.")


def torch_zip(path, data_pkl, method=zipfile.ZIP_STORED):
    with zipfile.ZipFile(os.path.join(work, path), "w", method) as z:
        z.writestr("model/data.pkl", data_pkl)
        z.writestr("model/byteorder", "little")
        z.writestr("model/data/0", struct.pack("<2f", 1.0, 2.0))
        z.writestr("model/data/1", struct.pack("<2f", 3.0, 4.0))
        z.writestr("model/version", "3\n")
        z.writestr("model/.data/serialization_id", "1234567890123456789")


open(os.path.join(work, "system.pkl"), "wb").write(pickle.dumps(RunsSystem(), protocol=2))
torch_zip("ok.pt", state_dict())
torch_zip("ok_deflated.pth", state_dict(), zipfile.ZIP_DEFLATED)
torch_zip("system.pt", pickle.dumps(RunsSystem(), protocol=2))
torch_zip("eval.bin", pickle.dumps(RunsEval(), protocol=4))
torch_zip("getattr.ckpt", nested_getattr)
torch_zip("system_deflated.pt", pickle.dumps(RunsSystem(), protocol=2), zipfile.ZIP_DEFLATED)

rng = np.random.default_rng(7)
np.savez(os.path.join(work, "arrays.npz"), w=rng.standard_normal((4, 8)).astype("<f4"), n=np.arange(5))
np.savez_compressed(os.path.join(work, "arrays_c.npz"), w=rng.standard_normal((64, 64)), z=np.zeros(10))
np.savez(os.path.join(work, "objects.npz"), o=np.array([{"k": 1}, None], dtype=object))

with zipfile.ZipFile(os.path.join(work, "traversal.zip"), "w") as z:
    z.writestr("../evil", "x")
with zipfile.ZipFile(os.path.join(work, "duplicate.zip"), "w") as z:
    z.writestr("a.txt", "1")
    z.writestr("a.txt", "2")
PYTHON
[ -s "$WORK/ok.pt" ] || fail "the test archives were not written"

expect_exit 0 ms scan "$WORK/ok.pt"
expect_stdout "pytorch-zip"
scan_json 0 "$WORK/ok.pt" pytorch-zip
scan_json 0 "$WORK/ok_deflated.pth" pytorch-zip

expect_exit 1 ms scan "$WORK/system.pt"
expect_stdout "pickle.unsafe_global"
expect_stdout "system"
expect_stdout "system.pt:model/data.pkl"
scan_json 1 "$WORK/system.pt" pytorch-zip pickle.unsafe_global
scan_json 1 "$WORK/eval.bin" pytorch-zip pickle.unsafe_global
scan_json 1 "$WORK/getattr.ckpt" pytorch-zip pickle.unsafe_global
scan_json 1 "$WORK/system_deflated.pt" pytorch-zip pickle.unsafe_global
[ ! -e "$WORK/pwned" ] || fail "scanning ran a pickle"

scan_json 0 "$WORK/arrays.npz" npz
scan_json 0 "$WORK/arrays_c.npz" npz
scan_json 1 "$WORK/objects.npz" npz npy.object_dtype

scan_json 1 "$WORK/traversal.zip" zip zip.path_traversal
scan_json 1 "$WORK/duplicate.zip" zip zip.duplicate_name

# A pickle/ZIP polyglot: readers that start at the end see a clean checkpoint.
cat "$WORK/system.pkl" >"$WORK/polyglot.pt"
cat "$WORK/ok.pt" >>"$WORK/polyglot.pt"
scan_json 1 "$WORK/polyglot.pt" zip zip.prepended_data

# The fuzz seeds keep their verdicts.
for seed in "$SOURCE_DIR"/fuzz/corpus/scan_zip/valid_*; do
  expect_exit 0 ms scan "$seed"
done
for seed in "$SOURCE_DIR"/fuzz/corpus/scan_zip/invalid_*; do
  expect_exit 1 ms scan "$seed"
done
done_ok
