#!/usr/bin/env bash
# The conventions of issue 17 part 3: `-` as standard input (validate, scan, verify, digest,
# inspect, extract), -q/--quiet and -v/--verbose before or after the command, no progress bar or
# escape sequence when stderr is not a terminal, counts that agree between validate and sign.
source "$(dirname "$0")/lib.sh"

# from_stdin FILE CMD...: CMD with FILE on its standard input.
from_stdin() {
  local file=$1
  shift
  "$@" <"$file"
}

cp -r "$EXAMPLE" "$WORK/m"
expect_exit 0 ms keygen -o "$WORK/k.key"
expect_exit 0 ms build "$WORK/m" -o "$WORK/b.mbundle"
expect_exit 0 ms sign "$WORK/b.mbundle" --key "$WORK/k.key"
expect_exit 0 ms digest "$WORK/b.mbundle"
digest=$(cat "$WORK/out")

# '-' reads standard input, and messages name it '-', never the temporary copy.
expect_exit 0 from_stdin "$WORK/b.mbundle" ms validate -
expect_stdout "-: accepted (bundle tiny-sentiment"
expect_exit 0 from_stdin "$WORK/b.mbundle" ms digest -
[ "$(cat "$WORK/out")" = "$digest" ] || fail "digest of stdin differs from the file's"
expect_exit 0 from_stdin "$WORK/b.mbundle" ms verify - --signature "$WORK/b.mbundle.sig" --key "$WORK/k.pub"
expect_stdout "verified -: tiny-sentiment"
expect_exit 0 from_stdin "$WORK/m/model.safetensors" ms scan -
expect_stdout "-: accepted (safetensors"
expect_exit 0 from_stdin "$WORK/b.mbundle" ms extract - -C "$WORK/x"
[ -f "$WORK/x/model.safetensors" ] || fail "extract - wrote nothing"
expect_exit 0 from_stdin "$WORK/b.mbundle" ms inspect -
expect_stdout "tiny-sentiment 1.2.0"
expect_exit 0 from_stdin "$WORK/b.mbundle" ms validate - --json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["target"] == "-", d["target"]' "$WORK/out"
# Without --signature there is no BUNDLE.sig to look beside: a usage error saying so.
expect_exit 2 from_stdin "$WORK/b.mbundle" ms verify - --key "$WORK/k.pub"
expect_stderr "name its signature with --signature FILE"
# A flipped byte or a truncated stream on stdin is rejected, naming '-'.
python3 - "$WORK/b.mbundle" "$WORK/flipped.mbundle" <<'PY'
import sys
data = bytearray(open(sys.argv[1], "rb").read())
data[len(data) // 2] ^= 0x01
open(sys.argv[2], "wb").write(bytes(data))
PY
expect_exit 1 from_stdin "$WORK/flipped.mbundle" ms verify - --signature "$WORK/b.mbundle.sig" --key "$WORK/k.pub"
expect_stderr "modelseal: error: -"
head -c 1000 "$WORK/b.mbundle" >"$WORK/cut.mbundle"
expect_exit 1 from_stdin "$WORK/cut.mbundle" ms digest -
expect_stderr "modelseal: error: -"
err=$(cat "$WORK/err")
case "$err" in *modelseal-stdin*) fail "the temporary copy was named: $err" ;; esac
# The temporary copy is gone once the command ends.
export TMPDIR="$WORK/tmp"
mkdir "$TMPDIR"
expect_exit 0 from_stdin "$WORK/b.mbundle" ms validate -
[ -z "$(ls -A "$TMPDIR")" ] || fail "stdin copy left behind: $(ls -A "$TMPDIR")"
expect_exit 1 from_stdin "$WORK/cut.mbundle" ms validate -
[ -z "$(ls -A "$TMPDIR")" ] || fail "stdin copy left behind after a rejection"
unset TMPDIR
# A terminal on stdin is refused at once instead of waiting for input.
on_terminal --exit 2 "$WORK/tty.out" validate -
grep -aq "standard input is a terminal" "$WORK/tty.out" || fail "tty stdin: $(cat "$WORK/tty.out")"

# --quiet: nothing on success but what was asked for; errors and rejections still printed.
expect_exit 0 ms verify "$WORK/b.mbundle" --key "$WORK/k.pub" --quiet
[ ! -s "$WORK/out" ] && [ ! -s "$WORK/err" ] || fail "verify --quiet printed: $(cat "$WORK/out" "$WORK/err")"
expect_exit 0 ms -q build "$WORK/m" -o "$WORK/b2.mbundle"
[ ! -s "$WORK/out" ] || fail "build -q printed: $(cat "$WORK/out")"
expect_exit 0 ms digest "$WORK/b.mbundle" -q
[ "$(cat "$WORK/out")" = "$digest" ] || fail "digest -q must still print the digest"
expect_exit 0 ms validate "$WORK/b.mbundle" -q --json
expect_stdout '"verdict": "accepted"'
expect_exit 1 ms verify "$WORK/flipped.mbundle" --signature "$WORK/b.mbundle.sig" --key "$WORK/k.pub" -q
expect_stderr "modelseal: error:"
expect_exit 1 ms -q validate "$WORK/cut.mbundle"
expect_stdout "rejected"
expect_exit 2 ms verify "$WORK/b.mbundle" --quiet --verbose --key "$WORK/k.pub"
expect_stderr "excludes"

# --verbose: the key id, the signed digest, each built file, the time taken.
expect_exit 0 ms verify "$WORK/b.mbundle" --key "$WORK/k.pub" -v
expect_stdout "key id: "
expect_stdout "signed content digest: sha256:"
expect_stderr "modelseal: verify took"
expect_exit 0 ms --verbose build "$WORK/m" -o "$WORK/b3.mbundle"
expect_stdout "model.safetensors"
expect_exit 0 ms validate "$WORK/m" --verbose
expect_stdout "safetensors"

# Output to a pipe or file: no progress bar, no escape sequence (NO_COLOR or not).
expect_exit 0 ms verify "$WORK/b.mbundle" --key "$WORK/k.pub"
if LC_ALL=C grep -q $'\033' "$WORK/out" "$WORK/err"; then fail "an escape sequence in piped output"; fi
checks=$((checks + 1))

# validate counts a signed folder's files as sign and verify do; model.sig is named apart.
expect_exit 0 ms sign "$WORK/m" --key "$WORK/k.key"
expect_stdout "signed $WORK/m: 5 files"
expect_exit 0 ms validate "$WORK/m"
expect_stdout "(folder, 5 files + 1 not signed (model.sig), 0 findings"
# The JSON carries the same mark: each file's unsigned_by_default.
expect_exit 0 ms validate "$WORK/m" --json
python3 - "$WORK/out" <<'PY' || fail "validate --json does not mark model.sig as not signed"
import json, sys
files = json.load(open(sys.argv[1]))["files"]
assert len(files) == 6, files
assert all(isinstance(f["unsigned_by_default"], bool) for f in files), files
assert [f["path"] for f in files if f["unsigned_by_default"]] == ["model.sig"], files
PY
checks=$((checks + 1))

# A one-letter typo gets the command's options listed, not a guess one letter away.
expect_exit 2 ms extract "$WORK/b.mbundle" -o "$WORK/y"
expect_stderr "unknown option '-o' for 'modelseal extract'; its options are"
expect_stderr "-C/--directory"
done_ok
