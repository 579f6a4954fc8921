#!/usr/bin/env bash
# The hostile-upload corpus (tests/hostile/make_corpus.py, written with
# Python's own tarfile/zipfile/pickle/numpy/onnx): `modelseal validate` must
# reject every hostile case with its named finding and accept the benign
# controls, never crash, never take more than 5 s, never leave files in its
# work folder and never write outside it.
source "$(dirname "$0")/lib.sh"

# Debian's python3 has numpy and onnx (scripts/install-deps.sh); a pyenv one may not.
py=""
for candidate in /usr/bin/python3 python3; do
  if "$candidate" -c 'import numpy, onnx' 2>/dev/null; then py=$candidate; break; fi
done
[ -n "$py" ] || skip "a python3 with numpy and onnx is needed (apt-get install python3-numpy python3-onnx)"
command -v zstd >/dev/null || skip "the zstd command is needed"

ms build "$EXAMPLE" -o "$WORK/valid.mbundle" --compression none >/dev/null
corpus="$WORK/corpus"
mkdir -p "$corpus" "$WORK/validate-work" "$WORK/tmp"
"$py" "$SOURCE_DIR/tests/hostile/make_corpus.py" "$corpus" "$WORK/valid.mbundle"

# Everything the runs could touch, before: the corpus, the work folder, TMPDIR.
snapshot() {
  (cd "$WORK" && find . -path ./out -prune -o -path ./err -prune -o -path ./snapshots -prune -o -print | sort)
}
mkdir -p "$WORK/snapshots"
snapshot > "$WORK/snapshots/before.txt"
rm -f /tmp/modelseal-pwned
[ ! -e /etc/evil ] || fail "/etc/evil exists before the test; remove it"

hostile=0
benign=0
while IFS=$'\t' read -r name target policy want finding; do
  args=(validate "$corpus/$target" --json --work-dir "$WORK/validate-work")
  [ "$policy" != "-" ] && args+=(--policy "$corpus/$policy")
  got=0
  TMPDIR="$WORK/tmp" timeout 5 "$MODELSEAL" "${args[@]}" >"$WORK/out" 2>"$WORK/err" || got=$?
  [ "$got" -eq 124 ] && fail "$name: validate took more than 5 s"
  [ "$got" -ge 128 ] && fail "$name: validate crashed (exit $got)"
  if [ "$got" -ne "$want" ]; then
    cat "$WORK/out" "$WORK/err"
    fail "$name: expected exit $want, got $got"
  fi
  python3 - "$WORK/out" "$finding" "$want" "$name" <<'PY' || fail "$name: verdict lacks finding $finding"
import json, sys
doc = json.load(open(sys.argv[1]))
finding, want, name = sys.argv[2], sys.argv[3], sys.argv[4]
ids = [f["id"] for f in doc["findings"]]
errors = [f["id"] for f in doc["findings"] if f["severity"] == "error"]
if want == "0":
    assert doc["verdict"] == "accepted" and not errors, (name, errors)
    assert finding != "none" or not ids, f"{name}: expected no finding at all, got {ids}"
else:
    assert doc["verdict"] == "rejected", name
    assert finding in errors, f"{name}: expected error {finding}, got {ids}"
PY
  [ -z "$(ls -A "$WORK/validate-work")" ] || fail "$name: validate left files in its work folder"
  if [ "$want" -eq 0 ]; then benign=$((benign + 1)); else hostile=$((hostile + 1)); fi
  checks=$((checks + 1))
done < "$corpus/cases.tsv"

snapshot > "$WORK/snapshots/after.txt"
diff "$WORK/snapshots/before.txt" "$WORK/snapshots/after.txt" >/dev/null || {
  diff "$WORK/snapshots/before.txt" "$WORK/snapshots/after.txt" | head -20
  fail "validate created or removed files outside its work folder"
}
[ ! -e /tmp/modelseal-pwned ] || fail "a pickle's payload ran"
# The absolute and ../ entries, had they been written: the snapshot covers $WORK.
[ ! -e /etc/evil ] || fail "an archive entry escaped to /etc/evil"
[ "$hostile" -ge 60 ] || fail "only $hostile hostile cases; the corpus must have at least 60"
echo "$hostile hostile cases rejected with their findings, $benign benign controls accepted"
done_ok
