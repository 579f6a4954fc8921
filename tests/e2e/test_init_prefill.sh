#!/usr/bin/env bash
# `init` on a Hugging Face style download pre-fills bundle.toml from README.md's
# front matter, config.json and generation_config.json; the file is valid TOML
# (python3's tomllib agrees), only what a person must write is left as FILL ME,
# and filling exactly those makes `build` succeed. Hostile READMEs (quotes,
# newlines, injection attempts), a README linked outside the folder, a FIFO
# README and junk config files are warnings, never failures or hangs.
source "$(dirname "$0")/lib.sh"
cd "$WORK"

t() { timeout 10 "$MODELSEAL" "$@"; }

# toml_check FILE PYTHON: FILE parses with tomllib, then PYTHON runs with `doc` bound.
toml_check() {
  python3 - "$1" "$2" <<'PY' || fail "tomllib check failed on $1"
import sys, tomllib
doc = tomllib.load(open(sys.argv[1], "rb"))
exec(sys.argv[2])
PY
  checks=$((checks + 1))
}

# fill FILE: every remaining FILL ME value replaced by a valid one of its key.
fill() {
  sed -i -E \
    -e 's/^(authors|prohibited_uses|limitations) = \["FILL ME[^"]*"\]$/\1 = ["Filled in"]/' \
    -e 's/^security_contact = "FILL ME[^"]*"$/security_contact = "security@example.com"/' \
    -e 's/^digest = "FILL ME[^"]*"$/digest = "sha256:5f2c8e0d4b7a19e63c1d0a8f7e6b5c4d3a29180f7e6d5c4b3a2918f7e6d5c4b3"/' \
    -e 's/^relation = "FILL ME[^"]*"$/relation = "finetune"/' \
    -e 's/^role = "FILL ME[^"]*"$/role = "finetune"/' \
    -e 's/^source_url = "FILL ME[^"]*"$/source_url = "https:\/\/example.com\/data"/' \
    -e 's/^retrieved_at = "FILL ME[^"]*"$/retrieved_at = 2026-02-27T09:15:00Z/' \
    -e 's/^license = "FILL ME[^"]*"$/license = "CC-BY-4.0"/' \
    -e 's/^personal_data = "FILL ME[^"]*"$/personal_data = false/' \
    -e 's/^name = "FILL ME[^"]*"$/name = "filled-name"/' \
    -e 's/^([a-z_]+) = "FILL ME[^"]*"$/\1 = "Filled in."/' \
    "$1"
  if grep -qE '^[^#].*FILL ME' "$1"; then fail "FILL ME left in $1"; fi
}

# An HF style download: front matter with comments, block and flow lists, a nested model-index.
mkdir my-bert
cp "$EXAMPLE/model.safetensors" "$EXAMPLE/tokenizer.json" my-bert/
cat >my-bert/README.md <<'EOF'
---
license: apache-2.0  # from the Hub
datasets:
- imdb
- stanfordnlp/sst2
base_model: bert-base-uncased
language:
  - en
tags: [text-classification, sentiment]
pipeline_tag: text-classification
model-index:
- name: my-bert
  results:
  - metrics:
    - type: accuracy
      value: 0.93
---

# my-bert
EOF
cat >my-bert/config.json <<'EOF'
{"architectures": ["BertForSequenceClassification"], "model_type": "bert",
 "_name_or_path": "bert-base-uncased", "hidden_size": 768}
EOF
printf '{"do_sample": false, "max_length": 128}\n' >my-bert/generation_config.json

expect_exit 0 ms init my-bert
expect_stdout "wrote my-bert/bundle.toml"
expect_stdout "pre-filled: license Apache-2.0 from README.md"
expect_stdout "pre-filled: 2 datasets from README.md (2 with a Hugging Face source_url)"
expect_stdout "pre-filled: base model \"bert-base-uncased\" and its source_url from README.md"
expect_stdout "pre-filled: description (a draft to rewrite) from README.md and config.json"
expect_stdout "21 values left to fill, each marked FILL ME: 'modelseal lint my-bert' lists what is left, then run 'modelseal build my-bert'"
[ ! -s "$WORK/err" ] || { cat "$WORK/err"; fail "warnings on a clean folder"; }
[ "$(grep -c '^[a-z_]* = .*FILL ME' my-bert/bundle.toml)" -eq 21 ] || fail "not 21 placeholders"
toml_check my-bert/bundle.toml '
m = doc["model"]
assert m["name"] == "my-bert" and m["license"] == "Apache-2.0", m
assert m["description"] == "A text-classification model (BertForSequenceClassification, bert); language: en."
assert m["base"]["name"] == "bert-base-uncased"
assert m["base"]["source_url"] == "https://huggingface.co/bert-base-uncased"
assert [d["name"] for d in doc["dataset"]] == ["imdb", "stanfordnlp/sst2"]
assert doc["dataset"][1]["source_url"] == "https://huggingface.co/datasets/stanfordnlp/sst2"
assert "evaluation" not in doc["card"] and "failure_modes" not in doc["card"]
assert "digest" not in doc["dataset"][0]
'
grep -qF '# generation_config.json sets do_sample = false, max_length = 128.' my-bert/bundle.toml ||
  fail "generation settings not noted"
grep -qF '# README.md says: pipeline_tag "text-classification"; language "en"; tags "text-classification", "sentiment".' \
  my-bert/bundle.toml || fail "tags not noted"
checks=$((checks + 2))

# Still refused until filled in; filling exactly the placeholders makes it build (no -o).
expect_exit 2 ms build my-bert
expect_stderr "still the template placeholder"
fill my-bert/bundle.toml
expect_exit 0 ms build my-bert
[ -f my-bert-0.1.0.mbundle ] || fail "build wrote no my-bert-0.1.0.mbundle"
expect_exit 2 ms init my-bert
expect_stderr "already exists"

# An empty folder: placeholders only where required; --name kept.
mkdir empty
expect_exit 0 ms init empty --name other-name
expect_stdout "18 values left to fill"
toml_check empty/bundle.toml 'assert doc["model"]["name"] == "other-name" and "base" not in doc["model"]'
fill empty/bundle.toml
cp "$EXAMPLE/config.json" empty/
expect_exit 0 ms build empty -o empty.mbundle

# A hostile README: quotes, escapes and newlines cannot break out of a TOML string.
mkdir hostile
cp "$EXAMPLE/model.safetensors" hostile/
cat >hostile/README.md <<'EOF'
---
license: "mit\"\n[evil]\nx = 1"
datasets: ["a\"\n[[dataset]]\nname = \"b", "x'''y", "c\\d"]
base_model: "\"]\n[transparency]\ndata_use = \"pwned"
pipeline_tag: "t\u202Eevil"
tags: ["\e[2J", "# \n[payload]"]
language: [en, "fr\u0000"]
---
EOF
printf '[1, 2' >hostile/config.json
expect_exit 0 t init hostile
expect_stderr "README.md:5: a value of 'pipeline_tag' holds the control character U+202E: not used"
expect_stderr "README.md:7: a value of 'language' holds the control character U+0000: not used"
expect_stderr "config.json: not read"
expect_stderr "README.md: license \"mit\\\"\\n[evil]\\nx = 1\": not a Hugging Face license identifier"
if grep -q $'\x1b' "$WORK/err" "$WORK/out"; then fail "an escape sequence reached the terminal"; fi
toml_check hostile/bundle.toml '
assert set(doc) == {"schema", "model", "card", "dataset", "transparency", "payload"}, set(doc)
assert doc["model"]["base"]["name"] == "\"]\n[transparency]\ndata_use = \"pwned"
assert [d["name"] for d in doc["dataset"]] == ["a\"\n[[dataset]]\nname = \"b", "x'"'''"'y", "c\\d"]
assert doc["transparency"]["data_use"].startswith("FILL ME")
assert "evil" not in doc and "x" not in doc["model"]
'
fill hostile/bundle.toml
expect_exit 0 ms build hostile -o hostile.mbundle

# README.md linked outside the folder, a FIFO, junk: warnings, not read, no hang.
mkdir linked
printf -- '---\nlicense: mit\n---\n' >outside.md
ln -s ../outside.md linked/README.md
ln -s ../my-bert/config.json linked/config.json
expect_exit 0 t init linked
expect_stderr "README.md: not read: linked/README.md: is a symbolic link"
expect_stderr "config.json: not read: linked/config.json: is a symbolic link"
grep -q '^license = "FILL ME' linked/bundle.toml || fail "a linked README was read"
checks=$((checks + 1))
mkdir piped
mkfifo piped/README.md piped/generation_config.json
expect_exit 0 t init piped
expect_stderr "README.md: not read: piped/README.md: is a FIFO"
expect_stderr "generation_config.json: not read: piped/generation_config.json: is a FIFO"
mkdir unclosed
printf -- '---\nlicense: mit\n\n# no closing line\n' >unclosed/README.md
head -c 2000000 /dev/zero >unclosed/config.json
expect_exit 0 t init unclosed
expect_stderr "README.md:1: the front matter has no closing '---' line: none of it is used"
expect_stderr "config.json: not read: larger than 1048576 bytes"
toml_check unclosed/bundle.toml 'assert doc["model"]["license"].startswith("FILL ME")'
done_ok
