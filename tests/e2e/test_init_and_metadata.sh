#!/usr/bin/env bash
# `init` writes a template that is refused until filled in; missing,
# misspelled and malformed bundle.toml fields are rejected (exit 1) with the
# file, line:column and a hint, as specs/bundle-toml-v1.md documents.
source "$(dirname "$0")/lib.sh"

mkdir "$WORK/fresh"
cp "$EXAMPLE/config.json" "$WORK/fresh/"
expect_exit 0 ms init "$WORK/fresh"
[ -f "$WORK/fresh/bundle.toml" ] || fail "init wrote no bundle.toml"
expect_exit 2 ms init "$WORK/fresh"
expect_stderr "already exists"
expect_exit 0 ms init "$WORK/fresh" --force --name other-name
grep -q '^name = "other-name"' "$WORK/fresh/bundle.toml" || fail "--name ignored"
expect_exit 2 ms build "$WORK/fresh" -o "$WORK/fresh.mbundle"
expect_stderr "still the template placeholder"
[ ! -e "$WORK/fresh.mbundle" ] || fail "a refused build wrote output"
expect_exit 2 ms init "$WORK/no-such-folder"

# mutate NAME SED_EXPR: a copy of the example with bundle.toml edited.
mutate() {
  rm -rf "$WORK/$1"
  cp -r "$EXAMPLE" "$WORK/$1"
  sed -i "$2" "$WORK/$1/bundle.toml"
}

mutate missing-license 's/^license = "Apache-2.0"$//'
expect_exit 2 ms build "$WORK/missing-license" -o "$WORK/x.mbundle"
expect_stderr "bundle.toml:6:1: missing required field 'model.license' (hint:"

mutate misspelled 's/^limitations = \[/limitaions = [/'
expect_exit 2 ms build "$WORK/misspelled" -o "$WORK/x.mbundle"
expect_stderr "unknown key 'card.limitaions' (did you mean 'limitations'?)"

mutate date-only 's/^retrieved_at = 2026-02-27T09:15:00Z/retrieved_at = 2026-02-27/'
expect_exit 2 ms build "$WORK/date-only" -o "$WORK/x.mbundle"
expect_stderr "retrieved_at': 2026-02-27 is a date without a time of day"

mutate no-source 's/^source_url = "https:\/\/huggingface.co\/datasets\/stanfordnlp\/sst2"$//'
expect_exit 2 ms build "$WORK/no-source" -o "$WORK/x.mbundle"
expect_stderr "missing required field 'dataset[0].source_url'"

mutate bad-semver 's/^version = "1.2.0"/version = "1.2"/'
expect_exit 2 ms build "$WORK/bad-semver" -o "$WORK/x.mbundle"
expect_stderr "not a semantic version"

mutate syntax 's/^\[card\]/[card/'
expect_exit 2 ms build "$WORK/syntax" -o "$WORK/x.mbundle"
expect_stderr "TOML syntax error"

mutate no-transparency '/^\[transparency\]/,/^data_retention/d'
expect_exit 2 ms build "$WORK/no-transparency" -o "$WORK/x.mbundle"
expect_stderr "missing required table '[transparency]'"

# A bundle whose bundle.toml disagrees with its manifest is rejected.
expect_exit 0 ms build "$EXAMPLE" -o "$WORK/good.mbundle"
expect_exit 0 ms inspect "$WORK/good.mbundle"
expect_stdout "https://huggingface.co/datasets/stanfordnlp/sst2"
expect_stdout "2026-02-27T09:15:00Z"
expect_exit 0 ms inspect --json "$WORK/good.mbundle"
python3 - "$WORK/out" <<'PY' || fail "inspect --json lacks the documented fields"
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["name"] == "tiny-sentiment" and doc["version"] == "1.2.0"
assert doc["content_digest"].startswith("sha256:")
assert doc["metadata"]["dataset"][0]["retrieved_at"] == "2026-02-27T09:15:00Z"
assert doc["metadata"]["card"]["limitations"]
assert all({"path", "size", "sha256"} <= set(f) for f in doc["files"])
PY
checks=$((checks + 1))
done_ok
