#!/usr/bin/env python3
"""Fails when an #include crosses the layers of docs/architecture.md the wrong way.

Usage: check-layers.py [SOURCE_ROOT]   (exit 0: clean, 1: violations listed, 2: usage)

Every quoted (and angle) include of every library and CLI source is resolved the way the
compiler does (beside the including file, then the include roots below) and the file it reaches
must belong to the same library, or to one the library may see, through a header that library
exports to it. Also checked: no "../" includes, no include that two roots could satisfy, every
.cpp of a library, the CLI, the unit tests and the fuzz targets named in its CMakeLists.txt.
"""
import os
import re
import sys

# Include roots: (library, root folder, who may include through it).
#   "public"   the API: every library above it and the CLI
#   "shared"   every library above it, not the CLI
#   "upper"    only the libraries listed in UPPER_USERS
#   "private"  only the library itself
ROOTS = [
    ("base", "base/include/modelseal", "public", "modelseal"),
    ("base", "base/include/base", "shared", "base"),
    ("formats", "formats/include/modelseal", "public", "modelseal"),
    ("formats", "formats", "shared", "formats"),
    ("keys", "keys/include/modelseal", "public", "modelseal"),
    ("keys", "keys/src", "upper", ""),
    ("pack", "libpack/pack/include/modelseal", "public", "modelseal"),
    ("pack", "libpack/pack/src", "upper", ""),
    ("signing", "libpack/signing/include/modelseal", "public", "modelseal"),
    ("signing", "libpack/signing/src", "private", ""),
]

# The picture: what each library may include (besides itself).
BELOW = {
    "base": set(),
    "formats": {"base"},
    "keys": {"formats", "base"},
    "pack": {"formats", "base"},
    "signing": {"pack", "keys", "formats", "base"},
    "cli": {"signing", "pack", "keys", "formats", "base"},
}
UPPER_USERS = {"pack": {"signing"}, "keys": {"signing"}}

# Where each library's sources live, and the CMakeLists.txt that must list them.
SOURCES = {
    "base": "base",
    "formats": "formats",
    "keys": "keys",
    "pack": "libpack/pack",
    "signing": "libpack/signing",
    "cli": "tools/modelseal",
}
LISTED_ONLY = {"tests/unit": "tests/CMakeLists.txt", "tests/support": "tests/CMakeLists.txt"}

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^">]+)[">]', re.MULTILINE)


def owner_of(root, path):
    """The library whose source folder holds path (relative to root), or None."""
    best = None
    for lib, folder in SOURCES.items():
        if path == folder or path.startswith(folder + "/"):
            if best is None or len(folder) > len(SOURCES[best]):
                best = lib
    return best


def resolve(root, including, spelled, quoted):
    """[(library, root kind, resolved path)] for every place the compiler could find it."""
    found = []
    if quoted:
        beside = os.path.normpath(os.path.join(os.path.dirname(including), spelled))
        if os.path.isfile(os.path.join(root, beside)):
            return [(owner_of(root, beside), "beside", beside)]
    for lib, folder, kind, prefix in ROOTS:
        if prefix:
            if not spelled.startswith(prefix + "/"):
                continue
            rel = os.path.join(folder, spelled[len(prefix) + 1:])
        else:
            rel = os.path.join(folder, spelled)
        if os.path.isfile(os.path.join(root, rel)):
            found.append((lib, kind, rel))
    return found


def may_include(user, lib, kind):
    if lib == user:
        return True
    if lib not in BELOW[user]:
        return False
    if kind == "public":
        return True
    if kind == "shared":
        return user != "cli"
    if kind == "upper":
        return user in UPPER_USERS.get(lib, set())
    return False


def source_files(root, folder, suffixes=(".cpp", ".hpp")):
    for dirpath, _, files in os.walk(os.path.join(root, folder)):
        for name in sorted(files):
            if name.endswith(suffixes):
                yield os.path.relpath(os.path.join(dirpath, name), root)


def check_includes(root):
    problems = []
    for user, folder in SOURCES.items():
        for path in source_files(root, folder):
            if owner_of(root, path) != user:
                continue  # a nested library's file (libpack/pack inside libpack)
            text = open(os.path.join(root, path), encoding="utf-8", errors="replace").read()
            for match in INCLUDE.finditer(text):
                quoted, spelled = match.group(1) == '"', match.group(2)
                line = text.count("\n", 0, match.start()) + 1
                close = '"' if quoted else ">"
                where = f"{path}:{line}: #include {match.group(1)}{spelled}{close}"
                if ".." in spelled.split("/"):
                    problems.append(f"{where}: '..' in an include; spell it from an include root")
                    continue
                places = resolve(root, path, spelled, quoted)
                if not places:
                    if quoted:
                        problems.append(f"{where}: not found beside the file or under any include root")
                    continue  # a system header
                if len({p[2] for p in places}) > 1:
                    problems.append(f"{where}: ambiguous, found at {', '.join(p[2] for p in places)}")
                    continue
                lib, kind, target = places[0]
                if kind == "beside":
                    if lib != user:
                        problems.append(f"{where}: reaches {target} of {lib}")
                    continue
                if not may_include(user, lib, kind):
                    why = ("the CLI includes only the public headers (modelseal/...)" if user == "cli"
                           else f"{user} may include {', '.join(sorted(BELOW[user])) or 'nothing of modelseal'}"
                           + ("" if lib not in BELOW[user] else f", not {lib}'s {kind} headers"))
                    problems.append(f"{where}: {user} -> {lib} ({target}): {why}")
    return problems


def listed_sources(cmake_text):
    return set(re.findall(r"[\w./-]+\.cpp", cmake_text))


def check_source_lists(root):
    problems = []
    for lib, folder in SOURCES.items():
        cmake = os.path.join(folder, "CMakeLists.txt")
        listed = listed_sources(open(os.path.join(root, cmake)).read())
        for path in source_files(root, folder, (".cpp",)):
            if owner_of(root, path) != lib:
                continue
            if os.path.relpath(path, folder) not in listed:
                problems.append(f"{path}: not listed in {cmake} (sources are listed explicitly)")
    for folder, cmake in LISTED_ONLY.items():
        listed = listed_sources(open(os.path.join(root, cmake)).read())
        base = os.path.dirname(cmake)
        for path in source_files(root, folder, (".cpp",)):
            if os.path.relpath(path, base) not in listed:
                problems.append(f"{path}: not listed in {cmake}")
    fuzz_cmake = open(os.path.join(root, "fuzz/CMakeLists.txt")).read()
    fuzz_targets = set(re.findall(r"^modelseal_fuzz_target\((\w+)", fuzz_cmake, re.MULTILINE))
    for path in source_files(root, "fuzz", (".cpp",)):
        name = os.path.basename(path)
        if name.startswith("fuzz_") and name[len("fuzz_"):-len(".cpp")] not in fuzz_targets:
            problems.append(f"{path}: no modelseal_fuzz_target({name[5:-4]} ...) in fuzz/CMakeLists.txt")
    return problems


def main():
    if len(sys.argv) > 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    root = sys.argv[1] if len(sys.argv) == 2 else os.path.join(os.path.dirname(__file__), "..")
    root = os.path.abspath(root)
    if not os.path.isfile(os.path.join(root, "libpack/signing/CMakeLists.txt")):
        print(f"check-layers: {root} is not a modelseal source tree", file=sys.stderr)
        return 2
    problems = check_includes(root) + check_source_lists(root)
    for p in problems:
        print(p)
    if problems:
        print(f"check-layers: {len(problems)} problem(s); the layers are in docs/architecture.md",
              file=sys.stderr)
        return 1
    print("check-layers: every include goes down the layers; every source is listed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
