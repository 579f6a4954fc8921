#!/usr/bin/env bash
# `lint FOLDER --json`: the lint verdict document (docs/json-output.md) on stdout, valid against
# specs/json-output-v1.schema.json (Python's jsonschema), listing exactly the problems the text
# output lists, in its order; the exit codes of the text output (0, 1, 2).
source "$(dirname "$0")/lib.sh"
cd "$WORK"
schema="$SOURCE_DIR/specs/json-output-v1.schema.json"
PY=$(python_with_jsonschema) || skip "no python3 with jsonschema (scripts/install-deps.sh installs python3-jsonschema)"

# A fresh `init` (many problems of bundle.toml), a payload problem, a TOML syntax error, a clean
# folder: for each, the text output and the document.
mkdir fresh
cp "$EXAMPLE/config.json" fresh/
echo "weights" > fresh/model.bin
expect_exit 0 ms init fresh
cp -r "$EXAMPLE" no-payload
sed -i 's/^include = \[.*\]$/include = ["nothing\/*"]/' no-payload/bundle.toml
cp -r "$EXAMPLE" syntax
printf '\n[broken\n' >> syntax/bundle.toml
cp -r "$EXAMPLE" good

# case NAME EXIT FOLDER [ARGS...]: the text output and the --json document, both with EXIT.
case_of() {
  local name=$1 want=$2
  shift 2
  expect_exit "$want" ms lint "$@"
  cp "$WORK/out" "$name.txt"
  expect_exit "$want" ms lint "$@" --json
  cp "$WORK/out" "$name.json"
  [ ! -s "$WORK/err" ] || [ "$want" -eq 2 ] || fail "lint --json wrote to stderr: $(cat "$WORK/err")"
}
case_of fresh 1 fresh
case_of no-payload 1 no-payload
case_of syntax 1 syntax
case_of good 0 good
# --quiet silences the text, never the document.
expect_exit 0 ms --quiet lint good --json
cp "$WORK/out" quiet-good.json
expect_exit 1 ms lint -q fresh --json
cp "$WORK/out" quiet-fresh.json
cmp -s quiet-fresh.json fresh.json || fail "lint -q --json printed another document"
# Nothing could be checked: exit 2, an error document naming the folder or bundle.toml.
expect_exit 2 ms lint no-such-folder --json
cp "$WORK/out" missing.json
expect_stderr "not a folder"
mkdir empty
expect_exit 2 ms lint empty --json
cp "$WORK/out" empty.json
cp -r "$EXAMPLE" linked
mv linked/bundle.toml real.toml
ln -s "$WORK/real.toml" linked/bundle.toml
expect_exit 2 ms lint linked --json
cp "$WORK/out" linked.json
# A usage error with --json is a document too.
expect_exit 2 ms lint --json
cp "$WORK/out" usage.json

"$PY" - "$schema" <<'PYTHON' || fail "a lint --json document is wrong (above)"
import json, re, sys, jsonschema
validator = jsonschema.Draft202012Validator(json.load(open(sys.argv[1])))
def doc(name):
    text = open(name).read()
    assert text.startswith("{") and text.endswith("}\n"), f"{name}: stdout holds more than the document"
    d = json.loads(text)
    validator.validate(d)
    return d

for name in ["fresh", "no-payload", "syntax", "good"]:
    d = doc(f"{name}.json")
    assert d["command"] == "lint" and d["target"] == name, d
    lines = open(f"{name}.txt").read().splitlines()
    if name == "good":
        assert d["verdict"] == "accepted" and d["exit_code"] == 0 and "error" not in d, d
        assert d["problems"] == [] and d["problem_count"] == 0, d
        continue
    assert d["verdict"] == "rejected" and d["exit_code"] == 1, d
    assert d["error"]["code"] == "problems" and d["error"]["file"] == name, d["error"]
    # The text: one line per problem, then "N problem(s)".
    listed = lines[:-1]
    assert lines[-1] == f"{len(listed)} problem" + ("" if len(listed) == 1 else "s"), lines[-1]
    assert [p["text"] for p in d["problems"]] == listed, (d["problems"], listed)
    assert d["problem_count"] == len(listed)
    for p in d["problems"]:
        # The fields rebuild the line: FILE:LINE:COL: message, or FILE: message.
        where = f"{p['file']}:{p['line']}:{p['column']}" if "line" in p else p["file"]
        assert p["text"] == f"{where}: {p['message']}", p
        assert p["file"] == f"{name}/bundle.toml", p
    if name == "fresh":
        assert len(listed) > 10 and all("line" in p for p in d["problems"]), d["problems"]
        assert any("FILL ME" in p["message"] for p in d["problems"])
        assert {p["code"] for p in d["problems"]} <= {"invalid_metadata", "invalid_config"}, d["problems"]
    if name == "no-payload":
        assert len(listed) == 1 and "line" not in d["problems"][0], d
        assert d["problems"][0]["message"].startswith("no payload file selected"), d
    if name == "syntax":
        p = d["problems"][0]
        assert len(listed) == 1 and p["line"] == len(open("syntax/bundle.toml").read().splitlines()), p

quiet = doc("quiet-good.json")
assert quiet["verdict"] == "accepted", quiet
for name, file, code in [("missing", "no-such-folder", "not_found"), ("empty", "empty/bundle.toml", "not_found"),
                         ("linked", "linked/bundle.toml", None)]:
    d = doc(f"{name}.json")
    assert d["verdict"] == "error" and d["exit_code"] == 2 and "problems" not in d, d
    assert d["error"]["file"] == file, d["error"]
    assert code is None or d["error"]["code"] == code, d["error"]
usage = doc("usage.json")
assert usage["command"] == "lint" and usage["error"]["code"] == "usage", usage
print("lint --json documents checked")
PYTHON
checks=$((checks + 1))

echo "test_lint_json: $checks checks passed"
