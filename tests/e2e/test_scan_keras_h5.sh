#!/usr/bin/env bash
# Legacy Keras HDF5 (.h5): files written by h5py (an independent HDF5 writer)
# with the root attributes Keras 2 writes (model_config, keras_version,
# backend) and a model_weights group. The benign model is accepted as
# keras-h5 by scan and validate; a Lambda layer with a marshalled lambda and
# a registered custom object are named findings; the same with libver="latest"
# (superblock 3, version 2 object headers); dense attribute storage is refused
# as unsupported; plain weights are "hdf5"; a .keras archive's model.weights.h5
# is still accepted.
source "$(dirname "$0")/lib.sh"
/usr/bin/python3 -c "import h5py" 2>/dev/null || skip "python3-h5py is not installed (scripts/install-deps.sh)"

/usr/bin/python3 - "$WORK" <<'PY'
import base64, io, json, marshal, sys, zipfile
import h5py, numpy as np
work = sys.argv[1]

def dense(name, units):
    return {"class_name": "Dense", "config": {"name": name, "units": units, "activation": "relu",
            "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": None}}}}

def sequential(layers):
    return {"class_name": "Sequential", "config": {"name": "sequential", "layers":
            [{"class_name": "InputLayer", "config": {"batch_input_shape": [None, 4], "name": "in"}}] + layers}}

code = base64.b64encode(marshal.dumps((lambda x: x * 2).__code__)).decode()
lam = {"class_name": "Lambda", "config": {"name": "lambda", "function": [code, None, None],
       "function_type": "lambda", "module": "__main__", "output_shape": None}}
custom = {"class_name": "Custom>Backdoor", "config": {"name": "backdoor"}}

def keras_h5(path, config, libver="earliest", as_str=False, extra=0, userblock=0):
    kw = {"userblock_size": userblock} if userblock else {}
    with h5py.File(path, "w", libver=libver, **kw) as f:
        text = json.dumps(config)
        if config is not None:
            f.attrs["model_config"] = text if as_str else text.encode("utf8")
            f.attrs["keras_version"] = b"2.15.0"
            f.attrs["backend"] = b"tensorflow"
        for i in range(extra):
            f.attrs["note%02d" % i] = "x" * 10
        w = f.create_group("model_weights").create_group("dense")
        w.attrs["weight_names"] = [b"dense/kernel:0"]
        w.create_dataset("dense/kernel:0", data=np.arange(8, dtype="float32").reshape(4, 2))

benign = sequential([dense("d1", 8), dense("d2", 2)])
keras_h5(f"{work}/benign.h5", benign)
keras_h5(f"{work}/benign_str.h5", benign, as_str=True)
keras_h5(f"{work}/benign_latest.h5", benign, libver="latest")
keras_h5(f"{work}/benign_userblock.h5", benign, userblock=512)
keras_h5(f"{work}/lambda.h5", sequential([dense("d1", 8), lam]))
keras_h5(f"{work}/lambda_latest.h5", sequential([lam]), libver="latest", as_str=True)
keras_h5(f"{work}/custom.h5", sequential([custom]))
keras_h5(f"{work}/weights.h5", None)
keras_h5(f"{work}/dense_attrs.h5", sequential([lam]), libver="latest", extra=20)
data = open(f"{work}/benign.h5", "rb").read()
open(f"{work}/truncated.h5", "wb").write(data[: len(data) // 2])

# h5py itself reads back what the scanner reads.
with h5py.File(f"{work}/lambda_latest.h5", "r") as f:
    assert json.loads(f.attrs["model_config"])["config"]["layers"][1]["class_name"] == "Lambda"

# A Keras v3 archive whose weights are an HDF5 file.
with zipfile.ZipFile(f"{work}/model.keras", "w") as z:
    z.writestr("metadata.json", json.dumps({"keras_version": "3.3.3", "date_saved": "2024-01-01"}))
    z.writestr("config.json", json.dumps({"module": "keras", "class_name": "Sequential", "config": {"layers": []}}))
    z.write(f"{work}/weights.h5", "model.weights.h5")
PY

for f in benign benign_str benign_latest; do
  expect_exit 0 ms scan "$WORK/$f.h5"
  expect_stdout "accepted (keras-h5"
done
expect_exit 0 ms scan "$WORK/benign_userblock.h5"
expect_stdout "hdf5.user_block"
expect_exit 0 ms validate "$WORK/benign.h5"

expect_exit 1 ms scan "$WORK/lambda.h5"
expect_stdout "keras.lambda_layer"
expect_stdout "keras.python_function"
expect_exit 1 ms validate "$WORK/lambda.h5"
expect_stdout "keras.lambda_layer"
expect_exit 1 ms scan "$WORK/lambda_latest.h5"
expect_stdout "keras.lambda_layer"
expect_exit 1 ms scan "$WORK/custom.h5"
expect_stdout "keras.untrusted_module"
expect_stdout "Custom"

# Attributes in dense storage (a fractal heap) are not read: refused, not passed.
expect_exit 1 ms scan "$WORK/dense_attrs.h5"
expect_stdout "hdf5.unsupported_layout"

expect_exit 1 ms scan "$WORK/truncated.h5"
expect_stdout "hdf5.malformed"

expect_exit 0 ms scan "$WORK/weights.h5" --json
python3 - "$WORK/out" <<'PY' || fail "plain HDF5 weights are not format hdf5 without findings"
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["files"][0]["format"] == "hdf5", doc
assert doc["findings"] == [], doc
PY
checks=$((checks + 1))

expect_exit 0 ms scan "$WORK/model.keras"
expect_stdout "accepted (keras"

echo "ok: $checks checks"
