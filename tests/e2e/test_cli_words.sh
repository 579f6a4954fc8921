#!/usr/bin/env bash
# The command line's words and typos (issue 17): `help COMMAND`, `version`, -V;
# an unknown command or option is named with the closest known one, before a
# missing required option; a missing command lists the commands. All exit 2.
source "$(dirname "$0")/lib.sh"

expect_exit 0 ms help build
expect_stdout "Usage: modelseal build"
expect_exit 0 ms help keystore init
expect_stdout "Usage: modelseal keystore init"
expect_exit 0 ms help
expect_stdout "Usage: modelseal"
expect_exit 2 ms help bild
expect_stderr "unknown command 'bild' (did you mean 'build'?)"
expect_exit 0 ms version
expect_stdout "modelseal "
expect_exit 0 ms -V
expect_stdout "modelseal "

expect_exit 2 ms bild x
expect_stderr "unknown command 'bild' (did you mean 'build'?)"
expect_exit 2 ms frobnicate
expect_stderr "unknown command 'frobnicate'"
grep -q "did you mean" "$WORK/err" && fail "a suggestion for a word far from every command"
expect_exit 2 ms sigstore verify-bundel
expect_stderr "unknown command 'verify-bundel' of 'modelseal sigstore' (did you mean 'verify-bundle'?)"
expect_exit 2 ms
expect_stderr "no command given; the commands are: init, build"
expect_exit 2 ms keystore
expect_stderr "the commands of 'modelseal keystore' are:"

# The unknown option first, although --output is missing too.
expect_exit 2 ms build "$EXAMPLE" --ouptut x.mbundle
expect_stderr "unknown option '--ouptut' for 'modelseal build' (did you mean '--output'?)"
grep -q "is required" "$WORK/err" && fail "the missing option reported instead of the typo"
expect_exit 2 ms build "$EXAMPLE" --ouptut=x.mbundle
expect_stderr "unknown option '--ouptut'"
expect_exit 2 ms verify "$WORK/m.mbundle" -Z
expect_stderr "unknown option '-Z' for 'modelseal verify'"
# A value that looks like an option is the option's value, not an option.
expect_exit 2 ms build "$EXAMPLE" -o --not-an-option --compression lz4
expect_stderr "compression 'lz4'"
# After --, words are positionals.
expect_exit 2 ms digest -- --no-such-folder
expect_stderr "--no-such-folder"
grep -q "unknown option" "$WORK/err" && fail "a word after -- taken for an option"

# Every command's help ends with examples and the exit codes; every option an
# example uses exists (the example run with --help appended is not refused).
commands="init build inspect digest extract verify keygen sign scan validate report seal open shred
  verify-disposal attest verify-attestation keystore sigstore"
n=0
for c in $commands "keystore init" "keystore audit" "keystore list" "keystore rotate" \
         "sigstore verify-bundle" "sigstore attach-log-entry"; do
  # shellcheck disable=SC2086
  expect_exit 0 ms help $c
  expect_stdout "Examples:"
  expect_stdout "Exit status: 0 success"
  n=$((n + 1)); cp "$WORK/out" "$WORK/help.$n"
done
python3 - "$WORK"/help.* > "$WORK/examples" <<'PY'
import shlex, sys
for name in sys.argv[1:]:
    text = open(name).read().split("Examples:\n", 1)[1].split("\nExit status:", 1)[0]
    text = text.replace("\\\n", " ")
    found = 0
    for line in text.splitlines():
        line = line.split("  #", 1)[0]
        for part in line.replace("&&", "|").split("|"):
            words = shlex.split(part)
            while words and "=" in words[0] and not words[0].startswith("-"):
                words.pop(0)
            if words and words[0] == "modelseal":
                print("\x01".join(words[1:]))
                found += 1
    if not found:
        sys.exit(f"no example in {name}")
PY
[ "$(wc -l < "$WORK/examples")" -ge 40 ] || fail "fewer examples than expected"
while IFS= read -r example; do
  IFS=$'\x01' read -r -a words <<< "$example"
  expect_exit 0 ms "${words[@]}" --help
done < "$WORK/examples"

# '-' is stdout where a file is written: SARIF on stdout (the verdict then on stderr), the report
# on stdout; no file named '-' appears. --sarif - with --json (both stdout) is a usage error.
cd "$WORK"
expect_exit 0 ms build "$EXAMPLE" -o "$WORK/m.mbundle"
expect_exit 0 ms validate "$WORK/m.mbundle" --sarif -
python3 -c 'import json,sys; assert json.load(open(sys.argv[1]))["version"] == "2.1.0"' "$WORK/out" || fail "--sarif -: no SARIF on stdout"
expect_stderr "accepted"
expect_exit 0 ms scan "$EXAMPLE/model.safetensors" --sarif -
python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$WORK/out" || fail "scan --sarif -: no SARIF on stdout"
expect_exit 2 ms validate "$WORK/m.mbundle" --sarif - --json
expect_stdout '"code": "usage"'
expect_exit 0 ms keygen -o "$WORK/k.key"
expect_exit 0 ms sign "$WORK/m.mbundle" --key "$WORK/k.key"
expect_exit 0 ms report "$WORK/m.mbundle" --key "$WORK/k.pub" -o - --format json
python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$WORK/out" || fail "report -o -: no report on stdout"
[ ! -e "$WORK/-" ] || fail "a file named '-' was written"
checks=$((checks + 4))

# With --json the same problems give the usage document on stdout.
expect_exit 2 ms bild --json
python3 - "$WORK/out" <<'PY' || fail "usage document"
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["verdict"] == "error" and doc["exit_code"] == 2, doc
assert doc["error"]["code"] == "usage", doc
assert "did you mean 'build'" in doc["error"]["message"], doc
PY
checks=$((checks + 1))
done_ok
