#!/usr/bin/env bash
# `lint FOLDER` and `build --check FOLDER` list every problem of bundle.toml (and then of the
# payload) in one run, one per line as FILE:LINE:COL: what, then their count: exit 1 when there
# are problems, 0 when the folder would build, 2 when nothing could be checked. `build` itself
# reports the same problems.
source "$(dirname "$0")/lib.sh"

# A fresh `init`: every placeholder is a problem, each at its line and column.
mkdir "$WORK/fresh"
cp "$EXAMPLE/config.json" "$WORK/fresh/"
echo "weights" > "$WORK/fresh/model.bin"
expect_exit 0 ms init "$WORK/fresh"
toml="$WORK/fresh/bundle.toml"
expect_exit 1 ms lint "$WORK/fresh"
lint_out=$(cat "$WORK/out")
problems=$(grep -cE "^$toml:[0-9]+:[0-9]+: " "$WORK/out" || true)
[ "$problems" -gt 10 ] || fail "lint listed $problems problems of the init template, expected more than 10"
[ "$(tail -n 1 "$WORK/out")" = "$problems problems" ] || fail "lint's last line is not '$problems problems'"
[ "$(wc -l < "$WORK/out")" -eq $((problems + 1)) ] || fail "lint printed lines that are not problems"
# Cross-check with the file itself: every value line still holding FILL ME is reported at its
# line and at the column of its value, in line order.
python3 - "$toml" "$WORK/out" <<'PY' || fail "lint's positions disagree with the FILL ME lines of bundle.toml"
import re, sys
toml, out = sys.argv[1], sys.argv[2]
expected = []
for number, line in enumerate(open(toml, encoding="utf-8"), 1):
    if line.lstrip().startswith("#") or "FILL ME" not in line:
        continue
    expected.append((number, line.index('"') + 1))
reported = []
for line in open(out, encoding="utf-8"):
    m = re.match(re.escape(toml) + r":(\d+):(\d+): (.*)", line)
    if m and "FILL ME" in m.group(3):
        assert "is still the template placeholder" in m.group(3) and "(hint: " in m.group(3), line
        reported.append((int(m.group(1)), int(m.group(2))))
assert reported == expected, (reported, expected)
PY
checks=$((checks + 1))

# build --check is the same check; it writes nothing.
expect_exit 1 ms build --check "$WORK/fresh"
[ "$(cat "$WORK/out")" = "$lint_out" ] || fail "build --check and lint disagree"
[ -z "$(find "$WORK" -name '*.mbundle')" ] || fail "build --check wrote a bundle"
expect_exit 2 ms build --check "$WORK/fresh" -o "$WORK/x.mbundle"
expect_stderr "--check writes nothing"

# build itself reports every problem (exit 2: the bundle.toml being built is configuration).
expect_exit 2 ms build "$WORK/fresh" -o "$WORK/fresh.mbundle"
while IFS= read -r line; do
  case $line in "$toml":*) expect_stderr "$line" ;; esac
done <<< "$lint_out"
[ ! -e "$WORK/fresh.mbundle" ] || fail "a refused build wrote output"

# A valid folder: exit 0, nothing written beside it.
cp -r "$EXAMPLE" "$WORK/good"
expect_exit 0 ms lint "$WORK/good"
expect_stdout "no problems"
expect_exit 0 ms build --check "$WORK/good"
[ -z "$(find "$WORK" -name '*.mbundle')" ] || fail "build --check wrote a bundle"

# Problems of the payload, found once bundle.toml is valid: one problem, exit 1.
cp -r "$EXAMPLE" "$WORK/no-payload"
sed -i 's/^include = \[.*\]$/include = ["nothing\/*"]/' "$WORK/no-payload/bundle.toml"
expect_exit 1 ms lint "$WORK/no-payload"
expect_stdout "no payload file selected"
expect_stdout "1 problem"

# Nothing to check: exit 2.
expect_exit 2 ms lint "$WORK/no-such-folder"
expect_stderr "not a folder"
mkdir "$WORK/empty"
expect_exit 2 ms lint "$WORK/empty"
expect_stderr "bundle.toml: no such file"
expect_exit 2 ms lint

# bundle.toml must be a regular file: a link or a FIFO is refused at once (no read that blocks).
cp -r "$EXAMPLE" "$WORK/linked"
mv "$WORK/linked/bundle.toml" "$WORK/real.toml"
ln -s "$WORK/real.toml" "$WORK/linked/bundle.toml"
expect_exit 2 timeout 20 "$MODELSEAL" lint "$WORK/linked"
expect_stderr "symbolic link"
expect_exit 2 timeout 20 "$MODELSEAL" build "$WORK/linked" -o "$WORK/x.mbundle"
rm "$WORK/linked/bundle.toml"
mkfifo "$WORK/linked/bundle.toml"
expect_exit 2 timeout 20 "$MODELSEAL" lint "$WORK/linked"
expect_stderr "FIFO"
expect_exit 2 timeout 20 "$MODELSEAL" build --check "$WORK/linked"

echo "test_lint: $checks checks passed"
