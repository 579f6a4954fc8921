#!/usr/bin/env bash
# modelseal scan on TorchScript archives and joblib files (issue 16 part 3).
# TorchScript: archives shaped like torch.jit.save's, written with Python's
# pickle and zipfile (stand-in __torch__ and torch modules, no torch needed),
# and the archives in tests/data/torchscript made once with torch 1.13
# (scripted, traced, quantized, frozen, lite interpreter). A benign one is
# accepted with the torchscript.code warning; an os.system or eval in data.pkl,
# constants.pkl or a .debug_pkl, a custom class outside libtorch's namespaces,
# code calling torch.ops.<custom> or torch.from_file are rejected by name.
# joblib: files written by joblib.dump (python3-joblib) are recognised as
# "joblib", their array bytes skipped (even bytes that look like opcodes), a
# reduce after an array still found; a cut or oversized array is reported. A registry policy
# forbids both formats by name. Nothing is loaded: a marker file proves no
# command ran.
source "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3
"$PY" -c "import numpy" 2>/dev/null || skip "/usr/bin/python3 lacks numpy"
HAVE_JOBLIB=0
"$PY" -c "import joblib" 2>/dev/null && HAVE_JOBLIB=1

"$PY" - "$WORK" "$HAVE_JOBLIB" <<'PYTHON'
import io, os, pickle, struct, sys, types, zipfile
import numpy as np

work, have_joblib = sys.argv[1], sys.argv[2] == "1"
if have_joblib:
    import joblib
marker = os.path.join(work, "pwned")


def fake_global(module, name):
    """A class that pickles as GLOBAL 'module name' without importing torch."""
    real = getattr(sys.modules.get(module), name, None)
    if real is not None:  # collections.OrderedDict
        return real
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
    def persistent_id(self, obj):  # storages are referenced, as torch.jit.save does
        if isinstance(obj, Storage):
            return ("storage", fake_global("torch", "FloatStorage"), obj.key, "cpu", 2)
        return None


def scripted_module(extra_class=None):
    """data.pkl of a scripted module: __torch__ classes, tensors as _rebuild_tensor_v2."""
    od = fake_global("collections", "OrderedDict")
    rebuild = fake_global("torch._utils", "_rebuild_tensor_v2")
    tiny = fake_global("__torch__", "Tiny")
    linear = fake_global("__torch__.torch.nn.modules.linear", "Linear")

    class Hooks:
        def __reduce__(self):
            return (od, ())

    class Tensor:
        def __init__(self, key):
            self.key = key

        def __reduce__(self):
            return (rebuild, (Storage(self.key), 0, (2,), (1,), False, Hooks()))

    lin = linear.__new__(linear)
    lin.__dict__.update(weight=Tensor("1"), bias=Tensor("2"), training=False)
    top = tiny.__new__(tiny)
    top.__dict__.update(scale=Tensor("0"), training=False, lin=lin)
    if extra_class is not None:
        top.__dict__["custom"] = extra_class.__new__(extra_class)
    buf = io.BytesIO()
    TorchPickler(buf, protocol=2).dump(top)
    return buf.getvalue()


def debug_pkl():
    intlist = fake_global("torch.jit._pickle", "build_intlist")

    class IntList:
        def __reduce__(self):
            return (intlist, ([0, 10, 20],))

    return pickle.dumps(("FORMAT_WITH_STRING_TABLE", ("", "forward"), (0, IntList())), protocol=2)


CODE = """class Tiny(Module):
  __parameters__ = []
  __buffers__ = ["scale", ]
  scale : Tensor
  lin : __torch__.torch.nn.modules.linear.Linear
  def forward(self: __torch__.Tiny, x: Tensor) -> Tensor:
    _0 = (self.lin).forward(x, )
    # torch.ops.evil_ns.run in a comment is no call
    return torch.add(torch.mul(_0, self.scale), ops.aten.ones([2]))
"""
LINEAR = """class Linear(Module):
  weight : Tensor
  bias : Tensor
  def forward(self: __torch__.torch.nn.modules.linear.Linear, input: Tensor) -> Tensor:
    return torch.linear(input, self.weight, self.bias)
"""


class RunsSystem:
    def __reduce__(self):
        return (os.system, ("touch " + marker,))


class RunsEval:
    def __reduce__(self):
        return (eval, ("__import__('os').system('touch " + marker + "')",))


def torchscript(path, data=None, constants=None, code=CODE, debug=None,
                method=zipfile.ZIP_STORED):
    with zipfile.ZipFile(os.path.join(work, path), "w", method) as z:
        z.writestr("m/data.pkl", data if data is not None else scripted_module())
        z.writestr("m/code/__torch__.py", code)
        z.writestr("m/code/__torch__.py.debug_pkl", debug if debug is not None else debug_pkl())
        z.writestr("m/code/__torch__/torch/nn/modules/linear.py", LINEAR)
        z.writestr("m/constants.pkl", constants if constants is not None else pickle.dumps((), protocol=2))
        for key in range(3):
            z.writestr("m/data/%d" % key, struct.pack("<2f", 1.0, 2.0))
        z.writestr("m/version", "3\n")


torchscript("ok.pt")
torchscript("ok_deflated.pt", method=zipfile.ZIP_DEFLATED)
torchscript("system_data.pt", data=pickle.dumps(RunsSystem(), protocol=2))
torchscript("eval_constants.pt", constants=pickle.dumps(RunsEval(), protocol=2))
torchscript("system_debug.pt", debug=pickle.dumps(RunsSystem(), protocol=2), method=zipfile.ZIP_DEFLATED)
torchscript("custom_op.pt", code=CODE.replace("ops.aten.ones", "torch.ops.evil_ns.run"))
torchscript("custom_class_code.pt", code=CODE + "  x : __torch__.torch.classes.evil_ns.Runner\n")
torchscript("custom_class_data.pt",
            data=scripted_module(fake_global("__torch__.torch.classes.evil_ns", "Runner")))
torchscript("builtin_class.pt",
            data=scripted_module(fake_global("__torch__.torch.classes.quantized", "LinearPackedParamsBase")))

# joblib.dump of NumPy arrays: the arrays' bytes follow the wrapper in the pickle stream.
if have_joblib:
    rng = np.random.default_rng(3)
    data = {"w": rng.standard_normal((16, 8)).astype("<f4"), "n": np.arange(7),
            "f": np.asfortranarray(rng.standard_normal((3, 4))), "s": np.array(["ab", "c"]),
            "o": np.array([1, "a", None, {"k": 2}], dtype=object), "meta": {"epochs": 3}}
    joblib.dump(data, os.path.join(work, "ok.joblib"))
    joblib.dump(data, os.path.join(work, "ok_p2.joblib"), protocol=2)
    # Array bytes that read as a pickle calling os.system: skipped, not simulated.
    lure = np.frombuffer(b"cposix\nsystem\n(Vtouch " + marker.encode() + b"\ntR.", dtype=np.uint8)
    joblib.dump([lure, np.zeros(3)], os.path.join(work, "lure.joblib"))
    joblib.dump([np.zeros(4), RunsSystem()], os.path.join(work, "system.joblib"))
    joblib.dump([np.zeros(2), np.array([RunsEval()], dtype=object)], os.path.join(work, "eval_object.joblib"))
    whole = open(os.path.join(work, "ok.joblib"), "rb").read()
    inside_w = whole.index(data["w"].tobytes()) + 100
    open(os.path.join(work, "cut.joblib"), "wb").write(whole[:inside_w])
    # protocol 2 (no frames): arange(7)'s shape (K 7, TUPLE1) rewritten as 2^40 elements.
    buf = io.BytesIO()
    joblib.dump({"n": np.arange(7)}, buf, protocol=2)
    raw = buf.getvalue()
    assert raw.count(b"K\x07\x85") == 1, raw
    open(os.path.join(work, "huge.joblib"), "wb").write(
        raw.replace(b"K\x07\x85", b"\x8a\x06\x00\x00\x00\x00\x00\x01\x85"))
    open(os.path.join(work, "long.joblib"), "wb").write(
        raw.replace(b"K\x07\x85", b"J\x00\x00\x00\x40\x85"))
# numpy globals without a joblib wrapper stay forbidden in a plain pickle.
open(os.path.join(work, "dtype.pkl"), "wb").write(pickle.dumps(np.dtype("f8"), protocol=2))
PYTHON
[ -s "$WORK/ok.pt" ] || fail "the test archives were not written"

expect_exit 0 ms scan "$WORK/ok.pt"
expect_stdout "torchscript.code"
expect_stdout "'m/code/__torch__.py', 'm/code/__torch__/torch/nn/modules/linear.py'"
scan_json 0 "$WORK/ok.pt" torchscript torchscript.code
scan_json 0 "$WORK/ok_deflated.pt" torchscript torchscript.code
scan_json 0 "$WORK/builtin_class.pt" torchscript torchscript.code

expect_exit 1 ms scan "$WORK/system_data.pt"
expect_stdout "system_data.pt:m/data.pkl"
expect_stdout "TorchScript allow-list"
scan_json 1 "$WORK/system_data.pt" torchscript pickle.unsafe_global
scan_json 1 "$WORK/eval_constants.pt" torchscript pickle.unsafe_global
scan_json 1 "$WORK/system_debug.pt" torchscript pickle.unsafe_global
scan_json 1 "$WORK/custom_op.pt" torchscript torchscript.custom_op
expect_stdout "evil_ns"
scan_json 1 "$WORK/custom_class_code.pt" torchscript torchscript.custom_class
scan_json 1 "$WORK/custom_class_data.pt" torchscript pickle.unsafe_global
expect_stdout "__torch__.torch.classes.evil_ns.Runner"

# Made with torch 1.13's torch.jit.save (tests/data/torchscript/make_samples.py).
FIX="$SOURCE_DIR/tests/data/torchscript"
scan_json 0 "$FIX/tiny_scripted.pt" torchscript torchscript.code
scan_json 0 "$FIX/tiny_traced.pt" torchscript torchscript.code
scan_json 0 "$FIX/quant_dynamic.pt" torchscript torchscript.code
scan_json 0 "$FIX/frozen.pt" torchscript torchscript.code
scan_json 0 "$FIX/lite.ptl" torchscript torchscript.code
scan_json 1 "$FIX/hostile_data.pt" torchscript pickle.unsafe_global
scan_json 1 "$FIX/hostile_constants.pt" torchscript pickle.unsafe_global
scan_json 1 "$FIX/custom_op.pt" torchscript torchscript.custom_op
scan_json 1 "$FIX/from_file.pt" torchscript torchscript.file_access

# A torch.save checkpoint's pickle does not get the TorchScript allow-list.
"$PY" - "$WORK" <<'PYTHON'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1] + "/ok.pt") as zin, zipfile.ZipFile(sys.argv[1] + "/not_ts.pt", "w") as z:
    z.writestr("m/data.pkl", zin.read("m/data.pkl"))
    z.writestr("m/version", "3\n")
PYTHON
scan_json 1 "$WORK/not_ts.pt" pytorch-zip pickle.unsafe_global
expect_stdout "__torch__.Tiny"

scan_json 1 "$WORK/dtype.pkl" pickle pickle.unsafe_global
if [ "$HAVE_JOBLIB" = 1 ]; then
  scan_json 0 "$WORK/ok.joblib" joblib
  scan_json 0 "$WORK/ok_p2.joblib" joblib
  scan_json 0 "$WORK/lure.joblib" joblib
  scan_json 1 "$WORK/system.joblib" joblib pickle.unsafe_global
  scan_json 1 "$WORK/eval_object.joblib" joblib pickle.unsafe_global
  scan_json 1 "$WORK/cut.joblib" joblib joblib.truncated
  scan_json 1 "$WORK/huge.joblib" joblib joblib.limit_exceeded
  scan_json 1 "$WORK/long.joblib" joblib joblib.truncated
else
  echo "python3-joblib missing: joblib files not checked (scripts/install-deps.sh installs it)"
fi

# A registry policy can forbid both formats by name.
printf 'schema = "modelseal.registry-policy/v1"\n[formats]\nforbid = ["torchscript", "joblib"]\n' >"$WORK/policy.toml"
expect_exit 1 ms validate "$WORK/ok.pt" --policy "$WORK/policy.toml"
expect_stdout "policy.format_forbidden"
if [ "$HAVE_JOBLIB" = 1 ]; then
  expect_exit 1 ms validate "$WORK/ok.joblib" --policy "$WORK/policy.toml"
  expect_stdout "policy.format_forbidden"
fi
[ ! -e "$WORK/pwned" ] || fail "scanning ran a pickle"
done_ok
