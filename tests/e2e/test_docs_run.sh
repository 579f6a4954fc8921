#!/usr/bin/env bash
# Docs that run (issue 17 part 5): every shell block of README.md and docs/*.md marked
# `sh runnable` runs as written (scripts/run_docs.py: one bash session per document, in a scratch
# folder, modelseal on PATH), and every TOML example parses (Python's tomllib). The runner itself
# is checked on small documents: a failing block is named by file and line, an unmarked block
# never runs, blocks share one session, an unclosed runnable block and a bad TOML block are named.
source "$(dirname "$0")/lib.sh"
command -v python3 >/dev/null || skip "python3 missing (scripts/install-deps.sh installs it)"
python3 -c 'import tomllib' 2>/dev/null || skip "python3 has no tomllib (Python 3.11 or later)"
run_docs() { python3 "$SOURCE_DIR/scripts/run_docs.py" --modelseal "$MODELSEAL" --source "$SOURCE_DIR" "$@"; }

# The documents that must keep runnable blocks (a marker removed by mistake is caught here).
expect_exit 0 run_docs --list
for doc in README.md docs/getting-started.md docs/attestations.md; do
  grep -q "^$doc:" "$WORK/out" || fail "$doc has no runnable block"
done
checks=$((checks + 1))

# The documentation itself.
expect_exit 0 run_docs
expect_stdout ", 0 failed"

# The runner: blocks share one session and run in the scratch folder with examples/.
cat > "$WORK/good.md" <<'MD'
# good
```sh runnable
answer=42
test -d examples/tiny-sentiment
```
An unmarked block never runs:
```sh
exit 9
```
```sh runnable
test "$answer" -eq 42 && modelseal version
```
MD
expect_exit 0 run_docs "$WORK/good.md"
expect_stdout "modelseal"
expect_stdout "2 blocks in 1 documents, 0 failed"

# A failing command is named by file and line, with its exit status; later blocks do not run.
cat > "$WORK/bad.md" <<'MD'
# bad
```sh runnable
true
```
text
```sh runnable
echo first
modelseal verify no-such.mbundle --key none.pub
echo never
```
```sh runnable
echo never-either
```
MD
expect_exit 1 run_docs "$WORK/bad.md"
expect_stderr "bad.md:8 (block at line 6): exit 2: modelseal verify no-such.mbundle"
grep -q never "$WORK/out" && fail "a block ran after the failure"
checks=$((checks + 1))

# An unset variable fails too (bash -u), as does a failure inside a pipeline.
printf '```sh runnable\necho "$undefined_variable"\n```\n' > "$WORK/unset.md"
expect_exit 1 run_docs "$WORK/unset.md"
expect_stderr "unset.md:2"
printf '```sh runnable\ntrue\nfalse | cat\n```\n' > "$WORK/pipe.md"
expect_exit 1 run_docs "$WORK/pipe.md"
expect_stderr "pipe.md:3"

# A runnable block never closed, a TOML example that does not parse, a missing file.
printf '# x\n```sh runnable\ntrue\n' > "$WORK/open.md"
expect_exit 2 run_docs "$WORK/open.md"
expect_stderr "open.md:2: runnable block never closed"
printf '# x\n\n```toml\nkeys = [\n  { a = 1,\n    b = 2 },\n]\n```\n' > "$WORK/toml.md"
expect_exit 1 run_docs "$WORK/toml.md"
expect_stderr "toml.md:3: the TOML example does not parse"
expect_exit 2 run_docs "$WORK/absent.md"
expect_stderr "absent.md: no such file"

done_ok
