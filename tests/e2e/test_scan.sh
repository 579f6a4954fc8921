#!/usr/bin/env bash
# modelseal scan: the format comes from the content, not the name; benign
# weights are accepted (exit 0), a pickle that imports os.system is rejected
# (exit 1) naming the global, never running it; --json gives one verdict.
source "$(dirname "$0")/lib.sh"
corpus="$SOURCE_DIR/fuzz/corpus"

expect_exit 0 ms scan "$EXAMPLE/model.safetensors"
expect_stdout "accepted (safetensors"
cp "$EXAMPLE/model.safetensors" "$WORK/renamed.bin"
expect_exit 0 ms scan "$WORK/renamed.bin"
expect_stdout "safetensors"
expect_exit 0 ms scan "$corpus/scan_gguf/valid_small.gguf"
expect_stdout "accepted (gguf"

# A pickle whose loading would run a command: never executed, rejected, named.
python3 - "$WORK" <<'PY'
import os, pickle, sys
class Evil:
    def __reduce__(self):
        return (os.system, ("touch " + sys.argv[1] + "/pwned",))
open(sys.argv[1] + "/evil.pt", "wb").write(pickle.dumps(Evil(), protocol=2))
open(sys.argv[1] + "/benign.pkl", "wb").write(pickle.dumps({"w": [1.0, 2.0], "name": "x"}, protocol=4))
PY
expect_exit 1 ms scan "$WORK/evil.pt"
expect_stdout "pickle.unsafe_global"
expect_stdout "system"
[ ! -e "$WORK/pwned" ] || fail "scanning ran the pickle"
expect_exit 0 ms scan "$WORK/benign.pkl"

# A safetensors header that lies about sizes.
python3 - "$EXAMPLE/model.safetensors" "$WORK/bad.safetensors" <<'PY'
import sys
data = bytearray(open(sys.argv[1], "rb").read())
open(sys.argv[2], "wb").write(bytes(data[:-4]))  # drop the last tensor bytes
PY
expect_exit 1 ms scan "$WORK/bad.safetensors"
expect_stdout "safetensors."

expect_exit 1 ms scan "$WORK/evil.pt" --json
python3 - "$WORK/out" <<'PY' || fail "scan --json lacks the documented fields"
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["verdict"] == "rejected" and doc["kind"] == "file"
assert doc["files"][0]["format"] == "pickle" and doc["errors"] >= 1
f = doc["findings"][0]
assert {"id", "severity", "file", "offset", "message", "hint"} <= set(f)
PY
checks=$((checks + 1))

expect_exit 1 ms scan "$WORK/evil.pt" --sarif "$WORK/evil.sarif"
python3 - "$WORK/evil.sarif" <<'PY' || fail "scan --sarif is not a SARIF 2.1.0 log of the findings"
import json, sys
log = json.load(open(sys.argv[1]))
assert log["version"] == "2.1.0"
run = log["runs"][0]
ids = {r["id"] for r in run["tool"]["driver"]["rules"]}
assert "pickle.unsafe_global" in ids, ids
assert all(r["level"] in ("error", "warning", "note") for r in run["results"])
assert any(r["ruleId"] == "pickle.unsafe_global" and r["level"] == "error" for r in run["results"])
PY
checks=$((checks + 1))

# ONNX, written by the onnx package: external data beside the model is checked.
if /usr/bin/python3 -c 'import onnx' 2>/dev/null; then
  mkdir "$WORK/onnx"
  /usr/bin/python3 - "$WORK/onnx" <<'PY'
import sys
import numpy as np
from onnx import TensorProto, helper, numpy_helper, save_model
w = numpy_helper.from_array(np.arange(64, dtype=np.float32), "w")
graph = helper.make_graph([helper.make_node("Identity", ["w"], ["y"])], "g", [],
                          [helper.make_tensor_value_info("y", TensorProto.FLOAT, [64])], [w])
model = helper.make_model(graph)
save_model(model, sys.argv[1] + "/model.onnx", save_as_external_data=True,
           location="weights.bin", size_threshold=0)
for e in model.graph.initializer[0].external_data:
    if e.key == "location":
        e.value = "../../etc/passwd"
open(sys.argv[1] + "/escape.onnx", "wb").write(model.SerializeToString())
PY
  expect_exit 0 ms scan "$WORK/onnx/model.onnx" --json
  expect_stdout '"format": "onnx"'
  expect_exit 1 ms scan "$WORK/onnx/escape.onnx"
  expect_stdout "[onnx.external_path_escapes]"
  rm "$WORK/onnx/weights.bin"
  expect_exit 1 ms scan "$WORK/onnx/model.onnx"
  expect_stdout "[onnx.external_missing]"
fi

echo "plain text" > "$WORK/notes.txt"
expect_exit 1 ms scan "$WORK/notes.txt"
expect_stderr "not a weight format"
expect_exit 2 ms scan "$WORK/missing.bin"
done_ok
