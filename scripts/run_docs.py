#!/usr/bin/env python3
"""Runs the shell blocks of the documentation that are marked as runnable, and fails on any error.

The convention: a fenced code block whose info string is `sh runnable` (or `bash runnable`)

    ```sh runnable
    modelseal build examples/tiny-sentiment -o tiny-sentiment-1.2.0.mbundle
    ```

is run; every other block (plain ```sh, output samples, commands that need a network, a timestamp
authority, a token, a registry or a person) is only shown. The renderers still highlight the block
as `sh`.

Each document's runnable blocks run in order in ONE `bash -eEuo pipefail` session (a variable or
file made in one block is there in the next), with stdin from /dev/null (a prompt fails at once),
in a fresh scratch folder that holds a copy of the repository's `examples/` (so the commands run
as written from a clone's root), with `modelseal` on PATH (the binary named by --modelseal, else
$MODELSEAL, else build/tools/modelseal/modelseal) and MODELSEAL_SOURCE set to the repository. A
command that is expected to fail says so itself (`modelseal verify ... || test $? -eq 1`).

Usage: python3 scripts/run_docs.py [--modelseal BIN] [--source DIR] [--list] [FILE.md ...]
(default files: README.md and docs/*.md). Every ```toml block must parse too (Python's tomllib).
Exit 0 when every block ran, 1 when one failed (naming the file, the block's line and the failing
line) or a TOML example does not parse, 2 for usage errors (no binary, no file, a runnable block
never closed).
tests/e2e/test_docs_run.sh runs it under CTest.
"""

import argparse
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import tomllib

FENCE = re.compile(r"^(\s*)(```+|~~~+)\s*(.*)$")
RUNNABLE_LANGUAGES = {"sh", "bash", "shell"}
TIMEOUT_SECONDS = 300


class Block:
    def __init__(self, path, line, lines):
        self.path = path  # as shown in messages
        self.line = line  # 1-based line of the opening fence
        self.lines = lines  # the block's lines (without the fences)


def is_runnable(info):
    words = info.split()
    return len(words) >= 2 and words[0] in RUNNABLE_LANGUAGES and "runnable" in words[1:]


def fenced_blocks(path, shown):
    """Every fenced block of one Markdown file, in order: (info string, Block)."""
    blocks = []
    fence = None  # (marker, info, start line, lines)
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        match = FENCE.match(text)
        if fence is None:
            if match:
                fence = (match.group(2), match.group(3).strip(), number, [])
            continue
        marker, info, start, lines = fence
        if match and match.group(2)[0] == marker[0] and len(match.group(2)) >= len(marker) \
                and not match.group(3).strip():
            blocks.append((info, Block(shown, start, lines)))
            fence = None
        else:
            lines.append(text)
    if fence is not None and is_runnable(fence[1]):
        raise ValueError(f"{shown}:{fence[2]}: runnable block never closed")
    return blocks


def toml_errors(blocks):
    """The TOML examples that do not parse (Python's tomllib, independent of modelseal's)."""
    errors = []
    for info, block in blocks:
        if info.split()[:1] == ["toml"]:
            try:
                tomllib.loads("\n".join(block.lines))
            except tomllib.TOMLDecodeError as error:
                errors.append(f"{block.path}:{block.line}: the TOML example does not parse: {error}")
    return errors


def bash_script(blocks, state_file):
    """One script for one document, and the map from its line numbers to the document's."""
    script = [
        "set -eEuo pipefail",
        "__rd_block=0 __rd_line=0 __rd_command=",
        "trap '__rd_line=$LINENO __rd_command=$BASH_COMMAND' ERR",
        f"trap 'printf \"%s\\n%s\\n%s\\n\" \"$__rd_block\" \"$__rd_line\" \"${{__rd_command:-$BASH_COMMAND}}\" > {quote(state_file)}' EXIT",
    ]
    doc_line = {}
    for index, block in enumerate(blocks):
        script.append(f"__rd_block={index}; echo {quote('== ' + block.path + ':' + str(block.line))}")
        for offset, text in enumerate(block.lines, start=1):
            script.append(text)
            doc_line[len(script)] = block.line + offset
    return "\n".join(script) + "\n", doc_line


def quote(text):
    return "'" + text.replace("'", "'\\''") + "'"


def run_document(blocks, binary, source):
    """Runs one document's blocks; returns an error message or None."""
    with tempfile.TemporaryDirectory(prefix="modelseal-docs-") as scratch_name:
        scratch = pathlib.Path(scratch_name)
        (scratch / "bin").mkdir()
        (scratch / "bin" / "modelseal").symlink_to(binary)
        work = scratch / "work"
        work.mkdir()
        shutil.copytree(source / "examples", work / "examples", symlinks=True)
        state_file = scratch / "state"
        script, doc_line = bash_script(blocks, str(state_file))
        (scratch / "doc.sh").write_text(script, encoding="utf-8")
        env = dict(os.environ)
        env["PATH"] = f"{scratch / 'bin'}{os.pathsep}{env.get('PATH', '/usr/bin:/bin')}"
        env["MODELSEAL_SOURCE"] = str(source)
        env["HOME"] = str(scratch)
        sys.stdout.flush()
        status, bash_line = run_bash(scratch / "doc.sh", work, env, doc_line, blocks[0].path)
        if status is None:
            return f"{blocks[0].path}: the runnable blocks took more than {TIMEOUT_SECONDS} s"
        if status == 0:
            return None
        state = state_file.read_text(encoding="utf-8").split("\n") if state_file.exists() else []
        block = blocks[int(state[0])] if state and state[0].isdigit() else blocks[0]
        # The ERR trap's line; bash's own message for what ERR does not see (an unset variable).
        line = doc_line.get(int(state[1])) if len(state) > 1 and state[1].isdigit() else None
        line = line or doc_line.get(bash_line)
        where = f"{block.path}:{line}" if line else f"{block.path}:{block.line}"
        command = state[2] if len(state) > 2 and state[2] else "?"
        return f"{where} (block at line {block.line}): exit {status}: {command}"


def run_bash(script, work, env, doc_line, shown):
    """Runs the script; bash's messages about its lines name the document's lines instead.
    Returns (exit status or None on timeout, the script line of bash's last such message)."""
    message = re.compile(r"^" + re.escape(str(script)) + r": line (\d+): ")
    last_line = None
    process = subprocess.Popen(["bash", str(script)], cwd=work, env=env, stdin=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True, errors="replace")
    timer = threading.Timer(TIMEOUT_SECONDS, process.kill)
    timer.start()
    try:
        for text in process.stderr:
            match = message.match(text)
            if match:
                last_line = int(match.group(1))
                line = doc_line.get(last_line)
                text = f"{shown}:{line}: " + text[match.end():] if line else text
            sys.stderr.write(text)
        status = process.wait()
    finally:
        timed_out = not timer.is_alive()
        timer.cancel()
    return (None if timed_out and status != 0 else status), last_line


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--modelseal", help="the modelseal binary (default: $MODELSEAL, else build/tools/modelseal/modelseal)")
    parser.add_argument("--source", help="the repository (default: this script's)")
    parser.add_argument("--list", action="store_true", help="list the runnable blocks, run nothing")
    parser.add_argument("files", nargs="*", type=pathlib.Path)
    args = parser.parse_args()

    source = pathlib.Path(args.source or pathlib.Path(__file__).resolve().parent.parent).resolve()
    files = args.files or [source / "README.md"] + sorted((source / "docs").glob("*.md"))

    def shown(path):
        try:
            return str(path.resolve().relative_to(source))
        except ValueError:
            return str(path)

    documents = []
    failures = []
    for path in files:
        if not path.is_file():
            print(f"run-docs: error: {path}: no such file", file=sys.stderr)
            return 2
        try:
            blocks = fenced_blocks(path, shown(path))
        except (ValueError, UnicodeDecodeError) as error:
            print(f"run-docs: error: {error}", file=sys.stderr)
            return 2
        failures += toml_errors(blocks)
        runnable = [block for info, block in blocks if is_runnable(info)]
        if runnable:
            documents.append(runnable)

    if args.list:
        for blocks in documents:
            for block in blocks:
                print(f"{block.path}:{block.line}: {len(block.lines)} lines")
        return 0

    binary = pathlib.Path(args.modelseal or os.environ.get("MODELSEAL")
                          or source / "build/tools/modelseal/modelseal").resolve()
    if not (binary.is_file() and os.access(binary, os.X_OK)):
        print(f"run-docs: error: {binary}: no modelseal binary (build it, or pass --modelseal)", file=sys.stderr)
        return 2

    for error in failures:
        print(f"run-docs: FAIL: {error}", file=sys.stderr)
    for blocks in documents:
        error = run_document(blocks, binary, source)
        if error:
            print(f"run-docs: FAIL: {error}", file=sys.stderr)
            failures.append(error)
    count = sum(len(blocks) for blocks in documents)
    print(f"run-docs: {count} blocks in {len(documents)} documents, {len(failures)} failed")
    sys.stdout.flush()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
