#!/usr/bin/env python3
"""Differential test of bundle reading (issue 13, part 1): modelseal against tar extractors.

usage: tar_differential.py --modelseal BIN --corpus DIR [--bundle FILE]...

DIR is a corpus made by tar_variants.py; each --bundle is one more bundle that must be accepted
(modelseal's test vectors, the example). For every bundle this runs `modelseal verify
--integrity-only`, the independent reader spec_bundle_reader.py, `modelseal extract`, GNU tar
(plain and --ignore-zeros), bsdtar and Python's tarfile (filter 'data' and 'fully_trusted';
zstd-framed input goes through `zstd -dc`, which decodes every frame), each into a fresh folder.

Fails (exit 1) when:
- modelseal accepts a bundle and an extractor that exits 0, or modelseal's own extract, yields
  anything but the manifest's files with their SHA-256 (an extra file, folder or link, a
  missing or different file, anything written beside the extraction folder);
- modelseal's verdict differs from the independent reader's, or the independent reader's from
  the verdict tar_variants.py intends (the dialect of specs/bundle-v1.md);
- an unmodified bundle is rejected, modelseal exits with neither 0 nor 1, or the corpus holds
  fewer than 40 variants.
Prints one table row per bundle: the verdicts and what each tool extracted compared with the
manifest (`same`; `+path` extra, `-path` missing, `~path` other bytes; `err` when it failed).
"""
import argparse
import concurrent.futures
import hashlib
import io
import json
import os
import stat
import subprocess
import sys
import tarfile
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import spec_bundle_reader  # noqa: E402

ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
MIN_VARIANTS = 40
TOOLS = ["gnu", "gnu-i", "bsdtar", "py-data", "py-trusted"]


def is_zstd(data):
    """Started by a zstd frame or a skippable frame (0x184D2A5?): what a user would un-zstd."""
    return data[:4] == ZSTD_MAGIC or (data[1:4] == b"\x2a\x4d\x18" and data[0] & 0xF0 == 0x50)


def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60, **kw)


def tree(root):
    """{relative path: ("file", sha256) | ("dir",) | ("link", target) | ("other",)}."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            full = os.path.join(dirpath, name)
            rel = os.path.relpath(full, root)
            st = os.lstat(full)
            if stat.S_ISLNK(st.st_mode):
                out[rel] = ("link", os.readlink(full))
            elif stat.S_ISDIR(st.st_mode):
                out[rel] = ("dir",)
            elif stat.S_ISREG(st.st_mode):
                with open(full, "rb") as f:
                    out[rel] = ("file", hashlib.sha256(f.read()).hexdigest())
            else:
                out[rel] = ("other",)
    return out


def expected_tree(manifest_bytes):
    m = json.loads(manifest_bytes)
    want = {".modelseal/manifest.json": ("file", hashlib.sha256(manifest_bytes).hexdigest())}
    for f in m["files"]:
        want[f["path"]] = ("file", f["sha256"])
    for path in list(want):
        parts = path.split("/")
        for i in range(1, len(parts)):
            want["/".join(parts[:i])] = ("dir",)
    return want


def difference(got, want):
    """'' when equal, else a short list of +extra -missing ~changed paths."""
    notes = []
    for p in sorted(set(got) | set(want)):
        short = p if len(p) <= 24 else p[:10] + "..." + p[-10:]
        short = "".join(c if c.isprintable() else repr(c)[1:-1] for c in short)
        if p not in want:
            kind = got[p][0]
            notes.append("+" + short + ("" if kind == "file" else f"({kind})"))
        elif p not in got:
            if want[p][0] == "file":
                notes.append("-" + short)
        elif got[p] != want[p]:
            notes.append("~" + short)
    return ",".join(notes)


HAS_FILTERS = hasattr(tarfile, "data_filter")  # Python 3.12, 3.11.4 and distribution backports


def extract_tarfile(tar_bytes, dest, filter_name):
    with tarfile.open(fileobj=io.BytesIO(tar_bytes), mode="r:") as t:
        if HAS_FILTERS:
            t.extractall(dest, filter=filter_name)
        else:
            t.extractall(dest)  # what fully_trusted means where filters do not exist yet


def run_tool(tool, path, data, sandbox):
    """Runs one extractor into sandbox/root; returns (exit ok, problem text or '')."""
    root = os.path.join(sandbox, "root")
    os.makedirs(root)
    z = is_zstd(data)
    try:
        if tool in ("gnu", "gnu-i"):
            cmd = ["tar", "--no-same-owner"] + (["--zstd"] if z else []) + \
                  (["-i"] if tool == "gnu-i" else []) + ["-xf", path, "-C", root]
            ok = run(cmd).returncode == 0
        elif tool == "bsdtar":
            ok = run(["bsdtar", "-xf", path, "-C", root]).returncode == 0
        else:
            ok = True
            tar_bytes = data
            if z:
                dec = run(["zstd", "-q", "-d", "-c"], input=data)
                ok, tar_bytes = dec.returncode == 0, dec.stdout
            try:
                extract_tarfile(tar_bytes, root, "data" if tool == "py-data" else "fully_trusted")
            except Exception:  # any failure of tarfile counts as the tool refusing the archive
                ok = False
    except subprocess.TimeoutExpired:
        ok = False
    beside = sorted(set(os.listdir(sandbox)) - {"root"})
    return ok, ("wrote beside its folder: " + ",".join(beside)) if beside else ""


def check_bundle(name, path, intended, reference, ms, work):
    """One table row and the list of invariant failures for one bundle."""
    with open(path, "rb") as f:
        data = f.read()
    failures = []
    rc = run([ms, "verify", "--integrity-only", path]).returncode
    ms_ok = rc == 0
    if rc not in (0, 1):
        failures.append(f"modelseal verify exited {rc}")
    spec_ok, spec_reason = spec_bundle_reader.verdict(path)
    if spec_ok != ms_ok:
        failures.append(f"modelseal {'accepts' if ms_ok else 'rejects'}, the spec reader "
                        f"{'accepts' if spec_ok else 'rejects: ' + spec_reason}")
    if intended and spec_ok != (intended == "accept"):
        failures.append(f"the spec reader {'accepts' if spec_ok else 'rejects (' + spec_reason + ')'}"
                        f", the corpus intends {intended}")
    want = expected_tree(reference)
    cells = {}

    out = os.path.join(work, name, "modelseal")
    os.makedirs(out)
    if ms_ok:
        ext = run([ms, "extract", path, "-C", os.path.join(out, "root")])
        got = tree(os.path.join(out, "root")) if os.path.isdir(os.path.join(out, "root")) else {}
        diff = difference(got, want)
        cells["ms-extract"] = ("same" if not diff else diff) if ext.returncode == 0 else "err" + (
            f"({diff})" if diff else "")
        if ext.returncode != 0 or diff:
            failures.append(f"modelseal extract: exit {ext.returncode}, {diff or 'same files'}")
    else:
        cells["ms-extract"] = "-"

    for tool in TOOLS:
        if tool == "py-data" and not HAS_FILTERS:
            cells[tool] = "n/a"
            continue
        sandbox = os.path.join(work, name, tool)
        os.makedirs(sandbox)
        ok, beside = run_tool(tool, path, data, sandbox)
        diff = difference(tree(os.path.join(sandbox, "root")), want)
        cell = ("same" if not diff else diff) if ok else ("err" + (f"({diff})" if diff else ""))
        if beside:
            cell += "!" + beside[:40]
        cells[tool] = cell
        if ms_ok and ((ok and diff) or beside):
            failures.append(f"{tool} {'exits 0' if ok else 'fails'}: {diff or 'same files'} {beside}".strip())
    row = [name, intended or "accept", "accept" if ms_ok else "reject",
           "accept" if spec_ok else "reject", cells["ms-extract"]] + [cells[t] for t in TOOLS]
    if intended in (None, "accept") and not ms_ok:
        failures.append("modelseal rejects a bundle the dialect accepts (the test would be vacuous)")
    return row, failures


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--modelseal", required=True)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--bundle", action="append", default=[])
    ap.add_argument("--jobs", type=int, default=4)
    args = ap.parse_args()

    with open(os.path.join(args.corpus, "manifest.json"), "rb") as f:
        base_manifest = f.read()
    jobs = []
    with open(os.path.join(args.corpus, "index.tsv")) as index:
        for line in index:
            name, intended, _ = line.rstrip("\n").split("\t", 2)
            jobs.append((name, os.path.join(args.corpus, "variants", name + ".mbundle"),
                         intended, base_manifest))
    variant_count = len(jobs)
    for i, path in enumerate(args.bundle):
        ok, reason = spec_bundle_reader.verdict(path)
        manifest = spec_bundle_reader.manifest_bytes(path) if ok else base_manifest
        jobs.append((f"bundle{i}:{os.path.basename(path)}", path, None, manifest))

    with tempfile.TemporaryDirectory(prefix="tar-differential-") as work:
        with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
            results = list(pool.map(lambda j: check_bundle(*j, args.modelseal, work), jobs))

    header = ["variant", "intended", "modelseal", "spec", "ms-extract"] + TOOLS
    rows = [header] + [r for r, _ in results]
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    widths = [min(w, 30) for w in widths]
    for r in rows:
        print("  ".join(c.ljust(w) if len(c) <= w else c for c, w in zip(r, widths)).rstrip())

    failed = 0
    for (row, failures) in results:
        for f in failures:
            print(f"FAIL {row[0]}: {f}", file=sys.stderr)
        failed += bool(failures)
    accepted = sum(r[2] == "accept" for r, _ in results[:variant_count])
    print(f"{variant_count} variants ({accepted} accepted by modelseal), "
          f"{len(results) - variant_count} other bundles; {failed} with failures")
    if variant_count < MIN_VARIANTS:
        print(f"FAIL: only {variant_count} variants, at least {MIN_VARIANTS} needed", file=sys.stderr)
        return 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
